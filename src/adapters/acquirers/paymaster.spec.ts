// The adapter against the PayMaster emulator over real HTTP.
import http from "node:http"
import { startPaymasterEmulator, type PaymasterEmulator } from "../../../dev/acquirer-emulators/paymaster"
import { paymasterAcquirer, paymasterConfigSchema, type PaymasterConfig } from "./paymaster"
import { linesForAmount } from "../../domain/refunds/ledger"
import { AcquirerError, type AcquirerPaymentRequest } from "./types"

let emu: PaymasterEmulator
let config: PaymasterConfig
let seq = 0

/** A local receiver for PayMaster's notifications; `next()` resolves on the next one. */
async function receiver(status = 200) {
  const received: any[] = []
  const waiters: Array<() => void> = []
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on("data", (c) => chunks.push(c))
    req.on("end", () => {
      received.push(JSON.parse(Buffer.concat(chunks).toString("utf8")))
      res.writeHead(status).end()
      waiters.splice(0).forEach((w) => w())
    })
  })
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r))
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}/hooks/paymaster`,
    received,
    next: () => new Promise<void>((r) => waiters.push(r)),
    close: () => new Promise<void>((r) => (server.close(() => r()), server.closeAllConnections())),
  }
}

function request(over: Partial<AcquirerPaymentRequest> = {}): AcquirerPaymentRequest {
  seq += 1
  return {
    payment_id: `isp_${seq}`,
    order_id: `order_${seq}`,
    display_id: String(1000 + seq),
    amount: 123450,
    currency: "RUB",
    lines: [
      { title: "Kettle", quantity: 1, unit_price: 120000, total: 120000, vat: "vat22", payment_object: "commodity", payment_method: "full_payment" },
      { title: "Delivery", quantity: 1, unit_price: 3450, total: 3450, vat: "none", payment_object: "service", payment_method: "full_payment" },
    ],
    description: `Order #${1000 + seq}`,
    expires_at: new Date(Date.now() + 15 * 60_000).toISOString(),
    notification_url: "http://127.0.0.1:9/unused",
    idempotency_key: `key-${seq}`,
    receipt: { email: "buyer@example.com", phone: null, taxation: "usn_income" },
    ...over,
  }
}

beforeAll(async () => {
  emu = await startPaymasterEmulator({ notification_retry_ms: 20 })
  config = paymasterConfigSchema.parse({ merchant_id: "demo-merchant", token: "demo-paymaster-token", base_url: `${emu.url}/` })
})
afterAll(() => emu.stop())
afterEach(() => emu.resetFaults())

it("config: base_url defaults to paymaster.ru and loses its trailing slash; merchant and token are required", () => {
  expect(paymasterConfigSchema.parse({ merchant_id: "m", token: "t" })).toEqual({
    merchant_id: "m", token: "t", base_url: "https://paymaster.ru", request_timeout_ms: 10000, test_mode: false,
  })
  expect(config.base_url).toBe(emu.url)
  expect(() => paymasterConfigSchema.parse({ merchant_id: "m" })).toThrow()
})

it("create → the NSPK QR with the exact sum; pay → getState succeeded with our payment id", async () => {
  const req = request()
  const created = await paymasterAcquirer.createPayment(config, req)
  expect(created.qr_payload).toMatch(/^https:\/\/qr\.nspk\.ru\/AD[A-Z0-9]{30}\?type=02&bank=100000000222&sum=123450&cur=RUB&crc=[0-9A-F]{4}$/)
  expect(await paymasterAcquirer.getState(config, created.acquirer_payment_id)).toMatchObject({ status: "pending", amount: 123450, payment_ref: req.payment_id })

  emu.pay(created.qr_payload, { amount: 123450 })
  const state = await paymasterAcquirer.getState(config, created.acquirer_payment_id)
  expect(state).toMatchObject({ status: "succeeded", amount: 123450, currency: "RUB", payment_ref: req.payment_id, paid_at: null })
  expect(state.details.payer).toMatch(/^\+7 9/)
})

