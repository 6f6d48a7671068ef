import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { acquirerFor } from "../../adapters/acquirers"
import { sbpTerminalById } from "../../adapters/acquirers/terminal-registry"
import { AcquirerError } from "../../adapters/acquirers/types"
import { linesForAmount, RefundRequestError, takenByRefunds, type NotedRefund, type RefundLine } from "../../domain"
import { acquirerRefundReceiptFor } from "../../lib/acquirer/refund-receipt"
import { HOLDING_REFUND_STATUSES } from "../../lib/constants"
import { readHoldingRefunds, type AcquiredPayment } from "./evidence"

/** What the provider notes on Medusa's payment for each refund it made (Medusa keeps it in the payment's data). */
export interface ProviderRefundEntry extends NotedRefund {
  amount: string
  at: string
  in_store_refund_id?: string
  [key: string]: unknown
}

/**
 * Medusa's Refund button on an SBP payment returns money with no goods: spread over what is left of the sale,
 * after our refunds and the button's earlier ones (noted on the payment before their rows are written).
 */
export async function buttonRefundLines(
  container: Record<string, unknown>,
  payment: AcquiredPayment,
  earlier: ProviderRefundEntry[],
  minor: number
): Promise<RefundLine[]> {
  const taken = takenByRefunds(await readHoldingRefunds(container, payment.id, HOLDING_REFUND_STATUSES), earlier)
  try {
    return linesForAmount(payment.lines, taken, minor)
  } catch (error) {
    if (error instanceof RefundRequestError) throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `The refund was not made: ${error.message}`)
    throw error
  }
}

/**
 * Returns `minor` (minor units) of an SBP payment through the acquirer that took it, with the refund receipt of
 * `lines` when the acquirer registers the payment's receipts. Throws — so Medusa records no refund — when the
 * acquirer refuses or cannot be reached.
 */
export async function refundAtAcquirer(
  container: Record<string, unknown>,
  payment: AcquiredPayment,
  minor: number,
  opts: { lines: RefundLine[]; idempotencyKey?: string }
): Promise<Record<string, unknown>> {
  const terminal = sbpTerminalById(payment.terminal_id)
  if (!terminal) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `In-store payment ${payment.id} was paid through SBP terminal "${payment.terminal_id}", which is no longer configured: refund it in the acquirer's cabinet`
    )
  }
  const { receipt, unsent } = acquirerRefundReceiptFor(payment, () => opts.lines)
  if (unsent) {
    ;(container as any)[ContainerRegistrationKeys.LOGGER]?.warn?.(
      `in-store payment ${payment.id}: its refund goes to ${payment.acquirer} without a refund receipt (${unsent}); register it by hand`
    )
  }
  try {
    const refund = await acquirerFor(terminal).refund(
      terminal.acquirer_config,
      payment.acquirer_payment_id,
      minor,
      opts.idempotencyKey ?? `refund-${payment.id}-${minor}`,
      receipt
    )
    if (refund.status === "failed") throw new AcquirerError(terminal.acquirer, `refund ${refund.refund_id} failed`, false)
    // YooKassa says whether it registered the refund's receipt; the money moved either way.
    const registration = typeof refund.raw?.receipt_registration === "string" ? refund.raw.receipt_registration : undefined
    if (registration === "canceled") {
      ;(container as any)[ContainerRegistrationKeys.LOGGER]?.warn?.(
        `in-store payment ${payment.id}: ${terminal.acquirer} refunded ${refund.refund_id} but did not register its refund receipt; register it by hand`
      )
    }
    return {
      acquirer: terminal.acquirer,
      acquirer_refund_id: refund.refund_id,
      acquirer_refund_status: refund.status,
      minor,
      acquirer_receipt: !!receipt,
      ...(registration ? { acquirer_receipt_registration: registration } : {}),
    }
  } catch (error) {
    if (!(error instanceof AcquirerError)) throw error
    // No answer (or a server error) does not say the money stayed: T-Bank cannot even de-duplicate a resent SBP
    // refund. Medusa records nothing either way; the seller is told to look before refunding again.
    const message = error.retryable
      ? `The refund's outcome at ${terminal.acquirer} is unknown (${error.message}): it may have been made; check the payment in the acquirer's cabinet before refunding again`
      : `The refund was not made: ${error.message}`
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, message)
  }
}
