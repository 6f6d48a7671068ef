// Result callback parameters (CONTRACT §4), already collected from query / form / JSON into one object.
import { isStorableText } from "./untrusted-input"

export interface CallbackResult {
  status: "succeeded" | "failed" | "canceled"
  amount?: number
  currency?: string
  txn?: string
  ts: number
  method?: string
  rrn?: string
  auth_code?: string
  card_mask?: string
  message?: string
  fn?: string
  fd?: string
  fp?: string
  fiscal_time?: string
}

export type ParseOutcome =
  | { ok: true; result: CallbackResult; signedParams: Record<string, string>; sig?: string }
  | { ok: false; field: string; message: string; signedParams: Record<string, string>; sig?: string }

export const CALLBACK_STATUSES = ["succeeded", "failed", "canceled"] as const
const OPTIONAL_TEXT = ["method", "rrn", "auth_code", "card_mask", "message", "fn", "fd", "fp", "fiscal_time"] as const
const KEY = /^[A-Za-z0-9_.-]{1,64}$/
const DIGITS = /^\d+$/
const CURRENCY = /^[A-Z]{3}$/

class Malformed extends Error {
  constructor(readonly field: string, message: string) {
    super(message)
  }
}

const chars = (s: string) => [...s].length

// JSON numbers are signed as their decimal text, which is what a query string would have carried.
function asText(key: string, value: unknown): string {
  if (typeof value === "string") return value
  if (typeof value === "number" && Number.isFinite(value)) return String(value)
  if (Array.isArray(value)) throw new Malformed(key, `${key} must be given once, not repeated`)
  throw new Malformed(key, `${key} must be a string or a number`)
}

function positiveInteger(key: string, text: string, what: string): number {
  const n = DIGITS.test(text) ? Number(text) : NaN
  if (!Number.isSafeInteger(n) || n < 1) throw new Malformed(key, `${key} must be a positive integer ${what}`)
  return n
}

// Own-property write, so a "__proto__" parameter is kept as data like any other.
function put(record: Record<string, string>, key: string, value: string): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true })
}

// Collects every usable parameter first, so a malformed request can still be logged and signature-checked.
function collect(raw: Record<string, unknown>, signed: Record<string, string>, out: { sig?: string }): Malformed | null {
  let first: Malformed | null = null
  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined) continue
    try {
      if (!KEY.test(key)) throw new Malformed(key.slice(0, 64), "parameter names must be 1–64 characters of A-Z a-z 0-9 _ . -")
      const text = asText(key, value)
      if (key === "sig") out.sig = text
      else put(signed, key, text)
      // Signed over as received, so a terminal that sent it hears a 400 naming the field, not a 401.
      if (!isStorableText(text)) throw new Malformed(key, `${key} must not contain NUL or unpaired UTF-16 surrogates`)
    } catch (e) {
      if (!(e instanceof Malformed)) throw e
      first ??= e
    }
  }
  return first
}

function validate(params: Map<string, string>): CallbackResult {
  const status = params.get("status")
  if (status === undefined) throw new Malformed("status", "status is required")
  if (!(CALLBACK_STATUSES as readonly string[]).includes(status)) {
    throw new Malformed("status", "status must be succeeded, failed or canceled")
  }
  const ts = params.get("ts")
  if (ts === undefined) throw new Malformed("ts", "ts is required")
  const result: CallbackResult = {
    status: status as CallbackResult["status"],
    ts: positiveInteger("ts", ts, "number of seconds since the Unix epoch"),
  }

  const succeeded = status === "succeeded"
  const amount = params.get("amount")
  if (amount !== undefined) result.amount = positiveInteger("amount", amount, "number of minor units")
  else if (succeeded) throw new Malformed("amount", "amount is required when status is succeeded")

  const currency = params.get("currency")
  if (currency !== undefined) {
    if (!CURRENCY.test(currency)) throw new Malformed("currency", "currency must be an upper-case ISO 4217 code")
    result.currency = currency
  } else if (succeeded) throw new Malformed("currency", "currency is required when status is succeeded")

  const txn = params.get("txn")
  if (txn !== undefined && (txn !== "" || succeeded)) {
    if (txn === "" || chars(txn) > 128) throw new Malformed("txn", "txn must be 1–128 characters")
    result.txn = txn
  } else if (succeeded) throw new Malformed("txn", "txn is required when status is succeeded")

  for (const key of OPTIONAL_TEXT) {
    const text = params.get(key)
    if (text === undefined || text === "") continue
    if (chars(text) > 256) throw new Malformed(key, `${key} must be at most 256 characters`)
    result[key] = text
  }
  return result
}

function parseWith<T>(raw: Record<string, unknown>, check: (params: Map<string, string>) => T) {
  const signedParams: Record<string, string> = {}
  const out: { sig?: string } = {}
  const withSig = () => (out.sig !== undefined ? { sig: out.sig } : {})
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    return { ok: false as const, field: "(body)", message: "parameters must be an object of names and values", signedParams }
  }
  try {
    const problem = collect(raw, signedParams, out)
    if (problem) throw problem
    const result = check(new Map(Object.entries(signedParams)))
    return { ok: true as const, result, signedParams, ...withSig() }
  } catch (e) {
    if (!(e instanceof Malformed)) throw e
    return { ok: false as const, field: e.field, message: e.message, signedParams, ...withSig() }
  }
}

/** Validates a result callback; reports the first problem by field. `sig` is returned apart from the signed params. */
export function parseCallbackParams(raw: Record<string, unknown>): ParseOutcome {
  return parseWith(raw, validate)
}

/** A terminal's refund result (protocol §6): a payment result's fields plus which refund, and of which transaction. */
export interface RefundResult extends CallbackResult {
  op: "refund"
  refund_id: string
  /** the payment's transaction the refund returns money from; required with succeeded */
  original_txn?: string
}

export type RefundParseOutcome =
  | { ok: true; result: RefundResult; signedParams: Record<string, string>; sig?: string }
  | { ok: false; field: string; message: string; signedParams: Record<string, string>; sig?: string }

/** True when the parameters claim to be a refund result (they are then parsed and signed as one). */
export const isRefundResult = (raw: Record<string, unknown>) => raw?.op === "refund"

const REFUND_ID = /^isr_[A-Za-z0-9]{1,64}$/

export function parseRefundResultParams(raw: Record<string, unknown>): RefundParseOutcome {
  return parseWith(raw, (params) => {
    if (params.get("op") !== "refund") throw new Malformed("op", "op must be refund")
    const refundId = params.get("refund_id")
    if (refundId === undefined) throw new Malformed("refund_id", "refund_id is required")
    if (!REFUND_ID.test(refundId)) throw new Malformed("refund_id", "refund_id must be a refund id (isr_…)")
    const result: RefundResult = { ...validate(params), op: "refund", refund_id: refundId }
    const original = params.get("original_txn")
    if (original !== undefined && original !== "") {
      if (chars(original) > 128) throw new Malformed("original_txn", "original_txn must be 1–128 characters")
      result.original_txn = original
    } else if (result.status === "succeeded") throw new Malformed("original_txn", "original_txn is required when status is succeeded")
    return result
  })
}

/** The named fields of a verified result that are set, to keep with the payment or refund. */
export function pickDefined<T extends CallbackResult>(result: T, keys: (keyof T)[]): Record<string, unknown> {
  const picked: Record<string, unknown> = {}
  for (const key of keys) if (result[key] !== undefined) picked[key as string] = result[key]
  return picked
}
