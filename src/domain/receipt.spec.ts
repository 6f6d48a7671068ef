import fc from "fast-check"
import { buildPayLines, type SourceLine } from "./lines"
import { atolTimestamp, buildReceiptRequest, normalizePhone, receiptItemName, ReceiptDataError, type ReceiptRequestInput } from "./receipt"
import { VAT_CODES, type VatCode } from "./vat"
// The emulator's validator: ATOL's own v4 schema and the v5 rules (dev/atol-emulator).
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { validateAtolRequest } = require("../../dev/atol-emulator")

const company = { inn: "5544332219", sno: "osn" as const, email: "shop@example.com", payment_address: "https://shop.example.com" }
const kopecks = (rubles: number) => Math.round(rubles * 100)

const input = (over: Partial<ReceiptRequestInput> = {}): ReceiptRequestInput => ({
  api_version: "v5",
  external_id: "isp_1",
  timestamp: new Date("2026-11-23T09:05:07Z"),
  company,
  client: { email: "buyer@example.com" },
  currency_code: "RUB",
  payment_type: 1,
  lines: buildPayLines(
    [
      { title: "Кружка / Mug", quantity: 3, list_unit_price: 33333, total: 89999, vat: "vat22", payment_object: "commodity" },
      { title: "Самовывоз", quantity: 1, list_unit_price: 0, total: 0, vat: "vat22", payment_object: "service" },
    ],
    89999
  ),
  ...over,
})

