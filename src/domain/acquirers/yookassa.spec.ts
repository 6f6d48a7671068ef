import fc from "fast-check"
import { buildPayLines, type SourceLine } from "../lines"
import { ReceiptDataError } from "../receipt"
import { VAT_CODES } from "../vat"
import {
  buildYookassaReceipt,
  describeYookassaError,
  fromYookassaAmount,
  parseYookassaNotification,
  toYookassaAmount,
  yookassaDescription,
  yookassaPaymentState,
  yookassaPaymentStatus,
  YOOKASSA_VAT_CODES,
  type YookassaReceiptInput,
} from "./yookassa"

const rub = (value: string) => ({ value, currency: "RUB" })

describe("YooKassa amounts", () => {
  it.each([
    [0, "0.00"], [1, "0.01"], [100, "1.00"], [123456, "1234.56"], [100000000, "1000000.00"],
  ])("%i kopecks ↔ %s", (minor, value) => {
    expect(toYookassaAmount(minor, "rub")).toEqual({ value, currency: "RUB" })
    expect(fromYookassaAmount({ value, currency: "RUB" })).toEqual({ minor, currency: "RUB" })
  })

  it("reads a value with a shorter fraction and refuses floats, signs, exponents and extra digits", () => {
    expect(fromYookassaAmount(rub("10")).minor).toBe(1000)
    expect(fromYookassaAmount(rub("10.5")).minor).toBe(1050)
    for (const bad of ["10.005", "-1.00", "1e3", " 1.00", "1,00", ""]) expect(() => fromYookassaAmount(rub(bad))).toThrow()
    expect(() => fromYookassaAmount({ value: 10, currency: "RUB" })).toThrow(/not a YooKassa amount/)
    expect(() => toYookassaAmount(1.5, "RUB")).toThrow()
    expect(() => toYookassaAmount(-1, "RUB")).toThrow()
  })

  it("round-trips every amount exactly", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (minor) => {
        const amount = toYookassaAmount(minor, "RUB")
        expect(amount.value).toMatch(/^\d+\.\d{2}$/)
        expect(fromYookassaAmount(amount).minor).toBe(minor)
      })
    )
  })
})

describe("yookassaPaymentStatus", () => {
  const base = { amount: rub("100.00") }
  it.each<[Record<string, unknown>, string]>([
    [{ status: "pending" }, "pending"],
    [{ status: "waiting_for_capture" }, "pending"],
    [{ status: "succeeded" }, "succeeded"],
    [{ status: "succeeded", refunded_amount: rub("0.00") }, "succeeded"],
    [{ status: "succeeded", refunded_amount: rub("40.00") }, "partially_refunded"],
    [{ status: "succeeded", refunded_amount: rub("100.00") }, "refunded"],
    [{ status: "canceled", cancellation_details: { party: "yoo_money", reason: "expired_on_confirmation" } }, "canceled"],
    [{ status: "canceled", cancellation_details: { party: "merchant", reason: "canceled_by_merchant" } }, "canceled"],
    [{ status: "canceled", cancellation_details: { party: "payment_network", reason: "general_decline" } }, "failed"],
  ])("%j → %s", (payment, expected) => {
    expect(yookassaPaymentStatus({ ...base, ...payment } as any)).toBe(expected)
  })

  it("refuses a status it does not know", () => {
    expect(() => yookassaPaymentStatus({ ...base, status: "done" })).toThrow(/not supported/)
  })
})

