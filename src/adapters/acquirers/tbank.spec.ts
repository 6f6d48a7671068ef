import http from "node:http"
import { linesForAmount, takenBy } from "../../domain/refunds/ledger"
import { AcquirerError } from "./types"
import { tbankAcquirer, tbankConfigSchema } from "./tbank"
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { startTbankEmulator } = require("../../../dev/acquirer-emulators/tbank")

describe("T-Bank adapter against the emulator", () => {
  let emulator: any
  let receiver: http.Server
  let receiverUrl: string
  const received: any[] = []
  const config = () => tbankConfigSchema.parse({ terminal_key: "DemoTerminal", password: "demo-tbank-password", base_url: emulator.url })
  const request = (over: Record<string, unknown> = {}) => ({
    payment_id: `isp_${Math.random().toString(36).slice(2, 12)}`,
    order_id: "order_1",
    display_id: "7",
    amount: 287097,
    currency: "RUB",
    lines: [
      { title: "Кружка", quantity: 3, unit_price: 44910, total: 134730, vat: "vat22", payment_object: "commodity", payment_method: "full_payment" },
      { title: "Кофемолка", quantity: 1, unit_price: 152367, total: 152367, vat: "vat22", payment_object: "commodity", payment_method: "full_payment" },
    ] as any,
    description: "Заказ 7",
    expires_at: new Date(Date.now() + 15 * 60_000).toISOString(),
    notification_url: receiverUrl,
    idempotency_key: "k1",
    receipt: { email: "a@b.ru", phone: null, taxation: "osn" },
    ...over,
  })

  beforeAll(async () => {
    emulator = await startTbankEmulator({ notify_retry_ms: 50 })
    receiver = http.createServer((req, res) => {
      let text = ""
      req.on("data", (c) => (text += c))
      req.on("end", () => {
        received.push(JSON.parse(text))
        res.end("OK")
      })
    })
    await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", () => r()))
    receiverUrl = `http://127.0.0.1:${(receiver.address() as any).port}/hooks`
  })
  afterAll(async () => {
    await emulator.stop()
    await new Promise((r) => receiver.close(r))
  })

  it("opens a payment whose QR carries the exact sum, and finds it paid with a signed notification", async () => {
    const created = await tbankAcquirer.createPayment(config(), request())
    expect(created.qr_payload).toMatch(/^https:\/\/qr\.nspk\.ru\/AD[0-9A-Z]+\?type=02&bank=\d+&sum=287097&cur=RUB&crc=[0-9A-Z]{4}$/)
    expect((await tbankAcquirer.getState(config(), created.acquirer_payment_id)).status).toBe("pending")
    emulator.pay(created.acquirer_payment_id)
    expect(await tbankAcquirer.getState(config(), created.acquirer_payment_id)).toMatchObject({ status: "succeeded", amount: 287097 })
    for (let i = 0; i < 50 && !received.some((n) => String(n.PaymentId) === created.acquirer_payment_id); i++) await new Promise((r) => setTimeout(r, 20))
    const notification = received.find((n) => String(n.PaymentId) === created.acquirer_payment_id)
    expect(tbankAcquirer.verifyNotification(config(), notification)).toMatchObject({ kind: "verified", state: { status: "succeeded", amount: 287097 } })
    expect(tbankAcquirer.verifyNotification(config(), { ...notification, Amount: 1 })).toMatchObject({ kind: "rejected", field: "Token" })
  })

  it("answers the same payment for a retried create", async () => {
    const r = request()
    const a = await tbankAcquirer.createPayment(config(), r)
    const b = await tbankAcquirer.createPayment(config(), r)
    expect(b.acquirer_payment_id).toBe(a.acquirer_payment_id)
    expect(emulator.payments().filter((p: any) => p.order_id === r.payment_id)).toHaveLength(1)
  })

  it("cancels a pending payment, and does not cancel (refund) a paid one", async () => {
    const pending = await tbankAcquirer.createPayment(config(), request())
    expect((await tbankAcquirer.cancel(config(), pending.acquirer_payment_id, "c1")).canceled).toBe(true)
    const paid = await tbankAcquirer.createPayment(config(), request())
    emulator.pay(paid.acquirer_payment_id)
    const attempt = await tbankAcquirer.cancel(config(), paid.acquirer_payment_id, "c2")
    expect(attempt).toMatchObject({ canceled: false, state: { status: "succeeded" } })
    expect(emulator.payment(paid.acquirer_payment_id).refunded).toBe(0)
  })

  it("refunds in part, then the rest", async () => {
    const paid = await tbankAcquirer.createPayment(config(), request())
    emulator.pay(paid.acquirer_payment_id)
    expect((await tbankAcquirer.refund(config(), paid.acquirer_payment_id, 44910, "r1")).status).toBe("succeeded")
    expect((await tbankAcquirer.getState(config(), paid.acquirer_payment_id)).status).toBe("partially_refunded")
    await tbankAcquirer.refund(config(), paid.acquirer_payment_id, 287097 - 44910, "r2")
    expect((await tbankAcquirer.getState(config(), paid.acquirer_payment_id)).status).toBe("refunded")
    await expect(tbankAcquirer.refund(config(), paid.acquirer_payment_id, 1, "r3")).rejects.toMatchObject({ retryable: false })
  })

  it("sends a refund's receipt with Cancel: money back with no goods in fractional quantities, then the rest", async () => {
    const r = request()
    const paid = await tbankAcquirer.createPayment(config(), r)
    emulator.pay(paid.acquirer_payment_id)
    const part = linesForAmount(r.lines, [], 10000)
    expect(part.some((line) => !Number.isInteger(line.quantity))).toBe(true)
    await tbankAcquirer.refund(config(), paid.acquirer_payment_id, 10000, "rr1", { ...r.receipt!, lines: part })
    const rest = linesForAmount(r.lines, takenBy(part), 287097 - 10000)
    await tbankAcquirer.refund(config(), paid.acquirer_payment_id, 287097 - 10000, "rr2", { ...r.receipt!, lines: rest })
    const sent = emulator.payment(paid.acquirer_payment_id).refund_receipts
    expect(sent.map((x: any) => x.Amount)).toEqual([10000, 277097])
    expect(sent[0].Receipt).toMatchObject({ Email: "a@b.ru", Taxation: "osn" })
    expect(sent[0].Receipt.Items.map((i: any) => i.Name)).toEqual(["Кружка", "Кофемолка"])
    // Together the two refund receipts give back exactly what the sale listed, per line.
    const quantity = (name: string) => sent.flatMap((x: any) => x.Receipt.Items).filter((i: any) => i.Name === name).reduce((q: number, i: any) => q + Math.round(i.Quantity * 1000), 0)
    expect([quantity("Кружка"), quantity("Кофемолка")]).toEqual([3000, 1000])
  })

  it("refuses a refund receipt that does not add up to the refund, before calling T-Bank", async () => {
    const r = request()
    const paid = await tbankAcquirer.createPayment(config(), r)
    emulator.pay(paid.acquirer_payment_id)
    const calls = emulator.requests().length
    const error = await tbankAcquirer.refund(config(), paid.acquirer_payment_id, 5000, "rr3", { ...r.receipt!, lines: linesForAmount(r.lines, [], 4000) }).catch((e) => e)
    expect(error).toMatchObject({ retryable: false, code: "receipt" })
    expect(emulator.requests().length).toBe(calls)
    expect(emulator.payment(paid.acquirer_payment_id).refunded).toBe(0)
  })

  it("reports a wrong password as final, an outage as retryable, and an out-of-limit amount by T-Bank's code", async () => {
    const wrong = tbankConfigSchema.parse({ terminal_key: "DemoTerminal", password: "wrong", base_url: emulator.url })
    await expect(tbankAcquirer.createPayment(wrong, request())).rejects.toMatchObject({ retryable: false, code: "204" })
    emulator.setFaults({ api_down: 1 })
    const down = await tbankAcquirer.getState(config(), "1").catch((e) => e)
    expect(down).toBeInstanceOf(AcquirerError)
    expect(down.retryable).toBe(true)
    await expect(tbankAcquirer.createPayment(config(), request({ amount: 500, lines: [{ title: "x", quantity: 1, unit_price: 500, total: 500, vat: "none", payment_object: "commodity", payment_method: "full_payment" }] }))).rejects.toMatchObject({ code: "3016" })
  })

  it("lets a notification of a bad token be sent again, and acknowledges a good one with OK", () => {
    expect(tbankAcquirer.answer("accepted")).toEqual({ status: 200, content_type: "text/plain", body: "OK" })
    expect(tbankAcquirer.answer("rejected").status).not.toBe(200)
  })
})
