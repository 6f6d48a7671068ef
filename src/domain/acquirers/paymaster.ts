// PayMaster API v2 (https://paymaster.ru/docs/ru/api) as pure functions: money, statuses, the receipt, the SBP
// payment body, and reading payments and notifications. No I/O; the adapter in src/adapters/acquirers does the HTTP.
import { currencyExponent, fromMinorUnits, toMinorUnits } from "../money"
import { registerAgrees, registerSum, type PayLine, type PaymentMethod, type PaymentObject } from "../lines"
import type { VatCode } from "../vat"

/** A PayMaster answer or notification that does not have the shape the API documents. */
export class PaymasterFormatError extends Error {
  constructor(readonly field: string, problem: string) {
    super(`${field}: ${problem}`)
    this.name = "PaymasterFormatError"
  }
}

// ---- money ------------------------------------------------------------------------------------------------

/** `amount {value, currency}`: value is a decimal number in major units (docs: `"value": 10.50`). */
export interface PaymasterAmount {
  value: number
  currency: string
}

/**
 * Minor units → PayMaster's amount. `kopecks / 100` is the double nearest the exact decimal, and JSON.stringify
 * writes the shortest text that reads back as it, so 1234.5 goes out as `1234.5`, never `1234.4999999`.
 */
export function paymasterAmount(minor: number, currency: string): PaymasterAmount {
  const code = String(currency).trim().toUpperCase()
  return { value: Number(fromMinorUnits(minor, currencyExponent(code))), currency: code }
}

/**
 * PayMaster's `value` (number or decimal string; answers carry 4 decimals, `10.5000`) → minor units. A value with
 * a non-zero digit below the minor unit is refused rather than rounded: money must never be invented.
 */
export function minorFromPaymasterValue(value: unknown, currency: string, field = "amount.value"): number {
  if (typeof value !== "number" && typeof value !== "string") throw new PaymasterFormatError(field, `expected a decimal, got ${JSON.stringify(value)}`)
  const exponent = currencyExponent(currency)
  let minor: number
  try {
    minor = toMinorUnits(value, exponent)
  } catch (err) {
    throw new PaymasterFormatError(field, (err as Error).message)
  }
  // Exact when the minor units read back as the same number; "10.5000" passes, "10.005" does not.
  if (Number(fromMinorUnits(minor, exponent)) !== Number(value)) {
    throw new PaymasterFormatError(field, `${JSON.stringify(value)} has a fraction of a minor unit`)
  }
  return minor
}

export function minorFromPaymasterAmount(amount: unknown, field = "amount"): { minor: number; currency: string } {
  if (!isRecord(amount)) throw new PaymasterFormatError(field, "expected {value, currency}")
  if (typeof amount.currency !== "string" || !/^[A-Za-z]{3}$/.test(amount.currency)) {
    throw new PaymasterFormatError(`${field}.currency`, `expected an ISO 4217 code, got ${JSON.stringify(amount.currency)}`)
  }
  const currency = amount.currency.toUpperCase()
  return { minor: minorFromPaymasterValue(amount.value, currency, `${field}.value`), currency }
}

// ---- statuses -----------------------------------------------------------------------------------------------

/** Payment statuses, docs "Коды и справочники → Статус платежа". */
export const PAYMASTER_PAYMENT_STATUSES = ["Pending", "Confirmation", "Authorized", "Settled", "Cancelled", "Rejected"] as const
export type PaymasterPaymentStatus = (typeof PAYMASTER_PAYMENT_STATUSES)[number]

/** Refund statuses, docs "Статус возврата". */
export const PAYMASTER_REFUND_STATUSES = ["Pending", "Success", "Rejected"] as const
export type PaymasterRefundStatus = (typeof PAYMASTER_REFUND_STATUSES)[number]

export type OurPaymentStatus = "pending" | "succeeded" | "failed" | "canceled"

/**
 * PayMaster's payment status → ours. `Authorized` is a dual-mode hold (we never ask for one), so it is not paid yet.
 * A refunded payment stays `Settled`: the API shows refunds as their own objects, never as a payment status.
 * Unknown → null, and the caller treats it as pending (never captures or releases on a status it cannot read).
 */
export function ourPaymentStatus(status: unknown): OurPaymentStatus | null {
  switch (status) {
    case "Pending":
    case "Confirmation":
    case "Authorized":
      return "pending"
    case "Settled":
      return "succeeded"
    case "Cancelled":
      return "canceled"
    case "Rejected":
      return "failed"
    default:
      return null
  }
}

export function ourRefundStatus(status: unknown): "pending" | "succeeded" | "failed" | null {
  switch (status) {
    case "Pending":
      return "pending"
    case "Success":
      return "succeeded"
    case "Rejected":
      return "failed"
    default:
      return null
  }
}