describe("buildReceiptRequest", () => {
  it("builds a v5 sell body: codes for measure and payment object, VAT sums, one cashless payment", () => {
    const body: any = buildReceiptRequest(input({ callback_url: "https://shop.example.com/hooks/fiscal/atol/fr_1" }))
    expect(body.timestamp).toBe("23.11.2026 12:05:07")
    expect(body.external_id).toBe("isp_1")
    expect(body.service).toEqual({ callback_url: "https://shop.example.com/hooks/fiscal/atol/fr_1" })
    expect(body.receipt.items).toEqual([
      { name: "Кружка / Mug", price: 299.99, quantity: 1, sum: 299.99, measure: 0, payment_method: "full_payment", payment_object: 1, vat: { type: "vat22", sum: 54.1 } },
      { name: "Кружка / Mug", price: 300, quantity: 2, sum: 600, measure: 0, payment_method: "full_payment", payment_object: 1, vat: { type: "vat22", sum: 108.2 } },
    ])
    expect(body.receipt.payments).toEqual([{ type: 1, sum: 899.99 }])
    expect(body.receipt.vats).toBeUndefined()
    expect(body.receipt.total).toBe(899.99)
    expect(body.receipt.client).toEqual({ email: "buyer@example.com" })
    expect(body.receipt.company).toEqual(company)
    expect(validateAtolRequest("v5", "sell", body)).toBeNull()
  })

  it("builds a v4 body with names instead of codes, valid against ATOL's v4 schema", () => {
    const body: any = buildReceiptRequest(input({ api_version: "v4", payment_type: 2 }))
    expect(body.receipt.items[0]).toMatchObject({ measurement_unit: "шт", payment_object: "commodity" })
    expect(body.receipt.items[0].measure).toBeUndefined()
    expect(body.receipt.payments).toEqual([{ type: 2, sum: 899.99 }])
    expect(validateAtolRequest("v4", "sell", body)).toBeNull()
  })

  it("uses the phone when there is no e-mail, and needs one of them", () => {
    const body: any = buildReceiptRequest(input({ client: { email: null, phone: "8 (916) 123-45-67" } }))
    expect(body.receipt.client).toEqual({ phone: "+79161234567" })
    expect(() => buildReceiptRequest(input({ client: {} }))).toThrow(expect.objectContaining({ field: "client" }))
  })

  it("refuses what the register would refuse, naming the field", () => {
    const lines = input().lines
    const unmapped = [{ ...lines[0], vat: null, vat_problem: 'Item "Mug": Tax rate 13 % has no fiscal VAT code' }]
    const error = (() => {
      try {
        buildReceiptRequest(input({ lines: unmapped }))
      } catch (e) {
        return e as ReceiptDataError
      }
    })()
    expect(error).toBeInstanceOf(ReceiptDataError)
    expect(error).toMatchObject({ field: "items[0].vat", code: "vat_unmappable" })
    expect(error!.message).toMatch(/13 %/)
    expect(() => buildReceiptRequest(input({ currency_code: "EUR" }))).toThrow(/RUB/)
    expect(() => buildReceiptRequest(input({ lines: [] }))).toThrow(expect.objectContaining({ field: "items" }))
    expect(() => buildReceiptRequest(input({ lines: [{ ...lines[0], total: lines[0].total + 1 }] }))).toThrow(
      expect.objectContaining({ field: "items[0].sum" })
    )
  })

  it("cuts names longer than the register's 128 characters, marking the cut", () => {
    const long = "Ж".repeat(200)
    const name = receiptItemName(long)
    expect([...name].length).toBe(128)
    expect(name.endsWith("…")).toBe(true)
    expect(receiptItemName("  Чай \n улун  ")).toBe("Чай улун")
    expect(receiptItemName("   ")).toBe("Товар")
    const body: any = buildReceiptRequest(input({ lines: input().lines.map((l) => ({ ...l, title: long })) }))
    expect(validateAtolRequest("v5", "sell", body)).toBeNull()
  })

  it("property: for any order and amount the receipt is valid and items = payments = total, to the kopeck", () => {
    const sourceLine = fc.record({
      title: fc.string({ minLength: 1, maxLength: 200 }),
      quantity: fc.integer({ min: 1, max: 50 }),
      total: fc.integer({ min: 1, max: 5_000_000 }),
      vat: fc.constantFrom<VatCode>(...VAT_CODES.filter((c) => !["vat5", "vat7", "vat105", "vat107"].includes(c))),
      payment_object: fc.constantFrom("commodity" as const, "service" as const),
    })
    fc.assert(
      fc.property(
        fc.array(sourceLine, { minLength: 1, maxLength: 12 }),
        fc.double({ min: 0.05, max: 1, noNaN: true }),
        fc.constantFrom("v5" as const, "v4" as const),
        (sources, share, version) => {
          const lines: SourceLine[] = sources.map((s) => ({ ...s, list_unit_price: Math.ceil(s.total / s.quantity) }))
          const full = lines.reduce((a, l) => a + l.total, 0)
          const amount = Math.max(1, Math.round(full * share))
          const pay = buildPayLines(lines, amount)
          if (pay.length > 100) return
          const body: any = buildReceiptRequest(input({ api_version: version, lines: pay }))
          const items = body.receipt.items.reduce((a: number, i: any) => a + kopecks(i.sum), 0)
          expect(items).toBe(amount)
          expect(kopecks(body.receipt.total)).toBe(amount)
          expect(kopecks(body.receipt.payments[0].sum)).toBe(amount)
          for (const item of body.receipt.items) expect(kopecks(item.price) * item.quantity).toBe(kopecks(item.sum))
          expect(validateAtolRequest(version, "sell", body)).toBeNull()
        }
      ),
      { numRuns: 150 }
    )
  })
})

describe("atolTimestamp and normalizePhone", () => {
  it("writes Moscow time as dd.mm.yyyy HH:MM:SS", () => {
    expect(atolTimestamp(new Date("2026-12-31T21:30:00Z"))).toBe("01.01.2027 00:30:00")
  })
  it("normalizes Russian numbers to +7 and rejects what is not a phone", () => {
    expect(normalizePhone("+7 916 123 45 67")).toBe("+79161234567")
    expect(normalizePhone("9161234567")).toBe("+79161234567")
    expect(normalizePhone("+44 20 7946 0958")).toBe("+442079460958")
    expect(normalizePhone("12-34")).toBeNull()
    expect(normalizePhone(null)).toBeNull()
  })
})
