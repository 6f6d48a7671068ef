import { createHmac } from "node:crypto"
import fc from "fast-check"
import {
  canonicalString,
  hmacSha256Hex,
  isTimestampFresh,
  signCallback,
  verifyCallback,
  verifyHmacHex,
} from "./signature"

describe("canonicalString", () => {
  it("sorts by key bytes and keeps values raw", () => {
    expect(canonicalString({ ts: "1", amount: "503000", status: "succeeded", message: "a&b=c д" })).toBe(
      "amount=503000&message=a&b=c д&status=succeeded&ts=1"
    )
  })

  it("uses byte order, not locale order", () => {
    // Upper case sorts before lower case, "_" (0x5F) between them, non-ASCII after ASCII.
    expect(canonicalString({ b: "1", a: "2", B: "3", _x: "4", "я": "5", z: "6" })).toBe("B=3&_x=4&a=2&b=1&z=6&я=5")
  })

  it("is empty for no params", () => {
    expect(canonicalString({})).toBe("")
  })

  it("does not depend on insertion order", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.string()), (params) => {
        const reversed = Object.fromEntries(Object.entries(params).reverse())
        expect(canonicalString(reversed)).toBe(canonicalString(params))
      })
    )
  })
})

describe("hmacSha256Hex / verifyHmacHex", () => {
  it("matches the RFC 4231 test case 2", () => {
    expect(hmacSha256Hex("Jefe", "what do ya want for nothing?")).toBe(
      "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
    )
  })

  it("verifies and rejects", () => {
    const sig = hmacSha256Hex("secret", "message")
    expect(verifyHmacHex("secret", "message", sig)).toBe(true)
    expect(verifyHmacHex("secret", "message", sig.toUpperCase())).toBe(true)
    expect(verifyHmacHex("other", "message", sig)).toBe(false)
    expect(verifyHmacHex("secret", "message!", sig)).toBe(false)
    expect(verifyHmacHex("secret", "message", undefined)).toBe(false)
    expect(verifyHmacHex("secret", "message", "")).toBe(false)
    expect(verifyHmacHex("secret", "message", sig.slice(2))).toBe(false)
    expect(verifyHmacHex("secret", "message", sig + "00")).toBe(false)
    expect(verifyHmacHex("secret", "message", "zz" + sig.slice(2))).toBe(false)
    expect(verifyHmacHex("secret", "message", 42 as never)).toBe(false)
  })

  it("rejects any single changed hex digit", () => {
    const sig = hmacSha256Hex("k", "m")
    fc.assert(
      fc.property(fc.nat({ max: 63 }), fc.hexa(), (i, digit) => {
        fc.pre(sig[i] !== digit)
        expect(verifyHmacHex("k", "m", sig.slice(0, i) + digit + sig.slice(i + 1))).toBe(false)
      })
    )
  })
})

describe("signCallback / verifyCallback", () => {
  const params = { status: "succeeded", amount: "503000", currency: "RUB", txn: "T-1", ts: "1763893800" }

  it("signs every param except sig, plus the path's payment_id", () => {
    const message = "amount=503000&currency=RUB&payment_id=isp_1&status=succeeded&ts=1763893800&txn=T-1"
    const expected = createHmac("sha256", "s3cret").update(message).digest("hex")
    expect(signCallback("s3cret", "isp_1", params)).toBe(expected)
    expect(signCallback("s3cret", "isp_1", { ...params, sig: "ignored" })).toBe(expected)
  })

  it("verifies a signed result and nothing else", () => {
    const sig = signCallback("s3cret", "isp_1", params)
    expect(verifyCallback("s3cret", "isp_1", { ...params, sig })).toBe(true)
    expect(verifyCallback("s3cret", "isp_2", { ...params, sig })).toBe(false)
    expect(verifyCallback("wrong", "isp_1", { ...params, sig })).toBe(false)
    expect(verifyCallback("s3cret", "isp_1", { ...params, amount: "1", sig })).toBe(false)
    expect(verifyCallback("s3cret", "isp_1", { ...params, extra: "x", sig })).toBe(false)
    expect(verifyCallback("s3cret", "isp_1", params)).toBe(false)
  })

  it("accepts a payment_id param only when it equals the path", () => {
    const sig = signCallback("s3cret", "isp_1", params)
    expect(verifyCallback("s3cret", "isp_1", { ...params, payment_id: "isp_1", sig })).toBe(true)
    expect(verifyCallback("s3cret", "isp_1", { ...params, payment_id: "isp_2", sig })).toBe(false)
  })

  it("round-trips arbitrary params, including UTF-8", () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ minLength: 1 }).filter((k) => k !== "sig" && k !== "payment_id"), fc.fullUnicodeString()),
        fc.string({ minLength: 1 }),
        (p, id) => {
          const sig = signCallback("key", id, p)
          expect(verifyCallback("key", id, { ...p, sig })).toBe(true)
        }
      )
    )
  })
})

describe("isTimestampFresh", () => {
  const now = 1_763_893_800_000
  it.each<[number, boolean]>([
    [1_763_893_800, true],
    [1_763_893_800 - 300, true],
    [1_763_893_800 + 300, true],
    [1_763_893_800 - 301, false],
    [1_763_893_800 + 301, false],
    [NaN, false],
    [Infinity, false],
  ])("ts %p → %p", (ts, fresh) => {
    expect(isTimestampFresh(ts, now)).toBe(fresh)
  })

  it("honours a custom tolerance", () => {
    expect(isTimestampFresh(1_763_893_790, now, 10)).toBe(true)
    expect(isTimestampFresh(1_763_893_789, now, 10)).toBe(false)
  })
})
