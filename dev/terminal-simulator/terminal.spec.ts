import fs from "node:fs"
import path from "node:path"
import { buildCustomSchemeLink, buildRefundLink, hmacSha256Hex, parseRefundResultParams, verifyCallback, verifyRefundLink } from "../../src/domain"

// eslint-disable-next-line @typescript-eslint/no-var-requires
const { readLink, readPayLink, resolveLink, resultFor, demoTerminals } = require("./terminal")

const root = path.resolve(__dirname, "../..")
const terminals = [
  { id: "counter-1", name: "Counter 1", secret: "counter-1-secret-0123456789", receipt_by: "store" },
  { id: "mpos-2", name: "mPOS 2", secret: "mpos-2-secret-0123456789ab", receipt_by: "terminal" },
]
const now = Date.parse("2026-11-23T10:00:00Z")

const link = (terminal = terminals[0], overrides: Record<string, unknown> = {}) =>
  buildCustomSchemeLink({
    scheme: "kassa-api",
    secret: terminal.secret,
    callbackUrl: "http://localhost:9000/hooks/in-store/isp_01TEST",
    order: {
      v: 1,
      payment_id: "isp_01TEST",
      order_id: "order_01TEST",
      display_id: 7,
      amount: 287097,
      currency: "RUB",
      expires_at: "2026-11-23T10:15:00.000Z",
      lines: [
        { title: "Кружка / Mug", quantity: 3, unit_price: 29999, total: 89997, vat: "vat22", payment_object: "commodity", payment_method: "full_payment" },
        { title: "Кофемолка / Grinder", quantity: 1, unit_price: 197100, total: 197100, vat: "vat22", payment_object: "commodity", payment_method: "full_payment" },
      ],
      receipt_by: terminal.receipt_by as "store" | "terminal",
      ...overrides,
    } as any,
  })

// A refund link built by the refund contract's rules, independently of the simulator's reader:
// <scheme>://refund?refund=<base64url(JSON)>&callback=<URL-encoded>&sig=HMAC(secret, "refund=<b64>&callback=<raw>").
const refundLink = (terminal = terminals[0], overrides: Record<string, unknown> = {}) => {
  const callbackUrl = "http://localhost:9000/hooks/in-store/isp_01TEST"
  const refund = {
    v: 1,
    op: "refund",
    refund_id: "isr_01REFUND",
    payment_id: "isp_01TEST",
    order_id: "order_01TEST",
    display_id: "7",
    original_txn: "SIM-01TEST-12345",
    amount: 29999,
    currency: "RUB",
    expires_at: "2026-11-23T10:15:00.000Z",
    lines: [{ title: "Кружка / Mug", quantity: 1, unit_price: 29999, total: 29999, vat: "vat22", payment_object: "commodity", payment_method: "full_payment", reference: "item_01" }],
    receipt_by: terminal.receipt_by,
    ...overrides,
  }
  const encoded = Buffer.from(JSON.stringify(refund), "utf8").toString("base64url")
  const sig = hmacSha256Hex(terminal.secret, `refund=${encoded}&callback=${callbackUrl}`)
  return `kassa-api://refund?refund=${encoded}&callback=${encodeURIComponent(callbackUrl)}&sig=${sig}`
}

