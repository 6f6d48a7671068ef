import fc from "fast-check"
import { parseCallbackParams } from "./callback-params"

const good = { status: "succeeded", amount: "503000", currency: "RUB", txn: "T-1", ts: "1763893800", sig: "ab" }

const failure = (raw: Record<string, unknown>) => {
  const outcome = parseCallbackParams(raw)
  if (outcome.ok) throw new Error("expected a failure")
  return { field: outcome.field, message: outcome.message }
}

describe("parseCallbackParams", () => {
  it("accepts a succeeded result and separates sig", () => {
    expect(parseCallbackParams(good)).toEqual({
      ok: true,
      result: { status: "succeeded", amount: 503000, currency: "RUB", txn: "T-1", ts: 1763893800 },
      signedParams: { status: "succeeded", amount: "503000", currency: "RUB", txn: "T-1", ts: "1763893800" },
      sig: "ab",
    })
  })

  it("accepts JSON numbers and signs them as decimal text", () => {
    const outcome = parseCallbackParams({ ...good, amount: 503000, ts: 1763893800 })
    expect(outcome.ok).toBe(true)
    expect(outcome.signedParams).toMatchObject({ amount: "503000", ts: "1763893800" })
    if (outcome.ok) expect(outcome.result.amount).toBe(503000)
  })

  it("accepts failed and canceled without amount, currency or txn, and without sig", () => {
    for (const status of ["failed", "canceled"]) {
      const outcome = parseCallbackParams({ status, ts: "1", message: "Отказ" })
      expect(outcome).toEqual({
        ok: true,
        result: { status, ts: 1, message: "Отказ" },
        signedParams: { status, ts: "1", message: "Отказ" },
      })
    }
  })

  it("carries optional fields and fiscal data, drops empty ones from the result but still signs them", () => {
    const optional = {
      method: "card", rrn: "123456789012", auth_code: "A1B2C3", card_mask: "220220******1234", message: "ok",
      fn: "9999078900012345", fd: "123", fp: "4567890123", fiscal_time: "2026-11-23T10:31:00+03:00",
    }
    const outcome = parseCallbackParams({ ...good, ...optional, rrn: "", vendor_extra: "x" })
    expect(outcome.ok).toBe(true)
    if (!outcome.ok) return
    expect(outcome.result).toEqual({ status: "succeeded", amount: 503000, currency: "RUB", txn: "T-1", ts: 1763893800, ...optional, rrn: undefined })
    expect(outcome.result).not.toHaveProperty("rrn")
    expect(outcome.signedParams).toMatchObject({ rrn: "", vendor_extra: "x" })
    expect(outcome.signedParams).not.toHaveProperty("sig")
  })

  it("refuses values PostgreSQL cannot store, naming the field, but keeps them for the signature check", () => {
    for (const bad of ["a\u0000b", "\uD800", "x\uDC00"]) {
      const outcome = parseCallbackParams({ ...good, message: bad })
      expect(outcome).toMatchObject({ ok: false, field: "message", message: expect.stringMatching(/NUL or unpaired/) })
      expect(outcome.signedParams.message).toBe(bad)
    }
    expect(parseCallbackParams({ ...good, message: "😀 ok" }).ok).toBe(true)
  })

  it("ignores undefined values", () => {
    expect(parseCallbackParams({ ...good, message: undefined }).ok).toBe(true)
  })

  it.each<[Record<string, unknown>, string, string]>([
    [{ ...good, status: undefined }, "status", "status is required"],
    [{ ...good, status: "SUCCEEDED" }, "status", "status must be succeeded, failed or canceled"],
    [{ ...good, ts: undefined }, "ts", "ts is required"],
    [{ ...good, ts: "0" }, "ts", "ts must be a positive integer"],
    [{ ...good, ts: "-5" }, "ts", "ts must be a positive integer"],
    [{ ...good, ts: "1.5" }, "ts", "ts must be a positive integer"],
    [{ ...good, ts: 1.5 }, "ts", "ts must be a positive integer"],
    [{ ...good, amount: undefined }, "amount", "amount is required when status is succeeded"],
    [{ ...good, amount: "0" }, "amount", "amount must be a positive integer number of minor units"],
    [{ ...good, amount: "5030.00" }, "amount", "amount must be a positive integer number of minor units"],
    [{ ...good, amount: "1e5" }, "amount", "amount must be a positive integer number of minor units"],
    [{ ...good, amount: " 5" }, "amount", "amount must be a positive integer number of minor units"],
    [{ ...good, amount: "9007199254740992" }, "amount", "amount must be a positive integer number of minor units"],
    [{ ...good, amount: 1e21 }, "amount", "amount must be a positive integer number of minor units"],
    [{ ...good, currency: undefined }, "currency", "currency is required when status is succeeded"],
    [{ ...good, currency: "rub" }, "currency", "currency must be an upper-case ISO 4217 code"],
    [{ ...good, currency: "RUBL" }, "currency", "currency must be an upper-case ISO 4217 code"],
    [{ ...good, txn: undefined }, "txn", "txn is required when status is succeeded"],
    [{ ...good, txn: "" }, "txn", "txn must be 1–128 characters"],
    [{ ...good, txn: "x".repeat(129) }, "txn", "txn must be 1–128 characters"],
    [{ ...good, message: "x".repeat(257) }, "message", "message must be at most 256 characters"],
    [{ ...good, fn: "x".repeat(257) }, "fn", "fn must be at most 256 characters"],
    [{ ...good, amount: ["1", "2"] }, "amount", "amount must be given once, not repeated"],
    [{ ...good, sig: ["a", "b"] }, "sig", "sig must be given once, not repeated"],
    [{ ...good, message: { a: 1 } }, "message", "message must be a string or a number"],
    [{ ...good, message: null }, "message", "message must be a string or a number"],
    [{ ...good, message: true }, "message", "message must be a string or a number"],
    [{ ...good, "bad key": "1" }, "bad key", "parameter names must be"],
    [{ ...good, ["k".repeat(65)]: "1" }, "k".repeat(64), "parameter names must be"],
    [{ status: "failed", ts: "1", amount: "x" }, "amount", "amount must be a positive integer"],
    [{ status: "failed", ts: "1", currency: "x" }, "currency", "currency must be an upper-case"],
  ])("reports malformed input (%#)", (raw, field, message) => {
    const f = failure(raw)
    expect(f.field).toBe(field)
    expect(f.message).toContain(message)
  })

  it("accepts the length limits exactly", () => {
    expect(parseCallbackParams({ ...good, txn: "я".repeat(128), message: "😀".repeat(256), ["k".repeat(64)]: "v" }).ok).toBe(true)
  })

  it("reports the first problem: a bad parameter before the missing status", () => {
    expect(failure({ amount: ["1"], status: undefined })).toEqual({ field: "amount", message: "amount must be given once, not repeated" })
  })

  it("still returns the usable params and sig when malformed", () => {
    const outcome = parseCallbackParams({ ...good, amount: ["1", "2"], extra: "z" })
    expect(outcome.ok).toBe(false)
    expect(outcome.signedParams).toEqual({ status: "succeeded", currency: "RUB", txn: "T-1", ts: "1763893800", extra: "z" })
    expect(outcome.sig).toBe("ab")
  })

  it("keeps a __proto__ parameter as plain data", () => {
    const raw = JSON.parse('{"status":"failed","ts":"1","__proto__":"x"}')
    const outcome = parseCallbackParams(raw)
    expect(outcome.ok).toBe(true)
    expect(Object.keys(outcome.signedParams)).toContain("__proto__")
    expect(Object.getPrototypeOf(outcome.signedParams)).toBe(Object.prototype)
  })

  it("rejects a body that is not an object", () => {
    expect(failure(null as never).field).toBe("(body)")
    expect(failure([] as never).field).toBe("(body)")
  })

  it("never throws and never puts sig in signedParams", () => {
    const value = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.array(fc.string()), fc.constant(null), fc.boolean())
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom("status", "ts", "amount", "currency", "txn", "sig", "rrn", "x y", "extra"), value), (raw) => {
        const outcome = parseCallbackParams(raw)
        expect(outcome.signedParams).not.toHaveProperty("sig")
        for (const v of Object.values(outcome.signedParams)) expect(typeof v).toBe("string")
        if (outcome.ok) {
          expect(Number.isSafeInteger(outcome.result.ts) && outcome.result.ts > 0).toBe(true)
          if (outcome.result.status === "succeeded") expect(outcome.result.amount).toBeGreaterThanOrEqual(1)
        } else expect(outcome.field.length).toBeGreaterThan(0)
      })
    )
  })
})
