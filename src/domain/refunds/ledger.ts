import { registerSum, type PayLine } from "../lines"
import { allocateByLargestRemainder } from "../money"

/**
 * What a refund receipt may list, and with which quantities and sums, given what the sale's receipt listed
 * and what earlier refunds of the same payment took back (ADR 7).
 *
 * Quantities are kept in thousandths of a unit ("milli"), the precision a fiscal register takes. A refund takes
 * value (minor units) and quantity from the sold lines it names:
 * - goods returned take whole units at the price they were charged, so a full return mirrors the sale;
 * - money returned with no goods (a price reduction) takes the quantity in proportion to the value, so the
 *   receipt still says which goods the money is for, and no line is ever refunded beyond what it sold, in
 *   quantity or in money, across all refund receipts of the payment.
 */

/** One line of the sale's receipt (the in-store payment's frozen pay lines). */
export type SoldLine = PayLine

/** What one refund took from one sold line. */
export interface Taken {
  /** index of the sold line */
  source: number
  /** minor units */
  value: number
  /** thousandths of a unit */
  milli: number
}

/** A refund receipt line: a pay line whose quantity may be fractional (3 decimals), tied to the sold line it returns. */
export interface RefundLine extends PayLine {
  source: number
  /** quantity in thousandths, the exact form of `quantity` */
  quantity_milli: number
}

export interface Remaining {
  value: number
  milli: number
}

export class RefundRequestError extends Error {
  constructor(readonly field: string, message: string) {
    super(message)
    this.name = "RefundRequestError"
  }
}

/** What each sold line still has to give back, after everything `taken` by earlier refunds. */
export function remainingOf(sold: SoldLine[], taken: Taken[]): Remaining[] {
  const remaining = sold.map((line) => ({ value: line.total, milli: line.quantity * 1000 }))
  for (const t of taken) {
    const r = remaining[t.source]
    if (!r) throw new Error(`A refund took from sold line ${t.source}, which does not exist`)
    r.value -= t.value
    r.milli -= t.milli
    if (r.value < 0 || r.milli < 0) throw new Error(`Sold line ${t.source} was refunded beyond what it sold`)
  }
  return remaining
}

/** Units of a sold line a return may still name: a partly reduced unit still counts as one. */
export const unitsLeft = (r: Remaining) => (r.value > 0 ? Math.ceil(r.milli / 1000) : 0)

/** Takes `value` and `milli` from one sold line as receipt lines: whole units at one price where the numbers allow, else at most two lines. */
export function piecesOf(line: SoldLine, source: number, value: number, milli: number): RefundLine[] {
  if (value <= 0) return []
  if (milli < 1) throw new RefundRequestError("amount", `"${line.title}" has no quantity left to carry a refund of ${value}`)
  // Less than a minor unit per unit (a few kopecks left of several units): the price cannot go below one minor unit,
  // so the money takes as many units at one minor unit each; the rest of the quantity stays, with no money on it.
  if (value * 1000 < milli) milli = value * 1000
  const base = { ...line, source }
  if (milli % 1000 === 0 && value % (milli / 1000) === 0) {
    const quantity = milli / 1000
    return [{ ...base, quantity, quantity_milli: milli, unit_price: value / quantity, total: value }]
  }
  // Whole units at the average price, and the rest (at most one unit) as a fractional piece priced to hit the sum.
  const wholeUnits = Math.floor((milli - 1) / 1000)
  const out: RefundLine[] = []
  let restValue = value
  if (wholeUnits > 0) {
    const price = Math.floor((value * 1000) / milli)
    if (price > 0) {
      out.push({ ...base, quantity: wholeUnits, quantity_milli: wholeUnits * 1000, unit_price: price, total: price * wholeUnits })
      restValue -= price * wholeUnits
    }
  }
  const restMilli = milli - (out.length ? wholeUnits * 1000 : 0)
  if (restValue > 0) {
    out.push({ ...base, quantity: restMilli / 1000, quantity_milli: restMilli, unit_price: priceFor(restValue, restMilli), total: restValue })
  }
  return out
}

/** The price (minor units) that a quantity of `milli` thousandths multiplies to `value`, rounded half-up as registers do. */
export function priceFor(value: number, milli: number): number {
  const guess = Math.round((value * 1000) / milli)
  for (const price of [guess, guess - 1, guess + 1, guess - 2, guess + 2]) {
    if (price > 0 && sumOf(price, milli) === value) return price
  }
  throw new Error(`No price gives ${value} for a quantity of ${milli / 1000}`)
}

/** price × quantity rounded half-up to a minor unit (the register's arithmetic). */
export const sumOf = registerSum

/**
 * The quantity that a piece of value taken from a sold line carries: the matching share of its remaining quantity,
 * at least one thousandth, and — unless the piece takes all that is left — at most all but one thousandth, so the
 * money left on the line always has a quantity to be refunded with. 0: the line cannot carry a partial refund.
 */
export function quantityForValue(remaining: Remaining, value: number): number {
  if (value >= remaining.value) return remaining.milli
  return Math.min(remaining.milli - 1, Math.max(1, Math.floor((remaining.milli * value) / remaining.value)))
}

