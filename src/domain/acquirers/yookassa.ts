// YooKassa API v3 (SBP QR) as pure functions: money, statuses, the 54-FZ receipt, notifications. No I/O.
// Sources: the API reference https://yookassa.ru/developers/api (OpenAPI copy: Wolframko/yookassarb,
// yookassa-openapi-specification.yaml @ a64fd746), https://yookassa.ru/developers/54fz/parameters-values,
// https://yookassa.ru/developers/using-api/webhooks.
import { registerAgrees, type PayLine, type PaymentMethod, type PaymentObject } from "../lines"
import { currencyExponent, fromMinorUnits } from "../money"
import { normalizePhone, receiptItemName, ReceiptDataError, type TaxationSystem } from "../receipt"
import type { VatCode } from "../vat"
import type { AcquirerPaymentState, AcquirerPaymentStatus, NotificationVerdict } from "../../adapters/acquirers/types"

/** YooKassa's MonetaryAmount: `value` is a decimal string, always with the currency's fraction ("1000.00"). */
export interface YookassaAmount {
  value: string
  currency: string
}

export type YookassaPaymentStatus = "pending" | "waiting_for_capture" | "succeeded" | "canceled"

export const YOOKASSA_NOTIFICATION_EVENTS = [
  "payment.waiting_for_capture",
  "payment.succeeded",
  "payment.canceled",
  "refund.succeeded",
] as const

// vat_code 1…12 (https://yookassa.ru/developers/54fz/parameters-values: 7–10 since 2025, 11/12 = 22 % and
// 22/122 since 1 January 2026).
export const YOOKASSA_VAT_CODES: Readonly<Record<VatCode, number>> = {
  none: 1, vat0: 2, vat10: 3, vat20: 4, vat110: 5, vat120: 6,
  vat5: 7, vat7: 8, vat105: 9, vat107: 10, vat22: 11, vat122: 12,
}

// tax_system_code 1…6 (same page); 4 is ENVD, abolished in 2021, so no sno maps to it.
export const YOOKASSA_TAX_SYSTEM_CODES: Readonly<Record<TaxationSystem, number>> = {
  osn: 1, usn_income: 2, usn_income_outcome: 3, esn: 5, patent: 6,
}

// payment_mode (tag 1214): YooKassa calls ATOL's "prepayment" partial_prepayment; the rest share names.
const PAYMENT_MODES: Readonly<Record<PaymentMethod, string>> = {
  full_payment: "full_payment",
  full_prepayment: "full_prepayment",
  prepayment: "partial_prepayment",
  advance: "advance",
  partial_payment: "partial_payment",
  credit: "credit",
  credit_payment: "credit_payment",
}

// payment_subject (tag 1212): our four payment objects exist under the same names.
const PAYMENT_SUBJECTS: Readonly<Record<PaymentObject, string>> = {
  commodity: "commodity", service: "service", payment: "payment", another: "another",
}

/** A third-party register takes 100 items per receipt ("Чеки от ЮKassa" 80): the ReceiptData items limit. */
export const YOOKASSA_MAX_RECEIPT_ITEMS = 100
export const YOOKASSA_MAX_DESCRIPTION = 128

/** Integer minor units → `{value: "1234.56", currency}`; exact (digits, not floats). */
export function toYookassaAmount(minor: number, currency: string): YookassaAmount {
  if (!Number.isSafeInteger(minor) || minor < 0) throw new Error(`amount must be a non-negative integer number of minor units, got ${minor}`)
  const code = String(currency).trim().toUpperCase()
  return { value: fromMinorUnits(minor, currencyExponent(code)), currency: code }
}

/** `{value, currency}` → integer minor units. Refuses anything but plain digits with at most the currency's fraction. */
export function fromYookassaAmount(amount: unknown, field = "amount"): { minor: number; currency: string } {
  const a = amount as Partial<YookassaAmount> | null
  if (!a || typeof a !== "object" || typeof a.value !== "string" || typeof a.currency !== "string") {
    throw new Error(`${field} is not a YooKassa amount {value, currency}: ${JSON.stringify(amount)}`)
  }
  const exponent = currencyExponent(a.currency)
  const match = /^(\d+)(?:\.(\d+))?$/.exec(a.value)
  if (!match || (match[2] ?? "").length > exponent) throw new Error(`${field}.value is not a decimal with at most ${exponent} fraction digits: ${a.value}`)
  const minor = BigInt(match[1] + (match[2] ?? "").padEnd(exponent, "0"))
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`${field}.value is too large: ${a.value}`)
  return { minor: Number(minor), currency: a.currency.toUpperCase() }
}

