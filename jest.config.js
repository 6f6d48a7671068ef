const { loadEnv } = require("@medusajs/framework/utils")
loadEnv("test", process.cwd())

// One config, three kinds of test, chosen by TEST_TYPE as in Medusa's plugin starter.
const kinds = {
  unit: ["**/src/**/*.spec.[jt]s", "**/dev/**/*.spec.[jt]s"],
  "integration:http": ["**/integration-tests/http/*.spec.[jt]s"],
  "integration:modules": ["**/integration-tests/modules/*.spec.[jt]s"],
  "integration:install": ["**/integration-tests/install/*.spec.[jt]s"],
  "integration:browser": ["**/integration-tests/browser/*.spec.[jt]s"],
  bench: ["**/bench/*.bench.[jt]s"],
}

module.exports = {
  transform: {
    "^.+\\.[jt]sx?$": [
      "@swc/jest",
      { jsc: { parser: { syntax: "typescript", decorators: true, tsx: true } } },
    ],
  },
  testEnvironment: "node",
  moduleFileExtensions: ["js", "ts", "tsx", "json"],
  modulePathIgnorePatterns: ["dist/", "<rootDir>/.medusa/", "<rootDir>/.demo-data/", "<rootDir>/.cache/"],
  setupFiles: ["./integration-tests/setup.js"],
  testMatch: kinds[process.env.TEST_TYPE || "unit"],
}