describe("yookassaPaymentState", () => {
  it("takes our payment id from metadata, paid_at from captured_at and the payer's bank", () => {
    const state = yookassaPaymentState({
      id: "2f0a1b2c-000f-5000-a000-000000000009",
      status: "succeeded",
      amount: rub("1234.56"),
      captured_at: "2026-03-01T10:00:05.000Z",
      metadata: { in_store_payment_id: "isp_1", order_id: "order_1" },
      payment_method: { type: "sbp", payer_bank_details: { bank_id: "100000000111", bic: "044525225" } },
    })
    expect(state).toMatchObject({
      acquirer_payment_id: "2f0a1b2c-000f-5000-a000-000000000009",
      status: "succeeded",
      amount: 123456,
      currency: "RUB",
      payment_ref: "isp_1",
      paid_at: "2026-03-01T10:00:05.000Z",
      details: { payer: "SBP, bank 100000000111, BIC 044525225", message: null },
    })
  })

  it("says why a payment was canceled and has no paid_at", () => {
    const state = yookassaPaymentState({
      id: "p1", status: "canceled", amount: rub("1.00"), metadata: {},
      cancellation_details: { party: "yoo_money", reason: "expired_on_confirmation" },
    })
    expect(state).toMatchObject({ status: "canceled", payment_ref: null, paid_at: null, details: { message: "yoo_money: expired_on_confirmation" } })
  })

  it("refuses a body that is not a payment", () => {
    expect(() => yookassaPaymentState({ type: "error" })).toThrow(/no id/)
  })
})

const sources: SourceLine[] = [
  { title: "Кружка", quantity: 3, list_unit_price: 33333, total: 89999, vat: "vat22", payment_object: "commodity" },
  { title: "Сборка", quantity: 1, list_unit_price: 50000, total: 50000, vat: "none", payment_object: "service" },
]
const receiptInput = (over: Partial<YookassaReceiptInput> = {}): YookassaReceiptInput => ({
  lines: buildPayLines(sources, 139999),
  amount: 139999,
  currency: "RUB",
  email: "buyer@example.com",
  phone: null,
  taxation: "usn_income",
  ...over,
})

describe("buildYookassaReceipt", () => {
  it("builds items with the unit price in amount, YooKassa's VAT and tax system codes", () => {
    expect(buildYookassaReceipt(receiptInput())).toEqual({
      customer: { email: "buyer@example.com" },
      tax_system_code: 2,
      items: [
        { description: "Кружка", quantity: 1, amount: rub("299.99"), vat_code: 11, payment_subject: "commodity", payment_mode: "full_payment", measure: "piece" },
        { description: "Кружка", quantity: 2, amount: rub("300.00"), vat_code: 11, payment_subject: "commodity", payment_mode: "full_payment", measure: "piece" },
        { description: "Сборка", quantity: 1, amount: rub("500.00"), vat_code: 1, payment_subject: "service", payment_mode: "full_payment", measure: "piece" },
      ],
    })
  })

  it("maps every VAT code of ours to YooKassa's 1…12, each once", () => {
    const codes = VAT_CODES.map((c) => YOOKASSA_VAT_CODES[c])
    expect([...codes].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
    expect(YOOKASSA_VAT_CODES).toMatchObject({ none: 1, vat0: 2, vat10: 3, vat20: 4, vat110: 5, vat120: 6, vat5: 7, vat7: 8, vat105: 9, vat107: 10, vat22: 11, vat122: 12 })
  })

  it("sends the phone as E.164 digits when there is no e-mail, and a prepayment as partial_prepayment", () => {
    const receipt: any = buildYookassaReceipt(receiptInput({ email: null, phone: "8 (916) 123-45-67", lines: buildPayLines(sources, 139999, "prepayment") }))
    expect(receipt.customer).toEqual({ phone: "79161234567" })
    expect(receipt.items[0].payment_mode).toBe("partial_prepayment")
  })

  it("cuts long names to 128 characters", () => {
    const receipt: any = buildYookassaReceipt(receiptInput({ lines: buildPayLines([{ ...sources[1], title: "я".repeat(300) }], 50000), amount: 50000 }))
    expect([...receipt.items[0].description]).toHaveLength(128)
  })

  it.each<[Partial<YookassaReceiptInput>, string]>([
    [{ email: null, phone: null }, "customer"],
    [{ taxation: "envd" }, "tax_system_code"],
    [{ lines: [] }, "items"],
    [{ amount: 1 }, "items"],
    [{ currency: "USD" }, "currency"],
    [{ lines: buildPayLines([{ ...sources[0], vat: null, vat_problem: "rate 13 %" }], 89999), amount: 89999 }, "items[0].vat_code"],
  ])("refuses %j naming %s", (over, field) => {
    expect(() => buildYookassaReceipt(receiptInput(over))).toThrow(expect.objectContaining({ field }))
    expect(() => buildYookassaReceipt(receiptInput(over))).toThrow(ReceiptDataError)
  })

  it("items always add up to the payment amount", () => {
    const line = fc.record({
      title: fc.string({ maxLength: 200 }),
      quantity: fc.integer({ min: 1, max: 50 }),
      list_unit_price: fc.integer({ min: 0, max: 5_000_000 }),
      total: fc.integer({ min: 1, max: 50_000_000 }),
      vat: fc.constantFrom(...VAT_CODES),
      payment_object: fc.constantFrom("commodity" as const, "service" as const),
    })
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 20 }), fc.double({ min: 0.01, max: 1, noNaN: true }), (lines, share) => {
        const sum = lines.reduce((a, l) => a + l.total, 0)
        const amount = Math.max(1, Math.floor(sum * share))
        const receipt: any = buildYookassaReceipt(receiptInput({ lines: buildPayLines(lines, amount), amount }))
        const total = receipt.items.reduce((a: number, i: any) => a + fromYookassaAmount(i.amount).minor * i.quantity, 0)
        expect(total).toBe(amount)
        for (const item of receipt.items) expect([...item.description].length).toBeLessThanOrEqual(128)
      })
    )
  })
})