/** A payment description YooKassa accepts: at most 128 characters, cut with an ellipsis. */
export function yookassaDescription(text: string): string {
  const chars = [...String(text).replace(/\s+/g, " ").trim()]
  return chars.length <= YOOKASSA_MAX_DESCRIPTION ? chars.join("") : `${chars.slice(0, YOOKASSA_MAX_DESCRIPTION - 1).join("")}…`
}

/**
 * YooKassa's payment status → ours. succeeded with refunds reads `refunded_amount`; canceled is "canceled" when the
 * QR expired or the merchant stopped it, "failed" when the customer's bank or YooKassa declined it.
 */
export function yookassaPaymentStatus(payment: {
  status: unknown
  amount: unknown
  refunded_amount?: unknown
  cancellation_details?: { party?: unknown; reason?: unknown } | null
}): AcquirerPaymentStatus {
  switch (payment.status) {
    case "pending":
    // We always ask capture: true; a held payment is not final for us and cancel() releases it.
    case "waiting_for_capture":
      return "pending"
    case "succeeded": {
      if (payment.refunded_amount === undefined || payment.refunded_amount === null) return "succeeded"
      const paid = fromYookassaAmount(payment.amount).minor
      const refunded = fromYookassaAmount(payment.refunded_amount, "refunded_amount").minor
      if (refunded <= 0) return "succeeded"
      return refunded >= paid ? "refunded" : "partially_refunded"
    }
    case "canceled": {
      const reason = payment.cancellation_details?.reason
      const byMerchantOrTime = payment.cancellation_details?.party === "merchant" ||
        reason === "expired_on_confirmation" || reason === "expired_on_capture" || reason === "canceled_by_merchant"
      return byMerchantOrTime ? "canceled" : "failed"
    }
    default:
      throw new Error(`YooKassa payment status ${JSON.stringify(payment.status)} is not supported`)
  }
}

/** What the seller may read about the payer of an SBP payment: the payer's bank, never more. */
function payerOf(paymentMethod: any): string | null {
  const bank = paymentMethod?.payer_bank_details
  if (!bank || typeof bank !== "object") return null
  const parts = [bank.bank_id ? `bank ${bank.bank_id}` : null, bank.bic ? `BIC ${bank.bic}` : null].filter(Boolean)
  return parts.length ? `SBP, ${parts.join(", ")}` : null
}

/** A YooKassa Payment object (GET /payments/{id}) → our state. Throws on a body that is not a payment. */
export function yookassaPaymentState(payment: unknown): AcquirerPaymentState {
  const p = payment as Record<string, any> | null
  if (!p || typeof p !== "object" || typeof p.id !== "string" || !p.id) throw new Error("YooKassa answer is not a payment: no id")
  const status = yookassaPaymentStatus(p as any)
  const { minor, currency } = fromYookassaAmount(p.amount)
  const ref = p.metadata && typeof p.metadata.in_store_payment_id === "string" ? p.metadata.in_store_payment_id : null
  const reason = p.cancellation_details?.reason
  return {
    acquirer_payment_id: p.id,
    status,
    amount: minor,
    currency,
    payment_ref: ref,
    // captured_at is when a one-stage payment became succeeded; a pending one has none.
    paid_at: typeof p.captured_at === "string" && p.status === "succeeded" ? p.captured_at : null,
    details: {
      payer: payerOf(p.payment_method),
      message: typeof reason === "string" ? `${p.cancellation_details?.party ?? "yookassa"}: ${reason}` : null,
    },
    raw: p,
  }
}

export interface YookassaReceiptInput {
  lines: PayLine[]
  amount: number
  currency: string
  email: string | null
  phone: string | null
  taxation: string
}

/**
 * The `receipt` of POST /payments and POST /refunds: items carry the unit price (tag 1079) in `amount` and the
 * quantity (whole, or up to 3 decimals for money returned with no goods back), and each item's sum — amount ×
 * quantity rounded to the kopeck, as the register computes it — adds up to `amount`. Problems are ReceiptDataError
 * naming the field.
 */