export interface ReturnedUnits {
  /** the sold lines' `reference` (Medusa line item id, or the shipping method id) */
  reference: string
  /** whole units; for the shipping line, 1 */
  quantity: number
}

/**
 * Receipt lines for goods returned: each returned unit takes one unit of its item's sold lines (in their order) at
 * the price it was charged — or, for a unit partly refunded before, what is left of it.
 */
export function linesForReturnedUnits(sold: SoldLine[], taken: Taken[], returned: ReturnedUnits[]): RefundLine[] {
  const remaining = remainingOf(sold, taken)
  const out: RefundLine[] = []
  returned.forEach((item, i) => {
    if (!Number.isSafeInteger(item.quantity) || item.quantity < 1) {
      throw new RefundRequestError(`items[${i}].quantity`, `items[${i}].quantity must be a positive integer`)
    }
    const sources = sold.map((line, index) => ({ line, index })).filter(({ line }) => line.reference === item.reference)
    if (!sources.length) throw new RefundRequestError(`items[${i}].item_id`, `${item.reference} was not sold in this payment`)
    const available = sources.reduce((n, { index }) => n + unitsLeft(remaining[index]), 0)
    if (item.quantity > available) {
      throw new RefundRequestError(
        `items[${i}].quantity`,
        `"${sources[0].line.title}": ${item.quantity} to refund, but only ${available} of ${sources.reduce((n, s) => n + s.line.quantity, 0)} sold are not refunded yet`
      )
    }
    let units = item.quantity
    for (const { line, index } of sources) {
      const r = remaining[index]
      const here = Math.min(units, unitsLeft(r))
      if (here === 0) continue
      const milli = Math.min(here * 1000, r.milli)
      const value = milli === r.milli ? r.value : Math.round((r.value * milli) / r.milli)
      out.push(...piecesOf(line, index, value, milli))
      r.value -= value
      r.milli -= milli
      units -= here
      if (units === 0) break
    }
  })
  // In the sale's order, whatever order the goods were named in: a full return then reads like the sell receipt.
  return out.sort((a, b) => a.source - b.source)
}

/**
 * Receipt lines for money returned with no goods (a price reduction): the amount is spread over what is left of
 * every sold line in proportion to its value (largest remainder, exact to the minor unit).
 */
export function linesForAmount(sold: SoldLine[], taken: Taken[], amount: number): RefundLine[] {
  if (!Number.isSafeInteger(amount) || amount < 1) throw new RefundRequestError("amount", "amount must be a positive integer of minor units")
  const remaining = remainingOf(sold, taken)
  const left = remaining.reduce((n, r) => n + r.value, 0)
  if (amount > left) throw new RefundRequestError("amount", `amount ${amount} is more than the ${left} not refunded yet`)
  const shares = allocateByLargestRemainder(amount, remaining.map((r) => r.value))
  return shares.flatMap((value, index) => {
    const milli = quantityForValue(remaining[index], value)
    if (value > 0 && milli < 1) {
      // The register counts quantity in thousandths: a line down to its last one can only be refunded whole.
      throw new RefundRequestError(
        "amount",
        `"${sold[index].title}" has only 0.001 of a unit left, which cannot carry part of its remaining ${remaining[index].value}: refund all ${left} that is left, or return the goods`
      )
    }
    return piecesOf(sold[index], index, value, milli)
  })
}

/**
 * A refund made with Medusa's Refund button (an SBP payment): the lines its money was spread over, noted on Medusa's
 * payment by the provider before the refund's own row is written.
 */
export interface NotedRefund {
  medusa_refund_id?: string
  lines?: RefundLine[]
}

/**
 * What noted refunds take from the sale until a row adopts them (a written row counts by itself): without this, a
 * refund planned in that moment would be cut from goods already refunded. `except`: the refund being adopted.
 */
export function takenByNoted(noted: NotedRefund[], adopted: ReadonlySet<string>, except?: string): Taken[] {
  return noted
    .filter((entry) => Array.isArray(entry?.lines) && entry.medusa_refund_id !== except && !(entry.medusa_refund_id && adopted.has(entry.medusa_refund_id)))
    .flatMap((entry) => takenBy(entry.lines!))
}

/**
 * What the refunds of a payment took from its sale: its rows (each counts by itself) and the button refunds noted
 * but not adopted by a row yet. `except`: the button refund being adopted.
 */
export function takenByRefunds(
  rows: { lines: RefundLine[] | null; medusa_refund_id?: string | null }[],
  noted: NotedRefund[],
  except?: string
): Taken[] {
  const adopted = new Set(rows.map((row) => row.medusa_refund_id).filter((id): id is string => !!id))
  return [...rows.flatMap((row) => takenBy(row.lines ?? [])), ...takenByNoted(noted, adopted, except)]
}

/** What the lines of one refund take from the sold lines. */
export function takenBy(lines: RefundLine[]): Taken[] {
  return lines.map((line) => ({ source: line.source, value: line.total, milli: line.quantity_milli }))
}

export const totalOf = (lines: { total: number }[]) => lines.reduce((n, line) => n + line.total, 0)
