import { isSbpTerminal, parsePluginOptions } from "./options"

const app = { id: "counter-1", secret: "a-secret-of-16-chars", receipt_by: "none" }
const base = { public_url: "https://shop.example.com/", terminals: [app] }

describe("plugin options", () => {
  it("reads a terminal app with the defaults (channel terminal-app, custom-scheme)", () => {
    const options = parsePluginOptions(base)
    expect(options.public_url).toBe("https://shop.example.com")
    expect(options.terminals[0]).toMatchObject({ id: "counter-1", channel: "terminal-app", format: "custom-scheme", scheme: "kassa-api" })
  })

  it("reads SBP terminals with each acquirer's credentials validated by its own schema", () => {
    const options = parsePluginOptions({
      ...base,
      terminals: [
        app,
        { id: "sbp-t", channel: "sbp-qr", acquirer: "tbank", terminal_key: "DemoTerminal", password: "p", receipt_by: "none" },
        { id: "sbp-y", channel: "sbp-qr", acquirer: "yookassa", shop_id: "1", secret_key: "demo-secret-key", receipt_by: "none" },
        { id: "sbp-p", channel: "sbp-qr", acquirer: "paymaster", merchant_id: "m", token: "t", receipt_by: "none" },
      ],
    })
    const [, tbank, yookassa, paymaster] = options.terminals
    expect(isSbpTerminal(tbank) && tbank.acquirer_config).toMatchObject({ terminal_key: "DemoTerminal", base_url: "https://securepay.tinkoff.ru/v2" })
    expect(isSbpTerminal(yookassa) && yookassa.acquirer_config).toMatchObject({ shop_id: "1", base_url: "https://api.yookassa.ru/v3" })
    expect(isSbpTerminal(paymaster) && paymaster).toMatchObject({ poll_interval_ms: 3000, refund_late_payments: true })
  })

  it("refuses start-up naming the option: a missing acquirer credential, an unknown acquirer or channel", () => {
    const sbp = { id: "sbp", channel: "sbp-qr", acquirer: "tbank", terminal_key: "DemoTerminal", receipt_by: "none" }
    expect(() => parsePluginOptions({ ...base, terminals: [app, sbp] })).toThrow(/option "terminals\[1\]\.password"/)
    expect(() => parsePluginOptions({ ...base, terminals: [{ ...sbp, password: "p", acquirer: "sberbank" }] })).toThrow(/option "terminals\[0\]\.acquirer": must be one of tbank, yookassa, paymaster/)
    expect(() => parsePluginOptions({ ...base, terminals: [{ ...app, channel: "fax" }] })).toThrow(/option "terminals\[0\]\.channel"/)
    expect(() => parsePluginOptions({ ...base, terminals: [{ ...app, secret: "short" }] })).toThrow(/option "terminals\[0\]\.secret": must be at least 16 characters/)
  })

  it("asks for the store's register when an SBP terminal's receipt is the store's", () => {
    const sbp = { id: "sbp", channel: "sbp-qr", acquirer: "tbank", terminal_key: "DemoTerminal", password: "p" }
    expect(() => parsePluginOptions({ ...base, terminals: [sbp] })).toThrow(/option "fiscal": required/)
  })
})
