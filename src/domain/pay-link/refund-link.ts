import type { PayLine } from "../lines"
import { buildSignedLink, parseSignedLink, verifySignedLink } from "./custom-scheme"

/** A refund line: a pay line whose quantity may be fractional (3 decimals) for money returned with no goods. */
export type RefundLinkLine = PayLine

// The refund request carried in a refund link (protocol §6), version 1.
export interface LinkRefund {
  v: 1
  op: "refund"
  refund_id: string
  payment_id: string
  order_id: string
  display_id: number | string
  /** the terminal's transaction id of the payment being refunded */
  original_txn: string
  amount: number
  currency: string
  expires_at: string
  lines: RefundLinkLine[]
  receipt_by: "store" | "terminal" | "none"
}

export interface ParsedRefundLink {
  scheme: string
  refund: LinkRefund
  callbackUrl: string
  sig: string
  signedMessage: string
}

/** `<scheme>://refund?refund=<base64url JSON>&callback=…&sig=…`, signed like a pay link. */
export function buildRefundLink(input: { scheme: string; secret: string; callbackUrl: string; refund: LinkRefund }): string {
  assertLinkRefund(input.refund)
  return buildSignedLink(input.scheme, "refund", "refund", input.secret, input.callbackUrl, input.refund)
}

export function parseRefundLink(link: string): ParsedRefundLink {
  const { payload, ...parts } = parseSignedLink(link, "refund", "refund")
  assertLinkRefund(payload)
  return { ...parts, refund: payload }
}

/** True only for a well-formed refund link whose sig matches the secret; never throws. */
export const verifyRefundLink = (link: string, secret: string) => verifySignedLink(parseRefundLink, link, secret)

function assertLinkRefund(value: unknown): asserts value is LinkRefund {
  const r = value as Partial<LinkRefund> | null
  const text = (v: unknown) => typeof v === "string" && v.length > 0
  const problem =
    typeof r !== "object" || r === null || Array.isArray(r) ? "is not an object"
    : r.v !== 1 ? "v must be 1"
    : r.op !== "refund" ? "op must be refund"
    : !text(r.refund_id) ? "refund_id must be a non-empty string"
    : !text(r.payment_id) ? "payment_id must be a non-empty string"
    : !text(r.order_id) ? "order_id must be a non-empty string"
    : !text(r.original_txn) ? "original_txn must be a non-empty string"
    : !Number.isSafeInteger(r.amount) || (r.amount as number) < 1 ? "amount must be a positive integer"
    : !text(r.currency) ? "currency must be a non-empty string"
    : typeof r.expires_at !== "string" ? "expires_at must be a string"
    : !Array.isArray(r.lines) ? "lines must be an array"
    : !["store", "terminal", "none"].includes(r.receipt_by as string) ? "receipt_by must be store, terminal or none"
    : null
  if (problem) throw new Error(`Refund link ${problem}`)
}
