import fc from "fast-check"
import {
  aggregateKeyFor,
  boundParams,
  boundedText,
  describeTruncation,
  isStorableText,
  storableText,
  truncateText,
  UNTRUSTED_PARAM_LIMITS,
} from "./untrusted-input"

const jsonBytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value), "utf8")
const codePoints = (text: string) => [...text].length

// Strings as hostile as a request can make them: any code unit (lone surrogates included), NUL, long runs.
const hostileText = fc.oneof(
  fc.string({ unit: "binary", maxLength: 600 }),
  fc.string({ unit: "binary-ascii", maxLength: 600 }),
  fc.constantFrom("\uD800", "\uDC00", "\u0000", "a\uD800b", "\uDBFF\uDBFF\uDFFF", "😀".repeat(300), "я".repeat(2000), "1e309"),
  fc.array(fc.constantFrom("\uD83D", "\uDE00", "\u0000", "x", "\\", '"', "\n", "я"), { maxLength: 400 }).map((a) => a.join(""))
)
const hostileValue = fc.oneof(
  hostileText,
  fc.double(),
  fc.bigInt(),
  fc.boolean(),
  fc.constant(null),
  fc.array(hostileText, { maxLength: 3 }),
  fc.dictionary(hostileText, hostileText, { maxKeys: 3 })
)
const hostileParams = fc.dictionary(hostileText, hostileValue, { maxKeys: 80 })

describe("storableText", () => {
  it("replaces lone surrogates and NUL with U+FFFD and keeps pairs", () => {
    expect(storableText("a\uD800b")).toBe("a\uFFFDb")
    expect(storableText("\uDC00")).toBe("\uFFFD")
    expect(storableText("x\u0000y")).toBe("x\uFFFDy")
    expect(storableText("\uD83D\uDE00")).toBe("😀")
    expect(storableText("\uDBFF\uDBFF\uDFFF")).toBe("\uFFFD\uDBFF\uDFFF")
    expect(storableText("Кружка 350 мл")).toBe("Кружка 350 мл")
  })

  it("always gives text PostgreSQL can hold, and leaves storable text as it was", () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        const out = storableText(text)
        expect(isStorableText(out)).toBe(true)
        expect(out.length).toBe(text.length) // one code unit for one
        expect(out.includes("\u0000")).toBe(false)
        // a well-formed string survives a UTF-8 round trip unchanged
        expect(Buffer.from(out, "utf8").toString("utf8")).toBe(out)
        if (isStorableText(text)) expect(out).toBe(text)
      })
    )
  })
})

describe("truncateText / boundedText", () => {
  it("counts code points and never splits a surrogate pair", () => {
    expect(truncateText("😀😀😀", 2)).toEqual({ text: "😀😀", truncated: true })
    expect(truncateText("abc", 3)).toEqual({ text: "abc", truncated: false })
    fc.assert(
      fc.property(hostileText, fc.nat(300), (text, max) => {
        const out = boundedText(text, max)
        expect(codePoints(out)).toBeLessThanOrEqual(max)
        expect(isStorableText(out)).toBe(true)
      })
    )
  })
})

