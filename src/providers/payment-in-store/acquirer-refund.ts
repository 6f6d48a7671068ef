import type { BigNumberInput } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import { acquirerFor } from "../../adapters/acquirers"
import { sbpTerminalById } from "../../adapters/acquirers/terminal-registry"
import { AcquirerError } from "../../adapters/acquirers/types"
import { currencyExponent, toMinorUnits } from "../../domain"
import { rawDecimal } from "../../lib/order-snapshot"

/**
 * Returns `amount` (Medusa's decimal) of an SBP payment through the acquirer that took it. Throws — so Medusa
 * records no refund — when the acquirer refuses or cannot be reached.
 */
export async function refundAtAcquirer(
  payment: { id: string; terminal_id: string; acquirer_payment_id: string; currency_code: string },
  amount: BigNumberInput,
  idempotencyKey?: string
): Promise<Record<string, unknown>> {
  const terminal = sbpTerminalById(payment.terminal_id)
  if (!terminal) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `In-store payment ${payment.id} was paid through SBP terminal "${payment.terminal_id}", which is no longer configured: refund it in the acquirer's cabinet`
    )
  }
  const minor = toMinorUnits(rawDecimal(amount), currencyExponent(payment.currency_code))
  try {
    const refund = await acquirerFor(terminal).refund(
      terminal.acquirer_config,
      payment.acquirer_payment_id,
      minor,
      idempotencyKey ?? `refund-${payment.id}-${minor}`
    )
    if (refund.status === "failed") throw new AcquirerError(terminal.acquirer, `refund ${refund.refund_id} failed`, false)
    return { acquirer: terminal.acquirer, acquirer_refund_id: refund.refund_id, acquirer_refund_status: refund.status, minor }
  } catch (error) {
    if (!(error instanceof AcquirerError)) throw error
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `The refund was not made: ${error.message}`)
  }
}
