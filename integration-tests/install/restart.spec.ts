/**
 * Nothing in memory matters: the Medusa process is killed (SIGKILL) after the capture, while the receipt's
 * registration is on the wire; after a restart the receipt is registered exactly once.
 * Real processes: the dev host (`medusa develop`), the ATOL Online emulator, PostgreSQL.
 */
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import type { AtolEmulator } from "../../dev/atol-emulator"
import { succeeded } from "../helpers/terminal"
import { waitFor } from "../helpers/atol"
import { scratchDatabase } from "../helpers/database"

// eslint-disable-next-line @typescript-eslint/no-var-requires
const { startHost } = require("../../dev/host.js")
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { startAtolEmulator } = require("../../dev/atol-emulator")

jest.setTimeout(10 * 60 * 1000)

const database = scratchDatabase("in_store_restart")
const databaseUrl = database.url
const sql = database.query
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "in-store-restart-"))

let atol: AtolEmulator
let host: any

const start = () =>
  startHost({
    databaseUrl,
    logFile: path.join(workDir, "medusa.log"),
    env: { ATOL_BASE_URL: atol.url, MEDUSA_ADMIN_DISABLE: "true", ATOL_REQUEST_TIMEOUT_MS: "10000", LOG_LEVEL: "info" },
  })

beforeAll(async () => {
  await database.create()
  atol = await startAtolEmulator({ port: 0, processing_ms: 200 })
})

afterAll(async () => {
  await host?.stop().catch(() => undefined)
  await atol?.stop()
  await database.drop()
  fs.rmSync(workDir, { recursive: true, force: true })
})

it("registers the receipt once after the server is killed between capture and registration", async () => {
  host = await start()
  const admin = { authorization: `Bearer ${host.adminToken}`, "content-type": "application/json" }
  const orderId = host.demo.orders.promoted.id
  const created = await fetch(`${host.baseUrl}/admin/orders/${orderId}/in-store-payments`, {
    method: "POST",
    headers: admin,
    body: JSON.stringify({ terminal_id: "counter-1" }),
  }).then((r) => r.json())
  const payment = created.in_store_payment

  // The register takes the document at once but answers only after 8 s: the process dies before it hears.
  atol.setFaults({ slow_ms: 8000 })
  const paid = await fetch(`${host.baseUrl}/hooks/in-store/${payment.id}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(succeeded(payment)),
  })
  expect(paid.status).toBe(200)
  const [captured] = await sql(`SELECT status, captured_at FROM in_store_payment WHERE id = $1`, [payment.id])
  expect(captured.status).toBe("paid")
  expect(captured.captured_at).not.toBeNull()
  await waitFor("the document to reach the register", async () => atol.documents(payment.id).length === 1, 60_000)

  process.kill(-host.server.pid, "SIGKILL")
  await host.exited
  await host.stop() // the emulator-independent helpers (simulator) of the dead host
  host = undefined
  const [orphan] = await sql(`SELECT status, uuid FROM fiscal_receipt WHERE in_store_payment_id = $1`, [payment.id])
  expect(orphan).toEqual({ status: "pending", uuid: null }) // the answer with the uuid never arrived

  atol.resetFaults()
  host = await start()
  const [done] = await waitFor(
    "the receipt to be done after the restart",
    async () => {
      const rows = await sql(`SELECT status, uuid, external_id, attempts FROM fiscal_receipt WHERE in_store_payment_id = $1`, [payment.id])
      return rows[0]?.status === "done" ? rows : null
    },
    180_000
  )
  expect(done.external_id).toBe(payment.id)
  expect(done.uuid).toBe(atol.documents(payment.id)[0].uuid)
  expect(atol.registrations(payment.id)).toBe(1)
  // The resend was answered "already exists" (33) with the first document's uuid.
  expect(atol.requests().some((r) => r.code === 33)).toBe(true)
  const captures = await sql(
    `SELECT count(*)::int AS n FROM capture c JOIN payment p ON p.id = c.payment_id WHERE p.provider_id = 'pp_in-store_in-store' AND c.deleted_at IS NULL`
  )
  expect(captures[0].n).toBe(1)
})
