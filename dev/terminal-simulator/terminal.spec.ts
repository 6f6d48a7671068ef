import fs from "node:fs"
import path from "node:path"
import { buildCustomSchemeLink, verifyCallback } from "../../src/domain"

// eslint-disable-next-line @typescript-eslint/no-var-requires
const { readPayLink, resultFor, demoTerminals } = require("./terminal")

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
