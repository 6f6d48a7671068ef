import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import fc from "fast-check"
import http from "node:http"
import { gzipSync } from "node:zlib"
import { signCallback } from "../../src/domain"
import { useSeededWorld } from "../helpers/seeded"
import { signedResult, terminalSecret } from "../helpers/terminal"

jest.setTimeout(300 * 1000)

// Replay a failing run with FUZZ_SEED=<seed printed below>.
const FUZZ_SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Date.now() % 2 ** 31
const FUZZ_BATCHES = Number(process.env.FUZZ_BATCHES ?? 1000) // × FUZZ_BATCH_SIZE requests
const FUZZ_BATCH_SIZE = 10
const SELLER_VIEW_MAX_BYTES = 256 * 1024

// jest --silent swallows console.*; the seed and counts must reach the log whatever happens.
const report = (line: string) => process.stderr.write(`[untrusted-callbacks] ${line}\n`)

interface RawAnswer {
  status: number
  body: string
}

/** A request exactly as built here (no client normalising headers or bodies), to the test server's port. */
function rawRequest(
  base: URL,
  agent: http.Agent,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: Buffer
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: base.hostname,
        port: base.port,
        method,
        path,
        agent,
        headers: { ...headers, ...(body ? { "content-length": String(body.length) } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on("data", (c) => chunks.push(c))
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }))
        res.on("error", reject)
      }
    )
    req.setTimeout(60_000, () => req.destroy(new Error(`${method} ${path}: no answer in 60 s`)))
    req.on("error", reject)
    req.end(body)
  })
}

/** A JSON literal written as is (1e309, 40 digits): JSON.stringify could not produce it. */
class Literal {
  constructor(readonly text: string) {}
}
type Value = string | number | boolean | null | Literal | Value[] | { [key: string]: Value }
type Entries = [string, Value][]

