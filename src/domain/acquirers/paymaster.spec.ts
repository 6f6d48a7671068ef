import fc from "fast-check"
import { buildPayLines, type PayLine, type SourceLine } from "../lines"
import { VAT_CODES } from "../vat"
import {
  buildPaymasterReceipt,
  buildSbpPaymentBody,
  minorFromPaymasterAmount,
  minorFromPaymasterValue,
  nspkPayloadOf,
  ourPaymentStatus,
  ourRefundStatus,
  parsePaymasterNotification,
  paymasterAmount,
  readPaymasterPayment,
  receiptTotalMinor,
} from "./paymaster"

const line = (over: Partial<PayLine> = {}): PayLine => ({
  title: "Tea", quantity: 2, unit_price: 15050, total: 30100, vat: "vat22", payment_object: "commodity", payment_method: "full_payment", ...over,
})

describe("paymasterAmount / minorFromPaymasterValue", () => {
  it.each([
    [1, 0.01], [1000, 10], [123450, 1234.5], [100000000, 1000000], [7, 0.07], [110, 1.1],
  ])("%i kopecks ↔ %d rubles", (minor, rubles) => {
    expect(paymasterAmount(minor, "rub")).toEqual({ value: rubles, currency: "RUB" })
    expect(minorFromPaymasterValue(rubles, "RUB")).toBe(minor)
  })

  it("reads PayMaster's 4-decimal answers and decimal strings", () => {
    expect(minorFromPaymasterValue(10.5, "RUB")).toBe(1050)
    expect(minorFromPaymasterValue("10.5000", "RUB")).toBe(1050)
    expect(minorFromPaymasterAmount({ value: 10.5, currency: "rub" })).toEqual({ minor: 1050, currency: "RUB" })
  })

  it("refuses a fraction of a kopeck instead of rounding it, naming the field", () => {
    expect(() => minorFromPaymasterValue("10.005", "RUB")).toThrow("amount.value")
    expect(() => minorFromPaymasterValue(null, "RUB", "x.value")).toThrow("x.value")
    expect(() => minorFromPaymasterAmount({ value: 1, currency: "rubles" })).toThrow("amount.currency")
  })

  it("property: any kopeck amount survives JSON both ways exactly, with at most 2 decimals on the wire", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e13 }), (minor) => {
        const wire = JSON.stringify(paymasterAmount(minor, "RUB"))
        expect(wire).toMatch(/"value":\d+(\.\d{1,2})?,/)
        expect(minorFromPaymasterAmount(JSON.parse(wire)).minor).toBe(minor)
      }),
      { numRuns: 2000 }
    )
  })
})

describe("statuses", () => {
  it.each([
    ["Pending", "pending"], ["Confirmation", "pending"], ["Authorized", "pending"],
    ["Settled", "succeeded"], ["Cancelled", "canceled"], ["Rejected", "failed"], ["Refunded", null], [undefined, null],
  ])("payment %s → %s", (theirs, ours) => expect(ourPaymentStatus(theirs)).toBe(ours))

  it.each([["Pending", "pending"], ["Success", "succeeded"], ["Rejected", "failed"], ["Done", null]])(
    "refund %s → %s", (theirs, ours) => expect(ourRefundStatus(theirs)).toBe(ours)
  )
})

describe("buildPaymasterReceipt", () => {
  it("maps names, VAT, subject and method; phone without +", () => {
    const r = buildPaymasterReceipt([line(), line({ title: "Delivery", quantity: 1, unit_price: 990, total: 990, vat: "none", payment_object: "service" })],
      { email: null, phone: "+7 (900) 123-45-67" }, "RUB")
    expect(r).toEqual({
      client: { phone: "79001234567" },
      items: [
        { name: "Tea", quantity: 2, price: 150.5, vatType: "Vat22", paymentSubject: "Commodity", paymentMethod: "FullPayment" },
        { name: "Delivery", quantity: 1, price: 9.9, vatType: "None", paymentSubject: "Service", paymentMethod: "FullPayment" },
      ],
    })
    expect(receiptTotalMinor(r, "RUB")).toBe(31090)
  })

  it("has a PayMaster vatType for every VAT code", () => {
    for (const vat of VAT_CODES) expect(buildPaymasterReceipt([line({ vat })], { email: "a@b.c", phone: null }, "RUB").items[0].vatType).toMatch(/^(None|Vat\d+)$/)
  })

  it("refuses what it cannot say truthfully, naming the line", () => {
    expect(() => buildPaymasterReceipt([line({ vat: null, vat_problem: "rate 18 %" })], { email: "a@b.c", phone: null }, "RUB")).toThrow("lines[0] (Tea): rate 18 %")
    expect(() => buildPaymasterReceipt([line({ payment_method: "credit_payment" })], { email: "a@b.c", phone: null }, "RUB")).toThrow("credit_payment")
    expect(() => buildPaymasterReceipt([line()], { email: " ", phone: null }, "RUB")).toThrow("receipt.client")
  })

  it("property: receipt items (built from PayLines) add up to the amount exactly", () => {
    const source = fc.record({
      title: fc.string({ maxLength: 20 }),
      quantity: fc.integer({ min: 1, max: 50 }),
      list_unit_price: fc.integer({ min: 0, max: 5_000_000 }),
      total: fc.integer({ min: 1, max: 20_000_000 }),
      vat: fc.constantFrom(...VAT_CODES),
      payment_object: fc.constantFrom("commodity" as const, "service" as const),
    })
    fc.assert(
      fc.property(fc.array(source, { minLength: 1, maxLength: 8 }), fc.double({ min: 0.5, max: 1, noNaN: true }), (sources, share) => {
        const sum = sources.reduce((a, s) => a + s.total, 0)
        const amount = Math.max(1, Math.round(sum * share))
        let lines: PayLine[]
        try {
          lines = buildPayLines(sources as SourceLine[], amount)
        } catch {
          return // lines that cannot carry the amount are buildPayLines' concern
        }
        const receipt = buildPaymasterReceipt(lines, { email: "buyer@example.com", phone: null }, "RUB")
        const wire = JSON.parse(JSON.stringify(receipt))
        expect(receiptTotalMinor(wire, "RUB")).toBe(amount)
      }),
      { numRuns: 500 }
    )
  })
})

