// `npm run demo`: PostgreSQL (embedded unless DATABASE_URL is set) → the dev host (dev/host.js: migrations,
// the Russian demo store seeded once, admin user, ATOL Online emulator, `medusa develop`, two orders placed
// through the store API once, terminal simulator) → prints where everything is.
import fs from "node:fs"
import path from "node:path"
import { createRequire } from "node:module"
import { fileURLToPath } from "node:url"
import { ensureDatabase, startPostgres, stopOnExit, toUrl } from "./postgres.mjs"

const require = createRequire(import.meta.url)
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
const { startHost } = require("./host.js")

const started = Date.now()
const step = (text) => console.log(`[demo ${((Date.now() - started) / 1000).toFixed(1)}s] ${text}`)

const port = Number(process.env.PORT || 9000)
const simulatorPort = Number(process.env.SIMULATOR_PORT || 9100)

step(process.env.DATABASE_URL ? "using DATABASE_URL" : "starting embedded PostgreSQL (.demo-data/pg)")
const pg = await startPostgres({ dataDir: path.join(root, ".demo-data/pg"), persistent: true })
const database = pg.database || "medusa_in_store_demo"
await ensureDatabase(pg.server, database)
const databaseUrl = process.env.DATABASE_URL || toUrl({ ...pg.server, database })

let host
let stopping = false
const shutdown = stopOnExit(pg.stop, async () => {
  stopping = true
  await host?.stop()
})

try {
  fs.mkdirSync(path.join(root, ".demo-data"), { recursive: true })
  host = await startHost({ databaseUrl, port, simulatorPort, logFile: path.join(root, ".demo-data/medusa.log"), step })
  host.exited.then((code) => {
    if (stopping) return
    console.error(`medusa develop exited (${code}); see .demo-data/medusa.log`)
    shutdown(code || 1)
  })

  const { demo, terminals } = host
  const configured = JSON.parse(process.env.IN_STORE_TERMINALS || "null")
  console.log(`
ready in ${((Date.now() - started) / 1000).toFixed(1)} s

  Admin:      ${host.adminUrl}
  Login:      ${host.adminEmail} / ${host.adminPassword}
  Orders:     #${demo.orders.plain.display_id} ${host.adminUrl}/orders/${demo.orders.plain.id} (pickup)
              #${demo.orders.promoted.display_id} ${host.adminUrl}/orders/${demo.orders.promoted.id} (pickup, promotion ${demo.seed.promo_code})
              #${demo.orders.prepaid.display_id} ${host.adminUrl}/orders/${demo.orders.prepaid.id} (pickup, paid online: hand over → handover receipt)
              unpaid pickup orders cannot be fulfilled or handed over until paid; in_store_pickup.ready is printed here
  Terminal:   ${host.simulatorUrl}  (simulator: paste the pay link from the order page, then Approve / Decline;
              or, for an SBP terminal, paste the QR's payload under "Banking app" and Pay)
  ATOL:       ${host.atolUrl ?? "(no emulator)"}
  SBP:        ${Object.entries(host.acquirers ?? {}).map(([name, e]) => `${name} ${e.url}`).join(", ") || "(no emulators)"}
  Database:   ${databaseUrl}
  Settings in force (demo only: secrets shown):
    IN_STORE_PUBLIC_URL        ${process.env.IN_STORE_PUBLIC_URL || host.baseUrl}
    IN_STORE_LINK_TTL_SECONDS  ${process.env.IN_STORE_LINK_TTL_SECONDS || 900}
    terminals                  ${terminals.map((t) => `${t.id} (${t.acquirer ? `SBP QR via ${t.acquirer}` : t.format}, receipt by ${t.receipt_by})`).join(", ")}
    IN_STORE_TERMINAL_SECRET   ${configured ? "(from IN_STORE_TERMINALS)" : process.env.IN_STORE_TERMINAL_SECRET || "demo-counter-1-secret-change-me"}
    IN_STORE_TERMINAL2_SECRET  ${configured ? "(from IN_STORE_TERMINALS)" : process.env.IN_STORE_TERMINAL2_SECRET || "demo-mpos-2-secret-change-me"}
    ATOL_BASE_URL              ${host.atolUrl ?? "(unset)"}
  Log:        .demo-data/medusa.log
Press Ctrl-C to stop (PostgreSQL stops too; data stays in .demo-data/).
`)
} catch (error) {
  console.error(error)
  await shutdown(1)
}
