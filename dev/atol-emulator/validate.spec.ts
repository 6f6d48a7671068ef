// The validator on its own (no HTTP): the edge cases of numbers, VAT codes and versions.
import { validateAtolRequest, sampleV4Sell, sampleV5Sell, formatAtolTimestamp } from "./index"

const { vatProblem, schemas } = require("./validate")

const withItem = (make: () => any, patch: Record<string, unknown>) => {
  const body = make()
  Object.assign(body.receipt.items[0], patch)
  return body
}

describe("validateAtolRequest", () => {
  it("accepts the samples", () => {
    expect(validateAtolRequest("v5", "sell", sampleV5Sell())).toBeNull()
    expect(validateAtolRequest("v4", "sell", sampleV4Sell())).toBeNull()
  })

  it("compares money in kopecks: 0.07, 1.15 and 19.99 pass, 1.005 does not", () => {
    for (const price of [0.07, 1.15, 19.99]) {
      const body = withItem(sampleV4Sell, { price, quantity: 1, sum: price })
      body.receipt.items = [body.receipt.items[0]]
      body.receipt.total = price
      body.receipt.payments = [{ type: 1, sum: price }]
      expect(validateAtolRequest("v4", "sell", body)).toBeNull()
    }
    expect(validateAtolRequest("v4", "sell", withItem(sampleV4Sell, { price: 1.005 }))).toBe(
      "receipt.items[0].price: must have at most 2 decimal places",
    )
  })

  it("rounds price × quantity half-up to the kopeck, exactly", () => {
    const body = withItem(sampleV5Sell, { price: 10.01, quantity: 0.5, sum: 5.01 }) // 5.005 → 5.01
    body.receipt.items = [body.receipt.items[0]]
    body.receipt.total = 5.01
    body.receipt.payments = [{ type: 1, sum: 5.01 }]
    body.receipt.vats = undefined
    expect(validateAtolRequest("v5", "sell", body)).toBeNull()
    body.receipt.items[0].sum = 5
    expect(validateAtolRequest("v5", "sell", body)).toMatch(/^receipt\.items\[0\]\.sum: must equal .* = 5\.01/)
    body.receipt.items[0].quantity = 0.0005
    expect(validateAtolRequest("v5", "sell", body)).toMatch(/^receipt\.items\[0\]\.quantity: /)
  })

  it("total must equal the sum of items unless a tolerance is given", () => {
    const body = sampleV4Sell()
    body.receipt.total = 189.5
    body.receipt.payments = [{ type: 1, sum: 189.5 }]
    expect(validateAtolRequest("v4", "sell", body)).toMatch(/^receipt\.total: /)
    expect(validateAtolRequest("v4", "sell", body, { totalToleranceKopecks: 99 })).toBeNull()
  })

  it("widens vat.type in v4 with the new rates but refuses vat18 in a sell", () => {
    for (const type of ["vat5", "vat7", "vat105", "vat107", "vat22", "vat122"]) {
      expect(validateAtolRequest("v4", "sell", withItem(sampleV4Sell, { vat: { type } }))).toBeNull()
    }
    expect(validateAtolRequest("v4", "sell", withItem(sampleV4Sell, { vat: { type: "vat18" } }))).toMatch(
      /^receipt\.items\[0\]\.vat\.type: vat18 is not accepted/,
    )
    expect(validateAtolRequest("v4", "sell", withItem(sampleV4Sell, { vat: undefined }))).toBe(
      "receipt.items[0].vat: is required",
    )
    expect(schemas().v4.receipt.properties.receipt.properties.vats.items.properties.type.enum).toContain("vat122")
  })

  it("v5: integer measure and payment_object, required payment_method, company fields", () => {
    expect(validateAtolRequest("v5", "sell", withItem(sampleV5Sell, { payment_object: 28 }))).toMatch(
      /^receipt\.items\[0\]\.payment_object: must be one of/,
    )
    expect(validateAtolRequest("v5", "sell", withItem(sampleV5Sell, { payment_object: "commodity" }))).toBe(
      "receipt.items[0].payment_object: must be integer",
    )
    expect(validateAtolRequest("v5", "sell", withItem(sampleV5Sell, { payment_method: undefined }))).toBe(
      "receipt.items[0].payment_method: is required",
    )
    const noEmail = sampleV5Sell()
    delete noEmail.receipt.company.email
    expect(validateAtolRequest("v5", "sell", noEmail)).toBe("receipt.company.email: is required")
    const tooMany = sampleV5Sell()
    tooMany.receipt.items = Array.from({ length: 101 }, () => tooMany.receipt.items[1])
    expect(validateAtolRequest("v5", "sell", tooMany)).toBe("receipt.items: must have at most 100 items")
    const phoneOnly = sampleV5Sell()
    phoneOnly.receipt.client = { phone: "+79990000000" }
    expect(validateAtolRequest("v5", "sell", phoneOnly)).toBeNull()
  })

  it("corrections: v4 needs correction_info with a dd.mm.yyyy base_date", () => {
    const body = {
      timestamp: formatAtolTimestamp(),
      external_id: "corr-1",
      correction: {
        company: { sno: "osn", inn: "5544332219", payment_address: "https://shop.example.com" },
        correction_info: { type: "self", base_date: "01.02.2026", base_number: "1" },
        payments: [{ type: 1, sum: 100 }],
        vats: [{ type: "vat22", sum: 18.03 }],
      },
    }
    expect(validateAtolRequest("v4", "sell_correction", body)).toBeNull()
    body.correction.correction_info.base_date = "2026-02-01"
    expect(validateAtolRequest("v4", "sell_correction", body)).toBe(
      "correction.correction_info.base_date: must be a date written as dd.mm.yyyy",
    )
  })
})

describe("VAT amount (checked on the register, not at registration)", () => {
  it("accepts the sample's amounts and flags a wrong one", () => {
    expect(vatProblem(sampleV5Sell())).toBeNull()
    const body = withItem(sampleV5Sell, { vat: { type: "vat22", sum: 5 } })
    expect(vatProblem(body)).toMatch(/items\[0\]\.vat\.sum/)
  })
})

it("formats timestamps as dd.mm.yyyy HH:MM:SS in Moscow time", () => {
  expect(formatAtolTimestamp(new Date("2026-01-31T21:30:05Z"))).toBe("01.02.2026 00:30:05")
})
