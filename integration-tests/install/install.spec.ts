/**
 * What a store owner does: pack the plugin, install the tarball into a fresh Medusa 2.21 app, migrate,
 * boot, and use it. Also: a bad plugin option stops start-up with a message naming it.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process"
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import { signCallback } from "../../src/domain"
import { scratchDatabase } from "../helpers/database"
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { startAtolEmulator } = require("../../dev/atol-emulator")
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { placeOrder, fetchClient } = require("../../dev/seed/store-orders")

jest.setTimeout(15 * 60 * 1000)

const root = path.resolve(__dirname, "../..")
const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"))
const database = scratchDatabase("in_store_install")
const databaseUrl = database.url

const MEDUSA_CONFIG = `import { defineConfig, loadEnv } from "@medusajs/framework/utils"

loadEnv(process.env.NODE_ENV || "development", process.cwd())

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    http: { storeCors: "*", adminCors: "*", authCors: "*", jwtSecret: "install-test", cookieSecret: "install-test" },
  },
  admin: { disable: true },
  plugins: [
    {
      resolve: "medusa-in-store-payment",
      options: {
        public_url: process.env.SHOP_PUBLIC_URL || "https://shop.example.com",
        terminals: [{ id: "front-desk", format: "custom-scheme", secret: "front-desk-secret-0123456789", receipt_by: "store" }],
        fiscal: {
          base_url: process.env.ATOL_BASE_URL || "https://testonline.atol.ru/possystem",
          login: "v5-online-atol-ru",
          password: process.env.ATOL_PASSWORD || "secret",
          group_code: "v5-online-atol-ru_5179",
          company: {
            ...(process.env.SHOP_INN === "none" ? {} : { inn: process.env.SHOP_INN || "5544332219" }),
            sno: "osn",
            email: "shop@example.com",
            payment_address: "https://v5.online.atol.ru",
          },
        },
      },
    },
  ],
  modules: [
    {
      resolve: "@medusajs/medusa/payment",
      options: { providers: [{ resolve: "medusa-in-store-payment/providers/payment-in-store", id: "in-store" }] },
    },
    {
      resolve: "@medusajs/medusa/fulfillment",
      options: {
        providers: [
          { resolve: "@medusajs/medusa/fulfillment-manual", id: "manual" },
          { resolve: "medusa-in-store-payment/providers/fulfillment-pickup", id: "pickup" },
        ],
      },
    },
  ],
})
`

const FRONT_DESK_SECRET = "front-desk-secret-0123456789"
// The ATOL Online group the config above names, served by the emulator.
const INSTALL_ATOL_GROUP = {
  group_code: "v5-online-atol-ru_5179",
  login: "v5-online-atol-ru",
  password: "secret",
  inn: "5544332219",
  payment_address: "https://v5.online.atol.ru",
  api_version: "v5",
}

let appDir: string
const servers: ChildProcess[] = []

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  return execFileSync(cmd, args, { cwd, env: { ...process.env, ...env }, encoding: "utf8", stdio: "pipe", maxBuffer: 64 * 1024 * 1024 })
}

async function freePort(): Promise<number> {
  const net = await import("node:net")
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as any).port
      s.close(() => resolve(p))
    })
  })
}

/** Starts the app on a port free at that moment (other suites share the machine): `base` is its address. */
async function boot(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; output: () => string; exited: Promise<number | null>; base: string }> {
  const port = await freePort()
  let out = ""
  const child = spawn(path.join(appDir, "node_modules/.bin/medusa"), ["start"], {
    cwd: appDir,
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), LOG_LEVEL: "info", NODE_ENV: "production", ...env },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  })
  child.stdout!.on("data", (d) => (out += d))
  child.stderr!.on("data", (d) => (out += d))
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)))
  servers.push(child)
  return { child, output: () => out, exited, base: `http://localhost:${port}` }
}

// A kept-alive socket may be closed by the server while we wait on the CLI: retry such a request once.
async function fetchRetry(url: string, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init)
  } catch {
    return fetch(url, init)
  }
}

function stop(child?: ChildProcess) {
  if (child?.pid) {
    try {
      process.kill(-child.pid, "SIGKILL")
    } catch {}
  }
}

