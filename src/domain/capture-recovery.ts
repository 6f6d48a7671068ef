// What is still missing before a paid in-store payment counts as paid in Medusa, read from Medusa's own
// records (ADR 2). Pure: the workflow's first step gathers the facts, this decides, steps do the work.

export interface CaptureFacts {
  /** the plugin's amount, minor units */
  amount: number
  /** Medusa's session bound to the payment: its status, or null when it is gone */
  session_status: string | null
  /** the (non-deleted) payment Medusa made for that session, if any */
  payment: null | {
    id: string
    canceled: boolean
    captures: Array<{ id: string; amount: number }>
  }
  /** reference ids of the order's `capture` transactions */
  order_transaction_refs: string[]
}

export type CaptureStep =
  /** the session still waits: authorize it (our provider answers captured from the plugin's row) */
  | { action: "authorize" }
  /** the session is unusable (its payment was canceled by a rollback, or it is gone): open a new one, then authorize */
  | { action: "rebind"; reason: string }
  /** captured, but the order does not know: add Medusa's order transactions for these captures */
  | { action: "add_transactions"; captures: Array<{ id: string; amount: number }> }
  /** captured and in the order */
  | { action: "done" }
  /** a state no automatic step can repair; a person must look */
  | { action: "attention"; reason: string }

export function planCapture(facts: CaptureFacts): CaptureStep {
  const { payment } = facts
  if (!payment) {
    if (facts.session_status === "pending") return { action: "authorize" }
    return { action: "rebind", reason: `the payment session is ${facts.session_status ?? "gone"} without a payment` }
  }
  if (payment.canceled) {
    return { action: "rebind", reason: `Medusa's payment ${payment.id} was canceled after it was made` }
  }
  const captured = payment.captures.reduce((sum, capture) => sum + capture.amount, 0)
  if (captured !== facts.amount) {
    return {
      action: "attention",
      reason: `Medusa's payment ${payment.id} captured ${captured} of ${facts.amount} minor units`,
    }
  }
  const known = new Set(facts.order_transaction_refs)
  const missing = payment.captures.filter((capture) => !known.has(capture.id))
  return missing.length ? { action: "add_transactions", captures: missing } : { action: "done" }
}

const FIRST_RETRY_MS = 30_000
const MAX_RETRY_MS = 60 * 60_000

/** When the recovery job may try again after the n-th failure (n ≥ 1): 30 s, 1 min, 2 min … capped at 1 h. */
export function captureRetryDelayMs(attempts: number): number {
  const n = Math.max(1, Math.floor(attempts))
  return Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.min(n - 1, 20))
}