export function buildYookassaReceipt(input: YookassaReceiptInput): Record<string, unknown> {
  const currency = input.currency.toUpperCase()
  if (currency !== "RUB") throw new ReceiptDataError("currency", `Receipts are registered in RUB only, not ${input.currency}`)
  const email = input.email?.trim() || null
  // YooKassa wants E.164 digits without "+": 79000000000.
  const phone = normalizePhone(input.phone)?.slice(1) ?? null
  if (!email && !phone) throw new ReceiptDataError("customer", "The order has neither an e-mail nor a phone to send the electronic receipt to")
  if (!Object.prototype.hasOwnProperty.call(YOOKASSA_TAX_SYSTEM_CODES, input.taxation)) {
    throw new ReceiptDataError("tax_system_code", `Taxation system ${JSON.stringify(input.taxation)} has no YooKassa code (osn, usn_income, usn_income_outcome, esn, patent)`)
  }
  if (input.lines.length === 0) throw new ReceiptDataError("items", "A receipt needs at least one item")
  if (input.lines.length > YOOKASSA_MAX_RECEIPT_ITEMS) {
    throw new ReceiptDataError("items", `A receipt holds at most ${YOOKASSA_MAX_RECEIPT_ITEMS} items, the order needs ${input.lines.length}`)
  }
  let total = 0
  const items = input.lines.map((line, i) => {
    if (line.vat === null) throw new ReceiptDataError(`items[${i}].vat_code`, line.vat_problem ?? `Item "${line.title}" has no fiscal VAT code`, "vat_unmappable")
    if (!registerAgrees(line)) {
      throw new ReceiptDataError(`items[${i}].amount`, `Item "${line.title}": ${line.unit_price} × ${line.quantity} ≠ ${line.total}`)
    }
    total += line.total
    return {
      description: receiptItemName(line.title),
      // The API reference types quantity as a number (integer or up to 3 decimals).
      quantity: line.quantity,
      amount: toYookassaAmount(line.unit_price, currency),
      vat_code: YOOKASSA_VAT_CODES[line.vat],
      payment_subject: PAYMENT_SUBJECTS[line.payment_object],
      payment_mode: PAYMENT_MODES[line.payment_method],
      measure: "piece",
    }
  })
  if (total !== input.amount) throw new ReceiptDataError("items", `Receipt items total ${total}, the payment is ${input.amount}`)
  // With both contacts the OFD mails only; send the one we have, e-mail first (as for ATOL).
  return {
    customer: email ? { email } : { phone: phone! },
    items,
    tax_system_code: YOOKASSA_TAX_SYSTEM_CODES[input.taxation as TaxationSystem],
  }
}

/**
 * A YooKassa notification `{type: "notification", event, object}`. It carries no signature, so it is only a hint
 * naming the payment whose state must be read from the API (https://yookassa.ru/developers/using-api/webhooks).
 * Refund events name the refund in `object.id` and the payment in `object.payment_id`.
 */
export function parseYookassaNotification(body: unknown): NotificationVerdict {
  let value = body
  if (typeof value === "string") {
    try {
      value = JSON.parse(value)
    } catch {
      return { kind: "rejected", reason: "the notification is not JSON", field: "body" }
    }
  }
  const n = value as Record<string, any> | null
  if (!n || typeof n !== "object" || Array.isArray(n)) return { kind: "rejected", reason: "the notification is not a JSON object", field: "body" }
  if (n.type !== "notification") return { kind: "rejected", reason: `type is ${JSON.stringify(n.type)}, not "notification"`, field: "type" }
  if (!(YOOKASSA_NOTIFICATION_EVENTS as readonly unknown[]).includes(n.event)) {
    return { kind: "rejected", reason: `event ${JSON.stringify(n.event)} is not one YooKassa sends for payments or refunds`, field: "event" }
  }
  const object = n.object
  if (!object || typeof object !== "object" || Array.isArray(object)) return { kind: "rejected", reason: "object is missing", field: "object" }
  const field = String(n.event).startsWith("refund.") ? "payment_id" : "id"
  const id = object[field]
  if (typeof id !== "string" || !/^[0-9A-Za-z-]{1,64}$/.test(id)) {
    return { kind: "rejected", reason: `object.${field} is not a YooKassa id: ${JSON.stringify(id)}`, field: `object.${field}` }
  }
  return { kind: "hint", acquirer_payment_id: id }
}

/** YooKassa's error body `{type: "error", id, code, description, parameter}` as one line for a message. */
export function describeYookassaError(status: number, body: unknown): { code: string; message: string } {
  const e = body as Record<string, unknown> | null
  const code = e && typeof e.code === "string" ? e.code : `http_${status}`
  const parts = [`HTTP ${status} ${code}`]
  if (e && typeof e.description === "string") parts.push(e.description)
  if (e && typeof e.parameter === "string") parts.push(`(parameter: ${e.parameter})`)
  if (e && typeof e.id === "string") parts.push(`[error id ${e.id}]`)
  return { code, message: parts.join(" ") }
}
