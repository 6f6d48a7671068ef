import fc from "fast-check"
import { buildPayLines, type PayLine, type SourceLine } from "./lines"

const line = (over: Partial<SourceLine>): SourceLine => ({
  title: "Item",
  quantity: 1,
  list_unit_price: 0,
  total: 0,
  vat: "vat22",
  payment_object: "commodity",
  ...over,
})

const sum = (lines: PayLine[]) => lines.reduce((acc, l) => acc + l.total, 0)

describe("buildPayLines", () => {
  it("keeps lines that already match the amount", () => {
    const out = buildPayLines(
      [line({ title: " Mug ", quantity: 2, list_unit_price: 50000, total: 100000, reference: "item_1" })],
      100000
    )
    expect(out).toEqual([
      {
        title: "Mug",
        quantity: 2,
        unit_price: 50000,
        total: 100000,
        vat: "vat22",
        payment_object: "commodity",
        payment_method: "full_payment",
        reference: "item_1",
      },
    ])
  })

  it("handles the contract's 10 % promotion example (3 × 333.33 + 1999.99 + 350.50 shipping)", () => {
    // Medusa totals: 899.991, 1799.991, 350.50 → 3050.482, charged 305048 kopecks.
    const sources = [
      line({ title: "Cup", quantity: 3, list_unit_price: 33333, total: 89999 }),
      line({ title: "Kettle", quantity: 1, list_unit_price: 199999, total: 179999 }),
      line({ title: "Shipping", quantity: 1, list_unit_price: 35050, total: 35050, payment_object: "service", reference: "shipping" }),
    ]
    const out = buildPayLines(sources, 305048)
    expect(sum(out)).toBe(305048)
    expect(out.map((l) => [l.title, l.quantity, l.unit_price, l.total])).toEqual([
      ["Cup", 1, 29999, 29999],
      ["Cup", 2, 30000, 60000],
      ["Kettle", 1, 179999, 179999],
      ["Shipping", 1, 35050, 35050],
    ])
  })

  it("splits a line whose total is not divisible by its quantity", () => {
    const out = buildPayLines([line({ quantity: 3, total: 100 })], 100)
    expect(out.map((l) => [l.quantity, l.unit_price, l.total])).toEqual([
      [2, 33, 66],
      [1, 34, 34],
    ])
  })

  it("spreads a partial amount in proportion to line totals", () => {
    const out = buildPayLines([line({ total: 3000 }), line({ total: 1000 })], 2000)
    expect(out.map((l) => l.total)).toEqual([1500, 500])
  })

  it("adds a rounding kopeck to the largest remainder", () => {
    const out = buildPayLines([line({ total: 100 }), line({ total: 200 })], 301)
    expect(out.map((l) => l.total)).toEqual([100, 201])
  })

  it("drops lines that end at zero and free lines", () => {
    const out = buildPayLines([line({ title: "Gift", total: 0 }), line({ title: "A", total: 1 }), line({ title: "B", total: 999 })], 400)
    // shares of −600: A −0.6 → −1 (largest remainder), B −599.4 → −599 … −600 in all
    expect(out.map((l) => [l.title, l.total])).toEqual([["B", 400]])
  })

  it("drops the zero-priced part when quantity exceeds the total in minor units", () => {
    const out = buildPayLines([line({ quantity: 10, total: 5 })], 5)
    expect(out.map((l) => [l.quantity, l.unit_price, l.total])).toEqual([[5, 1, 5]])
  })

  it("names untitled lines and passes the payment method on", () => {
    const out = buildPayLines([line({ title: "   ", total: 10 })], 10, "full_prepayment")
    expect(out[0].title).toBe("Item")
    expect(out[0].payment_method).toBe("full_prepayment")
    expect(out[0]).not.toHaveProperty("reference")
  })

  it("returns no lines for a zero amount", () => {
    expect(buildPayLines([line({ total: 100 })], 0)).toEqual([])
    expect(buildPayLines([], 0)).toEqual([])
  })

  it.each<[SourceLine[], number, string]>([
    [[line({ total: 1 })], -1, "amount must be a non-negative integer"],
    [[line({ total: 1 })], 0.5, "amount must be a non-negative integer"],
    [[line({ quantity: 0, total: 1 })], 1, "lines[0].quantity must be a positive integer"],
    [[line({ quantity: 1.5, total: 1 })], 1, "lines[0].quantity must be a positive integer"],
    [[line({ total: -1 })], 1, "lines[0].total must be a non-negative integer"],
    [[line({ total: 1.5 })], 1, "lines[0].total must be a non-negative integer"],
    [[line({ total: 1, list_unit_price: -1 })], 1, "lines[0].list_unit_price"],
    [[line({ total: 1, vat: "vat18" as never })], 1, "lines[0].vat"],
    [[line({ total: 1, payment_object: "goods" as never })], 1, "lines[0].payment_object"],
    [[], 1, "over lines that total 0"],
    [[line({ total: 0 })], 1, "over lines that total 0"],
  ])("rejects bad input (%#)", (sources, amount, message) => {
    expect(() => buildPayLines(sources, amount)).toThrow(message)
  })

  it("rejects an unknown payment method", () => {
    expect(() => buildPayLines([line({ total: 1 })], 1, "cash" as never)).toThrow("payment method")
  })

  it("sums exactly to any amount up to the cart total, with price × quantity = total", () => {
    const cart = fc.array(
      fc.record({ quantity: fc.integer({ min: 1, max: 20 }), total: fc.integer({ min: 0, max: 1e7 }), title: fc.string() }),
      { minLength: 1, maxLength: 10 }
    )
    fc.assert(
      fc.property(
        cart.filter((c) => c.some((l) => l.total > 0)),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (items, fraction) => {
          const sources = items.map((i) => line({ ...i, list_unit_price: Math.ceil(i.total / i.quantity) }))
          const cartTotal = items.reduce((acc, i) => acc + i.total, 0)
          const amount = Math.floor(cartTotal * fraction)
          const out = buildPayLines(sources, amount)
          expect(sum(out)).toBe(amount)
          expect(out.length).toBeLessThanOrEqual(2 * sources.length)
          for (const l of out) {
            expect(l.unit_price * l.quantity).toBe(l.total)
            expect(l.total).toBeGreaterThan(0)
            expect(l.unit_price).toBeGreaterThan(0)
            expect(Number.isInteger(l.quantity) && l.quantity > 0).toBe(true)
            expect(l.title.length).toBeGreaterThan(0)
          }
        }
      ),
      { numRuns: 500 }
    )
  })

  it("never gives a line more than it cost when charging less than the cart", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 1e6 }), { minLength: 1, maxLength: 10 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (totals, fraction) => {
          const sources = totals.map((total, i) => line({ total, reference: `r${i}` }))
          const amount = Math.floor(totals.reduce((a, b) => a + b, 0) * fraction)
          const perRef = new Map<string, number>()
          for (const l of buildPayLines(sources, amount)) perRef.set(l.reference!, (perRef.get(l.reference!) ?? 0) + l.total)
          totals.forEach((total, i) => expect(perRef.get(`r${i}`) ?? 0).toBeLessThanOrEqual(total))
        }
      )
    )
  })
})
