// The dev host started from code, for `npm run demo` and the browser test: migrations → the demo store
// seeded once → admin user → ATOL Online emulator (when present) → `medusa develop` → the demo orders (two unpaid pickup orders, one pickup order paid online)
// (once) → terminal simulator. `stop()` ends every process it started (process groups), also on failure.
const { spawn } = require("node:child_process")
const fs = require("node:fs")
const net = require("node:net")
const path = require("node:path")
const { placeDemoOrders, placePrepaidPickupOrder, fetchClient } = require("./seed/store-orders.js")
const { startTerminalSimulator } = require("./terminal-simulator/server.js")

const root = path.resolve(__dirname, "..")
const medusaBin = path.join(root, "node_modules/.bin/medusa")

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.unref()
    server.on("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

/** Runs a command to its end; rejects with its output when it fails. */
function run(cmd, args, { env, log }) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] })
    let output = ""
    child.stdout.on("data", (d) => (output += d))
    child.stderr.on("data", (d) => (output += d))
    child.on("error", reject)
    child.on("exit", (code) => {
      log?.write?.(`\n$ ${path.basename(cmd)} ${args.join(" ")} (exit ${code})\n${output}`)
      code === 0 ? resolve(output) : reject(new Error(`${path.basename(cmd)} ${args.join(" ")} failed (${code}):\n${output.slice(-4000)}`))
    })
  })
}

async function sql(databaseUrl, query, params = []) {
  const { Client } = require("pg")
  const client = new Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    return (await client.query(query, params)).rows
  } finally {
    await client.end()
  }
}

/** Ends a detached child's whole process group: SIGTERM, then SIGKILL after `graceMs`. */
async function killGroup(child, graceMs = 5000) {
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((resolve) => child.once("exit", resolve))
  try {
    process.kill(-child.pid, "SIGTERM")
  } catch {
    return
  }
  const timer = new Promise((resolve) => setTimeout(resolve, graceMs, "timeout"))
  if ((await Promise.race([exited, timer])) === "timeout") {
    try {
      process.kill(-child.pid, "SIGKILL")
    } catch {}
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 2000))])
  }
}

// A detached watcher that ends Medusa's process group once this process is gone, however it went (Ctrl-C
// reaches only the foreground group; a test runner's sandbox may never see "exit"). It leaves with the group.
const REAPER = `
const [parent, group] = process.argv.slice(1).map(Number)
const alive = (pid) => { try { process.kill(pid, 0); return true } catch { return false } }
let ending = false
setInterval(() => {
  if (!alive(-group)) process.exit(0)
  if (ending || alive(parent)) return
  ending = true
  try { process.kill(-group, "SIGTERM") } catch {}
  setTimeout(() => { try { process.kill(-group, "SIGKILL") } catch {} ; process.exit(0) }, 3000)
}, 500)`

function startReaper(groupPid) {
  const reaper = spawn(process.execPath, ["-e", REAPER, String(process.pid), String(groupPid)], { detached: true, stdio: "ignore" })
  reaper.unref()
}

/**
 * @param {{
 *   databaseUrl: string,             // an existing (possibly empty) database
 *   port?: number,                   // Medusa's port; a free one when omitted
 *   simulatorPort?: number,          // the terminal simulator's port; a free one when omitted
 *   atolPort?: number,               // the ATOL emulator's port; a free one when omitted
 *   logFile: string,                 // Medusa's and the commands' output
 *   step?: (text: string) => void,   // progress lines
 *   env?: Record<string, string>,    // extra environment for Medusa
 * }} opts
 */
