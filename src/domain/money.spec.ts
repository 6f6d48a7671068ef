import fc from "fast-check"
import { allocateByLargestRemainder, currencyExponent, fromMinorUnits, toMinorUnits } from "./money"

describe("currencyExponent", () => {
  it.each([
    ["RUB", 2], ["usd", 2], ["EUR", 2], ["JPY", 0], ["krw", 0], ["VND", 0], ["CLP", 0], ["ISK", 0],
    ["KWD", 3], ["bhd", 3], ["JOD", 3], ["OMR", 3], ["TND", 3], ["IQD", 3], ["LYD", 3], ["XYZ", 2],
  ])("%s → %i", (code, exponent) => {
    expect(currencyExponent(code)).toBe(exponent)
  })
})

describe("toMinorUnits", () => {
  it.each<[number | string, number, number]>([
    [1.005, 2, 101],
    ["3050.482", 2, 305048],
    [3050.482, 2, 305048],
    [0.1 + 0.2, 2, 30],
    ["-12.5", 2, -1250],
    [-0.005, 2, -1],
    [0.005, 2, 1],
    [-0.004, 2, 0],
    [1e-7, 2, 0],
    ["1e-7", 2, 0],
    ["1.5e3", 2, 150000],
    [2.675, 2, 268],
    [1999.99, 2, 199999],
    ["0.0005", 3, 1],
    ["12.5", 0, 13],
    ["-12.5", 0, -13],
    [".5", 2, 50],
    ["7", 2, 700],
    [" 42.10 ", 2, 4210],
    [1e13, 2, 1e15],
    [-0, 2, 0],
  ])("%p at exponent %i → %i", (value, exponent, expected) => {
    expect(toMinorUnits(value, exponent)).toBe(expected)
  })

  it("never returns negative zero", () => {
    expect(Object.is(toMinorUnits("-0.001", 2), 0)).toBe(true)
  })

  it.each<[unknown, string]>([
    [NaN, "not a finite number"],
    [Infinity, "not a finite number"],
    ["abc", "not a decimal number"],
    ["", "not a decimal number"],
    ["1,5", "not a decimal number"],
    ["1.2.3", "not a decimal number"],
    ["-", "not a decimal number"],
    ["1e400", "exponent out of range"],
    ["1e30", "too large"],
    [null, "expected a number or a decimal string"],
  ])("rejects %p", (value, message) => {
    expect(() => toMinorUnits(value as number, 2)).toThrow(message)
  })

  it("rejects a bad exponent", () => {
    expect(() => toMinorUnits(1, -1)).toThrow("exponent")
    expect(() => toMinorUnits(1, 1.5)).toThrow("exponent")
  })

  it("is exact on any integer number of minor units written as a decimal string", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e15, max: 1e15 }), fc.integer({ min: 0, max: 4 }), (minor, exponent) => {
        expect(toMinorUnits(fromMinorUnits(minor, exponent), exponent)).toBe(minor)
      })
    )
  })

  it("rounds half-up like the digits say, for numbers with a few decimals", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e9, max: 1e9 }), (thousandths) => {
        const value = thousandths / 1000
        const magnitude = Math.abs(thousandths)
        const expected = Math.floor(magnitude / 10) + (magnitude % 10 >= 5 ? 1 : 0)
        expect(toMinorUnits(value, 2)).toBe(thousandths < 0 ? -expected || 0 : expected)
      })
    )
  })
})

describe("fromMinorUnits", () => {
  it.each<[number, number, string]>([
    [305048, 2, "3050.48"],
    [5, 2, "0.05"],
    [-5, 2, "-0.05"],
    [0, 2, "0.00"],
    [1234, 0, "1234"],
    [1, 3, "0.001"],
    [-123456, 3, "-123.456"],
  ])("%i at exponent %i → %s", (minor, exponent, text) => {
    expect(fromMinorUnits(minor, exponent)).toBe(text)
  })

  it("rejects non-integers", () => {
    expect(() => fromMinorUnits(1.5, 2)).toThrow("safe integer")
    expect(() => fromMinorUnits(Number.MAX_SAFE_INTEGER + 1, 2)).toThrow("safe integer")
  })
})

describe("allocateByLargestRemainder", () => {
  it("splits in proportion and sums exactly", () => {
    expect(allocateByLargestRemainder(100, [1, 1, 1])).toEqual([34, 33, 33])
    expect(allocateByLargestRemainder(10, [3, 7])).toEqual([3, 7])
    expect(allocateByLargestRemainder(-100, [1, 1, 1])).toEqual([-34, -33, -33])
    expect(allocateByLargestRemainder(0, [5, 3])).toEqual([0, 0])
  })

  it("breaks ties by larger weight, then lower index", () => {
    expect(allocateByLargestRemainder(1, [1, 3, 1, 3])).toEqual([0, 1, 0, 0])
    expect(allocateByLargestRemainder(1, [2, 2])).toEqual([1, 0])
  })

  it("gives nothing to zero weights", () => {
    expect(allocateByLargestRemainder(7, [0, 1, 0])).toEqual([0, 7, 0])
  })

  it("splits evenly when every weight is zero", () => {
    expect(allocateByLargestRemainder(5, [0, 0, 0])).toEqual([2, 2, 1])
    expect(allocateByLargestRemainder(-5, [0, 0])).toEqual([-3, -2])
  })

  it("handles empty weights", () => {
    expect(allocateByLargestRemainder(0, [])).toEqual([])
    expect(() => allocateByLargestRemainder(1, [])).toThrow("no parts")
  })

  it("rejects bad input", () => {
    expect(() => allocateByLargestRemainder(1.5, [1])).toThrow("total")
    expect(() => allocateByLargestRemainder(1, [-1])).toThrow("weights[0]")
    expect(() => allocateByLargestRemainder(1, [0.5])).toThrow("weights[0]")
  })

  it("keeps precision for large values", () => {
    const total = Number.MAX_SAFE_INTEGER
    const parts = allocateByLargestRemainder(total, [Number.MAX_SAFE_INTEGER, 1, Number.MAX_SAFE_INTEGER])
    expect(parts.reduce((a, b) => a + b, 0)).toBe(total)
  })

  it("sums exactly, each part is floor or ceil of its share, deterministic", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e12, max: 1e12 }),
        fc.array(fc.nat({ max: 1e9 }), { minLength: 1, maxLength: 30 }),
        (total, weights) => {
          const parts = allocateByLargestRemainder(total, weights)
          expect(parts).toHaveLength(weights.length)
          expect(parts.reduce((a, b) => a + b, 0)).toBe(total)
          const effective = weights.every((w) => w === 0) ? weights.map(() => 1) : weights
          const sum = BigInt(effective.reduce((a, b) => a + b, 0))
          parts.forEach((part, i) => {
            const exact = BigInt(total) * BigInt(effective[i]) // share = exact / sum
            const p = BigInt(part) * sum
            expect(p - exact < sum && exact - p < sum).toBe(true)
          })
          expect(allocateByLargestRemainder(total, weights)).toEqual(parts)
          expect(allocateByLargestRemainder(-total, weights)).toEqual(parts.map((p) => -p || 0))
        }
      )
    )
  })
})