describe("boundParams", () => {
  it("keeps a normal result whole", () => {
    const params = { status: "succeeded", amount: "287097", currency: "RUB", txn: "T-1", ts: "1795428000", message: "Одобрено" }
    expect(boundParams(params)).toEqual({ params, truncation: null })
  })

  it("shortens long values, drops names past the limit and says so", () => {
    const input: Record<string, string> = {}
    for (let i = 0; i < 50; i++) input[`k${i}`] = "v".repeat(1000)
    const { params, truncation } = boundParams(input)
    expect(Object.keys(params).length).toBeLessThanOrEqual(32)
    expect(jsonBytes(params)).toBeLessThanOrEqual(4096)
    expect(Object.values(params).every((v) => v.length <= 256)).toBe(true)
    expect(truncation).toMatchObject({ keys_received: 50 })
    expect(truncation!.keys_kept).toBe(Object.keys(params).length)
    expect(describeTruncation(truncation!)).toMatch(/of 50 parameters kept/)
  })

  it("keeps a __proto__ name as data", () => {
    const input = JSON.parse('{"__proto__": "x", "status": "failed"}')
    const { params } = boundParams(input)
    expect(Object.keys(params)).toEqual(["__proto__", "status"])
    expect(Object.getPrototypeOf(params)).toBe(Object.prototype)
  })

  it("describes values that are not text instead of storing their shape", () => {
    expect(boundParams({ a: [1, 2], b: { c: 1 }, d: 12, e: true, f: null }).params).toEqual({
      a: "[array]",
      b: "[object]",
      d: "12",
      e: "true",
      f: "",
    })
  })

  it("whatever comes in, what goes out is storable jsonb within every limit", () => {
    fc.assert(
      fc.property(hostileParams, (input) => {
        const { params, truncation } = boundParams(input)
        const keys = Object.keys(params)
        expect(keys.length).toBeLessThanOrEqual(UNTRUSTED_PARAM_LIMITS.maxKeys)
        expect(jsonBytes(params)).toBeLessThanOrEqual(UNTRUSTED_PARAM_LIMITS.maxTotalBytes)
        for (const key of keys) {
          expect(isStorableText(key)).toBe(true)
          expect(codePoints(key)).toBeLessThanOrEqual(UNTRUSTED_PARAM_LIMITS.maxKeyChars)
          expect(typeof params[key]).toBe("string")
          expect(isStorableText(params[key])).toBe(true)
          expect(codePoints(params[key])).toBeLessThanOrEqual(UNTRUSTED_PARAM_LIMITS.maxValueChars)
        }
        // what jsonb would store reads back identically (no escape PostgreSQL refuses)
        const json = JSON.stringify(params)
        expect(json).not.toMatch(/\\u0000|\\ud[89ab][0-9a-f]{2}(?!\\ud[c-f])|(?<!\\ud[89ab][0-9a-f]{2})\\ud[c-f][0-9a-f]{2}/i)
        expect(JSON.parse(json)).toEqual(params)
        if (truncation === null) expect(keys.length).toBe(Object.keys(input).length)
        else expect(truncation.keys_kept).toBe(keys.length)
      }),
      { numRuns: 500 }
    )
  })

  it("honours other limits too", () => {
    const limits = { maxValueChars: 10, maxKeyChars: 4, maxKeys: 3, maxTotalBytes: 60 }
    fc.assert(
      fc.property(hostileParams, (input) => {
        const { params } = boundParams(input, limits)
        expect(Object.keys(params).length).toBeLessThanOrEqual(3)
        expect(jsonBytes(params)).toBeLessThanOrEqual(60)
        for (const [k, v] of Object.entries(params)) {
          expect(codePoints(k)).toBeLessThanOrEqual(4)
          expect(codePoints(v)).toBeLessThanOrEqual(10)
        }
      })
    )
  })
})

describe("aggregateKeyFor", () => {
  it("is one key per payment, verdict and UTC minute", () => {
    const at = (iso: string) => new Date(iso)
    expect(aggregateKeyFor("isp_1", "bad_signature", at("2026-11-23T10:30:59.999Z"))).toBe(
      "isp_1|bad_signature|2026-11-23T10:30"
    )
    expect(aggregateKeyFor("isp_1", "bad_signature", at("2026-11-23T10:30:00.000Z"))).toBe(
      aggregateKeyFor("isp_1", "bad_signature", at("2026-11-23T10:30:42.000Z"))
    )
    expect(aggregateKeyFor("isp_1", "bad_signature", at("2026-11-23T10:31:00.000Z"))).not.toBe(
      aggregateKeyFor("isp_1", "bad_signature", at("2026-11-23T10:30:59.000Z"))
    )
    expect(aggregateKeyFor("isp_1", "too_large", at("2026-11-23T10:30:00Z"))).not.toBe(
      aggregateKeyFor("isp_1", "bad_signature", at("2026-11-23T10:30:00Z"))
    )
  })
})
