// `npm run demo`: PostgreSQL (embedded unless DATABASE_URL is set) → migrations → the Russian demo
// store seeded once → admin user → `medusa develop` → two orders through the store API (once).
import { spawn, spawnSync } from "node:child_process"
import fs from "node:fs"
import path from "node:path"
import { createRequire } from "node:module"
import { fileURLToPath } from "node:url"
import { ensureDatabase, startPostgres, stopOnExit, toUrl } from "./postgres.mjs"

const require = createRequire(import.meta.url)
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
const medusaBin = path.join(root, "node_modules/.bin/medusa")
const { placeDemoOrders, fetchClient } = require("./seed/store-orders.js")

const started = Date.now()
const step = (text) => console.log(`[demo ${((Date.now() - started) / 1000).toFixed(1)}s] ${text}`)

const port = Number(process.env.PORT || 9000)
const adminEmail = process.env.ADMIN_EMAIL || "admin@example.com"
const adminPassword = process.env.ADMIN_PASSWORD || "supersecret"

step(process.env.DATABASE_URL ? "using DATABASE_URL" : "starting embedded PostgreSQL (.demo-data/pg)")
const pg = await startPostgres({ dataDir: path.join(root, ".demo-data/pg"), persistent: true })
const database = pg.database || "medusa_in_store_demo"
await ensureDatabase(pg.server, database)
const databaseUrl = process.env.DATABASE_URL || toUrl({ ...pg.server, database })

let server
const shutdown = stopOnExit(pg.stop, async () => {
  if (server?.pid) {
    try {
      process.kill(-server.pid, "SIGTERM")
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 1500))
  }
})

const env = { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), NODE_ENV: "development" }
const medusa = (args, opts = {}) => {
  const r = spawnSync(medusaBin, args, { cwd: root, env, encoding: "utf8", ...opts })
  if (r.status !== 0 && !opts.allowFailure) {
    console.error(r.stdout, r.stderr)
    throw new Error(`medusa ${args.join(" ")} failed`)
  }
  return r
}

const sql = async (query, params = []) => {
  const { default: pgLib } = await import("pg")
  const client = new pgLib.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    return (await client.query(query, params)).rows
  } finally {
    await client.end()
  }
}

try {
  step("running migrations (medusa db:migrate)")
  medusa(["db:migrate"])

  step("seeding the demo store unless it is there")
  medusa(["exec", "./dev/seed/run-seed.ts"])

  const users = await sql(`SELECT 1 FROM "user" WHERE email = $1 AND deleted_at IS NULL`, [adminEmail])
  if (!users.length) {
    step(`creating admin user ${adminEmail}`)
    medusa(["user", "-e", adminEmail, "-p", adminPassword])
  }

  step(`starting Medusa on port ${port} (medusa develop)`)
  server = spawn(medusaBin, ["develop"], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"], detached: true })
  const logFile = fs.createWriteStream(path.join(root, ".demo-data/medusa.log"), { flags: "a" })
  server.stdout.pipe(logFile)
  server.stderr.pipe(logFile)
  server.on("exit", (code) => {
    console.error(`medusa develop exited (${code}); see .demo-data/medusa.log`)
    shutdown(code || 1)
  })

  const base = `http://localhost:${port}`
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/health`)).ok) break
    } catch {}
    if (i > 600) throw new Error("Medusa did not answer /health within 5 minutes; see .demo-data/medusa.log")
    await new Promise((resolve) => setTimeout(resolve, 500))
  }

  const http = fetchClient(base)
  const { data: auth } = await http.post("/auth/user/emailpass", { email: adminEmail, password: adminPassword })
  const admin = { headers: { authorization: `Bearer ${auth.token}` } }
  const {
    data: { stores },
  } = await http.get("/admin/stores", admin)
  const demo = stores[0].metadata.in_store_demo
  if (!demo.orders) {
    step("placing the two demo orders through the store API")
    const { plain, promoted } = await placeDemoOrders(http, demo.seed)
    demo.orders = {
      plain: { id: plain.id, display_id: plain.display_id },
      promoted: { id: promoted.id, display_id: promoted.display_id },
    }
    await http.post(`/admin/stores/${stores[0].id}`, { metadata: { ...stores[0].metadata, in_store_demo: demo } }, admin)
  }

  const { data: terminals } = await http.get("/admin/in-store/terminals", admin)
  const configured = JSON.parse(process.env.IN_STORE_TERMINALS || "null")
  console.log(`
ready in ${((Date.now() - started) / 1000).toFixed(1)} s

  Admin:      ${base}/app
  Login:      ${adminEmail} / ${adminPassword}
  Orders:     #${demo.orders.plain.display_id} ${demo.orders.plain.id} (pickup)
              #${demo.orders.promoted.display_id} ${demo.orders.promoted.id} (pickup, promotion ${demo.seed.promo_code})
  Database:   ${databaseUrl}
  Settings in force (demo only: secrets shown):
    IN_STORE_PUBLIC_URL        ${process.env.IN_STORE_PUBLIC_URL || base}
    IN_STORE_LINK_TTL_SECONDS  ${process.env.IN_STORE_LINK_TTL_SECONDS || 900}
    terminals                  ${terminals.terminals.map((t) => `${t.id} (${t.format}, receipt by ${t.receipt_by})`).join(", ")}
    IN_STORE_TERMINAL_SECRET   ${configured ? "(from IN_STORE_TERMINALS)" : process.env.IN_STORE_TERMINAL_SECRET || "demo-counter-1-secret-change-me"}
    IN_STORE_TERMINAL2_SECRET  ${configured ? "(from IN_STORE_TERMINALS)" : process.env.IN_STORE_TERMINAL2_SECRET || "demo-mpos-2-secret-change-me"}
  Log:        .demo-data/medusa.log
Press Ctrl-C to stop (PostgreSQL stops too; data stays in .demo-data/).
`)
} catch (error) {
  console.error(error)
  await shutdown(1)
}
