// The emulator's protocol, driven over real HTTP with Node's fetch.
import { startAtolEmulator, sampleV4Sell, sampleV5Sell, DEFAULT_GROUPS, type AtolEmulator } from "./index"
import { atol, callbackSink, sleep } from "./spec-helpers"

const Ajv = require("ajv-draft-04").default
const ajv = new Ajv({ strict: false })
const registrationSchema = ajv.compile(require("./schema/v4/response/atol_document_registration.json"))
const reportSchema = ajv.compile(require("./schema/v4/response/document_processing_result.json"))

const V5 = "in-store-demo-v5"
const V4 = "in-store-demo-v4"
const ATOL_TS = /^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}:\d{2}$/

let emu: AtolEmulator
let api: ReturnType<typeof atol>
let t5: string
let t4: string

beforeAll(async () => {
  emu = await startAtolEmulator({ processing_ms: 40 })
  api = atol(emu)
  t5 = await api.mustToken("v5")
  t4 = await api.mustToken("v4")
})
afterAll(() => emu.stop())
afterEach(() => emu.resetFaults())

describe("defaults", () => {
  it("has one v5 and one v4 demo group", () => {
    expect(DEFAULT_GROUPS.map((g) => [g.group_code, g.login, g.password, g.api_version])).toEqual([
      [V5, "demo-v5", "demo-password", "v5"],
      [V4, "demo-v4", "demo-password", "v4"],
    ])
    expect(emu.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/possystem$/)
  })
})

describe("getToken", () => {
  it("issues a token by POST and by GET, and the same one again while valid", async () => {
    const a = await api.token("v5")
    expect(a.status).toBe(200)
    expect(a.body).toEqual({ error: null, token: expect.any(String), timestamp: expect.stringMatching(ATOL_TS) })
    const g = await api.call(`/v5/getToken?login=demo-v5&pass=demo-password`)
    expect(g.status).toBe(200)
    expect(g.body.token).toBe(a.body.token)
  })

  it("answers 401 / code 12 to a wrong password, without a token", async () => {
    const a = await api.token("v5", "demo-v5", "nope")
    expect(a.status).toBe(401)
    expect(a.body.error).toMatchObject({ code: 12, type: "system" })
    expect(a.body.token).toBeUndefined()
  })

  it("answers 415 / 41 to a body that is not declared JSON", async () => {
    const a = await api.call("/v5/getToken", { method: "POST", headers: { "content-type": "text/plain" }, body: "{}" })
    expect([a.status, a.body.error.code]).toEqual([415, 41])
  })
})

