import type { PayLine } from "../lines"
import { hmacSha256Hex, verifyHmacHex } from "../signature"

// Order data carried in the link (CONTRACT §3), version 1.
export interface LinkOrder {
  v: 1
  payment_id: string
  order_id: string
  display_id: number | string
  amount: number
  currency: string
  expires_at: string
  lines: PayLine[]
  receipt_by: "store" | "terminal" | "none"
}

export interface ParsedCustomSchemeLink {
  scheme: string
  order: LinkOrder
  callbackUrl: string
  sig: string
  signedMessage: string
}

const SCHEME = /^[a-z][a-z0-9+.-]*$/
const BASE64URL = /^[A-Za-z0-9_-]+$/
const RECEIPT_BY = ["store", "terminal", "none"]

function assertScheme(scheme: string): void {
  if (typeof scheme !== "string" || !SCHEME.test(scheme)) {
    throw new Error(`Invalid URL scheme ${JSON.stringify(scheme)}: expected lower-case letters, digits, "+", "." or "-"`)
  }
}

function signedMessageOf(payloadParam: string, callbackUrl: string, param = "order"): string {
  return `${param}=${payloadParam}&callback=${callbackUrl}`
}

export function buildSignedLink(scheme: string, action: string, param: string, secret: string, callbackUrl: string, payload: unknown): string {
  assertScheme(scheme)
  const encoded = Buffer.from(JSON.stringify(payload), "utf8").toString("base64url")
  const sig = hmacSha256Hex(secret, signedMessageOf(encoded, callbackUrl, param))
  return `${scheme}://${action}?${param}=${encoded}&callback=${encodeURIComponent(callbackUrl)}&sig=${sig}`
}

export function buildCustomSchemeLink(input: { scheme: string; secret: string; callbackUrl: string; order: LinkOrder }): string {
  assertLinkOrder(input.order)
  return buildSignedLink(input.scheme, "payNow", "order", input.secret, input.callbackUrl, input.order)
}

/** `<scheme>://<action>?<param>=<base64url JSON>&callback=…&sig=…` split into its signed parts (shape of the payload unchecked). */
export function parseSignedLink(link: string, action: string, param: string) {
  const match = new RegExp(`^([^:]+):\\/\\/${action}\\?(.*)$`, "s").exec(String(link))
  if (!match) throw new Error(`Not a custom-scheme ${action} link: expected <scheme>://${action}?…`)
  const [, scheme, query] = match
  assertScheme(scheme)
  const params = new Map<string, string>()
  for (const pair of query.split("&")) {
    const eq = pair.indexOf("=")
    const key = eq < 0 ? pair : pair.slice(0, eq)
    if (params.has(key)) throw new Error(`Pay link repeats the parameter ${key}`)
    params.set(key, eq < 0 ? "" : pair.slice(eq + 1))
  }
  const payloadParam = params.get(param)
  const rawCallback = params.get("callback")
  const sig = params.get("sig")
  if (!payloadParam || !BASE64URL.test(payloadParam)) throw new Error(`Pay link ${param} is missing or not base64url`)
  if (!rawCallback) throw new Error("Pay link callback is missing")
  if (!sig) throw new Error("Pay link sig is missing")

  let callbackUrl: string
  let payload: unknown
  try {
    callbackUrl = decodeURIComponent(rawCallback)
  } catch {
    throw new Error("Pay link callback is not URL-encoded correctly")
  }
  try {
    payload = JSON.parse(Buffer.from(payloadParam, "base64url").toString("utf8"))
  } catch {
    throw new Error(`Pay link ${param} is not base64url-encoded JSON`)
  }
  return { scheme, payload, callbackUrl, sig, signedMessage: signedMessageOf(payloadParam, callbackUrl, param) }
}

export function parseCustomSchemeLink(link: string): ParsedCustomSchemeLink {
  const { payload, ...parts } = parseSignedLink(link, "payNow", "order")
  assertLinkOrder(payload)
  return { ...parts, order: payload }
}

/** True only for a well-formed link (as `parse` reads it) whose sig matches the secret; never throws. */
export function verifySignedLink(parse: (link: string) => { signedMessage: string; sig: string }, link: string, secret: string): boolean {
  try {
    const parsed = parse(link)
    return verifyHmacHex(secret, parsed.signedMessage, parsed.sig)
  } catch {
    return false
  }
}

export const verifyCustomSchemeLink = (link: string, secret: string) => verifySignedLink(parseCustomSchemeLink, link, secret)

// Shape check only: the signature, not this, is what makes the content trustworthy.
function assertLinkOrder(value: unknown): asserts value is LinkOrder {
  const o = value as Partial<LinkOrder> | null
  const problem =
    typeof o !== "object" || o === null || Array.isArray(o) ? "is not an object"
    : o.v !== 1 ? "v must be 1"
    : typeof o.payment_id !== "string" || !o.payment_id ? "payment_id must be a non-empty string"
    : typeof o.order_id !== "string" || !o.order_id ? "order_id must be a non-empty string"
    : typeof o.display_id !== "string" && typeof o.display_id !== "number" ? "display_id must be a string or number"
    : !Number.isSafeInteger(o.amount) || (o.amount as number) < 0 ? "amount must be a non-negative integer"
    : typeof o.currency !== "string" || !o.currency ? "currency must be a non-empty string"
    : typeof o.expires_at !== "string" ? "expires_at must be a string"
    : !Array.isArray(o.lines) ? "lines must be an array"
    : !RECEIPT_BY.includes(o.receipt_by as string) ? "receipt_by must be store, terminal or none"
    : null
  if (problem) throw new Error(`Pay link order ${problem}`)
}
