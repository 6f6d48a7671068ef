// The YooKassa adapter against the emulator (dev/acquirer-emulators/yookassa) over real HTTP.
import http from "node:http"
import { buildPayLines } from "../../domain/lines"
import { linesForAmount } from "../../domain/refunds/ledger"
import { AcquirerError, type AcquirerPaymentRequest } from "./types"
import { yookassaAcquirer as yk, yookassaConfigSchema, type YookassaConfig } from "./yookassa"
import { startYookassaEmulator, type YookassaEmulator } from "../../../dev/acquirer-emulators/yookassa"

/** A tiny notification receiver: records JSON bodies and lets a test await the next one. */
async function receiver() {
  const bodies: unknown[] = []
  const waiters: Array<(body: unknown) => void> = []
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on("data", (c) => chunks.push(c))
    req.on("end", () => {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8"))
      bodies.push(body)
      const answer = yk.answer(yk.verifyNotification(config, body).kind === "hint" ? "accepted" : "rejected")
      res.writeHead(answer.status, { "content-type": answer.content_type }).end(answer.body)
      waiters.splice(0).forEach((w) => w(body))
    })
  })
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r))
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}/hooks/acquirer/yookassa`,
    bodies,
    next: () => new Promise<any>((r) => waiters.push(r)),
    close: () => new Promise<void>((r) => {
      server.close(() => r())
      server.closeAllConnections()
    }),
  }
}

let emu: YookassaEmulator
let config: YookassaConfig
let sink: Awaited<ReturnType<typeof receiver>>
let n = 0

const request = (over: Partial<AcquirerPaymentRequest> = {}): AcquirerPaymentRequest => {
  n += 1
  const amount = over.amount ?? 123456
  return {
    payment_id: `isp_${n}`,
    order_id: `order_${n}`,
    display_id: String(1000 + n),
    amount,
    currency: "RUB",
    lines: buildPayLines([{ title: "Кружка", quantity: 2, list_unit_price: 61728, total: amount, vat: "vat22", payment_object: "commodity" }], amount),
    description: `Заказ №${1000 + n}`,
    expires_at: new Date(Date.now() + 15 * 60_000).toISOString(),
    notification_url: "https://shop.example.com/hooks/acquirer/yookassa",
    idempotency_key: `create-isp_${n}`,
    receipt: { email: "buyer@example.com", phone: null, taxation: "osn" },
    ...over,
  }
}

const rejection = (promise: Promise<unknown>) => promise.then(() => { throw new Error("expected a rejection") }, (e) => e as AcquirerError)

beforeAll(async () => {
  sink = await receiver()
  emu = await startYookassaEmulator({ webhook_url: sink.url })
  config = yookassaConfigSchema.parse({ shop_id: "demo-shop", secret_key: "demo-secret-key", base_url: `${emu.url}/` })
})
afterAll(async () => {
  await emu.stop()
  await sink.close()
})
afterEach(() => emu.resetFaults())

describe("yookassaConfigSchema", () => {
  it("defaults to the live API and 10 s, trims a trailing slash and wants credentials", () => {
    expect(yookassaConfigSchema.parse({ shop_id: "1", secret_key: "test_0123456789abcdef" })).toEqual({
      shop_id: "1", secret_key: "test_0123456789abcdef", base_url: "https://api.yookassa.ru/v3", request_timeout_ms: 10000,
    })
    expect(config.base_url).toBe(emu.url)
    expect(yookassaConfigSchema.safeParse({ shop_id: "1", secret_key: "short" }).success).toBe(false)
    expect(yookassaConfigSchema.safeParse({ secret_key: "test_0123456789abcdef" }).success).toBe(false)
  })
})

describe("yookassa adapter over HTTP", () => {
  it("creates an SBP payment whose NSPK payload carries the exact sum, with our ids and a valid receipt", async () => {
    const created = await yk.createPayment(config, request({ amount: 123457 }))
    expect(created.qr_payload).toMatch(/^https:\/\/qr\.nspk\.ru\/AD[0-9A-Z]{32}\?type=02&bank=\d{12}&sum=123457&cur=RUB&crc=[0-9A-F]{4}$/)
    const stored = emu.payment(created.acquirer_payment_id)!
    expect(stored).toMatchObject({ status: "pending", amount: { value: "1234.57", currency: "RUB" }, metadata: { in_store_payment_id: `isp_${n}`, order_id: `order_${n}` } })
    const body = emu.requests().at(-1)!
    expect(body).toMatchObject({ method: "POST", path: "/v3/payments", idempotence_key: `create-isp_${n}`, status: 200 })
    const state = await yk.getState(config, created.acquirer_payment_id)
    expect(state).toMatchObject({ status: "pending", amount: 123457, currency: "RUB", payment_ref: `isp_${n}`, paid_at: null })
  })

  it("pay → a hint arrives at the webhook receiver → getState says succeeded with paid_at and the payer's bank", async () => {
    const created = await yk.createPayment(config, request())
    const arrived = sink.next()
    emu.pay(created.qr_payload)
    const notification = await arrived
    expect(notification).toMatchObject({ type: "notification", event: "payment.succeeded", object: { id: created.acquirer_payment_id } })
    expect(yk.verifyNotification(config, notification)).toEqual({ kind: "hint", acquirer_payment_id: created.acquirer_payment_id })
    const state = await yk.getState(config, created.acquirer_payment_id)
    expect(state).toMatchObject({ status: "succeeded", amount: 123456, payment_ref: `isp_${n}` })
    expect(state.paid_at).toEqual(expect.any(String))
    expect(state.details.payer).toMatch(/^SBP, bank \d+/)
    await emu.notificationsSettled()
    expect(emu.notifications().at(-1)).toMatchObject({ event: "payment.succeeded", delivered: true })
  })

  it("the same idempotency key never opens a second payment; reused for other data it is refused, not retried", async () => {
    const req = request()
    const first = await yk.createPayment(config, req)
    const again = await yk.createPayment(config, req)
    expect(again.acquirer_payment_id).toBe(first.acquirer_payment_id)
    expect(again.qr_payload).toBe(first.qr_payload)
    expect(emu.payments().filter((p) => p.metadata.in_store_payment_id === req.payment_id)).toHaveLength(1)
    const error = await rejection(yk.createPayment(config, { ...req, amount: 100000, lines: buildPayLines([{ title: "x", quantity: 1, list_unit_price: 100000, total: 100000, vat: "vat22", payment_object: "commodity" }], 100000) }))
    expect(error).toBeInstanceOf(AcquirerError)
    expect(error).toMatchObject({ retryable: false, code: "invalid_request" })
    expect(error.message).toMatch(/Idempotence key duplicated \(parameter: Idempotence-Key\)/)
  })

  it("bad credentials → not retryable, with YooKassa's code", async () => {
    const error = await rejection(yk.getState({ ...config, secret_key: "wrong-secret-key-0000" }, "x"))
    expect(error).toMatchObject({ acquirer: "yookassa", retryable: false, code: "invalid_credentials" })
  })

  it("an unknown payment → not retryable not_found", async () => {
    expect(await rejection(yk.getState(config, "2f0a1b2c-000f-5000-a000-000000000000"))).toMatchObject({ retryable: false, code: "not_found" })
  })

  it("api_down (5xx) and a timeout → retryable; a retry with the same key then opens exactly one payment", async () => {
    const req = request()
    emu.setFaults({ api_down: 1 })
    expect(await rejection(yk.createPayment(config, req))).toMatchObject({ retryable: true, code: "internal_server_error" })
    emu.setFaults({ slow_ms: 300 })
    expect(await rejection(yk.createPayment({ ...config, request_timeout_ms: 50 }, req))).toMatchObject({ retryable: true, code: "network" })
    emu.setFaults({ slow_ms: 0 })
    const created = await yk.createPayment(config, req)
    expect(emu.payments().filter((p) => p.metadata.in_store_payment_id === req.payment_id).map((p) => p.id)).toEqual([created.acquirer_payment_id])
  })

  it("an unreachable API → retryable network error", async () => {
    const error = await rejection(yk.getState({ ...config, base_url: "http://127.0.0.1:9/v3" }, "x"))
    expect(error).toMatchObject({ retryable: true, code: "network" })
  })

  it("a receipt the register would refuse is refused before any call", async () => {
    const before = emu.requests().length
    const error = await rejection(yk.createPayment(config, request({ receipt: { email: null, phone: null, taxation: "osn" } })))
    expect(error).toMatchObject({ retryable: false, code: "receipt_data" })
    expect(emu.requests()).toHaveLength(before)
  })

  it("cancel of a pending SBP payment cannot stop it: canceled false with the pending state; after expiry it is canceled", async () => {
    const created = await yk.createPayment(config, request())
    const pending = await yk.cancel(config, created.acquirer_payment_id, `cancel-${n}`)
    expect(pending).toMatchObject({ canceled: false, state: { status: "pending" } })
    expect(emu.requests().some((r) => r.path.endsWith("/cancel"))).toBe(false)

    const arrived = sink.next()
    emu.expire(created.acquirer_payment_id)
    expect(await arrived).toMatchObject({ event: "payment.canceled", object: { id: created.acquirer_payment_id, cancellation_details: { reason: "expired_on_confirmation" } } })
    const state = await yk.getState(config, created.acquirer_payment_id)
    expect(state).toMatchObject({ status: "canceled", paid_at: null, details: { message: "yoo_money: expired_on_confirmation" } })
    expect(await yk.cancel(config, created.acquirer_payment_id, `cancel-${n}`)).toMatchObject({ canceled: true })
    expect(() => emu.pay(created.qr_payload)).toThrow(/canceled/)
  })

  it("a payment the bank declines reads as failed, and cancel of a paid one is canceled false", async () => {
    const declined = await yk.createPayment(config, request())
    emu.setFaults({ reject_next: true })
    emu.pay(declined.acquirer_payment_id)
    expect(await yk.getState(config, declined.acquirer_payment_id)).toMatchObject({ status: "failed", details: { message: "payment_network: general_decline" } })

    const paid = await yk.createPayment(config, request())
    emu.pay(paid.acquirer_payment_id)
    expect(await yk.cancel(config, paid.acquirer_payment_id, `cancel-${n}`)).toMatchObject({ canceled: false, state: { status: "succeeded" } })
  })

  it("refunds in part, then the rest; never above what is left; the same key refunds once", async () => {
    const created = await yk.createPayment(config, request({ amount: 100000 }))
    emu.pay(created.acquirer_payment_id)
    const part = await yk.refund(config, created.acquirer_payment_id, 30000, `refund-${n}-1`)
    expect(part).toMatchObject({ status: "succeeded", raw: { amount: { value: "300.00" } } })
    expect(await yk.refund(config, created.acquirer_payment_id, 30000, `refund-${n}-1`)).toMatchObject({ refund_id: part.refund_id })
    expect(await yk.getState(config, created.acquirer_payment_id)).toMatchObject({ status: "partially_refunded" })

    const tooMuch = await rejection(yk.refund(config, created.acquirer_payment_id, 70001, `refund-${n}-2`))
    expect(tooMuch).toMatchObject({ retryable: false, code: "invalid_request" })
    expect(tooMuch.message).toMatch(/above what is left to refund: 700\.00/)

    const rest = await yk.refund(config, created.acquirer_payment_id, 70000, `refund-${n}-3`)
    expect(rest.status).toBe("succeeded")
    expect(await yk.getState(config, created.acquirer_payment_id)).toMatchObject({ status: "refunded" })
    await emu.notificationsSettled()
    const refundEvents = emu.notifications().filter((e) => e.event === "refund.succeeded" && e.payment_id === created.acquirer_payment_id)
    expect(refundEvents).toHaveLength(2)
  })

  it("sends a refund's receipt: money back with no goods in fractional quantities; YooKassa registers it with the refund", async () => {
    const r = request({
      amount: 100000,
      lines: buildPayLines(
        [
          { title: "Кружка", quantity: 3, list_unit_price: 20000, total: 60000, vat: "vat22", payment_object: "commodity" },
          { title: "Чай", quantity: 1, list_unit_price: 40000, total: 40000, vat: "vat10", payment_object: "commodity" },
        ],
        100000
      ),
    })
    const created = await yk.createPayment(config, r)
    emu.pay(created.acquirer_payment_id)
    const lines = linesForAmount(r.lines, [], 10001)
    expect(lines.some((line) => !Number.isInteger(line.quantity))).toBe(true)
    const refund = await yk.refund(config, created.acquirer_payment_id, 10001, `refund-receipt-${n}`, { ...r.receipt!, lines })
    expect(refund.raw).toMatchObject({ receipt_registration: "succeeded" })
    const [sent] = emu.refundReceipts(created.acquirer_payment_id)
    expect(sent).toMatchObject({ customer: { email: "buyer@example.com" }, tax_system_code: 1 })
    expect(sent.items.map((i: any) => [i.description, i.vat_code])).toEqual(lines.map((l) => [l.title, l.vat === "vat22" ? 11 : 3]))
    // Bad receipt data is refused before YooKassa is asked, naming the field.
    const wrong = await rejection(yk.refund(config, created.acquirer_payment_id, 500, `refund-receipt-${n}-2`, { ...r.receipt!, lines }))
    expect(wrong.message).toMatch(/receipt: items/)
    expect(emu.refundReceipts(created.acquirer_payment_id)).toHaveLength(1)
  })

  it("answers 200 for accepted and rejected notifications and 500 when we want them again", () => {
    expect(yk.answer("accepted").status).toBe(200)
    expect(yk.answer("rejected").status).toBe(200)
    expect(yk.answer("retry").status).toBe(500)
    expect(yk.verifyNotification(config, { type: "notification", event: "payment.succeeded", object: {} })).toMatchObject({ kind: "rejected", field: "object.id" })
  })
})
