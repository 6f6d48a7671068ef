import fc from "fast-check"
import { UnmappableVatRateError, VAT_CODES, vatAmount, vatCodeForRate, vatRatePercent } from "./vat"

describe("vatCodeForRate", () => {
  it.each<[number | null | undefined, string, string]>([
    [null, "none", "none"],
    [undefined, "none", "none"],
    [0, "vat0", "vat0"],
    [5, "vat5", "vat105"],
    [7, "vat7", "vat107"],
    [10, "vat10", "vat110"],
    [20, "vat20", "vat120"],
    [22, "vat22", "vat122"],
  ])("%p → %s (calculated %s)", (rate, plain, calculated) => {
    expect(vatCodeForRate(rate)).toBe(plain)
    expect(vatCodeForRate(rate, { inclusive: true })).toBe(plain)
    expect(vatCodeForRate(rate, { calculated: true })).toBe(calculated)
  })

  it.each([18, 10.5, -10, 0.22, NaN, Infinity, 100])("throws UnmappableVatRateError for %p", (rate) => {
    expect(() => vatCodeForRate(rate)).toThrow(UnmappableVatRateError)
    expect(() => vatCodeForRate(rate)).toThrow(`Tax rate ${rate} %`)
  })

  it("keeps the rate on the error", () => {
    try {
      vatCodeForRate(18)
      throw new Error("not thrown")
    } catch (e) {
      expect(e).toBeInstanceOf(UnmappableVatRateError)
      expect((e as UnmappableVatRateError).rate).toBe(18)
      expect((e as Error).name).toBe("UnmappableVatRateError")
    }
  })
})

describe("vatRatePercent", () => {
  it("reads every code", () => {
    expect(VAT_CODES.map(vatRatePercent)).toEqual([0, 0, 5, 7, 10, 20, 22, 5, 7, 10, 20, 22])
  })
  it("rejects unknown codes", () => {
    expect(() => vatRatePercent("vat18" as never)).toThrow("Unknown VAT code")
  })
})

describe("vatAmount", () => {
  it.each<[number, string, number]>([
    [12200, "vat22", 2200],
    [12200, "vat122", 2200],
    [11000, "vat10", 1000],
    [11000, "vat110", 1000],
    [12000, "vat20", 2000],
    [10500, "vat5", 500],
    [10700, "vat107", 700],
    [100, "vat22", 18], // 18.03
    [61, "vat22", 11], // 11.0 exactly
    [55, "vat10", 5], // 5.0
    [11, "vat10", 1],
    [33, "vat10", 3],
    [1, "vat20", 0], // 0.1666…
    [3, "vat20", 1], // 0.5 → half-up
    [-3, "vat20", -1],
    [270000, "vat22", 48689], // 48688.52…
    [999, "vat0", 0],
    [999, "none", 0],
  ])("%i with %s → %i", (total, code, vat) => {
    expect(vatAmount(total, code as never)).toBe(vat)
  })

  it("rejects non-integers", () => {
    expect(() => vatAmount(1.5, "vat22")).toThrow("safe integer")
  })

  it("is the half-up rounding of the exact share", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), fc.constantFrom(...VAT_CODES), (total, code) => {
        const r = BigInt(vatRatePercent(code))
        const vat = BigInt(vatAmount(total, code))
        const exact2 = (2n * BigInt(total) * r) // twice the share, times (100 + r)
        const d = 100n + r
        // |vat − share| ≤ 1/2 and exact halves go up
        expect(2n * vat * d - exact2 <= d).toBe(true)
        expect(exact2 - 2n * vat * d < d).toBe(true)
        expect(vatAmount(-total, code)).toBe(-Number(vat) || 0)
      })
    )
  })
})
