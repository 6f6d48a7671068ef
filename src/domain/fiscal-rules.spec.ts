import fc from "fast-check"
import { classifyRegistration, classifyReport, fiscalDataOf } from "./atol-answers"
import { isLate, pollDelayMs, retryDelayMs } from "./fiscal-schedule"
import { isValidInn } from "./inn"
import { resolveVatCode, UnmappableVatRateError } from "./vat"

const atolError = (code: number, type = "system") => ({ error: { code, text: `error ${code}`, type } })

describe("classifyRegistration", () => {
  it("accepts a uuid, and a duplicate external_id (33) with the existing uuid", () => {
    expect(classifyRegistration({ http: 200, body: { uuid: "u1", status: "wait", error: null } })).toEqual({ kind: "accepted", uuid: "u1", duplicate: false })
    expect(classifyRegistration({ http: 400, body: { uuid: "u1", status: "wait", ...atolError(33) } })).toEqual({ kind: "accepted", uuid: "u1", duplicate: true })
  })
  it("asks for a new token on 10/11, stops on configuration and data errors, retries the rest", () => {
    expect(classifyRegistration({ http: 401, body: atolError(11) }).kind).toBe("token")
    expect(classifyRegistration({ http: 401, body: atolError(10) }).kind).toBe("token")
    for (const code of [12, 13, 14, 20, 21, 31, 32, 40, 41]) {
      expect(classifyRegistration({ http: 400, body: atolError(code) })).toMatchObject({ kind: "final", error: { code } })
    }
    for (const code of [0, 1, 50]) expect(classifyRegistration({ http: 500, body: atolError(code) }).kind).toBe("retry")
    expect(classifyRegistration({ http: 502, body: null }).kind).toBe("retry")
    expect(classifyRegistration({ network: "ECONNREFUSED" })).toEqual({ kind: "retry", error: { code: "network", text: "ECONNREFUSED" } })
    // A 33 without a uuid cannot be polled: try again rather than lose the receipt.
    expect(classifyRegistration({ http: 400, body: atolError(33) }).kind).toBe("retry")
  })
})

describe("classifyReport", () => {
  it("reads done, wait (34 too), fail, and reissues only after a queue timeout", () => {
    expect(classifyReport({ http: 200, body: { status: "done", payload: { fn_number: "1" }, error: null } }).kind).toBe("done")
    expect(classifyReport({ http: 200, body: { status: "wait", payload: null, error: null } }).kind).toBe("wait")
    expect(classifyReport({ http: 200, body: { status: "wait", ...atolError(34) } }).kind).toBe("wait")
    expect(classifyReport({ http: 200, body: { status: "fail", ...atolError(2009, "agent") } })).toMatchObject({ kind: "failed", reissue: false })
    expect(classifyReport({ http: 200, body: { status: "fail", ...atolError(1, "timeout") } })).toMatchObject({ kind: "failed", reissue: true })
    expect(classifyReport({ http: 401, body: atolError(11) }).kind).toBe("token")
    expect(classifyReport({ network: "timeout" }).kind).toBe("retry")
    expect(classifyReport({ http: 500, body: atolError(50) }).kind).toBe("retry")
  })
  it("keeps the fiscal attributes a receipt is checked by", () => {
    expect(fiscalDataOf({ fn_number: "9999078900001234", fiscal_document_number: 12, fiscal_document_attribute: 3449555941, receipt_datetime: "23.11.2026 12:00:00" })).toMatchObject({
      fn: "9999078900001234",
      fd: 12,
      fp: 3449555941,
      receipt_datetime: "23.11.2026 12:00:00",
    })
  })
})

describe("schedule", () => {
  it("backs off exponentially to a cap and polls no faster than once a second", () => {
    expect([1, 2, 3, 4].map(retryDelayMs)).toEqual([2000, 4000, 8000, 16000])
    expect(retryDelayMs(50)).toBe(300_000)
    fc.assert(fc.property(fc.integer({ min: 0, max: 1000 }), (n) => pollDelayMs(n) >= 1000 && retryDelayMs(n + 1) >= retryDelayMs(n)))
  })
  it("flags a receipt not registered within 5 minutes of the settlement", () => {
    const paid = new Date("2026-11-23T10:00:00Z")
    expect(isLate(paid, new Date("2026-11-23T10:04:59Z"))).toBe(false)
    expect(isLate(paid, new Date("2026-11-23T10:05:01Z"))).toBe(true)
    expect(isLate(paid, new Date("2026-11-23T11:00:00Z"), new Date("2026-11-23T10:01:00Z"))).toBe(false)
  })
})

describe("isValidInn", () => {
  it("checks 10- and 12-digit check digits", () => {
    expect(isValidInn("5544332219")).toBe(true) // ATOL's public test INN
    expect(isValidInn("7707083893")).toBe(true)
    expect(isValidInn("500100732259")).toBe(true)
    expect(isValidInn("5544332218")).toBe(false)
    expect(isValidInn("500100732258")).toBe(false)
    expect(isValidInn("55443322")).toBe(false)
    expect(isValidInn("55443322ab")).toBe(false)
  })
})

describe("resolveVatCode", () => {
  it("prefers a product type override, then a tag override, then the rate", () => {
    const overrides = { product_types: { Books: "vat10" as const }, product_tags: { "vat-exempt": "none" as const } }
    expect(resolveVatCode({ rate: 22, product_type: ["Books"], product_tags: ["vat-exempt"] }, overrides)).toBe("vat10")
    expect(resolveVatCode({ rate: 22, product_type: ["Food"], product_tags: [null, "vat-exempt"] }, overrides)).toBe("none")
    expect(resolveVatCode({ rate: 22 }, overrides)).toBe("vat22")
    expect(resolveVatCode({ rate: null })).toBe("none")
    expect(() => resolveVatCode({ rate: 13 })).toThrow(UnmappableVatRateError)
    // An override rescues a rate with no code.
    expect(resolveVatCode({ rate: 13, product_tags: ["vat-exempt"] }, overrides)).toBe("none")
  })
})