beforeAll(async () => {
  appDir = fs.mkdtempSync(path.join(os.tmpdir(), "store-app-"))
  run(path.join(root, "node_modules/.bin/medusa"), ["plugin:build"], root)
  const tarball = run("npm", ["pack", "--pack-destination", appDir, "--silent"], root).trim().split("\n").pop()!
  const deps = pkg.devDependencies
  fs.writeFileSync(
    path.join(appDir, "package.json"),
    JSON.stringify(
      {
        name: "store-app",
        private: true,
        dependencies: {
          "@medusajs/admin-sdk": deps["@medusajs/admin-sdk"],
          "@medusajs/cli": deps["@medusajs/cli"],
          "@medusajs/framework": deps["@medusajs/framework"],
          "@medusajs/icons": deps["@medusajs/icons"],
          "@medusajs/js-sdk": deps["@medusajs/js-sdk"],
          "@medusajs/medusa": deps["@medusajs/medusa"],
          "@medusajs/ui": deps["@medusajs/ui"],
          "medusa-in-store-payment": `file:./${tarball}`,
          react: deps.react,
          "react-dom": deps["react-dom"],
        },
        devDependencies: {
          "@swc/core": deps["@swc/core"],
          "@types/node": deps["@types/node"],
          "ts-node": deps["ts-node"],
          typescript: deps.typescript,
        },
      },
      null,
      2
    )
  )
  fs.writeFileSync(path.join(appDir, "medusa-config.ts"), MEDUSA_CONFIG)
  fs.writeFileSync(
    path.join(appDir, "tsconfig.json"),
    JSON.stringify({ compilerOptions: { target: "ES2021", module: "Node16", moduleResolution: "Node16", esModuleInterop: true, skipLibCheck: true } })
  )
  run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], appDir)

  await database.create()
})

afterAll(async () => {
  servers.forEach(stop)
  await database.drop()
  if (appDir) fs.rmSync(appDir, { recursive: true, force: true })
})

