/**
 * What a store owner does: pack the plugin, install the tarball into a fresh Medusa 2.21 app, migrate,
 * boot, and use it. Also: a bad plugin option stops start-up with a message naming it.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process"
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import { scratchDatabase } from "../helpers/database"

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

let appDir: string
const servers: ChildProcess[] = []
let port: number

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

function boot(env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
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
  return { child, output: () => out, exited }
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
  port = await freePort()
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

    const booted = boot({})
    const base = `http://localhost:${port}`
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

  it.each([
    [{ SHOP_PUBLIC_URL: "not a url" }, 'option "public_url"'],
    [{ SHOP_INN: "none" }, 'option "fiscal.company.inn": required'],
    [{ SHOP_INN: "5544332218" }, 'option "fiscal.company.inn": has a wrong check digit'],
  ])("refuses to start with a bad plugin option, naming it (%o)", async (env, message) => {
    const booted = boot(env)
    const timeout = new Promise<string>((resolve) => setTimeout(() => resolve("timeout"), 120_000))
    const result = await Promise.race([booted.exited.then((code) => `exit ${code}`), timeout])
    const output = booted.output()
    stop(booted.child)
    expect(output).toContain(message)
    expect(result).not.toBe("timeout")
  })
})