it("the notification reaches our receiver and verifies as a hint with the payment id", async () => {
  const sink = await receiver()
  try {
    const created = await paymasterAcquirer.createPayment(config, request({ notification_url: sink.url }))
    const arrived = sink.next()
    emu.pay(created.acquirer_payment_id)
    await arrived
    expect(sink.received[0]).toMatchObject({ id: created.acquirer_payment_id, status: "Settled", merchantId: "demo-merchant" })
    expect(paymasterAcquirer.verifyNotification(config, sink.received[0])).toEqual({ kind: "hint", acquirer_payment_id: created.acquirer_payment_id })
    expect(paymasterAcquirer.verifyNotification(config, { status: "Settled" })).toMatchObject({ kind: "rejected", field: "id" })
    expect(paymasterAcquirer.answer("accepted").status).toBe(200)
    expect(paymasterAcquirer.answer("rejected").status).toBe(200)
    expect(paymasterAcquirer.answer("retry").status).toBe(500)
  } finally {
    await sink.close()
  }
})

it("a bad token is a non-retryable AcquirerError carrying PayMaster's code", async () => {
  const err = await paymasterAcquirer.getState({ ...config, token: "wrong" }, "1").catch((e) => e)
  expect(err).toBeInstanceOf(AcquirerError)
  expect(err).toMatchObject({ retryable: false, code: "not_authorized" })
})

it("a refused request (validation_error) is not retryable and names the problem", async () => {
  const err = await paymasterAcquirer.createPayment(config, request({ amount: 500, lines: [{ title: "Gum", quantity: 1, unit_price: 500, total: 500, vat: "vat22", payment_object: "commodity", payment_method: "full_payment" }] })).catch((e) => e)
  expect(err).toMatchObject({ retryable: false, code: "validation_error" })
  expect(err.message).toContain("from 10 to 1000000 RUB")
})

it("api_down and a timeout are retryable", async () => {
  emu.setFaults({ api_down: 1 })
  expect(await paymasterAcquirer.getState(config, "1").catch((e) => e)).toMatchObject({ retryable: true, code: "service_unavailable" })
  emu.setFaults({ slow_ms: 300 })
  expect(await paymasterAcquirer.getState({ ...config, request_timeout_ms: 50 }, "1").catch((e) => e)).toMatchObject({ retryable: true, code: "timeout" })
  const refused = await paymasterAcquirer.getState({ ...config, base_url: "http://127.0.0.1:1" }, "1").catch((e) => e)
  expect(refused).toMatchObject({ retryable: true, code: "network" })
})

it("a retried create with the same key opens no second payment", async () => {
  const req = request()
  const first = await paymasterAcquirer.createPayment(config, req)
  const again = await paymasterAcquirer.createPayment(config, req)
  expect(again).toMatchObject({ acquirer_payment_id: first.acquirer_payment_id, qr_payload: first.qr_payload })
  expect(emu.payments().filter((p) => p.invoice.orderNo === req.payment_id)).toHaveLength(1)
})

it("when PayMaster refuses a reused key (idempotency_key_violation), the first payment is found by orderNo", async () => {
  const strict = await startPaymasterEmulator({ idempotency: "reject" })
  try {
    const cfg = { ...config, base_url: strict.url }
    const req = request()
    const first = await paymasterAcquirer.createPayment(cfg, req)
    const again = await paymasterAcquirer.createPayment(cfg, req)
    expect(again).toMatchObject({ acquirer_payment_id: first.acquirer_payment_id, qr_payload: first.qr_payload })
    expect(strict.requests().map((r) => `${r.method} ${r.status} ${r.code ?? ""}`.trim())).toEqual([
      "POST 200", "POST 409 idempotency_key_violation", "GET 200", "GET 200",
    ])
  } finally {
    await strict.stop()
  }
})