describe("buildSbpPaymentBody", () => {
  const input = {
    merchant_id: "m-1", payment_id: "isp_01", amount: 30100, currency: "RUB", description: "Order #42",
    expires_at: "2030-01-01T10:00:00+03:00", notification_url: "https://shop.example/hooks/paymaster", lines: [line()],
    receipt: { email: "a@b.c", phone: null },
  }

  it("is the documented SBP payment with orderNo = our payment id", () => {
    expect(buildSbpPaymentBody(input)).toEqual({
      merchantId: "m-1",
      invoice: { description: "Order #42", orderNo: "isp_01", expires: "2030-01-01T07:00:00.000Z" },
      amount: { value: 301, currency: "RUB" },
      paymentData: { paymentMethod: "SBP" },
      protocol: { callbackUrl: "https://shop.example/hooks/paymaster" },
      receipt: { client: { email: "a@b.c" }, items: [expect.objectContaining({ price: 150.5, quantity: 2 })] },
    })
    expect(buildSbpPaymentBody({ ...input, receipt: null, test_mode: true })).toMatchObject({ testMode: true })
    expect(buildSbpPaymentBody({ ...input, receipt: null })).not.toHaveProperty("receipt")
  })

  it("refuses a receipt that does not add up to the amount", () => {
    expect(() => buildSbpPaymentBody({ ...input, amount: 30000 })).toThrow("add up to 30100, not the amount 30000")
  })
})

describe("reading payments and notifications", () => {
  const payment = {
    id: "12769", created: "2021-09-01T08:20:00Z", status: "Settled", merchantId: "m-1",
    amount: { value: 10.5, currency: "RUB" }, invoice: { description: "x", orderNo: "isp_01" },
    paymentData: { paymentMethod: "SBP", paymentInstrumentTitle: "+7 900 ***-**-67" },
  }

  it("reads a payment", () => {
    expect(readPaymasterPayment(payment)).toEqual({
      id: "12769", status: "succeeded", paymaster_status: "Settled", amount: 1050, currency: "RUB", order_no: "isp_01",
      payer: "+7 900 ***-**-67", message: null,
    })
    expect(() => readPaymasterPayment({ ...payment, amount: { value: "ten", currency: "RUB" } })).toThrow("amount.value")
  })

  it("finds the NSPK link only in an External confirmation", () => {
    const url = "https://qr.nspk.ru/AD10006M8KH6JQ2U8VDL05ACD3P9EMIK?type=02&bank=100000000222&sum=1050&cur=RUB&crc=AB12"
    expect(nspkPayloadOf({ confirmation: { type: "External", paymentUrl: url } })).toBe(url)
    expect(nspkPayloadOf({ confirmation: { type: "External", paymentUrl: "https://paymaster.ru/cpay/x" } })).toBeNull()
    expect(nspkPayloadOf({})).toBeNull()
  })

  it("a notification is a hint with the payment id; malformed or foreign ones are rejected naming the field", () => {
    expect(parsePaymasterNotification(payment, "m-1")).toEqual({ kind: "hint", acquirer_payment_id: "12769" })
    expect(parsePaymasterNotification(JSON.stringify(payment), "m-1")).toEqual({ kind: "hint", acquirer_payment_id: "12769" })
    expect(parsePaymasterNotification({ status: "Settled" }, "m-1")).toMatchObject({ kind: "rejected", field: "id" })
    expect(parsePaymasterNotification({ id: { x: 1 } }, "m-1")).toMatchObject({ kind: "rejected", field: "id" })
    expect(parsePaymasterNotification("{oops", "m-1")).toMatchObject({ kind: "rejected", field: "(body)" })
    expect(parsePaymasterNotification([1], "m-1")).toMatchObject({ kind: "rejected", field: "(body)" })
    expect(parsePaymasterNotification(payment, "m-2")).toMatchObject({ kind: "rejected", field: "merchantId" })
  })
})