// ---- receipt ------------------------------------------------------------------------------------------------

// vatType values: docs "Чеки" (None, Vat0, Vat5, Vat7, Vat10, Vat22, Vat105, Vat107, Vat110, Vat122); Vat20 and
// Vat120 from the earlier dictionary (an1by/PayMasterSDK VatType) for receipts dated before the 22 % rate.
const VAT_TYPE: Record<VatCode, string> = {
  none: "None", vat0: "Vat0", vat5: "Vat5", vat7: "Vat7", vat10: "Vat10", vat20: "Vat20", vat22: "Vat22",
  vat105: "Vat105", vat107: "Vat107", vat110: "Vat110", vat120: "Vat120", vat122: "Vat122",
}
// paymentSubject / paymentMethod names as the SDK's dictionaries spell them (an1by/PayMasterSDK OperationSubject,
// ReceiptMethod). credit_payment has no PayMaster name we could confirm, so it is refused, not guessed.
const PAYMENT_SUBJECT: Record<PaymentObject, string> = { commodity: "Commodity", service: "Service", payment: "Payment", another: "Other" }
const RECEIPT_PAYMENT_METHOD: Partial<Record<PaymentMethod, string>> = {
  full_payment: "FullPayment", full_prepayment: "FullPrepayment", prepayment: "PartialPrepayment", advance: "Advance",
  partial_payment: "PartialPayment", credit: "Credit",
}

export interface PaymasterReceiptItem {
  name: string
  quantity: number
  price: number
  vatType: string
  paymentSubject: string
  paymentMethod: string
}

export interface PaymasterReceipt {
  client: { email?: string; phone?: string }
  items: PaymasterReceiptItem[]
}

const MAX_ITEM_NAME = 128 // 54-FZ tag 1030

/** PayLines (unit_price × quantity = total as a register rounds it, summing to the amount) → PayMaster's receipt. Throws naming the line. */
export function buildPaymasterReceipt(
  lines: PayLine[],
  client: { email: string | null; phone: string | null },
  currency: string
): PaymasterReceipt {
  const email = client.email?.trim() || undefined
  // docs (customer.phone): digits without "+"
  const phone = client.phone ? client.phone.replace(/\D/g, "") || undefined : undefined
  if (!email && !phone) throw new Error("receipt.client: PayMaster sends the receipt to an email or a phone; neither is set")
  if (lines.length === 0) throw new Error("receipt.items: no lines")
  const items = lines.map((line, i): PaymasterReceiptItem => {
    if (line.vat === null) throw new Error(`lines[${i}] (${line.title}): ${line.vat_problem ?? "no fiscal VAT code"}`)
    const method = RECEIPT_PAYMENT_METHOD[line.payment_method]
    if (!method) throw new Error(`lines[${i}] (${line.title}): payment method ${line.payment_method} has no PayMaster name`)
    if (!registerAgrees(line)) throw new Error(`lines[${i}] (${line.title}): unit_price × quantity ≠ total`)
    return {
      name: line.title.slice(0, MAX_ITEM_NAME),
      quantity: line.quantity,
      price: paymasterAmount(line.unit_price, currency).value,
      vatType: VAT_TYPE[line.vat],
      paymentSubject: PAYMENT_SUBJECT[line.payment_object],
      paymentMethod: method,
    }
  })
  return { client: { ...(email ? { email } : {}), ...(phone ? { phone } : {}) }, items }
}

/**
 * Σ price × quantity of the items, each rounded half-up to the minor unit as a register computes it, in minor units
 * (what PayMaster compares with the payment's or the refund's amount).
 */
export function receiptTotalMinor(receipt: PaymasterReceipt, currency: string): number {
  return receipt.items.reduce((sum, item, i) => {
    const price = minorFromPaymasterValue(item.price, currency, `receipt.items[${i}].price`)
    return sum + registerSum(price, Math.round(item.quantity * 1000))
  }, 0)
}

/** The receipt for a payment or a refund of `amount`: its items must add up to it. Throws naming the field. */
export function paymasterReceiptFor(
  lines: PayLine[],
  client: { email: string | null; phone: string | null },
  amount: number,
  currency: string
): PaymasterReceipt {
  const receipt = buildPaymasterReceipt(lines, client, currency)
  const total = receiptTotalMinor(receipt, currency)
  if (total !== amount) throw new Error(`receipt.items add up to ${total}, not the amount ${amount}`)
  return receipt
}

// ---- the SBP payment ----------------------------------------------------------------------------------------

export interface SbpPaymentInput {
  merchant_id: string
  test_mode?: boolean
  payment_id: string
  amount: number
  currency: string
  description: string
  expires_at: string
  notification_url: string
  lines: PayLine[]
  receipt: { email: string | null; phone: string | null } | null
}

