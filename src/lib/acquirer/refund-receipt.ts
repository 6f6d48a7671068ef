import type { AcquirerRefundReceipt } from "../../adapters/acquirers/types"
import type { PayLine } from "../../domain"

/** What an SBP payment row keeps for its refunds' receipts. */
export interface AcquirerReceiptFacts {
  receipt_by: string
  acquirer_receipt: { email: string | null; phone: string | null; taxation: string } | null
}

/**
 * The refund receipt an acquirer that registered the sale's receipt registers with the refund (ADR 7), to the
 * sale's contact: `receipt` null when the store or nobody registers this payment's receipts. The money goes back
 * regardless; `unsent` says why a receipt that is due cannot go, for a person to register it by hand.
 */
export function acquirerRefundReceiptFor(
  payment: AcquirerReceiptFacts,
  lines: () => PayLine[]
): { receipt: AcquirerRefundReceipt | null; unsent?: string } {
  if (payment.receipt_by !== "acquirer") return { receipt: null }
  if (!payment.acquirer_receipt) return { receipt: null, unsent: "the sale's receipt contact was not recorded" }
  try {
    return { receipt: { ...payment.acquirer_receipt, lines: lines() } }
  } catch (error) {
    return { receipt: null, unsent: (error as Error).message }
  }
}
