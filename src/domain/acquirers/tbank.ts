// T-Bank internet acquiring API v2: the pure parts (request token, statuses, notifications, receipt).
// Sources: https://developer.tbank.ru/eacq/intro/developer/token (token), https://developer.tbank.ru/eacq/api/get-qr,
// https://developer.tbank.ru/eacq/intro/developer/notification, T-Bank's OpenAPI v1.80 (/v2/Init, /v2/Cancel,
// statuses) as summarised in research/acquirers-sbp.md.
import { createHash, timingSafeEqual } from "node:crypto"
import { registerAgrees, type PayLine } from "../lines"
import { ReceiptDataError } from "../receipt"

/**
 * The request/notification token: SHA-256 (hex) of the root-level scalar values plus `Password`, sorted by key,
 * concatenated. Nested objects and arrays (DATA, Receipt…) and Token itself do not take part; nulls are skipped.
 */
export function tbankToken(params: Record<string, unknown>, password: string): string {
  const signed: Record<string, string> = { Password: password }
  for (const [key, value] of Object.entries(params)) {
    if (key === "Token" || value === null || value === undefined || typeof value === "object") continue
    signed[key] = typeof value === "boolean" ? (value ? "true" : "false") : String(value)
  }
  const joined = Object.keys(signed)
    .sort()
    .map((key) => signed[key])
    .join("")
  return createHash("sha256").update(joined, "utf8").digest("hex")
}

export type TbankMappedStatus = "pending" | "succeeded" | "failed" | "canceled" | "refunded" | "partially_refunded"

/** T-Bank's SBP statuses onto ours; every status not final is pending (there is no two-stage SBP). */
export function tbankStatus(status: string): TbankMappedStatus {
  switch (status) {
    case "CONFIRMED":
      return "succeeded"
    case "REFUNDED":
      return "refunded"
    case "PARTIAL_REFUNDED":
      return "partially_refunded"
    case "CANCELED":
    case "DEADLINE_EXPIRED":
      return "canceled"
    case "REJECTED":
    case "AUTH_FAIL":
    case "ATTEMPTS_EXPIRED":
      return "failed"
    default:
      return "pending"
  }
}

export interface TbankNotification {
  TerminalKey: string
  OrderId: string
  Success: boolean
  Status: string
  PaymentId: string
  ErrorCode: string
  Amount: number
  Pan?: string
  Token: string
  [key: string]: unknown
}

export type TbankNotificationCheck =
  | { ok: true; notification: TbankNotification }
  | { ok: false; reason: string; field: string }

const timingSafeHexEqual = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"))

/** A notification is T-Bank's only if it names our terminal and its Token is right for our password. */
export function checkTbankNotification(body: unknown, terminalKey: string, password: string): TbankNotificationCheck {
  if (!body || typeof body !== "object" || Array.isArray(body)) {
    return { ok: false, reason: "the notification must be a JSON object", field: "(body)" }
  }
  const n = body as Record<string, unknown>
  if (typeof n.Token !== "string" || !/^[0-9a-f]{64}$/i.test(n.Token)) return { ok: false, reason: "Token is missing or malformed", field: "Token" }
  if (n.TerminalKey !== terminalKey) return { ok: false, reason: "TerminalKey is not this terminal's", field: "TerminalKey" }
  if (!timingSafeHexEqual(tbankToken(n, password), n.Token.toLowerCase())) {
    return { ok: false, reason: "Token does not match (wrong password, or not from T-Bank)", field: "Token" }
  }
  for (const field of ["PaymentId", "Status", "OrderId"] as const) {
    if (typeof n[field] !== "string" && typeof n[field] !== "number") return { ok: false, reason: `${field} is required`, field }
  }
  if (!Number.isSafeInteger(Number(n.Amount)) || Number(n.Amount) < 0) return { ok: false, reason: "Amount must be kopecks", field: "Amount" }
  return { ok: true, notification: { ...(n as any), PaymentId: String(n.PaymentId), OrderId: String(n.OrderId), Amount: Number(n.Amount) } }
}

/** RedirectDueDate in T-Bank's format: Moscow time, `YYYY-MM-DDTHH:MM:SS+03:00`. */
export function tbankDueDate(iso: string): string {
  const moscow = new Date(new Date(iso).getTime() + 3 * 3600_000)
  return `${moscow.toISOString().slice(0, 19)}+03:00`
}

/**
 * T-Bank's `Receipt` (FFD 1.05 shape) from our kopeck lines (a sale's, or a refund's), each item's Amount its
 * Price × Quantity as a register rounds it, adding up to the operation's `amount`. Bad data is a ReceiptDataError
 * naming the item, never a guess.
 */
export function tbankReceipt(lines: PayLine[], customer: { email: string | null; phone: string | null }, taxation: string, amount: number) {
  if (!customer.email && !customer.phone) throw new ReceiptDataError("Receipt", "The order has neither an e-mail nor a phone to send the electronic receipt to")
  lines.forEach((line, i) => {
    if (line.vat === null) throw new ReceiptDataError(`Receipt.Items[${i}].Tax`, line.vat_problem ?? `Item "${line.title}" has no fiscal VAT code`, "vat_unmappable")
    if (!registerAgrees(line)) throw new ReceiptDataError(`Receipt.Items[${i}].Amount`, `Item "${line.title}": ${line.unit_price} × ${line.quantity} ≠ ${line.total}`)
  })
  const total = lines.reduce((n, line) => n + line.total, 0)
  if (total !== amount) throw new ReceiptDataError("Receipt.Items", `The items add up to ${total}, the operation is ${amount}`)
  return {
    ...(customer.email ? { Email: customer.email } : {}),
    ...(customer.phone ? { Phone: customer.phone } : {}),
    Taxation: taxation,
    Items: lines.map((line) => ({
      Name: line.title.length > 128 ? `${line.title.slice(0, 127)}…` : line.title,
      Price: line.unit_price,
      Quantity: line.quantity,
      Amount: line.total,
      // T-Bank names VAT as we do (none, vat0, vat5, vat7, vat10, vat20, vat22 and the calculated vat1NN forms).
      Tax: line.vat!,
      PaymentMethod: "full_payment",
      PaymentObject: line.payment_object ?? "commodity",
    })),
  }
}