describe("parseYookassaNotification", () => {
  const payment = { id: "2f0a1b2c-000f-5000-a000-000000000009", status: "succeeded" }
  it("is a hint naming the payment, for payment and refund events, from an object or raw text", () => {
    expect(parseYookassaNotification({ type: "notification", event: "payment.succeeded", object: payment })).toEqual({ kind: "hint", acquirer_payment_id: payment.id })
    expect(parseYookassaNotification(JSON.stringify({ type: "notification", event: "payment.canceled", object: payment }))).toEqual({ kind: "hint", acquirer_payment_id: payment.id })
    expect(parseYookassaNotification({ type: "notification", event: "refund.succeeded", object: { id: "r-1", payment_id: payment.id } })).toEqual({ kind: "hint", acquirer_payment_id: payment.id })
  })

  it.each<[unknown, string]>([
    ["not json", "body"],
    [[1], "body"],
    [{ event: "payment.succeeded", object: payment }, "type"],
    [{ type: "notification", event: "payment.refunded", object: payment }, "event"],
    [{ type: "notification", event: "payment.succeeded" }, "object"],
    [{ type: "notification", event: "payment.succeeded", object: { id: "../etc" } }, "object.id"],
    [{ type: "notification", event: "refund.succeeded", object: { id: "r-1" } }, "object.payment_id"],
  ])("rejects %j naming %s", (body, field) => {
    expect(parseYookassaNotification(body)).toMatchObject({ kind: "rejected", field })
  })
})

describe("yookassaDescription / describeYookassaError", () => {
  it("keeps descriptions within 128 characters", () => {
    expect(yookassaDescription("  Заказ   №72 ")).toBe("Заказ №72")
    expect([...yookassaDescription("x".repeat(500))]).toHaveLength(128)
  })

  it("names YooKassa's code, description and parameter", () => {
    expect(describeYookassaError(400, { type: "error", id: "e1", code: "invalid_request", description: "Idempotence key duplicated", parameter: "Idempotence-Key" }))
      .toEqual({ code: "invalid_request", message: "HTTP 400 invalid_request Idempotence key duplicated (parameter: Idempotence-Key) [error id e1]" })
    expect(describeYookassaError(502, null)).toEqual({ code: "http_502", message: "HTTP 502 http_502" })
  })
})
