import type { RefundResult } from "../callback-params"
import type { CallbackVerdict } from "../state"

export type InStoreRefundStatus = "pending" | "confirmed" | "done" | "failed" | "canceled" | "expired"
export type RefundVerdict = CallbackVerdict

export const IN_STORE_REFUND_STATUSES: readonly InStoreRefundStatus[] = ["pending", "confirmed", "done", "failed", "canceled", "expired"]

export interface RefundFacts {
  status: InStoreRefundStatus
  amount: number
  currency_code: string
  /** the terminal's transaction id of the refund, once confirmed */
  transaction_id?: string | null
  /** the payment's transaction the refund was asked against */
  original_txn: string
  expires_at: Date | string
}

export interface RefundDecision {
  verdict: RefundVerdict
  http: 200 | 409 | 422
  next?: "confirmed" | "failed" | "canceled" | "expired"
}

const DUPLICATE: RefundDecision = { verdict: "duplicate", http: 200 }
const CONFLICT: RefundDecision = { verdict: "conflict", http: 409 }

/**
 * The refund's state table (protocol §6) for a result whose signature, freshness and shape were checked: a
 * success for this refund's amount, currency and original transaction confirms a pending refund once; the same
 * again is a retry; anything against a closed refund is a conflict the seller must look at.
 */
export function decideRefundResult(refund: RefundFacts, result: RefundResult): RefundDecision {
  const succeeded = result.status === "succeeded"
  if (succeeded && result.original_txn !== refund.original_txn) return { verdict: "unknown_transaction", http: 422 }
  if (succeeded && !(result.amount === refund.amount && result.currency?.toUpperCase() === refund.currency_code.toUpperCase())) {
    return { verdict: "amount_mismatch", http: 422 }
  }
  const expiresAt = new Date(refund.expires_at).getTime()
  if (Number.isNaN(expiresAt)) throw new Error(`expires_at is not a valid date: ${String(refund.expires_at)}`)
  if (refund.status === "pending" && result.ts * 1000 > expiresAt) return { ...(succeeded ? CONFLICT : DUPLICATE), next: "expired" }

  switch (refund.status) {
    case "pending":
      return { verdict: "accepted", http: 200, next: succeeded ? "confirmed" : result.status === "failed" ? "failed" : "canceled" }
    case "confirmed":
    case "done":
      return succeeded && !!refund.transaction_id && result.txn === refund.transaction_id ? DUPLICATE : CONFLICT
    case "failed":
    case "canceled":
    case "expired":
      return succeeded ? CONFLICT : DUPLICATE
    default:
      throw new Error(`Unknown in-store refund status ${String(refund.status)}`)
  }
}