async function startHost(opts) {
  const step = opts.step || (() => {})
  const port = opts.port || (await freePort())
  const adminEmail = process.env.ADMIN_EMAIL || "admin@example.com"
  const adminPassword = process.env.ADMIN_PASSWORD || "supersecret"
  fs.mkdirSync(path.dirname(opts.logFile), { recursive: true })
  const log = fs.createWriteStream(opts.logFile, { flags: "a" })
  const stops = []
  let server
  // Last resort when the caller dies without stop() (Ctrl-C, a killed test runner): no orphaned Medusa.
  const killNow = () => {
    try {
      if (server?.pid) process.kill(-server.pid, "SIGKILL")
    } catch {}
  }
  process.once("exit", killNow)
  const stop = async () => {
    process.removeListener("exit", killNow)
    await killGroup(server)
    for (const s of stops.reverse()) await s().catch(() => {})
    stops.length = 0
    await new Promise((resolve) => log.end(resolve))
  }

  try {
    const env = {
      ...process.env,
      ...opts.env,
      DATABASE_URL: opts.databaseUrl,
      PORT: String(port),
      NODE_ENV: "development",
    }

    const atolEmulator = path.join(root, "dev/atol-emulator/index.js")
    let atolUrl = env.ATOL_BASE_URL
    let atol = null
    if (!atolUrl && fs.existsSync(atolEmulator)) {
      step("starting the ATOL Online emulator")
      const { startAtolEmulator } = require(atolEmulator)
      atol = await startAtolEmulator({ port: opts.atolPort || (await freePort()) })
      stops.push(() => atol.stop())
      atolUrl = atol.url
    }
    if (atolUrl) env.ATOL_BASE_URL = atolUrl

    // SBP acquirers: their emulators, unless a base URL points elsewhere (then no SBP terminal is made for it).
    const acquirers = {}
    const baseUrlEarly = `http://localhost:${port}`
    for (const [name, envKey, file, start] of [
      ["tbank", "TBANK_BASE_URL", "dev/acquirer-emulators/tbank/index.js", "startTbankEmulator"],
      ["yookassa", "YOOKASSA_BASE_URL", "dev/acquirer-emulators/yookassa/index.js", "startYookassaEmulator"],
      ["paymaster", "PAYMASTER_BASE_URL", "dev/acquirer-emulators/paymaster/index.js", "startPaymasterEmulator"],
    ]) {
      if (env[envKey] || !fs.existsSync(path.join(root, file))) continue
      step(`starting the ${name} SBP emulator`)
      const emulator = await require(path.join(root, file))[start]({ port: 0 })
      stops.push(() => emulator.stop())
      acquirers[name] = emulator
      env[envKey] = emulator.url
    }
    // YooKassa sends its notifications where the shop's cabinet says: here.
    acquirers.yookassa?.setWebhookUrl(`${baseUrlEarly}/hooks/in-store/acquirers/sbp-yookassa`)

    step("running migrations (medusa db:migrate)")
    await run(medusaBin, ["db:migrate"], { env, log })
    step("seeding the demo store unless it is there")
    await run(medusaBin, ["exec", "./dev/seed/run-seed.ts"], { env, log })
    const users = await sql(opts.databaseUrl, `SELECT 1 FROM "user" WHERE email = $1 AND deleted_at IS NULL`, [adminEmail])
    if (!users.length) {
      step(`creating admin user ${adminEmail}`)
      await run(medusaBin, ["user", "-e", adminEmail, "-p", adminPassword], { env, log })
    }

    step(`starting Medusa on port ${port} (medusa develop)`)
    server = spawn(medusaBin, ["develop"], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"], detached: true })
    startReaper(server.pid)
    server.stdout.pipe(log, { end: false })
    // What a notification provider would send the customer: shown where the demo's reader looks.
    server.stdout.on("data", (chunk) => {
      for (const line of String(chunk).split("\n")) if (line.includes("in_store_pickup.ready")) step(line.replace(/\x1b\[[0-9;]*m/g, "").trim())
    })
    server.stderr.pipe(log, { end: false })
    const exited = new Promise((resolve) => server.once("exit", (code) => resolve(code)))

    const baseUrl = `http://localhost:${port}`
    const deadline = Date.now() + 5 * 60 * 1000
    for (;;) {
      try {
        if ((await fetch(`${baseUrl}/health`)).ok) break
      } catch {}
      const code = await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 300, "waiting"))])
      if (code !== "waiting") throw new Error(`medusa develop exited (${code}); see ${opts.logFile}`)
      if (Date.now() > deadline) throw new Error(`Medusa did not answer /health within 5 minutes; see ${opts.logFile}`)
    }
    step("Medusa answers /health")

    const httpClient = fetchClient(baseUrl)
    const { data: auth } = await httpClient.post("/auth/user/emailpass", { email: adminEmail, password: adminPassword })
    const admin = { headers: { authorization: `Bearer ${auth.token}` } }
    const {
      data: { stores },
    } = await httpClient.get("/admin/stores", admin)
    const demo = stores[0].metadata.in_store_demo
    if (!demo.orders) {
      step("placing the two demo orders through the store API")
      const { plain, promoted } = await placeDemoOrders(httpClient, demo.seed)
      demo.orders = {
        plain: { id: plain.id, display_id: plain.display_id },
        promoted: { id: promoted.id, display_id: promoted.display_id },
      }
      await httpClient.post(`/admin/stores/${stores[0].id}`, { metadata: { ...stores[0].metadata, in_store_demo: demo } }, admin)
    }
    if (!demo.orders.prepaid) {
      step("placing the pickup order paid online")
      const prepaid = await placePrepaidPickupOrder(httpClient, demo.seed, admin)
      demo.orders.prepaid = { id: prepaid.id, display_id: prepaid.display_id }
      await httpClient.post(`/admin/stores/${stores[0].id}`, { metadata: { ...stores[0].metadata, in_store_demo: demo } }, admin)
    }
    const { data: terminals } = await httpClient.get("/admin/in-store/terminals", admin)

    step("starting the terminal simulator")
    const simulator = await startTerminalSimulator({
      port: opts.simulatorPort || (await freePort()),
      acquirers: Object.fromEntries(Object.entries(acquirers).map(([name, e]) => [name, new URL(e.url).origin])),
      log: (line) => log.write(`[terminal simulator] ${line}\n`),
    })
    stops.push(() => simulator.stop())

    return {
      baseUrl,
      adminUrl: `${baseUrl}/app`,
      simulatorUrl: simulator.url,
      atolUrl: atolUrl || null,
      atol, // the emulator's handle (faults, documents) when this host started it
      acquirers, // the SBP emulators' handles this host started, by acquirer
      port,
      adminEmail,
      adminPassword,
      adminToken: auth.token,
      demo,
      terminals: terminals.terminals,
      server,
      exited,
      stop,
    }
  } catch (error) {
    await stop()
    throw error
  }
}

module.exports = { startHost, freePort, killGroup }
