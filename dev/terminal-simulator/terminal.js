// What a terminal app does with a pay link (CONTRACT §3) or a refund link (docs/refund-contract) and what it
// sends back (CONTRACT §4), without the card. Pure except for the clock and resolving a short link; the
// signature code is the plugin's own (src/domain/signature.ts).
const path = require("node:path")
const { requireTs } = require("./load-ts")

const root = path.resolve(__dirname, "../..")
const { hmacSha256Hex, signCallback, verifyHmacHex } = requireTs(path.join(root, "src/domain/signature.ts"))

/** The demo host's terminals (dev/host-settings.ts), read with the current environment. */
function demoTerminals() {
  const { hostSettings } = requireTs(path.join(root, "dev/host-settings.ts"))
  return hostSettings().pluginOptions.terminals
}

// `<scheme>://payNow?order=…` and `<scheme>://refund?refund=…`: the name of the JSON parameter is the link's kind.
const LINK = /^([a-z][a-z0-9+.-]*):\/\/(payNow|refund)\?(.*)$/i
const KIND_PARAM = { payNow: "order", refund: "refund" }

/**
 * Reads a pay link (`<scheme>://payNow?order=…&callback=…&sig=…`) or a refund link
 * (`<scheme>://refund?refund=…&callback=…&sig=…`) and finds the terminal whose secret signed it.
 * @returns {{ kind: "pay"|"refund", scheme, order?, refund?, callback, terminal: {id,name,receipt_by}|null,
 *             signature_valid, expired, payment_id, link }}
 */
function readLink(link, terminals, now = Date.now()) {
  const text = String(link || "").trim()
  const match = LINK.exec(text)
  if (!match) throw new Error("not a pay link: expected <scheme>://payNow?order=…&callback=…&sig=… or <scheme>://refund?refund=…")
  const [, scheme, action, rawQuery] = match
  const name = KIND_PARAM[action]
  const query = new URLSearchParams(rawQuery)
  const encoded = query.get(name)
  const callback = query.get("callback")
  const sig = query.get("sig")
  if (!encoded || !callback || !sig) throw new Error(`the link lacks ${name}, callback or sig`)
  let data
  try {
    data = JSON.parse(Buffer.from(encoded, "base64url").toString("utf8"))
  } catch {
    throw new Error(`the link's ${name} is not base64url JSON`)
  }
  // Both kinds sign "<name>=<base64url>&callback=<decoded callback URL>".
  const message = `${name}=${encoded}&callback=${callback}`
  const signer = terminals.find((t) => verifyHmacHex(t.secret, message, sig))
  return {
    kind: action === "refund" ? "refund" : "pay",
    scheme,
    link: text,
    ...(action === "refund" ? { refund: data } : { order: data }),
    callback,
    payment_id: data.payment_id,
    terminal: signer ? { id: signer.id, name: signer.name ?? signer.id, receipt_by: signer.receipt_by } : null,
    signature_valid: Boolean(signer),
    expired: Boolean(data.expires_at) && Date.parse(data.expires_at) < now,
  }
}

/** A pay link only (the simulator's original entry point). */
function readPayLink(link, terminals, now = Date.now()) {
  const read = readLink(link, terminals, now)
  if (read.kind !== "pay") throw new Error("not a pay link: this is a refund link")
  return read
}

/**
 * What the terminal app does with a QR's short URL (/hooks/in-store/links/<token>): asks it for JSON and takes
 * the full link from the answer, `pay_link` for a payment or `refund_link` for a refund. Other text is returned as is.
 */
