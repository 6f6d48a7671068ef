// The emulator on its own, over real HTTP: strictness, idempotency, notifications, faults, control surface.
import http from "node:http"
import { startPaymasterEmulator, type PaymasterEmulator } from "./index"

let emu: PaymasterEmulator
const auth = { authorization: "Bearer demo-paymaster-token", "content-type": "application/json" }

async function api(path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const res = await fetch(`${emu.url}${path}`, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers: { ...auth, ...init.headers },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  })
  const text = await res.text()
  return { status: res.status, body: text ? JSON.parse(text) : null }
}

const payment = (over: Record<string, unknown> = {}) => ({
  merchantId: "demo-merchant",
  invoice: { description: "Order 1", orderNo: "isp_1" },
  amount: { value: 301, currency: "RUB" },
  paymentData: { paymentMethod: "SBP" },
  ...over,
})

beforeAll(async () => {
  emu = await startPaymasterEmulator({ notification_retry_ms: 10 })
})
afterAll(() => emu.stop())
afterEach(() => emu.resetFaults())

it("checks the Bearer token and the merchant", async () => {
  expect(await api("/api/v2/payments", { body: payment(), headers: { authorization: "Bearer nope" } })).toMatchObject({ status: 401, body: { code: "not_authorized" } })
  expect(await api("/api/v2/payments", { body: payment({ merchantId: "other" }) })).toMatchObject({ status: 403, body: { code: "not_authorized" } })
})

it("validates amounts (SBP 10 … 1,000,000 RUB, whole kopecks) in PayMaster's error shape", async () => {
  for (const value of [9.99, 1000000.01, 10.005, "abc"]) {
    const a = await api("/api/v2/payments", { body: payment({ amount: { value, currency: "RUB" } }) })
    expect(a).toMatchObject({ status: 400, body: { code: "validation_error", message: expect.any(String), errors: [expect.stringContaining("Amount.Value")] } })
  }
  expect((await api("/api/v2/payments", { body: payment({ amount: { value: 10, currency: "RUB" } }) })).status).toBe(200)
  expect((await api("/api/v2/payments", { body: payment({ amount: { value: 1000000, currency: "RUB" } }) })).status).toBe(200)
})

it("validates receipts: the items must add up to the amount", async () => {
  const items = [{ name: "Tea", quantity: 2, price: 150.5, vatType: "Vat22", paymentSubject: "Commodity", paymentMethod: "FullPayment" }]
  const good = await api("/api/v2/payments", { body: payment({ receipt: { client: { email: "a@b.c" }, items } }) })
  expect(good.status).toBe(200)
  const bad = await api("/api/v2/payments", { body: payment({ amount: { value: 300, currency: "RUB" }, receipt: { client: { email: "a@b.c" }, items } }) })
  expect(bad).toMatchObject({ status: 400, body: { errors: ["Receipt.Items add up to 301, Amount.Value is 300."] } })
  const vat = await api("/api/v2/payments", { body: payment({ receipt: { client: { email: "a@b.c" }, items: [{ ...items[0], vatType: "vat22" }] } }) })
  expect(vat.body.errors[0]).toContain("VatType")
})

it("a payment is Pending with a dynamic NSPK link for its sum, and a list finds it by period", async () => {
  const a = await api("/api/v2/payments", { body: payment({ amount: { value: 1234.5, currency: "RUB" } }) })
  expect(a.body).toMatchObject({ status: "Pending", amount: { value: 1234.5, currency: "RUB" }, confirmation: { type: "External" } })
  expect(a.body.confirmation.paymentUrl).toMatch(/^https:\/\/qr\.nspk\.ru\/AD[A-Z0-9]{30}\?type=02&bank=100000000222&sum=123450&cur=RUB&crc=[0-9A-F]{4}$/)
  const start = new Date(Date.now() - 60_000).toISOString()
  const end = new Date(Date.now() + 60_000).toISOString()
  const list = await api(`/api/v2/payments?merchantId=demo-merchant&start=${start}&end=${end}`)
  expect(list.body.items.map((p: any) => p.id)).toContain(a.body.id)
})

it("Idempotency-Key: same body → the same answer; another body → 409 idempotency_key_violation", async () => {
  const headers = { "idempotency-key": "k-1" }
  const first = await api("/api/v2/payments", { body: payment(), headers })
  const again = await api("/api/v2/payments", { body: payment(), headers })
  expect(again.body.id).toBe(first.body.id)
  expect(emu.requests().at(-1)).toMatchObject({ replayed: true })
  expect(await api("/api/v2/payments", { body: payment({ invoice: { description: "other" } }), headers })).toMatchObject({ status: 409, body: { code: "idempotency_key_violation" } })
})

it("cancel: Pending → Cancelled with an empty 200; a Settled payment → 400 invalid_operation", async () => {
  const a = await api("/api/v2/payments", { body: payment() })
  const res = await fetch(`${emu.url}/api/v2/payments/${a.body.id}/cancel`, { method: "PUT", headers: { authorization: auth.authorization } })
  expect([res.status, await res.text()]).toEqual([200, ""])
  expect(emu.payment(a.body.id)!.status).toBe("Cancelled")
  const b = await api("/api/v2/payments", { body: payment() })
  emu.pay(b.body.id)
  expect(await api(`/api/v2/payments/${b.body.id}/cancel`, { method: "PUT" })).toMatchObject({ status: 400, body: { code: "invalid_operation" } })
})