// UTF-8 percent-encoding that, unlike encodeURIComponent, never throws (a lone surrogate becomes U+FFFD's bytes).
const UNRESERVED = /[A-Za-z0-9_.~-]/
function percent(text: string): string {
  let out = ""
  for (const byte of Buffer.from(text, "utf8")) {
    const char = String.fromCharCode(byte)
    out += byte < 128 && UNRESERVED.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`
  }
  return out
}

function toJson(value: Value): string {
  if (value instanceof Literal) return value.text
  if (Array.isArray(value)) return `[${value.map(toJson).join(",")}]`
  if (value && typeof value === "object") return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}:${toJson(v)}`).join(",")}}`
  return JSON.stringify(value) ?? "null"
}
const entriesToJson = (entries: Entries) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${toJson(v)}`).join(",")}}`

// Form/query: arrays as repeated or k[] keys, objects as k[sub] keys (what qs "extended" turns back into nesting).
function formPairs(key: string, value: Value, out: string[] = []): string[] {
  if (value instanceof Literal) out.push(`${percent(key)}=${percent(value.text)}`)
  else if (Array.isArray(value)) value.forEach((v, i) => formPairs(i % 2 ? `${key}[]` : key, v, out))
  else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) formPairs(`${key}[${k}]`, v, out)
  else out.push(`${percent(key)}=${percent(value === null ? "" : String(value))}`)
  return out
}
const entriesToForm = (entries: Entries) => entries.flatMap(([k, v]) => formPairs(k, v)).join("&")

// ---- what the fuzz sends -------------------------------------------------------------------------------
const hostileText = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom("\uD800", "\uDFFF", "\u0000", "a\u0000b", "x\uD800y", "1e309", "1".repeat(40), "-0", "", " ", "succeeded", "failed", "RUB", "%00", "%ED%A0%80", "%", "%zz", "<x/>", "__proto__", "constructor", "Кружка", "😀", "\uFEFF", "\r\n") },
  { weight: 3, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 300 }) }
)
const literal = fc.constantFrom("1e309", "-1e309", "1234567890123456789012345678901234567890", "-0", "0.1", "1E2", "true", "null", '"\\u0000"', '"\\ud800"', '"\\udc00\\ud800"', "[]", "{}").map((t) => new Literal(t))
const { value: valueArb } = fc.letrec<{ value: Value }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    { weight: 6, arbitrary: hostileText },
    { weight: 2, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null)) },
    { weight: 2, arbitrary: literal },
    { weight: 1, arbitrary: fc.array(tie("value"), { maxLength: 4 }) },
    { weight: 1, arbitrary: fc.dictionary(fc.oneof(hostileText, fc.constantFrom("a", "b", "0")), tie("value"), { maxKeys: 3 }) }
  ),
}))
const keyArb = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom("status", "amount", "currency", "txn", "ts", "sig", "message", "payment_id", "card_mask", "rrn", "fn") },
  { weight: 1, arbitrary: fc.constantFrom("", "__proto__", "constructor", "a[b]", "a[]", "status[0]", "x.y", "k".repeat(70), "ключ", "a b") },
  { weight: 1, arbitrary: hostileText }
)
const entriesArb: fc.Arbitrary<Entries> = fc.array(fc.tuple(keyArb, valueArb), { maxLength: 12 })

type Encoding = "query" | "json" | "json-malformed" | "json-top-level" | "form" | "text" | "xml" | "multipart" | "octet" | "none"
interface FuzzRequest {
  method: "GET" | "POST" | "PUT" | "DELETE" | "PATCH"
  encoding: Encoding
  entries: Entries
  queryToo: boolean
  contentType: string | null
  compression: "none" | "gzip" | "gzip-garbage" | "br" | "unknown"
  padding: 0 | 40_000 | 2_000_000
  html: boolean
  bytes: Uint8Array
  /** a signed result that still must change nothing (wrong amount, hostile extras) */
  signedJunk: boolean
}

const CONTENT_TYPES: Record<Encoding, string[]> = {
  query: [""],
  json: ["application/json", "application/json; charset=utf-8", "APPLICATION/JSON", "application/json; charset=utf-16", "application/json; charset=latin1", "application/json;charset=\"UTF-8\""],
  "json-malformed": ["application/json"],
  "json-top-level": ["application/json"],
  form: ["application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=utf-8", "application/x-www-form-urlencoded; charset=koi8-r"],
  text: ["text/plain", "text/plain; charset=utf-8", "text/html"],
  xml: ["application/xml", "text/xml"],
  multipart: ["multipart/form-data; boundary=XyZ"],
  octet: ["application/octet-stream"],
  none: [""],
}

const requestArb: fc.Arbitrary<FuzzRequest> = fc
  .record({
    method: fc.constantFrom("GET", "POST", "PUT", "DELETE", "PATCH"),
    encoding: fc.constantFrom<Encoding>("query", "json", "json", "json-malformed", "json-top-level", "form", "form", "text", "xml", "multipart", "octet", "none"),
    entries: entriesArb,
    queryToo: fc.boolean(),
    typeIndex: fc.nat(),
    compression: fc.oneof(
      { weight: 12, arbitrary: fc.constant("none" as const) },
      { weight: 1, arbitrary: fc.constantFrom("gzip" as const, "gzip-garbage" as const, "br" as const, "unknown" as const) }
    ),
    padding: fc.oneof(
      { weight: 150, arbitrary: fc.constant(0 as const) },
      { weight: 3, arbitrary: fc.constant(40_000 as const) },
      { weight: 1, arbitrary: fc.constant(2_000_000 as const) }
    ),
    html: fc.boolean(),
    bytes: fc.uint8Array({ maxLength: 300 }),
    signedJunk: fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  })
  .map(({ typeIndex, ...r }) => {
    const types = CONTENT_TYPES[r.encoding]
    return { ...r, contentType: types[typeIndex % types.length] || null }
  })

function buildBody(r: FuzzRequest, entries: Entries): Buffer | undefined {
  const pad = r.padding ? "p".repeat(r.padding) : ""
  switch (r.encoding) {
    case "query":
      return pad ? Buffer.from(pad) : undefined
    case "json":
      return Buffer.from(entriesToJson(pad ? [...entries, ["pad", pad]] : entries))
    case "json-malformed": {
      const whole = entriesToJson(entries)
      return Buffer.from(`${whole.slice(0, Math.max(1, Math.floor(whole.length / 2)))}${pad}`)
    }
    case "json-top-level":
      return Buffer.from(toJson(entries.length ? entries[0][1] : new Literal("123")) + pad)
    case "form":
      return Buffer.from(entriesToForm(entries) + (pad ? `&pad=${pad}` : "")) // "p" needs no encoding
    case "text":
      return Buffer.from(entries.map(([k, v]) => `${k}=${toJson(v)}`).join("\n") + pad)
    case "xml":
      return Buffer.from(`<?xml version="1.0"?><result>${entries.map(([k, v]) => `<${k}>${toJson(v)}</${k}>`).join("")}${pad}</result>`)
    case "multipart":
      return Buffer.from(
        entries.map(([k, v]) => `--XyZ\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${toJson(v)}\r\n`).join("") + pad + "--XyZ--\r\n"
      )
    case "octet":
    case "none":
      return Buffer.concat([Buffer.from(r.bytes), Buffer.from(pad)])
  }
}

medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    const world = useSeededWorld(getContainer, api)
    const agent = new http.Agent({ keepAlive: true, maxSockets: 16 })
    afterAll(() => agent.destroy())
    const base = () => new URL(api.defaults.baseURL)

    const call = (p: Promise<any>) => p.then((r: any) => r, (e: any) => e.response ?? Promise.reject(e))
    const collect = async (orderId: string, terminal_id?: string) =>
      (await call(api.post(`/admin/orders/${orderId}/in-store-payments`, terminal_id ? { terminal_id } : {}, world.admin))).data
        .in_store_payment
    const hookPath = (id: string) => `/hooks/in-store/${id}`
    const send = (method: string, path: string, headers: Record<string, string> = {}, body?: Buffer) =>
      rawRequest(base(), agent, method, path, headers, body)
    const sendJson = (path: string, params: unknown) =>
      send("POST", path, { "content-type": "application/json" }, Buffer.from(JSON.stringify(params)))

    /** The order's payments as the seller's widget loads them, and the answer's size in bytes. */
    const sellerView = async (orderId: string) => {
      const answer = await send("GET", `/admin/orders/${orderId}/in-store-payments`, world.admin.headers)
      expect(answer.status).toBe(200)
      return { bytes: Buffer.byteLength(answer.body), payments: JSON.parse(answer.body).in_store_payments as any[] }
    }
    const paymentDetail = async (id: string) => (await api.get(`/admin/in-store-payments/${id}`, world.admin)).data.in_store_payment
    const orderPaymentStatus = async (orderId: string) =>
      (await api.get(`/admin/orders/${orderId}?fields=id,payment_status`, world.admin)).data.order.payment_status
    const sum = (events: any[], verdict: string) =>
      events.filter((e) => e.verdict === verdict).reduce((n, e) => n + e.repeat_count, 0)

    describe("a flood of unsigned requests (issue 10 item 5)", () => {
      it("answers 401/413, folds them into a few bounded rows, and keeps the signed wrong amount in view", async () => {
        const orderId = world.orders.plain.id
        // the terminal with its own register: the capture at the end sends no receipt (no ATOL runs in this suite)
        const terminal = "mpos-2"
        const payment = await collect(orderId, terminal)
        const result = (extra: Record<string, string | number> = {}) =>
          signedResult(payment.id, { status: "succeeded", amount: payment.amount, currency: payment.currency_code, txn: "T-flood", ...extra }, terminal)
        const junkParams = (i: number) => {
          const params: Record<string, string> = { status: "succeeded", amount: "1", currency: "RUB", txn: `X${i}`, ts: "1", sig: "0".repeat(64) }
          for (let k = 0; k < 40; k++) params[`junk_${k}`] = `${i}-${k}-`.padEnd(90, "ж") // ~190 bytes of UTF-8
          return params
        }
        // 8 KB each, four ways: JSON, form, GET query (over the 8 KB query limit), octet-stream body with a query
        const flood = (i: number) => {
          const params = junkParams(i)
          switch (i % 4) {
            case 0: {
              const body = JSON.stringify(params)
              return send("POST", hookPath(payment.id), { "content-type": "application/json" }, Buffer.from(body.padEnd(8192, " ")))
            }
            case 1:
              return send("POST", hookPath(payment.id), { "content-type": "application/x-www-form-urlencoded" }, Buffer.from(new URLSearchParams(params).toString().slice(0, 8192)))
            case 2:
              return send("GET", `${hookPath(payment.id)}?${new URLSearchParams(params).toString().slice(0, 8300)}`)
            default:
              return send("POST", `${hookPath(payment.id)}?status=failed&ts=1&sig=${"1".repeat(64)}`, { "content-type": "application/octet-stream" }, Buffer.alloc(8192, 7))
          }
        }
        const started = Date.now()
        // The first request alone: it opens the minute's bad_signature row (whose message is its own), so which of
        // 25 concurrent requests reaches the server first does not decide what the row says.
        const statuses: number[] = [(await flood(0)).status]
        let mismatch: RawAnswer | undefined
        for (let batch = 0; batch < 500 / 25; batch++) {
          const answers = await Promise.all(Array.from({ length: 25 }, (_, j) => batch * 25 + j).filter((i) => i > 0).map(flood))
          statuses.push(...answers.map((a) => a.status))
          // amid the flood, the terminal's signed result with a wrong amount
          if (batch === 10) mismatch = await sendJson(hookPath(payment.id), result({ amount: payment.amount - 100 }))
        }
        const finished = Date.now()
        const counts = statuses.reduce<Record<number, number>>((c, s) => ({ ...c, [s]: (c[s] ?? 0) + 1 }), {})
        report(`flood: 500 requests of 8 KB, answers by status ${JSON.stringify(counts)}`)
        expect(statuses).toHaveLength(500)
        expect(statuses.every((s) => s === 401 || s === 413)).toBe(true)
        expect(mismatch!.status).toBe(422)
        expect(JSON.parse(mismatch!.body)).toMatchObject({ type: "amount_mismatch", verdict: "amount_mismatch" })

        const view = await sellerView(orderId)
        report(`flood: seller's view of the order ${view.bytes} bytes`)
        expect(view.bytes).toBeLessThan(SELLER_VIEW_MAX_BYTES)
        const events = view.payments.find((p) => p.id === payment.id).callback_events as any[]
        const wrongAmount = events.filter((e) => e.verdict === "amount_mismatch")
        expect(wrongAmount).toHaveLength(1)
        expect(wrongAmount[0]).toMatchObject({ authenticated: true, repeat_count: 1, http_status: 422 })
        expect(wrongAmount[0].params.amount).toBe(String(payment.amount - 100))

        // Every unsigned request is counted, in one row per verdict and minute, stored capped.
        const minutes = Math.floor(finished / 60_000) - Math.floor(started / 60_000) + 1
        const unsigned = events.filter((e) => !e.authenticated)
        expect(sum(events, "bad_signature")).toBe(counts[401])
        expect(sum(events, "too_large")).toBe(counts[413])
        expect(events.filter((e) => e.verdict === "bad_signature").length).toBeLessThanOrEqual(minutes)
        expect(events.filter((e) => e.verdict === "too_large").length).toBeLessThanOrEqual(minutes)
        for (const row of unsigned) {
          expect(Buffer.byteLength(JSON.stringify(row.params))).toBeLessThanOrEqual(4096)
          expect(Object.keys(row.params).length).toBeLessThanOrEqual(32)
          expect(row.last_received_at).not.toBeNull()
        }
        const oldest = (verdict: string) =>
          unsigned.filter((e) => e.verdict === verdict).sort((a, b) => Date.parse(a.received_at) - Date.parse(b.received_at))[0]
        expect(oldest("bad_signature").message).toMatch(/Stored in part: \d+ of \d+ parameters kept/)
        expect(unsigned.find((e) => e.verdict === "too_large").message).toMatch(/query string of \d+ bytes/)

        // The payment's own page shows the same; nothing moved.
        const detail = await paymentDetail(payment.id)
        expect(detail.status).toBe("pending")
        expect(detail.captured_at).toBeNull()
        expect(detail.callback_events.filter((e: any) => e.verdict === "amount_mismatch")).toHaveLength(1)
        expect(await orderPaymentStatus(orderId)).not.toBe("captured")

        // …and the terminal's correct result still goes through afterwards.
        const ok = await sendJson(hookPath(payment.id), result())
        expect(ok.status).toBe(200)
        expect(JSON.parse(ok.body).in_store_payment.status).toBe("paid")
      })

      it("refuses oversized requests with 413 before reading them, on both public routes", async () => {
        const payment = await collect(world.orders.plain.id)
        const path = hookPath(payment.id)
        const big = (n: number) => Buffer.from(JSON.stringify({ status: "failed", ts: "1", message: "x".repeat(n) }))

        expect((await send("POST", path, { "content-type": "application/json" }, big(40_000))).status).toBe(413)
        expect((await send("POST", path, { "content-type": "application/x-www-form-urlencoded" }, Buffer.alloc(40_000, 97))).status).toBe(413)
        const octet = await send("POST", path, { "content-type": "application/octet-stream" }, Buffer.alloc(2_000_000, 1))
        expect(octet.status).toBe(413)
        expect(JSON.parse(octet.body)).toMatchObject({ type: "payload_too_large", message: expect.stringMatching(/body of 2000000 bytes/) })
        const longQuery = await send("GET", `${path}?message=${"y".repeat(9000)}`)
        expect(longQuery.status).toBe(413)
        // a result of a normal size still gets its ordinary answer
        expect((await send("POST", path, { "content-type": "application/json" }, big(10_000))).status).toBe(401)

        const tooLarge = (await paymentDetail(payment.id)).callback_events.filter((e: any) => e.verdict === "too_large")
        expect(tooLarge.reduce((n: number, e: any) => n + e.repeat_count, 0)).toBe(2) // the two refused unread
        expect(tooLarge.every((e: any) => e.http_status === 413 && !e.authenticated)).toBe(true)

        // ATOL's callback: bounded too, and an id that cannot be a receipt's is not looked up
        const receiptPath = "/hooks/fiscal/atol/fr_unknown"
        expect((await send("POST", receiptPath, { "content-type": "application/json" }, big(70_000))).status).toBe(413)
        expect((await send("POST", receiptPath, { "content-type": "application/json" }, Buffer.from("{"))).status).toBe(400)
        expect((await send("POST", receiptPath, { "content-type": "application/json" }, Buffer.from('{"uuid":"\\u0000"}'))).status).toBe(404)
        expect((await send("POST", "/hooks/fiscal/atol/%00", { "content-type": "application/json" }, Buffer.from("{}"))).status).toBe(404)
        expect((await send("POST", `${hookPath("%00")}`, { "content-type": "application/json" }, Buffer.from("{}"))).status).toBe(404)
        // a path Express cannot decode (it would answer 500 by itself)
        for (const undecodable of [hookPath("%E0"), hookPath("%ED%A0%80"), "/hooks/fiscal/atol/%E0"]) {
          const answer = await send("POST", undecodable, { "content-type": "application/json" }, Buffer.from("{}"))
          expect([undecodable, answer.status]).toEqual([undecodable, 400])
        }
      })

      it("stores what PostgreSQL cannot hold as U+FFFD, and answers a signed one 400 naming the field", async () => {
        const payment = await collect(world.orders.plain.id)
        const unsigned = await sendJson(hookPath(payment.id), { status: "failed", ts: "1", message: "a\u0000b", txn: "\uD800", sig: "0" })
        expect(unsigned.status).toBe(401)
        const signed = await sendJson(hookPath(payment.id), signedResult(payment.id, { status: "failed", message: "declined\u0000" }))
        expect(signed.status).toBe(400)
        expect(JSON.parse(signed.body)).toMatchObject({ type: "invalid_data", field: "message", verdict: "malformed" })

        const detail = await paymentDetail(payment.id)
        expect(detail.status).toBe("pending")
        const bad = detail.callback_events.find((e: any) => e.verdict === "bad_signature")
        expect(bad.params).toMatchObject({ message: "a\uFFFDb", txn: "\uFFFD" })
        const malformed = detail.callback_events.find((e: any) => e.verdict === "malformed")
        expect(malformed).toMatchObject({ authenticated: true, http_status: 400 })
        expect(malformed.params.message).toBe("declined\uFFFD")
      })
    })

    describe("random requests to the result route (issue 14)", () => {
      it(`never answers 5xx, never changes the payment without a signature, keeps the seller's view bounded (seed ${FUZZ_SEED})`, async () => {
        const orderId = world.orders.plain.id
        const payment = await collect(orderId)
        const secret = terminalSecret()
        const counts: Record<string, number> = {}
        let sent = 0

        const fuzzOnce = async (r: FuzzRequest) => {
          let entries = r.entries
          if (r.signedJunk) {
            // correctly signed over what it carries, but for the wrong amount: must change nothing either
            const params: Record<string, string> = { status: "succeeded", amount: String(payment.amount + 1), currency: "RUB", txn: "T-junk", ts: String(Math.floor(Date.now() / 1000)) }
            for (const [k, v] of entries) if (typeof v === "string" && /^[a-z_]{1,20}$/.test(k) && !(k in params) && k !== "sig" && k !== "payment_id") params[k] = v
            entries = [...Object.entries(params), ["sig", signCallback(secret, payment.id, params)]]
          }
          const encoding = r.signedJunk && !["query", "json", "form"].includes(r.encoding) ? "json" : r.encoding
          const request: FuzzRequest = { ...r, encoding, contentType: r.signedJunk && encoding !== r.encoding ? "application/json" : r.contentType }
          const query = encoding === "query" || r.queryToo ? entriesToForm(entries) : ""
          let body = request.method === "GET" && encoding === "query" ? undefined : buildBody(request, entries)
          const headers: Record<string, string> = {}
          if (request.contentType) headers["content-type"] = request.contentType
          if (r.html) headers.accept = "text/html"
          if (body && r.compression !== "none") {
            headers["content-encoding"] = r.compression === "gzip-garbage" ? "gzip" : r.compression === "unknown" ? "x-squash" : r.compression
            if (r.compression === "gzip") body = gzipSync(body)
          }
          const answer = await send(request.method, `${hookPath(payment.id)}${query ? `?${query}` : ""}`, headers, body)
          sent++
          counts[answer.status] = (counts[answer.status] ?? 0) + 1
          const what = `${request.method} ${encoding} ${request.contentType ?? "(no type)"} ${r.compression} pad=${r.padding} signed=${r.signedJunk} → ${answer.status} ${answer.body.slice(0, 300)}`
          if (answer.status >= 500) throw new Error(`5xx: ${what}`)
          if (answer.status < 400) throw new Error(`accepted without a valid result: ${what}`)
        }

        const startedAt = Date.now()
        report(`fuzz: FUZZ_SEED=${FUZZ_SEED}, ${FUZZ_BATCHES} × ${FUZZ_BATCH_SIZE} requests`)
        try {
          await fc.assert(
            fc.asyncProperty(fc.array(requestArb, { minLength: FUZZ_BATCH_SIZE, maxLength: FUZZ_BATCH_SIZE }), async (batch) => {
              await Promise.all(batch.map(fuzzOnce))
            }),
            { seed: FUZZ_SEED, numRuns: FUZZ_BATCHES, endOnFailure: true }
          )
        } finally {
          report(`fuzz: ${sent} requests in ${Math.round((Date.now() - startedAt) / 1000)} s, answers by status ${JSON.stringify(counts)}`)
        }
        expect(sent).toBe(FUZZ_BATCHES * FUZZ_BATCH_SIZE)

        const detail = await paymentDetail(payment.id)
        expect(detail).toMatchObject({ status: "pending", captured_at: null, paid_at: null, transaction_id: null })
        expect(await orderPaymentStatus(orderId)).not.toBe("captured")
        const view = await sellerView(orderId)
        report(`fuzz: seller's view of the order ${view.bytes} bytes, ${view.payments[0].callback_events.length} event rows`)
        expect(view.bytes).toBeLessThan(SELLER_VIEW_MAX_BYTES)
        for (const event of view.payments[0].callback_events) {
          expect(Buffer.byteLength(JSON.stringify(event.params))).toBeLessThanOrEqual(4096)
        }
      })
    })
  },
})
