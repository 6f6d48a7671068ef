const { loadEnv } = require("@medusajs/framework/utils")
loadEnv("test", process.cwd())

// One config, several kinds of test, chosen by TEST_TYPE as in Medusa's plugin starter; "a+b" runs both
// kinds in one jest run (npm test does so for the server suites, so the two workers stay busy).
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
  testMatch: (process.env.TEST_TYPE || "unit").split("+").flatMap((kind) => {
    if (!kinds[kind]) throw new Error(`TEST_TYPE: unknown kind "${kind}" (known: ${Object.keys(kinds).join(", ")})`)
    return kinds[kind]
  }),
  testSequencer: "<rootDir>/integration-tests/sequencer.js",
}
