import { registerAgrees, type PayLine, type PaymentObject } from "./lines"
import { fromMinorUnits } from "./money"
import { vatAmount } from "./vat"

/** ATOL Online protocol generation: v5 speaks FFD 1.2, v4 FFD 1.05. */
export type AtolApiVersion = "v5" | "v4"
export type ReceiptOperation = "sell" | "sell_refund"
/** ATOL payments[].type: 1 cashless (electronic), 2 offset of an earlier prepayment. */
export type ReceiptPaymentType = 0 | 1 | 2 | 3 | 4
export type TaxationSystem = "osn" | "usn_income" | "usn_income_outcome" | "esn" | "patent"

export interface ReceiptCompany {
  inn: string
  sno: TaxationSystem
  email: string
  payment_address: string
  location?: string
}

export interface ReceiptRequestInput {
  api_version: AtolApiVersion
  external_id: string
  /** when the request is built; written as ATOL's dd.mm.yyyy HH:MM:SS in Moscow time */
  timestamp: Date
  callback_url?: string | null
  company: ReceiptCompany
  client: { email?: string | null; phone?: string | null }
  currency_code: string
  /** already allocated to the kopeck (buildPayLines): each line's total is unit_price × quantity */
  lines: PayLine[]
  payment_type: ReceiptPaymentType
}

/** A receipt that cannot be built from the order as it is; `field` names the culprit. */
export class ReceiptDataError extends Error {
  constructor(
    readonly field: string,
    message: string,
    readonly code = "receipt_data"
  ) {
    super(message)
    this.name = "ReceiptDataError"
  }
}

export const MAX_ITEM_NAME_LENGTH = 128
export const MAX_ITEMS = 100
// FFD: price, sum and price × quantity may not exceed 42 949 672.95 (2^32 − 1 kopecks).
export const MAX_KOPECKS = 4_294_967_295

// FFD 1.2 tag 1212 codes for the payment objects lines carry (v5 sends the code, v4 the name).
const PAYMENT_OBJECT_CODES: Record<PaymentObject, number> = { commodity: 1, service: 4, payment: 10, another: 13 }
const MEASURE_PIECE_V5 = 0
const MEASURE_PIECE_V4 = "шт"

const MOSCOW_OFFSET_MINUTES = 180

/** `dd.mm.yyyy HH:MM:SS` as ATOL wants every timestamp, in Moscow time (UTC+3, no DST since 2014). */
export function atolTimestamp(at: Date, offsetMinutes = MOSCOW_OFFSET_MINUTES): string {
  const t = new Date(at.getTime() + offsetMinutes * 60_000)
  const p = (n: number) => String(n).padStart(2, "0")
  return `${p(t.getUTCDate())}.${p(t.getUTCMonth() + 1)}.${t.getUTCFullYear()} ${p(t.getUTCHours())}:${p(t.getUTCMinutes())}:${p(t.getUTCSeconds())}`
}

/** A phone as 54-FZ receipts carry it: +7XXXXXXXXXX for Russian numbers, +<digits> otherwise; null if none. */
export function normalizePhone(raw: string | null | undefined): string | null {
  const digits = String(raw ?? "").replace(/\D/g, "")
  if (digits.length < 10) return null
  if (digits.length === 10) return `+7${digits}`
  if (digits.length === 11 && (digits[0] === "8" || digits[0] === "7")) return `+7${digits.slice(1)}`
  return digits.length <= 15 ? `+${digits}` : null
}

/** A name that fits the register's 128 characters; a cut is marked with an ellipsis. */
export function receiptItemName(title: string): string {
  const name = title.replace(/\s+/g, " ").trim() || "Товар"
  const chars = [...name]
  return chars.length <= MAX_ITEM_NAME_LENGTH ? name : `${chars.slice(0, MAX_ITEM_NAME_LENGTH - 1).join("")}…`
}

const rubles = (kopecks: number) => Number(fromMinorUnits(kopecks, 2))

/**
 * The body of an ATOL Online `sell` / `sell_refund` request. Every item's sum is price × quantity, the
 * items add up to `total` and the single payment equals it: nothing is left to the register to round.
 * VAT goes per item only: receipt-level `vats` would override it and holds at most 6 rates.
 */
export function buildReceiptRequest(input: ReceiptRequestInput): Record<string, unknown> {
  if (input.currency_code.toUpperCase() !== "RUB") {
    throw new ReceiptDataError("currency_code", `Receipts are registered in RUB only, not ${input.currency_code}`)
  }
  const email = input.client.email?.trim() || null
  const phone = normalizePhone(input.client.phone)
  if (!email && !phone) {
    throw new ReceiptDataError("client", "The order has neither an e-mail nor a phone to send the electronic receipt to")
  }
  if (input.lines.length === 0) throw new ReceiptDataError("items", "A receipt needs at least one item")
  if (input.lines.length > MAX_ITEMS) {
    throw new ReceiptDataError("items", `A receipt holds at most ${MAX_ITEMS} items, the order needs ${input.lines.length}`)
  }

  let total = 0
  const items = input.lines.map((line, i) => {
    if (line.vat === null) {
      throw new ReceiptDataError(`items[${i}].vat`, line.vat_problem ?? `Item "${line.title}" has no fiscal VAT code`, "vat_unmappable")
    }
    if (!registerAgrees(line)) {
      throw new ReceiptDataError(`items[${i}].sum`, `Item "${line.title}": ${line.unit_price} × ${line.quantity} ≠ ${line.total}`)
    }
    if (line.unit_price > MAX_KOPECKS || line.total > MAX_KOPECKS) {
      throw new ReceiptDataError(`items[${i}].sum`, `Item "${line.title}" exceeds the register's limit of 42 949 672.95`)
    }
    const vatSum = vatAmount(line.total, line.vat)
    total += line.total
    const common = {
      name: receiptItemName(line.title),
      price: rubles(line.unit_price),
      quantity: line.quantity,
      sum: rubles(line.total),
    }
    return input.api_version === "v5"
      ? {
          ...common,
          measure: MEASURE_PIECE_V5,
          payment_method: line.payment_method,
          payment_object: PAYMENT_OBJECT_CODES[line.payment_object],
          vat: { type: line.vat, sum: rubles(vatSum) },
        }
      : {
          ...common,
          measurement_unit: MEASURE_PIECE_V4,
          payment_method: line.payment_method,
          payment_object: line.payment_object,
          vat: { type: line.vat, sum: rubles(vatSum) },
        }
  })

  const company: Record<string, string> = {
    email: input.company.email,
    sno: input.company.sno,
    inn: input.company.inn,
    payment_address: input.company.payment_address,
  }
  if (input.company.location) company.location = input.company.location
  // With both contacts the OFD mails only; send the one we have, e-mail first.
  const client = email ? { email } : { phone: phone! }

  return {
    timestamp: atolTimestamp(input.timestamp),
    external_id: input.external_id,
    ...(input.callback_url ? { service: { callback_url: input.callback_url } } : {}),
    receipt: {
      client,
      company,
      items,
      payments: [{ type: input.payment_type, sum: rubles(total) }],
      total: rubles(total),
    },
  }
}
