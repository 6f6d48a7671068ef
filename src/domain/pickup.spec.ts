import fc from "fast-check"
import {
  decidePickupGate,
  formatHandoverCode,
  formatMoney,
  generateHandoverCode,
  handoverCodeMatches,
  isHandoverCode,
  normalizeHandoverCode,
  pickupStateOf,
  type PickupGateFacts,
} from "./pickup"

const unpaid: PickupGateFacts = { is_pickup: true, order_display_id: "12", owed: 287097, currency_code: "RUB", payment_optional: false }

describe("formatMoney", () => {
  it("groups thousands and uses a decimal comma", () => {
    expect(formatMoney(287097, "rub")).toBe("2 870,97 RUB")
    expect(formatMoney(5, "RUB")).toBe("0,05 RUB")
    expect(formatMoney(123456789, "RUB")).toBe("1 234 567,89 RUB")
    expect(formatMoney(1000, "JPY")).toBe("1 000 JPY")
  })
  it("keeps every kopeck: the digits read back are the amount", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 12 }), (minor) => {
        const digits = formatMoney(minor, "RUB").replace(/[ ,]|RUB/g, "")
        expect(Number(digits)).toBe(minor)
      })
    )
  })
})

describe("decidePickupGate", () => {
  it("refuses an unpaid pickup order naming the amount owed with its currency", () => {
    const decision = decidePickupGate(unpaid, "hand_over")
    expect(decision).toEqual({
      allowed: false,
      owed: 287097,
      message: "Order #12 still owes 2 870,97 RUB: its goods cannot be handed over until it is paid (Collect in store takes the payment)",
    })
    expect(decidePickupGate(unpaid, "fulfill")).toMatchObject({ allowed: false, message: expect.stringContaining("cannot be fulfilled") })
    expect(decidePickupGate(unpaid, "ship")).toMatchObject({ allowed: false, message: expect.stringContaining("marked shipped") })
  })
  it("lets through orders that are not pickups, are paid, or whose location makes payment optional", () => {
    expect(decidePickupGate({ ...unpaid, is_pickup: false }, "fulfill")).toEqual({ allowed: true, reason: "not_pickup" })
    expect(decidePickupGate({ ...unpaid, owed: 0 }, "fulfill")).toEqual({ allowed: true, reason: "paid" })
    expect(decidePickupGate({ ...unpaid, owed: -100 }, "fulfill")).toEqual({ allowed: true, reason: "paid" })
    expect(decidePickupGate({ ...unpaid, payment_optional: true }, "hand_over")).toEqual({ allowed: true, reason: "payment_optional" })
  })
  it("refuses exactly when a pickup order owes something at a strict location, whatever the operation", () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.integer({ min: -(10 ** 9), max: 10 ** 9 }),
        fc.boolean(),
        fc.constantFrom("fulfill" as const, "ship" as const, "hand_over" as const),
        (is_pickup, owed, payment_optional, operation) => {
          const decision = decidePickupGate({ ...unpaid, is_pickup, owed, payment_optional }, operation)
          expect(decision.allowed).toBe(!(is_pickup && owed > 0 && !payment_optional))
          if (!decision.allowed) expect(decision.message).toContain(formatMoney(owed, "RUB"))
        }
      )
    )
  })
})

describe("pickupStateOf", () => {
  it("is ready only when fulfilled and paid, handed over once recorded", () => {
    expect(pickupStateOf({ owed: 100, all_fulfilled: true, handed_over: false })).toBe("not_ready")
    expect(pickupStateOf({ owed: 0, all_fulfilled: false, handed_over: false })).toBe("not_ready")
    expect(pickupStateOf({ owed: 0, all_fulfilled: true, handed_over: false })).toBe("ready")
    expect(pickupStateOf({ owed: 100, all_fulfilled: true, handed_over: true })).toBe("handed_over")
  })
})

describe("handover code", () => {
  const random = (seed: number) => (max: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % max
  it("is six digits and matches itself however the seller types it", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 30 }), (seed) => {
        const code = generateHandoverCode(random(seed))
        expect(isHandoverCode(code)).toBe(true)
        expect(handoverCodeMatches(code, code)).toBe(true)
        expect(handoverCodeMatches(code, formatHandoverCode(code))).toBe(true)
        expect(handoverCodeMatches(code, ` ${code.slice(0, 2)}-${code.slice(2)} `)).toBe(true)
      })
    )
  })
  it("refuses any other code", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{6}$/), fc.string({ maxLength: 10 }), (code, other) => {
        fc.pre(normalizeHandoverCode(other) !== code)
        expect(handoverCodeMatches(code, other)).toBe(false)
      })
    )
    expect(handoverCodeMatches("123456", "123457")).toBe(false)
    expect(handoverCodeMatches("123456", "12345")).toBe(false)
    expect(handoverCodeMatches("123456", "１２３４５６")).toBe(true)
  })
  it("is shown in two groups of three", () => {
    expect(formatHandoverCode("042917")).toBe("042 917")
  })
})
