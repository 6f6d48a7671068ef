import { createHmac } from "node:crypto"
import fc from "fast-check"
import type { PayLine } from "../lines"
import { buildCustomSchemeLink, type LinkOrder, parseCustomSchemeLink, verifyCustomSchemeLink } from "./custom-scheme"

const order: LinkOrder = {
  v: 1,
  payment_id: "isp_01",
  order_id: "order_01",
  display_id: 42,
  amount: 305048,
  currency: "RUB",
  expires_at: "2026-11-23T10:30:00.000Z",
  lines: [
    { title: "Чайник «Утро»", quantity: 1, unit_price: 305048, total: 305048, vat: "vat22", payment_object: "commodity", payment_method: "full_payment" },
  ],
  receipt_by: "terminal",
}
const callbackUrl = "https://shop.example/hooks/in-store/isp_01?x=1&y=ä"

describe("buildCustomSchemeLink", () => {
  it("follows CONTRACT §3 exactly", () => {
    const link = buildCustomSchemeLink({ scheme: "kassa-api", secret: "s3cret", callbackUrl, order })
    const orderParam = Buffer.from(JSON.stringify(order)).toString("base64url")
    const sig = createHmac("sha256", "s3cret").update(`order=${orderParam}&callback=${callbackUrl}`).digest("hex")
    expect(link).toBe(`kassa-api://payNow?order=${orderParam}&callback=${encodeURIComponent(callbackUrl)}&sig=${sig}`)
    expect(orderParam).not.toMatch(/[=+/]/)
  })

  it.each(["Kassa", "1app", "", "a b", "a_b", "a:b"])("rejects the scheme %p", (scheme) => {
    expect(() => buildCustomSchemeLink({ scheme, secret: "s", callbackUrl, order })).toThrow("Invalid URL scheme")
  })

  it("rejects a malformed order", () => {
    expect(() => buildCustomSchemeLink({ scheme: "a", secret: "s", callbackUrl, order: { ...order, amount: 1.5 } })).toThrow(
      "amount must be a non-negative integer"
    )
  })
})

describe("parseCustomSchemeLink / verifyCustomSchemeLink", () => {
  const link = buildCustomSchemeLink({ scheme: "kassa-api", secret: "s3cret", callbackUrl, order })

  it("parses what it built", () => {
    const parsed = parseCustomSchemeLink(link)
    expect(parsed.scheme).toBe("kassa-api")
    expect(parsed.order).toEqual(order)
    expect(parsed.callbackUrl).toBe(callbackUrl)
    expect(parsed.sig).toMatch(/^[0-9a-f]{64}$/)
    expect(parsed.signedMessage).toMatch(/^order=[A-Za-z0-9_-]+&callback=https:\/\/shop\.example\/hooks\/in-store\/isp_01\?x=1&y=ä$/)
    expect(verifyCustomSchemeLink(link, "s3cret")).toBe(true)
    expect(verifyCustomSchemeLink(link, "other")).toBe(false)
  })

  it.each([
    ["not a link", "expected <scheme>://payNow"],
    ["kassa://pay?order=a", "expected <scheme>://payNow"],
    ["Kassa://payNow?order=a&callback=b&sig=c", "Invalid URL scheme"],
    ["kassa://payNow?callback=b&sig=c", "order is missing"],
    ["kassa://payNow?order=a&order=a&callback=b&sig=c", "repeats the parameter order"],
    ["kassa://payNow?order=a&sig=c", "callback is missing"],
    ["kassa://payNow?order=a&callback=b", "sig is missing"],
    ["kassa://payNow?order=a&callback=%E0&sig=c", "not URL-encoded"],
    ["kassa://payNow?order=bm90IGpzb24&callback=b&sig=c", "not base64url-encoded JSON"],
    [`kassa://payNow?order=${Buffer.from('{"v":2}').toString("base64url")}&callback=b&sig=c`, "v must be 1"],
  ])("rejects %p", (bad, message) => {
    expect(() => parseCustomSchemeLink(bad)).toThrow(message)
    expect(verifyCustomSchemeLink(bad, "s3cret")).toBe(false)
  })

  it("fails verification when any character of the order parameter changes", () => {
    const start = link.indexOf("order=") + "order=".length
    const end = link.indexOf("&callback=")
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    for (let i = start; i < end; i++) {
      const replacement = alphabet[(alphabet.indexOf(link[i]) + 1) % alphabet.length]
      const tampered = link.slice(0, i) + replacement + link.slice(i + 1)
      expect(verifyCustomSchemeLink(tampered, "s3cret")).toBe(false)
    }
  })

  it("fails verification when the order JSON is changed and re-encoded, or the callback changes", () => {
    const sig = parseCustomSchemeLink(link).sig
    const forged = Buffer.from(JSON.stringify({ ...order, amount: 1 })).toString("base64url")
    expect(verifyCustomSchemeLink(`kassa-api://payNow?order=${forged}&callback=${encodeURIComponent(callbackUrl)}&sig=${sig}`, "s3cret")).toBe(false)
    expect(verifyCustomSchemeLink(link.replace("isp_01%3F", "isp_02%3F"), "s3cret")).toBe(false)
  })
})

describe("round trip", () => {
  const payLine: fc.Arbitrary<PayLine> = fc.record({
    title: fc.oneof(fc.fullUnicodeString(), fc.constantFrom("Молоко 3,2 %", "Хлеб «Бородинский»", "Ёлка & шар")),
    quantity: fc.integer({ min: 1, max: 1000 }),
    unit_price: fc.integer({ min: 0, max: 1e9 }),
    total: fc.integer({ min: 0, max: 1e12 }),
    vat: fc.constantFrom("none", "vat0", "vat10", "vat22", "vat122"),
    payment_object: fc.constantFrom("commodity", "service", "payment", "another"),
    payment_method: fc.constantFrom("full_payment", "full_prepayment", "advance"),
  })
  const linkOrder: fc.Arbitrary<LinkOrder> = fc.record({
    v: fc.constant(1 as const),
    payment_id: fc.string({ minLength: 1 }),
    order_id: fc.string({ minLength: 1 }),
    display_id: fc.oneof(fc.nat(), fc.string()),
    amount: fc.nat(),
    currency: fc.constantFrom("RUB", "USD", "KZT"),
    expires_at: fc.date({ min: new Date(0), max: new Date(4e12) }).map((d) => d.toISOString()),
    lines: fc.array(payLine, { maxLength: 8 }),
    receipt_by: fc.constantFrom("store", "terminal", "none"),
  })

  it("parse(build(x)) gives x back and verifies", () => {
    fc.assert(
      fc.property(
        linkOrder,
        fc.webUrl({ withQueryParameters: true, withFragments: true }),
        fc.stringMatching(/^[a-z][a-z0-9+.-]{0,15}$/),
        fc.string({ minLength: 1 }),
        (o, url, scheme, secret) => {
          const link = buildCustomSchemeLink({ scheme, secret, callbackUrl: url, order: o })
          const parsed = parseCustomSchemeLink(link)
          expect(parsed.order).toEqual(o)
          expect(parsed.callbackUrl).toBe(url)
          expect(parsed.scheme).toBe(scheme)
          expect(verifyCustomSchemeLink(link, secret)).toBe(true)
          expect(verifyCustomSchemeLink(link, secret + "x")).toBe(false)
        }
      ),
      { numRuns: 300 }
    )
  })
})