const MAX_DESCRIPTION = 128 // our limit for the customer's bank app; the docs give none

/** `POST /api/v2/payments` body for a dynamic SBP QR (docs "Платежи → Создание платежа"). */
export function buildSbpPaymentBody(input: SbpPaymentInput): Record<string, unknown> {
  const receipt = input.receipt ? paymasterReceiptFor(input.lines, input.receipt, input.amount, input.currency) : null
  const expires = new Date(input.expires_at)
  if (Number.isNaN(expires.getTime())) throw new Error(`expires_at is not a date: ${input.expires_at}`)
  return {
    merchantId: input.merchant_id,
    ...(input.test_mode ? { testMode: true } : {}),
    invoice: {
      description: input.description.trim().slice(0, MAX_DESCRIPTION) || input.payment_id,
      orderNo: input.payment_id,
      expires: expires.toISOString(),
    },
    amount: paymasterAmount(input.amount, input.currency),
    paymentData: { paymentMethod: "SBP" },
    protocol: { callbackUrl: input.notification_url },
    ...(receipt ? { receipt } : {}),
  }
}

/** The NSPK link the customer scans, from `confirmation {type: "External", paymentUrl}`; null when absent. */
export function nspkPayloadOf(payment: Record<string, unknown>): string | null {
  const confirmation = payment.confirmation
  if (!isRecord(confirmation) || typeof confirmation.paymentUrl !== "string") return null
  return /^https:\/\/qr\.nspk\.ru\/[A-Za-z0-9]+(\?|$)/.test(confirmation.paymentUrl) ? confirmation.paymentUrl : null
}

// ---- reading payments and notifications ---------------------------------------------------------------------

export interface PaymasterPaymentReading {
  id: string
  status: OurPaymentStatus | null
  paymaster_status: string
  amount: number
  currency: string
  order_no: string | null
  payer: string | null
  message: string | null
}

/** `GET /api/v2/payments/{id}` (and the notification, same fields) → what we need; throws naming a bad field. */
export function readPaymasterPayment(body: unknown): PaymasterPaymentReading {
  if (!isRecord(body)) throw new PaymasterFormatError("(body)", "expected a JSON object")
  const id = idOf(body.id, "id")
  if (typeof body.status !== "string" || !body.status) throw new PaymasterFormatError("status", "missing")
  const { minor, currency } = minorFromPaymasterAmount(body.amount)
  const invoice = isRecord(body.invoice) ? body.invoice : {}
  const paymentData = isRecord(body.paymentData) ? body.paymentData : {}
  const text = (v: unknown) => (typeof v === "string" && v ? v : null)
  return {
    id,
    status: ourPaymentStatus(body.status),
    paymaster_status: body.status,
    amount: minor,
    currency,
    order_no: text(invoice.orderNo),
    payer: text(paymentData.paymentInstrumentTitle),
    message: text(body.message) ?? (body.resultCode && body.resultCode !== "Success" ? text(body.resultCode) : null),
  }
}

export type PaymasterNotificationVerdict =
  | { kind: "hint"; acquirer_payment_id: string }
  | { kind: "rejected"; reason: string; field?: string }

/**
 * API v2 notifications carry no signature (docs "Нотификации"), so one is only a pointer to the payment: the state
 * is read back with `GET /api/v2/payments/{id}`. A notification for another merchant is not ours.
 */
export function parsePaymasterNotification(body: unknown, merchantId: string): PaymasterNotificationVerdict {
  let value = body
  if (typeof value === "string") {
    try {
      value = JSON.parse(value)
    } catch {
      return { kind: "rejected", reason: "not JSON", field: "(body)" }
    }
  }
  if (!isRecord(value)) return { kind: "rejected", reason: "not a JSON object", field: "(body)" }
  let id: string
  try {
    id = idOf(value.id, "id")
  } catch (err) {
    return { kind: "rejected", reason: (err as Error).message, field: "id" }
  }
  if (value.merchantId !== undefined && value.merchantId !== merchantId) {
    return { kind: "rejected", reason: `merchantId ${JSON.stringify(value.merchantId)} is not this terminal's`, field: "merchantId" }
  }
  return { kind: "hint", acquirer_payment_id: id }
}

function idOf(value: unknown, field: string): string {
  // ids are strings in the docs ("12769"); a bare integer is accepted as the same id
  if (typeof value === "string" && /^[A-Za-z0-9._-]{1,64}$/.test(value)) return value
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return String(value)
  throw new PaymasterFormatError(field, `expected a payment id, got ${JSON.stringify(value)}`)
}

function isRecord(value: unknown): value is Record<string, any> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
}
