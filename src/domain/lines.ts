import { allocateByLargestRemainder } from "./money"
import { VAT_CODES, type VatCode } from "./vat"

export type { VatCode } from "./vat"

// 54-FZ tag 1212 / 1214 values as ATOL Online names them.
export type PaymentObject = "commodity" | "service" | "payment" | "another"
export type PaymentMethod =
  | "full_payment" | "full_prepayment" | "prepayment" | "advance" | "partial_payment" | "credit" | "credit_payment"

export const PAYMENT_OBJECTS: readonly PaymentObject[] = ["commodity", "service", "payment", "another"]
export const PAYMENT_METHODS: readonly PaymentMethod[] = [
  "full_payment", "full_prepayment", "prepayment", "advance", "partial_payment", "credit", "credit_payment",
]

export interface SourceLine {
  title: string
  /** positive integer */
  quantity: number
  /** minor units, catalogue price incl. tax */
  list_unit_price: number
  /** minor units, what this line costs after promotions, incl. tax (already rounded to minor units) */
  total: number
  /** null: the tax rate has no fiscal code (the receipt, not the payment, reports it; see vat_problem) */
  vat: VatCode | null
  /** why vat is null, naming the line and its rate */
  vat_problem?: string
  payment_object: PaymentObject
  /** e.g. line item id or "shipping" */
  reference?: string
}

export interface PayLine {
  title: string
  quantity: number
  unit_price: number
  total: number
  vat: VatCode | null
  vat_problem?: string
  payment_object: PaymentObject
  payment_method: PaymentMethod
  reference?: string
}

function assertNonNegativeInteger(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new Error(`${what} must be a non-negative integer number of minor units, got ${value}`)
  }
}

function validateSource(line: SourceLine, i: number): void {
  if (!Number.isSafeInteger(line.quantity) || line.quantity < 1) {
    throw new Error(`lines[${i}].quantity must be a positive integer, got ${line.quantity}`)
  }
  assertNonNegativeInteger(line.list_unit_price, `lines[${i}].list_unit_price`)
  assertNonNegativeInteger(line.total, `lines[${i}].total`)
  if (line.vat !== null && !VAT_CODES.includes(line.vat)) throw new Error(`lines[${i}].vat is not a VAT code: ${String(line.vat)}`)
  if (!PAYMENT_OBJECTS.includes(line.payment_object)) {
    throw new Error(`lines[${i}].payment_object is not a payment object: ${String(line.payment_object)}`)
  }
}

/** Lines whose totals add up to `amount` exactly and whose unit_price × quantity equals their total. */
export function buildPayLines(
  sources: SourceLine[],
  amount: number,
  paymentMethod: PaymentMethod = "full_payment"
): PayLine[] {
  assertNonNegativeInteger(amount, "amount")
  if (!PAYMENT_METHODS.includes(paymentMethod)) throw new Error(`Unknown payment method ${String(paymentMethod)}`)
  sources.forEach(validateSource)
  if (amount === 0) return []

  const sum = sources.reduce((acc, line) => acc + line.total, 0)
  if (!Number.isSafeInteger(sum)) throw new Error("Sum of line totals is too large")
  // With nothing priced there is no line that could honestly carry the amount.
  if (sum === 0) throw new Error(`Cannot spread ${amount} over lines that total 0`)

  // Discounts, partial payments and rounding differences go to lines in proportion to what they cost.
  const shifts = allocateByLargestRemainder(amount - sum, sources.map((line) => line.total))
  const out: PayLine[] = []
  sources.forEach((line, i) => {
    const total = line.total + shifts[i]
    if (total < 0) throw new Error(`Difference ${amount - sum} is larger than lines[${i}] can absorb`)
    if (total === 0) return
    const base = {
      title: String(line.title ?? "").trim() || "Item",
      vat: line.vat,
      ...(line.vat_problem ? { vat_problem: line.vat_problem } : {}),
      payment_object: line.payment_object,
      payment_method: paymentMethod,
      ...(line.reference !== undefined ? { reference: line.reference } : {}),
    }
    const price = Math.floor(total / line.quantity)
    const extra = total - price * line.quantity // units that cost one minor unit more
    // A zero-priced remainder (quantity above total in minor units) carries no money: it is dropped.
    if (price > 0) {
      const quantity = line.quantity - extra
      out.push({ ...base, quantity, unit_price: price, total: quantity * price })
    }
    if (extra > 0) out.push({ ...base, quantity: extra, unit_price: price + 1, total: extra * (price + 1) })
  })
  return out
}

/** A receipt quantity (tag 1023, at most 3 decimals) in thousandths; null when it is not positive or has more decimals. */
export function quantityMilli(quantity: number): number | null {
  if (typeof quantity !== "number" || !Number.isFinite(quantity) || quantity <= 0) return null
  const milli = Math.round(quantity * 1000)
  return Math.abs(milli / 1000 - quantity) < 1e-9 ? milli : null
}

/**
 * Whether a line's total is the sum a register computes from its price and quantity (tag 1043): price × quantity
 * rounded half-up to the minor unit. Whole quantities are exact; a refund of money with no goods back carries a
 * fractional one (ADR 7).
 */
export function registerAgrees(line: { unit_price: number; quantity: number; total: number }): boolean {
  const milli = quantityMilli(line.quantity)
  return milli !== null && registerSum(line.unit_price, milli) === line.total
}

/** price × quantity (in thousandths) rounded half-up to a minor unit: the register's arithmetic for an item's sum. */
export const registerSum = (price: number, milli: number) => Math.floor((price * milli + 500) / 1000)
