import type { CallbackResult } from "./callback-params"

/** What an acquirer said about a payment, in our terms (see adapters/acquirers/types.ts). */
export interface AcquirerStateFacts {
  acquirer_payment_id: string
  status: "pending" | "succeeded" | "failed" | "canceled" | "refunded" | "partially_refunded"
  amount: number
  currency: string
  paid_at: string | null
  details: { payer?: string | null; message?: string | null }
}

/**
 * An acquirer's final state as the same kind of result a terminal signs, so one state machine decides both.
 * Pending says nothing (null). When the acquirer itself refuses payments after the QR's deadline (T-Bank's
 * RedirectDueDate, PayMaster's invoice expiry), a success it reports was made in time, however late we hear
 * of it; otherwise the payment counts from when it was paid, or from now when the acquirer does not say.
 */
export function resultFromAcquirerState(
  state: AcquirerStateFacts,
  { nowMs, expiresAtMs, deadlineEnforced }: { nowMs: number; expiresAtMs: number; deadlineEnforced: boolean }
): CallbackResult | null {
  const paidAtMs = state.paid_at ? Date.parse(state.paid_at) : NaN
  const happenedMs = Number.isFinite(paidAtMs) ? paidAtMs : nowMs
  const ts = Math.floor((deadlineEnforced ? Math.min(happenedMs, expiresAtMs) : happenedMs) / 1000)
  const message = state.details.message ?? undefined
  switch (state.status) {
    case "pending":
      return null
    case "succeeded":
      return {
        status: "succeeded",
        amount: state.amount,
        currency: state.currency.toUpperCase(),
        txn: state.acquirer_payment_id,
        ts,
        method: "sbp",
        ...(state.details.payer ? { card_mask: state.details.payer } : {}),
        ...(message ? { message } : {}),
      }
    case "failed":
      return { status: "failed", ts, ...(message ? { message } : {}) }
    // Paid and given back at the acquirer before we decided: nothing was kept, so nothing is captured.
    case "refunded":
    case "partially_refunded":
      return { status: "canceled", ts, message: message ?? `refunded at the acquirer (${state.status})` }
    case "canceled":
      return { status: "canceled", ts, ...(message ? { message } : {}) }
  }
}
