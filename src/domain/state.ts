import type { CallbackResult } from "./callback-params"

export type InStorePaymentStatus = "pending" | "paid" | "failed" | "canceled" | "expired"
export type CallbackVerdict =
  | "accepted" | "duplicate" | "bad_signature" | "stale" | "malformed" | "amount_mismatch" | "conflict" | "unconfirmed"
  | "unknown_transaction"

export interface PaymentFacts {
  status: InStorePaymentStatus
  amount: number
  currency_code: string
  transaction_id?: string | null
  expires_at: Date | string
  /** the order was canceled in Medusa: its pending link may no longer be paid */
  order_canceled?: boolean
}

export interface Decision {
  verdict: CallbackVerdict
  http: 200 | 409 | 422
  /** set only when the status changes */
  next?: InStorePaymentStatus
  /** why a success is a conflict, when it is not the payment's own final state */
  reason?: "order_canceled"
}

export const IN_STORE_PAYMENT_STATUSES: readonly InStorePaymentStatus[] = ["pending", "paid", "failed", "canceled", "expired"]

export function isFinal(status: InStorePaymentStatus): boolean {
  return status !== "pending"
}

export function canCancel(status: InStorePaymentStatus): boolean {
  return status === "pending"
}

function expiresAtMs(payment: PaymentFacts): number {
  const ms = new Date(payment.expires_at).getTime()
  if (Number.isNaN(ms)) throw new Error(`expires_at is not a valid date: ${String(payment.expires_at)}`)
  return ms
}

/** Pending and past its deadline by more than `graceMs` (room for results produced in time but delivered late). */
export function shouldExpire(payment: PaymentFacts, nowMs: number, graceMs = 0): boolean {
  return payment.status === "pending" && nowMs > expiresAtMs(payment) + graceMs
}

const sameMoney = (payment: PaymentFacts, result: CallbackResult) =>
  result.amount === payment.amount &&
  typeof result.currency === "string" &&
  result.currency.toUpperCase() === payment.currency_code.toUpperCase()

const ACCEPTED = (next: InStorePaymentStatus): Decision => ({ verdict: "accepted", http: 200, next })
const DUPLICATE: Decision = { verdict: "duplicate", http: 200 }
const CONFLICT: Decision = { verdict: "conflict", http: 409 }
const MISMATCH: Decision = { verdict: "amount_mismatch", http: 422 }

/** The state table of CONTRACT §4 for a result whose signature, freshness and shape were already checked. */
export function decideCallback(payment: PaymentFacts, result: CallbackResult): Decision {
  const succeeded = result.status === "succeeded"
  // A canceled order's link is dead even if the cancel has not reached the payment yet: never capture for it.
  if (payment.status === "pending" && payment.order_canceled) {
    return succeeded ? { ...CONFLICT, next: "canceled", reason: "order_canceled" } : { ...DUPLICATE, next: "canceled" }
  }
  // The deadline applies to when the terminal produced the result (signed `ts`), not when it reached
  // us: a payment made in time and delivered late is honoured while the row is still pending.
  if (payment.status === "pending" && result.ts * 1000 > expiresAtMs(payment)) {
    return { ...(succeeded ? CONFLICT : DUPLICATE), next: "expired" }
  }

  switch (payment.status) {
    case "pending":
      if (!succeeded) return ACCEPTED(result.status === "failed" ? "failed" : "canceled")
      return sameMoney(payment, result) ? ACCEPTED("paid") : MISMATCH
    case "paid":
      // The same transaction again is a retry; any other success is a second charge that may need returning.
      return succeeded && !!payment.transaction_id && result.txn === payment.transaction_id && sameMoney(payment, result)
        ? DUPLICATE
        : CONFLICT
    case "failed":
    case "canceled":
    case "expired":
      return succeeded ? CONFLICT : DUPLICATE
    default:
      throw new Error(`Unknown in-store payment status ${String(payment.status)}`)
  }
}
