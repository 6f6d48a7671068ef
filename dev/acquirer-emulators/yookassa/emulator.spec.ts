// The YooKassa emulator's protocol, driven over real HTTP with plain fetch.
import http from "node:http"
import { startYookassaEmulator, type YookassaEmulator } from "./index"

const AUTH = `Basic ${Buffer.from("demo-shop:demo-secret-key").toString("base64")}`
type Answer = { status: number; body: any }

let emu: YookassaEmulator
let keyN = 0
const key = () => `key-${++keyN}`

async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(`${emu.url}${path}`, {
    method,
    headers: { authorization: AUTH, ...(body !== undefined ? { "content-type": "application/json" } : {}), ...headers },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  })
  const text = await res.text()
  return { status: res.status, body: text ? JSON.parse(text) : null }
}

const paymentBody = (value = "1234.56", extra: Record<string, unknown> = {}) => ({
  amount: { value, currency: "RUB" },
  capture: true,
  payment_method_data: { type: "sbp" },
  confirmation: { type: "qr" },
  description: "Заказ №1001",
  metadata: { in_store_payment_id: "isp_1" },
  ...extra,
})
const create = (body: unknown = paymentBody(), k = key()) => api("POST", "/payments", body, { "idempotence-key": k })

/** A local receiver answering the given statuses in turn (then 200), recording bodies. */
async function receiver(statuses: number[] = []) {
  const bodies: any[] = []
  const waiters: Array<() => void> = []
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on("data", (c) => chunks.push(c))
    req.on("end", () => {
      bodies.push(JSON.parse(Buffer.concat(chunks).toString("utf8")))
      res.writeHead(statuses.shift() ?? 200).end()
      waiters.splice(0).forEach((w) => w())
    })
  })
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r))
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`,
    bodies,
    close: () => new Promise<void>((r) => {
      server.close(() => r())
      server.closeAllConnections()
    }),
  }
}

beforeAll(async () => {
  emu = await startYookassaEmulator({ notification_retry_ms: 5 })
})
afterAll(() => emu.stop())
afterEach(() => {
  emu.resetFaults()
  emu.setWebhookUrl(null)
})

describe("authentication and request format", () => {
  it("wants HTTP Basic with a configured shop", async () => {
    const res = await fetch(`${emu.url}/payments/x`)
    expect(res.status).toBe(401)
    expect(await res.json()).toMatchObject({ type: "error", code: "invalid_credentials" })
    const wrong = await api("GET", "/payments/x", undefined, { authorization: `Basic ${Buffer.from("demo-shop:nope").toString("base64")}` })
    expect(wrong).toMatchObject({ status: 401, body: { code: "invalid_credentials" } })
  })

  it("wants an Idempotence-Key of at most 64 characters on POSTs, and JSON", async () => {
    expect(await api("POST", "/payments", paymentBody())).toMatchObject({ status: 400, body: { code: "invalid_request", parameter: "Idempotence-Key" } })
    expect(await create(paymentBody(), "k".repeat(65))).toMatchObject({ status: 400, body: { parameter: "Idempotence-Key" } })
    expect(await api("POST", "/payments", "{", { "idempotence-key": key() })).toMatchObject({ status: 400, body: { code: "invalid_request" } })
    const plain = await fetch(`${emu.url}/payments`, { method: "POST", headers: { authorization: AUTH, "idempotence-key": key(), "content-type": "text/plain" }, body: "{}" })
    expect(plain.status).toBe(415)
  })

  it.each<[string, unknown, string]>([
    ["a number amount", paymentBody("1234.56", { amount: { value: 1234.56, currency: "RUB" } }), "amount.value"],
    ["one decimal", paymentBody("1234.5"), "amount.value"],
    ["below 1 RUB", paymentBody("0.99"), "amount.value"],
    ["above 1 000 000 RUB", paymentBody("1000000.01"), "amount.value"],
    ["another currency", paymentBody("10.00", { amount: { value: "10.00", currency: "USD" } }), "amount.currency"],
    ["a card payment", paymentBody("10.00", { payment_method_data: { type: "bank_card" } }), "payment_method_data.type"],
    ["a redirect", paymentBody("10.00", { confirmation: { type: "redirect", return_url: "https://x" } }), "confirmation.type"],
    ["two stages", paymentBody("10.00", { capture: false }), "capture"],
    ["a long description", paymentBody("10.00", { description: "x".repeat(129) }), "description"],
    ["17 metadata keys", paymentBody("10.00", { metadata: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, "v"])) }), "metadata"],
  ].map(([what, body, parameter]) => [what, parameter, body] as const))("refuses %s, naming %s", async (_what, parameter, body) => {
    expect(await create(body)).toMatchObject({ status: 400, body: { type: "error", code: "invalid_request", parameter } })
  })

  it("accepts the limits themselves: 1.00 and 1000000.00", async () => {
    expect((await create(paymentBody("1.00"))).status).toBe(200)
    expect((await create(paymentBody("1000000.00"))).status).toBe(200)
  })
})

describe("receipts", () => {
  const item = (value: string, quantity: number, over: Record<string, unknown> = {}) => ({
    description: "Кружка", quantity, amount: { value, currency: "RUB" }, vat_code: 11, payment_subject: "commodity", payment_mode: "full_payment", ...over,
  })
  const withReceipt = (items: unknown[], over: Record<string, unknown> = {}) =>
    paymentBody("900.00", { receipt: { customer: { email: "buyer@example.com" }, items, tax_system_code: 1, ...over } })

  it("accepts items whose price × quantity add up to the amount", async () => {
    const res = await create(withReceipt([item("300.00", 2), item("300.00", 1)]))
    expect(res).toMatchObject({ status: 200, body: { receipt_registration: "pending" } })
  })

  it.each<[string, unknown, string]>([
    ["items that do not add up", withReceipt([item("300.00", 2)]), "receipt.items"],
    ["no contact", withReceipt([item("900.00", 1)], { customer: {} }), "receipt.customer"],
    ["a VAT code 13", withReceipt([item("900.00", 1, { vat_code: 13 })]), "receipt.items[0].vat_code"],
    ["a quantity as a string", withReceipt([item("900.00", "1" as any)]), "receipt.items[0].quantity"],
    ["an unknown payment_mode", withReceipt([item("900.00", 1, { payment_mode: "prepayment" })]), "receipt.items[0].payment_mode"],
    ["a 129-character name", withReceipt([item("900.00", 1, { description: "я".repeat(129) })]), "receipt.items[0].description"],
    ["tax system 7", withReceipt([item("900.00", 1)], { tax_system_code: 7 }), "receipt.tax_system_code"],
  ].map(([what, body, parameter]) => [what, parameter, body] as const))("refuses %s, naming %s", async (_what, parameter, body) => {
    expect(await create(body)).toMatchObject({ status: 400, body: { parameter } })
  })
})

describe("payments", () => {
  it("opens a pending payment with a dynamic NSPK payload for its sum; GET reads it; an unknown id is 404 not_found", async () => {
    const created = await create(paymentBody("1234.56"))
    expect(created.status).toBe(200)
    expect(created.body).toMatchObject({ status: "pending", paid: false, amount: { value: "1234.56", currency: "RUB" }, payment_method: { type: "sbp" }, confirmation: { type: "qr" }, metadata: { in_store_payment_id: "isp_1" } })
    expect(created.body.confirmation.confirmation_data).toMatch(/^https:\/\/qr\.nspk\.ru\/AD[0-9A-Z]{32}\?type=02&bank=100000000111&sum=123456&cur=RUB&crc=[0-9A-F]{4}$/)
    expect(await api("GET", `/payments/${created.body.id}`)).toEqual({ status: 200, body: created.body })
    expect(await api("GET", "/payments/nope")).toMatchObject({ status: 404, body: { code: "not_found" } })
  })

  it("same key + same body → the same answer (keys in any order); same key + other body → 400 Idempotence key duplicated", async () => {
    const k = key()
    const first = await create(paymentBody("10.00"), k)
    const { amount, ...rest } = paymentBody("10.00")
    const again = await create({ ...rest, amount }, k)
    expect(again).toEqual(first)
    expect(await create(paymentBody("11.00"), k)).toMatchObject({ status: 400, body: { code: "invalid_request", description: "Idempotence key duplicated", parameter: "Idempotence-Key" } })
    expect(emu.payments().filter((p) => p.id === first.body.id)).toHaveLength(1)
  })

  it("pays by the QR payload or the id, once; a dynamic QR only for its own sum", async () => {
    const a = (await create(paymentBody("50.00"))).body
    expect(() => emu.pay(a.confirmation.confirmation_data, { amount: 4999 })).toThrow(/exact sum 5000/)
    const paid = emu.pay(a.confirmation.confirmation_data, { amount: 5000 })
    expect(paid).toMatchObject({ status: "succeeded", paid: true, refundable: true, payment_method: { sbp_operation_id: expect.stringMatching(/^[0-9A-Z]{32}$/), payer_bank_details: { bank_id: expect.any(String), bic: expect.any(String) } } })
    expect(paid.captured_at).toEqual(expect.any(String))
    expect(() => emu.pay(a.id)).toThrow(/succeeded/)
  })

  it("the cancel endpoint refuses a pending SBP payment (only waiting_for_capture can be canceled)", async () => {
    const a = (await create()).body
    const res = await api("POST", `/payments/${a.id}/cancel`, {}, { "idempotence-key": key() })
    expect(res).toMatchObject({ status: 400, body: { code: "invalid_request" } })
    expect(emu.payment(a.id)!.status).toBe("pending")
  })

  it("expires pending payments after expire_ms with expired_on_confirmation", async () => {
    const quick = await startYookassaEmulator({ expire_ms: 0 })
    try {
      const res = await fetch(`${quick.url}/payments`, { method: "POST", headers: { authorization: AUTH, "content-type": "application/json", "idempotence-key": "k" }, body: JSON.stringify(paymentBody()) })
      const { id } = await res.json()
      const read = await (await fetch(`${quick.url}/payments/${id}`, { headers: { authorization: AUTH } })).json()
      expect(read).toMatchObject({ status: "canceled", cancellation_details: { party: "yoo_money", reason: "expired_on_confirmation" } })
      expect(() => quick.pay(id)).toThrow(/canceled/)
    } finally {
      await quick.stop()
    }
  })
})

describe("refunds", () => {
  it("refunds in part and in full, never above what is left, only succeeded payments", async () => {
    const p = (await create(paymentBody("100.00"))).body
    const refund = (value: string, k = key()) => api("POST", "/refunds", { payment_id: p.id, amount: { value, currency: "RUB" } }, { "idempotence-key": k })
    expect(await refund("10.00")).toMatchObject({ status: 400, body: { parameter: "payment_id" } })
    emu.pay(p.id)
    const part = await refund("40.00")
    expect(part).toMatchObject({ status: 200, body: { payment_id: p.id, status: "succeeded", amount: { value: "40.00" } } })
    expect((await api("GET", `/refunds/${part.body.id}`)).body).toEqual(part.body)
    expect((await api("GET", `/payments/${p.id}`)).body).toMatchObject({ refunded_amount: { value: "40.00" }, refundable: true })
    expect(await refund("60.01")).toMatchObject({ status: 400, body: { parameter: "amount" } })
    expect((await refund("60.00")).status).toBe(200)
    expect((await api("GET", `/payments/${p.id}`)).body).toMatchObject({ refunded_amount: { value: "100.00" }, refundable: false })
    expect(await refund("0.01")).toMatchObject({ status: 400, body: { parameter: "amount" } })
  })

  it("checks a refund's receipt like a payment's: items adding up to the refund, fractional quantities rounded as a register does", async () => {
    const p = (await create(paymentBody("100.00"))).body
    emu.pay(p.id)
    const item = (quantity: number, value: string) => ({ description: "Кружка", quantity, amount: { value, currency: "RUB" }, vat_code: 11, payment_mode: "full_payment", payment_subject: "commodity" })
    const receipt = (items: unknown[]) => ({ customer: { email: "buyer@example.com" }, items, tax_system_code: 1 })
    const refund = (value: string, items: unknown[]) => api("POST", "/refunds", { payment_id: p.id, amount: { value, currency: "RUB" }, receipt: receipt(items) }, { "idempotence-key": key() })
    // 0.333 × 30.03 = 9.99999 → 10.00
    expect(await refund("10.00", [item(0.333, "30.03")])).toMatchObject({ status: 200, body: { receipt_registration: "succeeded" } })
    expect(await refund("10.01", [item(0.333, "30.03")])).toMatchObject({ status: 400, body: { parameter: "receipt.items" } })
    expect(await refund("10.00", [item(0.3333, "30.00")])).toMatchObject({ status: 400, body: { parameter: "receipt.items[0].quantity" } })
    expect(emu.refundReceipts(p.id)).toEqual([receipt([item(0.333, "30.03")])])
  })
})

describe("notifications", () => {
  it("POSTs {type, event, object} on each change and retries until HTTP 200", async () => {
    const sink = await receiver([500, 503])
    try {
      emu.setWebhookUrl(sink.url)
      const p = (await create(paymentBody("20.00"))).body
      emu.pay(p.id)
      await emu.notificationsSettled()
      expect(sink.bodies).toHaveLength(3)
      expect(sink.bodies[2]).toMatchObject({ type: "notification", event: "payment.succeeded", object: { id: p.id, status: "succeeded" } })
      const entry = emu.notifications().at(-1)!
      expect(entry).toMatchObject({ event: "payment.succeeded", delivered: true })
      expect(entry.attempts.map((a) => a.http_status)).toEqual([500, 503, 200])

      await api("POST", "/refunds", { payment_id: p.id, amount: { value: "5.00", currency: "RUB" } }, { "idempotence-key": key() })
      await emu.notificationsSettled()
      expect(sink.bodies.at(-1)).toMatchObject({ event: "refund.succeeded", object: { payment_id: p.id, amount: { value: "5.00" } } })
    } finally {
      await sink.close()
    }
  })

  it("gives up after the configured attempts, and sends nothing under notifications_lost", async () => {
    const sink = await receiver([500, 500, 500, 500])
    try {
      emu.setWebhookUrl(sink.url)
      const a = (await create()).body
      emu.reject(a.id)
      await emu.notificationsSettled()
      expect(emu.notifications().at(-1)).toMatchObject({ event: "payment.canceled", delivered: false })
      expect(emu.notifications().at(-1)!.attempts).toHaveLength(3)

      emu.setFaults({ notifications_lost: true })
      const before = sink.bodies.length
      const b = (await create()).body
      emu.pay(b.id)
      await emu.notificationsSettled()
      expect(sink.bodies).toHaveLength(before)
      expect(emu.notifications().at(-1)).toMatchObject({ payment_id: b.id, skipped: "notifications_lost fault", delivered: false })
    } finally {
      await sink.close()
    }
  })
})

describe("faults and control surface", () => {
  it("api_down: N answers the next N API calls 503 without processing them, then recovers; true until cleared", async () => {
    emu.setFaults({ api_down: 2 })
    expect((await create()).status).toBe(503)
    expect(await api("GET", "/payments/x")).toMatchObject({ status: 503, body: { type: "error", code: "internal_server_error" } })
    expect((await create()).status).toBe(200)
    emu.setFaults({ api_down: true })
    const k = key()
    expect((await create(paymentBody(), k)).status).toBe(503)
    emu.setFaults({ api_down: false })
    // a 503 is not stored: the same key now opens the payment
    expect((await create(paymentBody(), k)).status).toBe(200)
  })

  it("reject_next cancels the next payment a customer pays", async () => {
    emu.setFaults({ reject_next: true })
    const a = (await create()).body
    expect(emu.pay(a.id)).toMatchObject({ status: "canceled", cancellation_details: { party: "payment_network", reason: "general_decline" } })
    expect(emu.faults().reject_next).toBe(false)
  })

  it("lets a browser page pay a QR and set faults over HTTP under /__control/, with CORS", async () => {
    const a = (await create(paymentBody("77.00"))).body
    const post = (path: string, body: unknown) =>
      fetch(`${emu.origin}/__control/${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) })
    const paid = await post("pay", { qr_payload: a.confirmation.confirmation_data })
    expect(paid.headers.get("access-control-allow-origin")).toBe("*")
    expect(await paid.json()).toMatchObject({ id: a.id, status: "succeeded" })
    expect((await post("pay", { acquirer_payment_id: a.id })).status).toBe(400)
    expect(await (await post("faults", { slow_ms: 0, notifications_lost: true })).json()).toMatchObject({ notifications_lost: true })
    expect((await post("faults", { nonsense: 1 })).status).toBe(400)
    const listed = await (await fetch(`${emu.origin}/__control/payments`)).json()
    expect(listed.find((p: any) => p.id === a.id)).toMatchObject({ status: "succeeded" })
    expect((await fetch(`${emu.origin}/__control/pay`, { method: "OPTIONS" })).status).toBe(204)
  })

  it("logs API requests with their idempotence keys and answers", async () => {
    const k = key()
    await create(paymentBody(), k)
    expect(emu.requests().at(-1)).toMatchObject({ method: "POST", path: "/v3/payments", idempotence_key: k, status: 200, code: null })
  })
})