async function resolveLink(text, fetchImpl = fetch) {
  const link = String(text || "").trim()
  if (!/^https?:\/\//i.test(link)) return link
  const answer = await fetchImpl(link, { headers: { accept: "application/json" } })
  let body
  try {
    body = await answer.json()
  } catch {
    throw new Error(`the short link answered ${answer.status} without JSON`)
  }
  if (!answer.ok) throw new Error(`the short link answered ${answer.status}: ${body.message ?? body.type ?? ""}`)
  const full = body.refund_link ?? body.pay_link
  if (!full) throw new Error("the short link's answer has neither pay_link nor refund_link")
  return full
}

// The fiscal data a terminal's own register reports (CONTRACT §4), derived from the time so each differs.
const terminalFiscal = (ts, now) => ({
  fn: "7380440700076549",
  fd: String(10000 + (Number(ts) % 90000)),
  fp: String(1000000000 + (Number(ts) % 3000000000)),
  fiscal_time: new Date(now).toISOString(),
})

/**
 * The signed result a terminal sends for an outcome: `approve`, `decline`, `cancel`, or `wrong-amount`
 * (a charge one kopeck short, or a refund one kopeck over: the store must refuse either with 422).
 */
function resultFor(outcome, link, terminals, now = Date.now()) {
  const parsed = readLink(link, terminals, now)
  const terminal = terminals.find((t) => t.id === parsed.terminal?.id)
  if (!terminal) throw new Error("no configured terminal signed this link; cannot sign a result for it")
  const ts = String(Math.floor(now / 1000))
  const params = parsed.kind === "refund" ? refundParams(outcome, parsed.refund, terminal, ts, now) : payParams(outcome, parsed.order, terminal, ts, now)
  return { callback: parsed.callback, params: { ...params, sig: signCallback(terminal.secret, parsed.payment_id, params) } }
}

function payParams(outcome, order, terminal, ts, now) {
  const txn = `SIM-${order.payment_id.slice(-8).toUpperCase()}-${ts.slice(-5)}`
  switch (outcome) {
    case "approve":
    case "wrong-amount":
      return {
        status: "succeeded",
        amount: String(outcome === "approve" ? order.amount : order.amount - 1),
        currency: order.currency,
        txn,
        ts,
        method: "card",
        card_mask: "220220******4242",
        rrn: ts.padStart(12, "0").slice(-12),
        auth_code: hmacSha256Hex(terminal.secret, txn).slice(0, 6).toUpperCase(),
        // The terminal's own register printed the receipt (CONTRACT §4): its fiscal data comes along.
        ...(order.receipt_by === "terminal" ? terminalFiscal(ts, now) : {}),
      }
    case "decline":
      return { status: "failed", ts, message: "Card declined (simulator)" }
    case "cancel":
      return { status: "canceled", ts, message: "Canceled on the terminal (simulator)" }
    default:
      throw new Error(`unknown outcome ${outcome}`)
  }
}

// A refund result names its refund and, when money went back, the payment's transaction it reverses.
function refundParams(outcome, refund, terminal, ts, now) {
  const base = { op: "refund", refund_id: refund.refund_id, ts }
  switch (outcome) {
    case "approve":
    case "wrong-amount": {
      const txn = `SIM-R-${refund.refund_id.slice(-8).toUpperCase()}-${ts.slice(-5)}`
      return {
        ...base,
        status: "succeeded",
        amount: String(outcome === "approve" ? refund.amount : refund.amount + 1),
        currency: refund.currency,
        txn,
        original_txn: refund.original_txn,
        method: "card",
        card_mask: "220220******4242",
        rrn: ts.padStart(12, "0").slice(-12),
        auth_code: hmacSha256Hex(terminal.secret, txn).slice(0, 6).toUpperCase(),
        ...(refund.receipt_by === "terminal" ? terminalFiscal(ts, now) : {}),
      }
    }
    case "decline":
      return { ...base, status: "failed", message: "Refund declined (simulator)" }
    case "cancel":
      return { ...base, status: "canceled", message: "Refund canceled on the terminal (simulator)" }
    default:
      throw new Error(`unknown outcome ${outcome}`)
  }
}

module.exports = { readLink, readPayLink, resolveLink, resultFor, demoTerminals }