it("notifications: POSTed on every status change, retried on non-200, recorded when lost", async () => {
  let calls = 0
  const got: any[] = []
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on("data", (c) => chunks.push(c))
    req.on("end", () => {
      calls += 1
      got.push(JSON.parse(Buffer.concat(chunks).toString()))
      res.writeHead(calls === 1 ? 503 : 200).end()
    })
  })
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r))
  const url = `http://127.0.0.1:${(server.address() as any).port}/cb`
  try {
    const a = await api("/api/v2/payments", { body: payment({ protocol: { callbackUrl: url } }) })
    emu.pay(a.body.id)
    for (let i = 0; i < 50 && !emu.notifications().at(-1)!.delivered; i++) await emu.settled().then(() => new Promise((r) => setTimeout(r, 10)))
    const record = emu.notifications().at(-1)!
    expect(record).toMatchObject({ status: "Settled", delivered: true })
    expect(record.attempts.map((x) => x.http_status)).toEqual([503, 200])
    expect(got[1]).toMatchObject({ id: a.body.id, status: "Settled", merchantId: "demo-merchant", amount: { value: 301, currency: "RUB" } })
    expect(got[1]).not.toHaveProperty("confirmation")

    emu.setFaults({ notifications_lost: true })
    const b = await api("/api/v2/payments", { body: payment({ protocol: { callbackUrl: url } }) })
    emu.expire(b.body.id)
    expect(emu.notifications().at(-1)).toMatchObject({ payment_id: b.body.id, status: "Cancelled", lost: true, attempts: [] })
  } finally {
    await new Promise<void>((r) => (server.close(() => r()), server.closeAllConnections()))
  }
})

it("faults: api_down N / until cleared, reject_next", async () => {
  emu.setFaults({ api_down: true })
  expect((await api("/api/v2/payments/1")).status).toBe(503)
  expect((await api("/api/v2/payments/1")).status).toBe(503)
  emu.setFaults({ api_down: false })
  expect((await api("/api/v2/payments/1")).status).toBe(404)
  emu.setFaults({ reject_next: true })
  const a = await api("/api/v2/payments", { body: payment() })
  expect(emu.pay(a.body.id)).toMatchObject({ status: "Rejected", resultCode: "TransactionDeclined" })
  expect(() => emu.setFaults({ nonsense: 1 } as any)).toThrow("unknown fault")
})

it("refunds: never above what is left, only for Settled payments", async () => {
  const a = await api("/api/v2/payments", { body: payment() })
  const refund = (value: number) => api("/api/v2/refunds", { body: { paymentId: a.body.id, amount: { value, currency: "RUB" } } })
  expect(await refund(1)).toMatchObject({ status: 400, body: { code: "invalid_operation" } })
  emu.pay(a.body.id)
  expect(await refund(300)).toMatchObject({ status: 200, body: { status: "Success", paymentId: a.body.id } })
  expect(await refund(1.01)).toMatchObject({ status: 400, body: { code: "invalid_operation" } })
  expect(await refund(1)).toMatchObject({ status: 200 })
})

it("checks a refund's receipt like a payment's: items adding up to the refund, fractional quantities rounded as a register does", async () => {
  const a = await api("/api/v2/payments", { body: payment() })
  emu.pay(a.body.id)
  const item = (quantity: number, price: number) => ({ name: "Kettle", quantity, price, vatType: "Vat22", paymentSubject: "Commodity", paymentMethod: "FullPayment" })
  const refund = (value: number, items: unknown[]) =>
    api("/api/v2/refunds", { body: { paymentId: a.body.id, amount: { value, currency: "RUB" }, receipt: { client: { email: "b@example.com" }, items } } })
  // 0.333 × 30.03 = 9.99999 → 10.00
  expect(await refund(10, [item(0.333, 30.03)])).toMatchObject({ status: 200 })
  expect(await refund(10.01, [item(0.333, 30.03)])).toMatchObject({ status: 400, body: { code: "validation_error" } })
  expect(await refund(10, [item(0.3333, 30)])).toMatchObject({ status: 400, body: { code: "validation_error" } })
  expect(emu.refundReceipts(a.body.id)).toEqual([{ client: { email: "b@example.com" }, items: [item(0.333, 30.03)] }])
})

it("control surface: a browser page can pay by QR payload and read payments", async () => {
  const a = await api("/api/v2/payments", { body: payment() })
  const res = await fetch(`${emu.url}/__control/pay`, { method: "POST", body: JSON.stringify({ qr_payload: a.body.confirmation.paymentUrl }) })
  expect(res.status).toBe(200)
  expect(res.headers.get("access-control-allow-origin")).toBe("*")
  expect(await res.json()).toMatchObject({ id: a.body.id, status: "Settled" })
  const again = await fetch(`${emu.url}/__control/pay`, { method: "POST", body: JSON.stringify({ acquirer_payment_id: a.body.id }) })
  expect([again.status, (await again.json()).error]).toEqual([400, expect.stringContaining("not payable")])
  const faults = await fetch(`${emu.url}/__control/faults`, { method: "POST", body: JSON.stringify({ slow_ms: 5 }) })
  expect(await faults.json()).toMatchObject({ slow_ms: 5 })
  const list = await (await fetch(`${emu.url}/__control/payments`)).json()
  expect(list.find((p: any) => p.id === a.body.id)).toMatchObject({ status: "Settled", qr_payload: a.body.confirmation.paymentUrl })
})

it("expiry: a payment created with an expiry is Cancelled (PaymentExpired) once it passes, even before its timer fires", async () => {
  const a = await api("/api/v2/payments", { body: payment({ invoice: { description: "x", expires: new Date(Date.now() + 60_000).toISOString() } }) })
  emu.expire(a.body.id)
  expect((await api(`/api/v2/payments/${a.body.id}`)).body).toMatchObject({ status: "Cancelled", resultCode: "PaymentExpired" })
  expect((await api("/api/v2/payments", { body: payment({ invoice: { description: "x", expires: new Date(Date.now() - 1000).toISOString() } }) })).status).toBe(400)
})
