// What a terminal app does with a pay link (CONTRACT §3) and what it sends back (CONTRACT §4), without
// the card. Pure except for the clock; the signature code is the plugin's own (src/domain/signature.ts).
const path = require("node:path")
const { requireTs } = require("./load-ts")

const root = path.resolve(__dirname, "../..")
const { hmacSha256Hex, signCallback, verifyHmacHex } = requireTs(path.join(root, "src/domain/signature.ts"))

/** The demo host's terminals (dev/host-settings.ts), read with the current environment. */
function demoTerminals() {
  const { hostSettings } = requireTs(path.join(root, "dev/host-settings.ts"))
  return hostSettings().pluginOptions.terminals
}

/**
 * Reads a `<scheme>://payNow?order=…&callback=…&sig=…` link and finds the terminal whose secret signed it.
 * @returns {{ scheme, order, callback, terminal: {id,name,receipt_by}|null, signature_valid, expired, payment_id }}
 */
function readPayLink(link, terminals, now = Date.now()) {
  const text = String(link || "").trim()
  const match = /^([a-z][a-z0-9+.-]*):\/\/payNow\?(.*)$/i.exec(text)
  if (!match) throw new Error("not a pay link: expected <scheme>://payNow?order=…&callback=…&sig=…")
  const query = new URLSearchParams(match[2])
  const orderParam = query.get("order")
  const callback = query.get("callback")
  const sig = query.get("sig")
  if (!orderParam || !callback || !sig) throw new Error("the link lacks order, callback or sig")
  let order
  try {
    order = JSON.parse(Buffer.from(orderParam, "base64url").toString("utf8"))
  } catch {
    throw new Error("the link's order is not base64url JSON")
  }
  const message = `order=${orderParam}&callback=${callback}`
  const signer = terminals.find((t) => verifyHmacHex(t.secret, message, sig))
  return {
    scheme: match[1],
    order,
    callback,
    payment_id: order.payment_id,
    terminal: signer ? { id: signer.id, name: signer.name ?? signer.id, receipt_by: signer.receipt_by } : null,
    signature_valid: Boolean(signer),
    expired: Boolean(order.expires_at) && Date.parse(order.expires_at) < now,
  }
}

/**
 * The signed result a terminal sends for an outcome: `approve`, `decline`, `cancel`, or `wrong-amount`
 * (a charge one kopeck short, which the store must refuse with 422).
 */
function resultFor(outcome, link, terminals, now = Date.now()) {
  const parsed = readPayLink(link, terminals, now)
  const terminal = terminals.find((t) => t.id === parsed.terminal?.id)
  if (!terminal) throw new Error("no configured terminal signed this link; cannot sign a result for it")
  const { order } = parsed
  const ts = String(Math.floor(now / 1000))
  const txn = `SIM-${order.payment_id.slice(-8).toUpperCase()}-${ts.slice(-5)}`
  let params
  switch (outcome) {
    case "approve":
    case "wrong-amount":
      params = {
        status: "succeeded",
        amount: String(outcome === "approve" ? order.amount : order.amount - 1),
        currency: order.currency,
        txn,
        ts,
        method: "card",
        card_mask: "220220******4242",
        rrn: ts.padStart(12, "0").slice(-12),
        auth_code: hmacSha256Hex(terminal.secret, txn).slice(0, 6).toUpperCase(),
      }
      if (order.receipt_by === "terminal") {
        // The terminal's own register printed the receipt (CONTRACT §4): its fiscal data comes along.
        Object.assign(params, {
          fn: "7380440700076549",
          fd: String(10000 + (Number(ts) % 90000)),
          fp: String(1000000000 + (Number(ts) % 3000000000)),
          fiscal_time: new Date(now).toISOString(),
        })
      }
      break
    case "decline":
      params = { status: "failed", ts, message: "Card declined (simulator)" }
      break
    case "cancel":
      params = { status: "canceled", ts, message: "Canceled on the terminal (simulator)" }
      break
    default:
      throw new Error(`unknown outcome ${outcome}`)
  }
  return { callback: parsed.callback, params: { ...params, sig: signCallback(terminal.secret, order.payment_id, params) } }
}

module.exports = { readPayLink, resultFor, demoTerminals }