describe("registration checks", () => {
  it("missing token → 401/10, unknown token → 401/11", async () => {
    const none = await api.register("v5", V5, "sell", sampleV5Sell(), "")
    expect([none.status, none.body.error.code]).toEqual([401, 10])
    const bad = await api.register("v5", V5, "sell", sampleV5Sell(), "deadbeef")
    expect([bad.status, bad.body.error.code]).toEqual([401, 11])
  })

  it("accepts the token as ?token= too", async () => {
    const a = await api.call(`/v5/${V5}/sell?token=${t5}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(sampleV5Sell()),
    })
    expect(a.status).toBe(200)
  })

  it("token of another group → 401/20; group of the other protocol version → 401/21", async () => {
    const mismatch = await api.register("v5", V5, "sell", sampleV5Sell(), t4)
    expect([mismatch.status, mismatch.body.error.code]).toEqual([401, 20])
    const version = await api.register("v5", V4, "sell", sampleV5Sell(), t4)
    expect([version.status, version.body.error.code]).toEqual([401, 21])
  })

  it("unknown operation → 400/31 (sell_refund_correction is v5 only)", async () => {
    const a = await api.register("v5", V5, "sell_everything", sampleV5Sell(), t5)
    expect([a.status, a.body.error.code]).toEqual([400, 31])
    const b = await api.register("v4", V4, "sell_refund_correction", sampleV4Sell(), t4)
    expect([b.status, b.body.error.code]).toEqual([400, 31])
  })

  it("Content-Type other than application/json → 415/41", async () => {
    const a = await api.register("v5", V5, "sell", sampleV5Sell(), t5, {
      headers: { "content-type": "text/plain", token: t5 },
    })
    expect([a.status, a.body.error.code]).toEqual([415, 41])
  })
})

describe("sell → wait → done", () => {
  it("v5", async () => {
    const body = sampleV5Sell()
    const reg = await api.register("v5", V5, "sell", body, t5)
    expect(reg.status).toBe(200)
    expect(reg.body).toEqual({ uuid: expect.any(String), status: "wait", error: null, timestamp: expect.stringMatching(ATOL_TS) })

    const waiting = await api.report("v5", V5, reg.body.uuid, t5)
    expect(waiting.status).toBe(200)
    expect(waiting.body).toMatchObject({ status: "wait", payload: null, error: { code: 34 } })

    const done = await api.settle("v5", V5, reg.body.uuid, t5)
    expect(done.status).toBe(200)
    expect(done.body).toMatchObject({
      uuid: reg.body.uuid,
      group_code: V5,
      external_id: body.external_id,
      callback_url: "",
      status: "done",
      error: null,
      daemon_code: expect.any(String),
      device_code: expect.any(String),
      timestamp: expect.stringMatching(ATOL_TS),
    })
    const p = done.body.payload
    expect(p.total).toBe(189.98)
    expect(p.fn_number).toMatch(/^\d{16}$/)
    expect(p.fns_site).toBe("www.nalog.gov.ru")
    expect(p.receipt_datetime).toMatch(ATOL_TS)
    expect(Number.isInteger(p.fiscal_document_attribute) && p.fiscal_document_attribute > 2 ** 31).toBe(true)
    for (const k of ["fiscal_receipt_number", "shift_number", "fiscal_document_number"]) {
      expect(Number.isInteger(p[k])).toBe(true)
    }
    expect(p).toHaveProperty("ecr_registration_number")
    expect(p).toHaveProperty("ofd_inn")
    expect(p).toHaveProperty("ofd_receipt_url")
    // ATOL's own response schemas accept the answers.
    expect(registrationSchema(reg.body)).toBe(true)
    expect(reportSchema(waiting.body)).toBe(true)
    expect(reportSchema(done.body)).toBe(true)

    const [doc] = emu.documents(body.external_id)
    expect(doc).toMatchObject({ uuid: reg.body.uuid, api_version: "v5", operation: "sell", status: "done", body })
    expect(doc.report_polls).toBeGreaterThanOrEqual(2)
  })

  it("v4 with 19.99 prices and vat22 passes; document numbers increase", async () => {
    const first = await api.register("v4", V4, "sell", sampleV4Sell(), t4)
    const second = await api.register("v4", V4, "sell", sampleV4Sell(), t4)
    expect([first.status, second.status]).toEqual([200, 200])
    const a = await api.settle("v4", V4, first.body.uuid, t4)
    const b = await api.settle("v4", V4, second.body.uuid, t4)
    expect([a.body.status, b.body.status]).toEqual(["done", "done"])
    expect(b.body.payload.fiscal_document_number).toBe(a.body.payload.fiscal_document_number + 1)
  })

  it("unknown uuid → 400/30", async () => {
    const a = await api.report("v5", V5, "00000000-0000-4000-8000-000000000000", t5)
    expect([a.status, a.body.error.code, a.body.status]).toEqual([400, 30, "fail"])
  })
})

describe("idempotency", () => {
  it("a duplicate external_id answers 400/33, status wait, with the same uuid; one document", async () => {
    const body = sampleV5Sell()
    const first = await api.register("v5", V5, "sell", body, t5)
    const again = await api.register("v5", V5, "sell", body, t5)
    expect(again.status).toBe(400)
    expect(again.body).toMatchObject({ uuid: first.body.uuid, status: "wait", error: { code: 33 } })
    await api.settle("v5", V5, first.body.uuid, t5)
    const late = await api.register("v5", V5, "sell", body, t5)
    expect(late.body).toMatchObject({ uuid: first.body.uuid, error: { code: 33 } })
    expect(emu.registrations(body.external_id)).toBe(1)
  })
})

describe("validation → 400/32, status fail, naming the field", () => {
  const rejected = async (version: "v4" | "v5", body: any) => {
    const a = await api.register(version, version === "v5" ? V5 : V4, "sell", body, version === "v5" ? t5 : t4)
    expect(a.status).toBe(400)
    expect(a.body.error.code).toBe(32)
    expect(a.body.status).toBe("fail")
    expect(a.body.uuid).toBeUndefined()
    expect(emu.registrations(body.external_id)).toBe(0)
    return a.body.error.text as string
  }

  it("v4 schema: missing company.inn", async () => {
    const body = sampleV4Sell()
    delete body.receipt.company.inn
    expect(await rejected("v4", body)).toBe("receipt.company.inn: is required")
  })

  it("name of 129 characters (v5 and v4)", async () => {
    for (const version of ["v5", "v4"] as const) {
      const body = version === "v5" ? sampleV5Sell() : sampleV4Sell()
      body.receipt.items[0].name = "я".repeat(129)
      expect(await rejected(version, body)).toBe("receipt.items[0].name: longer than 128 characters")
    }
  })

  it("sum ≠ price × quantity", async () => {
    const body = sampleV5Sell()
    body.receipt.items[0].sum = 39.99
    expect(await rejected("v5", body)).toMatch(/^receipt\.items\[0\]\.sum: must equal price × quantity/)
  })

  it("payments that do not add up to total", async () => {
    const body = sampleV4Sell()
    body.receipt.payments = [{ type: 1, sum: 100 }]
    expect(await rejected("v4", body)).toMatch(/^receipt\.payments: /)
  })

  it("v5 specifics: measure code, client contact, timestamp format", async () => {
    const measure = sampleV5Sell()
    measure.receipt.items[1].measure = 1
    expect(await rejected("v5", measure)).toMatch(/^receipt\.items\[1\]\.measure: must be one of/)
    const contact = sampleV5Sell()
    contact.receipt.client = {}
    expect(await rejected("v5", contact)).toBe("receipt.client: email or phone is required")
    const iso = sampleV5Sell({ timestamp: new Date().toISOString() })
    expect(await rejected("v5", iso)).toMatch(/^timestamp: /)
  })
})

describe("after queueing", () => {
  it("an INN other than the register's fails with agent error 2009", async () => {
    const body = sampleV5Sell()
    body.receipt.company.inn = "7707083893"
    const reg = await api.register("v5", V5, "sell", body, t5)
    expect(reg.status).toBe(200)
    const r = await api.settle("v5", V5, reg.body.uuid, t5)
    expect(r.body).toMatchObject({ status: "fail", payload: null, error: { code: 2009, type: "agent" } })
    expect(reportSchema(r.body)).toBe(true)
  })

  it("POSTs the report to callback_url once, with the report's shape", async () => {
    const sink = await callbackSink()
    try {
      const body = sampleV5Sell({ service: { callback_url: sink.url } })
      const arrived = sink.next()
      const reg = await api.register("v5", V5, "sell", body, t5)
      await arrived
      expect(sink.received).toHaveLength(1)
      const cb = sink.received[0]
      expect(cb.path).toBe("/atol/callback?order=1")
      expect(cb.headers["content-type"]).toMatch(/^application\/json/)
      expect(cb.body).toMatchObject({ uuid: reg.body.uuid, status: "done", callback_url: sink.url, error: null })
      expect(cb.body.payload.total).toBe(189.98)
      await sleep(30)
      expect(emu.callbacksSent().filter((c) => c.uuid === reg.body.uuid)).toEqual([
        expect.objectContaining({ ok: true, http_status: 200, url: sink.url }),
      ])
    } finally {
      await sink.close()
    }
  })

  it("an invalid callback_url still processes and warns in the report", async () => {
    const body = sampleV5Sell({ service: { callback_url: "ftp://nowhere" } })
    const reg = await api.register("v5", V5, "sell", body, t5)
    const r = await api.settle("v5", V5, reg.body.uuid, t5)
    expect(r.body).toMatchObject({ status: "done", warnings: { callback_url: "callback_url не соответствует маске" } })
    expect(emu.callbacksSent().some((c) => c.uuid === reg.body.uuid)).toBe(false)
  })
})

describe("control surface over HTTP", () => {
  it("documents, requests, faults, reset", async () => {
    const origin = emu.url.replace(/\/possystem$/, "")
    const body = sampleV4Sell()
    await api.register("v4", V4, "sell", body, t4)
    const docs = await (await fetch(`${origin}/__emulator/documents?external_id=${body.external_id}`)).json()
    expect(docs).toHaveLength(1)
    const log = await (await fetch(`${origin}/__emulator/requests`)).json()
    expect(log.at(-1)).toMatchObject({ method: "POST", path: `/possystem/v4/${V4}/sell`, status: 200, code: null })

    const set = await fetch(`${origin}/__emulator/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ http_5xx: 1 }),
    })
    expect((await set.json()).http_5xx).toBe(1)
    expect(emu.faults().http_5xx).toBe(1)
    const failed = await api.token("v4")
    expect([failed.status, failed.body.error.code]).toEqual([500, 50])
    const unknown = await fetch(`${origin}/__emulator/faults`, { method: "POST", body: JSON.stringify({ nope: 1 }) })
    expect(unknown.status).toBe(400)

    expect((await fetch(`${origin}/__emulator/reset`, { method: "POST" })).status).toBe(200)
    expect(emu.documents()).toEqual([])
  })
})