describe("terminal simulator", () => {
  it("reads the plugin's own pay link and finds the terminal whose secret signed it", () => {
    const read = readPayLink(link(terminals[1]), terminals, now)
    expect(read.signature_valid).toBe(true)
    expect(read.terminal).toEqual({ id: "mpos-2", name: "mPOS 2", receipt_by: "terminal" })
    expect(read.order.amount).toBe(287097)
    expect(read.order.lines).toHaveLength(2)
    expect(read.callback).toBe("http://localhost:9000/hooks/in-store/isp_01TEST")
    expect(read.expired).toBe(false)
    expect(readPayLink(link(), terminals, Date.parse("2026-11-23T10:16:00Z")).expired).toBe(true)
  })

  it("does not trust a link no configured terminal signed", () => {
    const tampered = link().replace(/sig=[0-9a-f]{4}/, "sig=0000")
    expect(readPayLink(tampered, terminals, now).signature_valid).toBe(false)
    expect(() => resultFor("approve", tampered, terminals, now)).toThrow(/no configured terminal/)
    expect(() => readPayLink("https://example.com/", terminals, now)).toThrow(/not a pay link/)
  })

  it("sends results signed as CONTRACT §4 says, which the plugin's verifier accepts", () => {
    const approve = resultFor("approve", link(), terminals, now)
    expect(approve.callback).toBe("http://localhost:9000/hooks/in-store/isp_01TEST")
    expect(approve.params).toMatchObject({ status: "succeeded", amount: "287097", currency: "RUB", ts: String(now / 1000) })
    expect(verifyCallback(terminals[0].secret, "isp_01TEST", approve.params)).toBe(true)
    expect(verifyCallback(terminals[1].secret, "isp_01TEST", approve.params)).toBe(false)
    expect(approve.params.fn).toBeUndefined()

    const wrong = resultFor("wrong-amount", link(), terminals, now)
    expect(wrong.params.amount).toBe("287096")
    expect(verifyCallback(terminals[0].secret, "isp_01TEST", wrong.params)).toBe(true)

    const decline = resultFor("decline", link(), terminals, now)
    expect(decline.params).toMatchObject({ status: "failed" })
    expect(verifyCallback(terminals[0].secret, "isp_01TEST", decline.params)).toBe(true)
  })

  it("adds the fiscal data of its own register when the terminal prints the receipt", () => {
    const { params } = resultFor("approve", link(terminals[1]), terminals, now)
    expect(params).toMatchObject({ fn: expect.stringMatching(/^\d{16}$/), fd: expect.stringMatching(/^\d+$/), fp: expect.stringMatching(/^\d+$/) })
    expect(verifyCallback(terminals[1].secret, "isp_01TEST", params)).toBe(true)
  })

  it("reads a refund link: the refund, its payment and the terminal whose secret signed it", () => {
    const read = readLink(refundLink(terminals[1]), terminals, now)
    expect(read.kind).toBe("refund")
    expect(read.signature_valid).toBe(true)
    expect(read.terminal).toEqual({ id: "mpos-2", name: "mPOS 2", receipt_by: "terminal" })
    expect(read.payment_id).toBe("isp_01TEST")
    expect(read.refund).toMatchObject({ refund_id: "isr_01REFUND", amount: 29999, original_txn: "SIM-01TEST-12345" })
    expect(read.callback).toBe("http://localhost:9000/hooks/in-store/isp_01TEST")
    expect(read.expired).toBe(false)
    expect(readLink(refundLink(), terminals, Date.parse("2026-11-23T10:16:00Z")).expired).toBe(true)
    // A pay link is still read as one; the pay-link-only reader refuses a refund link.
    expect(readLink(link(), terminals, now).kind).toBe("pay")
    expect(() => readPayLink(refundLink(), terminals, now)).toThrow(/refund link/)
  })

  it("does not trust or answer a refund link whose amount was changed after signing", () => {
    const original = refundLink()
    const forged = refundLink(terminals[0], { amount: 99999 }).replace(/sig=[0-9a-f]+/, original.match(/sig=[0-9a-f]+/)![0])
    expect(readLink(forged, terminals, now).signature_valid).toBe(false)
    expect(() => resultFor("approve", forged, terminals, now)).toThrow(/no configured terminal/)
  })

  it("approves a refund with a signed result the store's verifier accepts for the payment", () => {
    const { callback, params } = resultFor("approve", refundLink(), terminals, now)
    expect(callback).toBe("http://localhost:9000/hooks/in-store/isp_01TEST")
    expect(params).toMatchObject({
      op: "refund",
      refund_id: "isr_01REFUND",
      status: "succeeded",
      amount: "29999",
      currency: "RUB",
      original_txn: "SIM-01TEST-12345",
      ts: String(now / 1000),
    })
    // The refund's own transaction, not the payment's.
    expect(params.txn).toMatch(/^SIM-R-/)
    expect(params.txn).not.toBe(params.original_txn)
    expect(params.fn).toBeUndefined()
    expect(verifyCallback(terminals[0].secret, "isp_01TEST", params)).toBe(true)
    expect(verifyCallback(terminals[0].secret, "isp_01OTHER", params)).toBe(false)
    // Every param except sig, plus payment_id, sorted by key.
    const { sig, ...signed } = params
    const canonical = Object.entries({ ...signed, payment_id: "isp_01TEST" })
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => `${k}=${v}`)
      .join("&")
    expect(sig).toBe(hmacSha256Hex(terminals[0].secret, canonical))
  })

  it("declines a refund, and sends a refund one kopeck over on request (the store must refuse it)", () => {
    const decline = resultFor("decline", refundLink(), terminals, now)
    expect(decline.params).toMatchObject({ op: "refund", refund_id: "isr_01REFUND", status: "failed" })
    expect(decline.params.amount).toBeUndefined()
    expect(verifyCallback(terminals[0].secret, "isp_01TEST", decline.params)).toBe(true)

    const wrong = resultFor("wrong-amount", refundLink(), terminals, now)
    expect(wrong.params).toMatchObject({ op: "refund", status: "succeeded", amount: "30000" })
    expect(verifyCallback(terminals[0].secret, "isp_01TEST", wrong.params)).toBe(true)
  })

  it("adds its register's fiscal data to an approved refund when the terminal prints the receipt", () => {
    const { params } = resultFor("approve", refundLink(terminals[1]), terminals, now)
    expect(params).toMatchObject({ op: "refund", fn: expect.stringMatching(/^\d{16}$/), fd: expect.stringMatching(/^\d+$/), fp: expect.stringMatching(/^\d+$/) })
    expect(params.fiscal_time).toBe(new Date(now).toISOString())
    expect(verifyCallback(terminals[1].secret, "isp_01TEST", params)).toBe(true)
  })

  it("agrees with the plugin's own refund link and refund result code (src/domain)", () => {
    // The link the test builds by the contract is the plugin's link; the plugin's builder gives one the simulator reads.
    expect(verifyRefundLink(refundLink(), terminals[0].secret)).toBe(true)
    const read = readLink(refundLink(), terminals, now)
    const built = buildRefundLink({
      scheme: "kassa-api",
      secret: terminals[1].secret,
      callbackUrl: "http://localhost:9000/hooks/in-store/isp_01TEST",
      refund: { ...read.refund, receipt_by: "terminal" },
    })
    expect(readLink(built, terminals, now)).toMatchObject({ kind: "refund", signature_valid: true, terminal: { id: "mpos-2" } })
    // Each of its results is one the store's parser takes as a refund result.
    for (const outcome of ["approve", "decline", "cancel", "wrong-amount"]) {
      const parsed = parseRefundResultParams(resultFor(outcome, built, terminals, now).params)
      expect(parsed).toMatchObject({ ok: true, result: { op: "refund", refund_id: "isr_01REFUND" } })
    }
  })

  it("reads the refund link test vector of docs/protocol.md §6.4", () => {
    // Kept verbatim from the protocol, so the simulator and the document cannot drift apart.
    const vector =
      "instorepay://refund?refund=eyJ2IjoxLCJvcCI6InJlZnVuZCIsInJlZnVuZF9pZCI6Imlzcl8wMVRFU1RWRUNUT1IiLCJwYXltZW50X2lkIjoiaXNwXzAxVEVTVFZFQ1RPUiIsIm9yZGVyX2lkIjoib3JkZXJfMDFURVNUVkVDVE9SIiwiZGlzcGxheV9pZCI6IjIiLCJvcmlnaW5hbF90eG4iOiJULTEiLCJhbW91bnQiOjI5OTk5LCJjdXJyZW5jeSI6IlJVQiIsImV4cGlyZXNfYXQiOiIyMDI2LTEyLTAzVDEwOjMwOjAwLjAwMFoiLCJsaW5lcyI6W3sidGl0bGUiOiLQmtGA0YPQttC60LAg0LrQtdGA0LDQvNC40YfQtdGB0LrQsNGPIDM1MCDQvNC7IC8gQ2VyYW1pYyBtdWciLCJxdWFudGl0eSI6MSwidW5pdF9wcmljZSI6Mjk5OTksInRvdGFsIjoyOTk5OSwidmF0IjoidmF0MjIiLCJwYXltZW50X29iamVjdCI6ImNvbW1vZGl0eSIsInBheW1lbnRfbWV0aG9kIjoiZnVsbF9wYXltZW50IiwicmVmZXJlbmNlIjoib3JkbGlfMDEifV0sInJlY2VpcHRfYnkiOiJzdG9yZSJ9&callback=https%3A%2F%2Fshop.example.com%2Fhooks%2Fin-store%2Fisp_01TESTVECTOR&sig=5d3bdbb215d33e38ae041f35620ceda2a6e2da6c52b9d64cb1c9da322da1dac4"
    const counter = { id: "counter-1", name: "Counter 1", secret: "demo-counter-1-secret-change-me", receipt_by: "store" }
    const read = readLink(vector, [terminals[0], counter], now)
    expect(read).toMatchObject({ kind: "refund", scheme: "instorepay", signature_valid: true, terminal: { id: "counter-1" }, payment_id: "isp_01TESTVECTOR" })
    expect(read.callback).toBe("https://shop.example.com/hooks/in-store/isp_01TESTVECTOR")
    expect(read.refund).toMatchObject({ refund_id: "isr_01TESTVECTOR", original_txn: "T-1", amount: 29999 })
    expect(resultFor("approve", vector, [counter], now).params).toMatchObject({ op: "refund", refund_id: "isr_01TESTVECTOR", original_txn: "T-1", amount: "29999" })
  })

  it("opens a QR's short link: takes refund_link or pay_link from the store's JSON answer", async () => {
    const answering = (status: number, body: object) => async (url: string, init: { headers: Record<string, string> }) => {
      expect(url).toBe("http://localhost:9000/hooks/in-store/links/AAAAAAAAAAAAAAAAAAAAAA")
      expect(init.headers.accept).toBe("application/json")
      return { ok: status < 400, status, json: async () => body }
    }
    const short = "http://localhost:9000/hooks/in-store/links/AAAAAAAAAAAAAAAAAAAAAA"
    const refund = refundLink()
    expect(await resolveLink(short, answering(200, { refund_id: "isr_01REFUND", refund_link: refund, sig: "…" }))).toBe(refund)
    expect(await resolveLink(short, answering(200, { payment_id: "isp_01TEST", pay_link: link() }))).toBe(link())
    await expect(resolveLink(short, answering(410, { type: "gone", message: "The refund is done" }))).rejects.toThrow(/410: The refund is done/)
    // A full link needs no round trip.
    expect(await resolveLink(` ${refund} `, () => Promise.reject(new Error("no fetch")))).toBe(refund)
  })

  it("knows the demo host's terminals (dev/host-settings.ts)", () => {
    expect(demoTerminals().map((t: { id: string }) => t.id)).toEqual(expect.arrayContaining(["counter-1"]))
  })

  it("stays out of the published plugin: dev/ is neither compiled nor shipped, and src/ code never imports it", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"))
    expect(pkg.files).toEqual([".medusa/server"])
    const tsconfig = fs.readFileSync(path.join(root, "tsconfig.json"), "utf8")
    expect(JSON.parse(tsconfig).exclude).toContain("dev")
    const offenders: string[] = []
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name)
        if (entry.isDirectory()) walk(file)
        else if (/\.(t|j)sx?$/.test(entry.name) && !/\.spec\./.test(entry.name) && /from ["'](\.\.\/)+dev\/|require\(["'](\.\.\/)+dev\//.test(fs.readFileSync(file, "utf8"))) {
          offenders.push(path.relative(root, file))
        }
      }
    }
    walk(path.join(root, "src"))
    expect(offenders).toEqual([])
    // When a plugin build is present (the install test makes one), it holds no trace of the simulator.
    const built = path.join(root, ".medusa/server")
    if (fs.existsSync(built)) {
      const traces: string[] = []
      const scan = (dir: string) => {
        for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
          const file = path.join(dir, entry.name)
          if (entry.isDirectory()) scan(file)
          else if (/terminal-simulator|Terminal simulator/.test(entry.name + fs.readFileSync(file, "utf8"))) traces.push(file)
        }
      }
      scan(built)
      expect(traces).toEqual([])
    }
  })
})