it("cancel: a pending payment is canceled; after payment it is not", async () => {
  const pending = await paymasterAcquirer.createPayment(config, request())
  const canceled = await paymasterAcquirer.cancel(config, pending.acquirer_payment_id, "cancel-1")
  expect(canceled).toMatchObject({ canceled: true, state: { status: "canceled" } })
  expect(await paymasterAcquirer.cancel(config, pending.acquirer_payment_id, "cancel-1")).toMatchObject({ canceled: true })

  const paid = await paymasterAcquirer.createPayment(config, request())
  emu.pay(paid.acquirer_payment_id)
  expect(await paymasterAcquirer.cancel(config, paid.acquirer_payment_id, "cancel-2")).toMatchObject({ canceled: false, state: { status: "succeeded" } })
})

it("refunds: partial, then the rest; never above what is left", async () => {
  const p = await paymasterAcquirer.createPayment(config, request())
  emu.pay(p.acquirer_payment_id)
  const part = await paymasterAcquirer.refund(config, p.acquirer_payment_id, 23450, "refund-1")
  expect(part).toMatchObject({ status: "succeeded", raw: { amount: { value: 234.5, currency: "RUB" } } })
  expect(await paymasterAcquirer.refund(config, p.acquirer_payment_id, 23450, "refund-1")).toMatchObject({ refund_id: part.refund_id })
  expect(await paymasterAcquirer.refund(config, p.acquirer_payment_id, 100001, "refund-2").catch((e) => e)).toMatchObject({ retryable: false, code: "invalid_operation" })
  expect(await paymasterAcquirer.refund(config, p.acquirer_payment_id, 100000, "refund-3")).toMatchObject({ status: "succeeded" })
  expect(emu.payment(p.acquirer_payment_id)).toMatchObject({ refunded: 123450, status: "Settled" })
})

it("a full refund in one go", async () => {
  const p = await paymasterAcquirer.createPayment(config, request())
  emu.pay(p.acquirer_payment_id)
  expect(await paymasterAcquirer.refund(config, p.acquirer_payment_id, 123450, "refund-full")).toMatchObject({ status: "succeeded" })
})

it("sends a refund's receipt: money back with no goods in fractional quantities, kept by PayMaster for the refund", async () => {
  const r = request()
  const p = await paymasterAcquirer.createPayment(config, r)
  emu.pay(p.acquirer_payment_id)
  const lines = linesForAmount(r.lines, [], 10001)
  expect(lines.some((line) => !Number.isInteger(line.quantity))).toBe(true)
  expect(await paymasterAcquirer.refund(config, p.acquirer_payment_id, 10001, "refund-receipt-1", { ...r.receipt!, lines })).toMatchObject({ status: "succeeded" })
  const [sent] = emu.refundReceipts(p.acquirer_payment_id)
  expect(sent.client).toEqual({ email: "buyer@example.com" })
  expect(sent.items.map((i: any) => i.name)).toEqual(lines.map((l) => l.title))
  // A receipt that does not add up to the refund is refused before PayMaster is asked.
  const wrong = await paymasterAcquirer.refund(config, p.acquirer_payment_id, 500, "refund-receipt-2", { ...r.receipt!, lines }).catch((e) => e)
  expect(wrong).toMatchObject({ retryable: false, code: "invalid_request" })
  expect(emu.payment(p.acquirer_payment_id)).toMatchObject({ refunded: 10001 })
})

it("expiry: an unpaid QR becomes canceled and cannot be paid", async () => {
  const p = await paymasterAcquirer.createPayment(config, request())
  emu.expire(p.acquirer_payment_id)
  expect(await paymasterAcquirer.getState(config, p.acquirer_payment_id)).toMatchObject({ status: "canceled", details: { message: "Payment expired" } })
  expect(() => emu.pay(p.qr_payload)).toThrow("not payable")
})
