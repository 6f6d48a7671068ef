// Runs a command with DATABASE_URL pointing at PostgreSQL (embedded unless DATABASE_URL is set):
//   node dev/with-postgres.mjs npx medusa plugin:db:generate
import { spawn } from "node:child_process"
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import { ensureDatabase, startPostgres, stopOnExit, toUrl } from "./postgres.mjs"

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "in-store-pg-"))
const pg = await startPostgres({ dataDir: path.join(dataDir, "data"), persistent: false })
const database = pg.database || process.env.DB_NAME || "in_store_tools"
await ensureDatabase(pg.server, database)
let child
const shutdown = stopOnExit(async () => {
  await pg.stop()
  fs.rmSync(dataDir, { recursive: true, force: true })
}, async () => child?.kill("SIGTERM"))

const [cmd, ...args] = process.argv.slice(2)
child = spawn(cmd, args, {
  stdio: "inherit",
  env: {
    ...process.env,
    DATABASE_URL: toUrl({ ...pg.server, database }),
    DB_NAME: database,
    DB_HOST: pg.server.host,
    DB_PORT: pg.server.port,
    DB_USERNAME: pg.server.user,
    DB_PASSWORD: pg.server.password,
  },
})
child.on("exit", (code) => shutdown(code ?? 1))
