import { beingRecorded, waitsOnTerminal } from "./refund-state"
import type { InStorePayment, InStoreRefund } from "./types"

/** Polling while a link waits for its result: the result is on the seller's screen well within 1 s. */
export const LIVE_INTERVAL_MS = 300
/** Polling while the rest settles (capture in Medusa, the register's receipt). */
export const SETTLING_INTERVAL_MS = 1000

const receiptSettling = (receipt: InStorePayment["receipt"]) => receipt?.status === "pending" || receipt?.status === "sent"

/** How long a done refund's store receipt is awaited on screen before the card stops asking (a job still writes it). */
export const RECEIPT_ROW_WAIT_MS = 5 * 60_000

// A refund is marked done a moment before its store receipt is written: until that row exists, it is still coming.
const refundReceiptSettling = (payment: InStorePayment, refund: InStoreRefund, now: number) =>
  receiptSettling(refund.receipt) ||
  (refund.status === "done" &&
    payment.receipt_by === "store" &&
    !refund.receipt &&
    now - new Date(refund.confirmed_at ?? refund.created_at).getTime() < RECEIPT_ROW_WAIT_MS)

/**
 * How often the order's card asks again: fast while a pay or refund link waits for the terminal, slower while a
 * paid payment waits for its capture in Medusa, a confirmed refund for its record in Medusa, or a receipt for the
 * register; never once all is final.
 */
export function cardPollInterval(payments: InStorePayment[], now = Date.now()): number | false {
  const refunds = payments.flatMap((p) => p.refunds ?? [])
  if (payments.some((p) => p.status === "pending") || refunds.some(waitsOnTerminal)) return LIVE_INTERVAL_MS
  const settling =
    payments.some((p) => p.status === "paid" && (!p.captured_at || receiptSettling(p.receipt))) ||
    payments.some((p) => (p.refunds ?? []).some((r) => beingRecorded(r) || refundReceiptSettling(p, r, now)))
  return settling ? SETTLING_INTERVAL_MS : false
}
