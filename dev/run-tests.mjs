// `npm test`: unit tests, then the integration suites against PostgreSQL (embedded unless
// DATABASE_URL / DB_* name a server), each kind in its own jest run. Prints "N passed, N failed".
import { spawn } from "node:child_process"
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import { fileURLToPath } from "node:url"
import { startPostgres, stopOnExit } from "./postgres.mjs"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
const requested = process.argv.slice(2).filter((a) => !a.startsWith("--"))
const jestArgs = process.argv.slice(2).filter((a) => a.startsWith("--"))
const kinds = requested.length
  ? requested
  : // The installed-app suites run beside the HTTP ones: two workers, the longest suite started first.
    ["unit", "integration:http+integration:install", "integration:browser"]

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "in-store-test-pg-"))
const pg = await startPostgres({ dataDir: path.join(dataDir, "data"), persistent: false })
let child
const shutdown = stopOnExit(async () => {
  await pg.stop()
  fs.rmSync(dataDir, { recursive: true, force: true })
}, async () => child?.kill("SIGTERM"))

const env = {
  ...process.env,
  DB_HOST: pg.server.host,
  DB_PORT: pg.server.port,
  DB_USERNAME: pg.server.user,
  DB_PASSWORD: pg.server.password,
  LOG_LEVEL: process.env.LOG_LEVEL || "error",
  NODE_OPTIONS: [process.env.NODE_OPTIONS, "--experimental-vm-modules"].filter(Boolean).join(" "),
}
delete env.DATABASE_URL // the runner builds its own per-suite database URL from DB_*

const totals = { passed: 0, failed: 0, skipped: 0 }
let exitCode = 0
for (const kind of kinds) {
  const results = path.join(dataDir, `${kind.replace(/[^a-z]/g, "-")}.json`)
  console.log(`\n=== ${kind} ===`)
  const code = await new Promise((resolve) => {
    child = spawn(
      process.execPath,
      [
        path.join(root, "node_modules/jest/bin/jest.js"),
        // Two suites at a time (each its own Medusa and database): they wait on I/O as much as they compute.
        ...(/integration:(http|install)/.test(kind) ? ["--maxWorkers=2"] : ["--runInBand"]),
        "--forceExit",
        "--passWithNoTests",
        ...(process.env.VERBOSE ? [] : ["--silent"]),
        "--json",
        `--outputFile=${results}`,
        ...jestArgs,
      ],
      { cwd: root, env: { ...env, TEST_TYPE: kind }, stdio: "inherit" }
    )
    child.on("exit", (c, signal) => resolve(c ?? (signal ? 1 : 0)))
  })
  child = undefined
  if (fs.existsSync(results)) {
    const r = JSON.parse(fs.readFileSync(results, "utf8"))
    totals.passed += r.numPassedTests
    totals.failed += r.numFailedTests
    totals.skipped += r.numPendingTests
    if (r.numFailedTestSuites > 0 && r.numFailedTests === 0) totals.failed += r.numFailedTestSuites
    // Where the time went, so a slow CI run says which suite to look at.
    const seconds = (ms) => `${Math.round(ms / 1000)} s`
    const suites = r.testResults
      .map((t) => ({ file: path.relative(root, t.name), ms: t.endTime - t.startTime }))
      .sort((a, b) => b.ms - a.ms)
    console.log(`${kind}: ${seconds(Date.now() - r.startTime)}; slowest: ${suites.slice(0, 5).map((t) => `${t.file} ${seconds(t.ms)}`).join(", ")}`)
  } else if (code !== 0) {
    totals.failed += 1
  }
  if (code !== 0) exitCode = 1
}

console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`)
await shutdown(exitCode)