describe("installing the packed plugin into a fresh Medusa 2.21 app", () => {
  it("ships only the built plugin", () => {
    const installed = path.join(appDir, "node_modules/medusa-in-store-payment")
    expect(fs.existsSync(path.join(installed, ".medusa/server/src/modules/in-store/index.js"))).toBe(true)
    expect(fs.existsSync(path.join(installed, ".medusa/server/src/admin/index.mjs"))).toBe(true)
    expect(fs.existsSync(path.join(installed, "src"))).toBe(false)
    expect(fs.existsSync(path.join(installed, "dev"))).toBe(false)
  })

  it("migrates, boots, and serves the plugin's routes", async () => {
    run(path.join(appDir, "node_modules/.bin/medusa"), ["db:migrate"], appDir, { DATABASE_URL: databaseUrl })
    const rows = await database.query(
      `SELECT to_regclass('public.in_store_payment') AS t, to_regclass('public.in_store_callback_event') AS e, to_regclass('public.fiscal_receipt') AS f`
    )
    expect(rows[0]).toEqual({ t: "in_store_payment", e: "in_store_callback_event", f: "fiscal_receipt" })
    expect((await database.query(`SELECT to_regclass('public.pickup_handover') AS h`))[0]).toEqual({ h: "pickup_handover" })

    const booted = await boot({})
    const base = booted.base
    for (let i = 0; ; i++) {
      const ok = await fetch(`${base}/health`).then((r) => r.ok, () => false)
      if (ok) break
      if (i > 240) throw new Error(`no /health after 2 minutes:\n${booted.output().slice(-3000)}`)
      await new Promise((r) => setTimeout(r, 500))
    }

    expect((await fetch(`${base}/admin/in-store/terminals`)).status).toBe(401)

    run(path.join(appDir, "node_modules/.bin/medusa"), ["user", "-e", "owner@example.com", "-p", "owner-pass"], appDir, {
      DATABASE_URL: databaseUrl,
    })
    const auth = await fetchRetry(`${base}/auth/user/emailpass`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "owner@example.com", password: "owner-pass" }),
    })
      .then((r) => r.json())
      .catch((e) => Promise.reject(new Error(`login failed (${e.message}):\n${booted.output().slice(-3000)}`)))
    const terminals = await fetchRetry(`${base}/admin/in-store/terminals`, { headers: { authorization: `Bearer ${auth.token}` } })
    expect(terminals.status).toBe(200)
    expect((await terminals.json()).terminals).toEqual([
      { id: "front-desk", name: "front-desk", channel: "terminal-app", format: "custom-scheme", receipt_by: "store" },
    ])

    // The README's fulfillment providers are registered: Medusa's manual one and the plugin's pickup provider.
    const providers = await fetchRetry(`${base}/admin/fulfillment-providers?fields=id,is_enabled`, { headers: { authorization: `Bearer ${auth.token}` } })
    expect(providers.status).toBe(200)
    expect((await providers.json()).fulfillment_providers.map((p: { id: string }) => p.id).sort()).toEqual(["in-store-pickup_pickup", "manual_manual"])
    const options = await fetchRetry(`${base}/admin/fulfillment-providers/in-store-pickup_pickup/options`, { headers: { authorization: `Bearer ${auth.token}` } })
    expect((await options.json()).fulfillment_options).toEqual([{ id: "pickup", name: "Pickup at the stock location" }])

    const unknown = await fetchRetry(`${base}/hooks/in-store/isp_missing?status=failed&ts=1&sig=00`)
    expect(unknown.status).toBe(404)
    expect((await unknown.json()).type).toBe("not_found")
    stop(booted.child)
    await booted.exited
  })

  it("does a pickup point's day in the installed app: the gate, Collect in store, a refund at the counter, the handover", async () => {
    // The README's pickup store, seeded with Medusa's own workflows by a script of the app (as an owner would).
    fs.mkdirSync(path.join(appDir, "src/scripts"), { recursive: true })
    for (const file of ["seed-store.ts", "run-seed.ts"]) fs.copyFileSync(path.join(root, "dev/seed", file), path.join(appDir, "src/scripts", file))
    const atol = await startAtolEmulator({ port: 0, processing_ms: 100, groups: [INSTALL_ATOL_GROUP] })
    const env = { DATABASE_URL: databaseUrl, ATOL_BASE_URL: atol.url }
    try {
      run(path.join(appDir, "node_modules/.bin/medusa"), ["exec", "./src/scripts/run-seed.ts"], appDir, env)
      const [store] = await database.query(`SELECT metadata FROM store LIMIT 1`)
      const seed = store.metadata.in_store_demo.seed
      run(path.join(appDir, "node_modules/.bin/medusa"), ["user", "-e", "seller@example.com", "-p", "seller-pass"], appDir, env)

      const booted = await boot({ ATOL_BASE_URL: atol.url })
      const base = booted.base
      for (let i = 0; !(await fetch(`${base}/health`).then((r) => r.ok, () => false)); i++) {
        if (i > 240) throw new Error(`no /health after 2 minutes:\n${booted.output().slice(-3000)}`)
        await new Promise((r) => setTimeout(r, 500))
      }
      const { token } = await fetchRetry(`${base}/auth/user/emailpass`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: "seller@example.com", password: "seller-pass" }),
      }).then((r) => r.json())
      const admin = { headers: { authorization: `Bearer ${token}` } }
      const http = fetchClient(base)
      const call = (p: Promise<any>) => p.catch((e: any) => e.response ?? Promise.reject(e))
      const until = async <T>(what: string, probe: () => Promise<T | null | undefined | false>): Promise<T> => {
        for (let i = 0; i < 240; i++) {
          const value = await probe()
          if (value) return value
          await new Promise((r) => setTimeout(r, 500))
        }
        throw new Error(`${what}: not within 2 minutes\n${booted.output().slice(-3000)}`)
      }

      // The storefront places a pickup order: 3 mugs and a chocolate, paid at the pickup point.
      const placed = await placeOrder(http, seed, { items: [{ handle: "ceramic-mug", quantity: 3 }, { handle: "dark-chocolate", quantity: 1 }] })
      const orderOf = async () => (await http.get(`/admin/orders/${placed.id}?fields=id,display_id,*items,*summary,*fulfillments,*shipping_methods,*payment_collections.payments,*payment_collections.payments.captures,*payment_collections.payments.refunds`, admin)).data.order
      const order = await orderOf()
      const items = order.items.map((item: any) => ({ id: item.id, quantity: item.quantity }))

      // Unpaid: the goods cannot leave (the plugin's middleware and workflow hook, as shipped).
      const refused = await call(http.post(`/admin/orders/${order.id}/fulfillments`, { items }, admin))
      expect(refused.status).toBe(400)
      expect(refused.data.message).toMatch(/still owes/)

      // Collect in store; the terminal's signed result; Medusa's capture once; the sale's receipt at ATOL.
      const { in_store_payment: payment } = (await http.post(`/admin/orders/${order.id}/in-store-payments`, { terminal_id: "front-desk" }, admin)).data
      const sign = (params: Record<string, string | number>) => {
        const signed = Object.fromEntries(Object.entries({ ts: Math.floor(Date.now() / 1000), ...params }).map(([k, v]) => [k, String(v)]))
        return { ...signed, sig: signCallback(FRONT_DESK_SECRET, payment.id, signed) }
      }
      const paid = await http.post(`/hooks/in-store/${payment.id}`, sign({ status: "succeeded", amount: payment.amount, currency: "RUB", txn: "TXN-INSTALL-1" }))
      expect(paid.data).toMatchObject({ verdict: "accepted" })
      const captured = await until("the capture", async () => {
        const p = (await http.get(`/admin/in-store-payments/${payment.id}`, admin)).data.in_store_payment
        return p.captured_at ? p : null
      })
      const inStorePayments = (o: any) => o.payment_collections.flatMap((pc: any) => pc.payments).filter((p: any) => p.provider_id === "pp_in-store_in-store")
      expect(inStorePayments(await orderOf()).flatMap((p: any) => p.captures)).toHaveLength(1)
      await until("the sale's receipt", async () => atol.documents(payment.id).length === 1)
      expect(atol.registrations(payment.id)).toBe(1)

      // A refund of one mug at the counter: the refund link, the terminal's signed refund result, Medusa's refund,
      // and the refund receipt listing exactly that mug.
      const mug = captured.lines.find((line: any) => line.title.startsWith("Кружка"))
      const asked = await http.post(`/admin/in-store-payments/${payment.id}/refunds`, { items: [{ item_id: mug.reference, quantity: 1 }] }, admin)
      const refund = asked.data.in_store_refund
      expect(refund).toMatchObject({ status: "pending", via: "terminal", amount: mug.unit_price })
      expect(refund.refund_link).toMatch(/^kassa-api:\/\/refund\?refund=/)
      const refunded = await http.post(
        `/hooks/in-store/${payment.id}`,
        sign({ op: "refund", refund_id: refund.id, status: "succeeded", amount: refund.amount, currency: "RUB", txn: "R-INSTALL-1", original_txn: "TXN-INSTALL-1" })
      )
      expect(refunded.data).toMatchObject({ verdict: "accepted", in_store_refund: { status: "done" } })
      const medusaRefunds = inStorePayments(await orderOf()).flatMap((p: any) => p.refunds ?? [])
      expect(medusaRefunds.map((r: any) => Math.round(Number(r.amount) * 100))).toEqual([mug.unit_price])
      const refundReceipt = `${medusaRefunds[0].id}:sell_refund`
      // documents() is [] until the receipt is registered: wait for the first one, not for a (truthy) empty list.
      const document = await until("the refund receipt", async () => atol.documents(refundReceipt)[0])
      expect(document.body.receipt.items.map((i: any) => [i.name, i.quantity, i.sum])).toEqual([[mug.title, 1, mug.unit_price / 100]])

      // Paid: packed, ready (the plugin's event, logged), handed over with the customer's code.
      expect((await http.post(`/admin/orders/${order.id}/fulfillments`, { items }, admin)).status).toBe(200)
      await until("in_store_pickup.ready", async () => booted.output().includes(`in_store_pickup.ready: order #${order.display_id}`))
      const code = order.shipping_methods[0].data.handover_code
      const handed = await http.post(`/admin/orders/${order.id}/pickup/handover`, { code }, admin)
      expect(handed.data.pickup).toMatchObject({ state: "handed_over", handover: { code_checked: true, handed_over_by: { email: "seller@example.com" } } })
      stop(booted.child)
      await booted.exited
    } finally {
      await atol.stop()
    }
  })

  it.each([
    [{ SHOP_PUBLIC_URL: "not a url" }, 'option "public_url"'],
    [{ SHOP_INN: "none" }, 'option "fiscal.company.inn": required'],
    [{ SHOP_INN: "5544332218" }, 'option "fiscal.company.inn": has a wrong check digit'],
  ])("refuses to start with a bad plugin option, naming it (%o)", async (env, message) => {
    const booted = await boot(env)
    const timeout = new Promise<string>((resolve) => setTimeout(() => resolve("timeout"), 120_000))
    const result = await Promise.race([booted.exited.then((code) => `exit ${code}`), timeout])
    const output = booted.output()
    stop(booted.child)
    expect(output).toContain(message)
    expect(result).not.toBe("timeout")
  })
})
