import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import { AcquirerError, acquirerFor } from "../../adapters/acquirers"
import { IN_STORE_MODULE } from "../../modules/in-store"
import type InStoreModuleService from "../../modules/in-store/service"
import type { SbpTerminalConfig } from "../../options"
import type { InStorePaymentPlan } from "../../workflows/steps/prepare-in-store-payment"
import { acquirerNotificationUrl } from "../urls"

/** MedusaError type the Collect in store route answers 502 for: the acquirer refused or could not be reached. */
export const ACQUIRER_FAILED = "acquirer_failed"

/**
 * Opens the dynamic SBP QR at the acquirer for a new in-store payment and stores its id and NSPK payload (the
 * payload is the payment's pay link: on a phone it opens the bank app). The QR expires with the link.
 */
export async function openAcquirerPayment(
  container: MedusaContainer,
  terminal: SbpTerminalConfig,
  input: { id: string; plan: InStorePaymentPlan; payment_collection_id: string; payment_session_id: string }
) {
  const inStore: InStoreModuleService = container.resolve(IN_STORE_MODULE)
  const options = inStore.getOptions()
  const acquirer = acquirerFor(terminal)
  const receipt =
    terminal.receipt_by === "acquirer" ? { ...input.plan.customer, taxation: options.fiscal?.company.sno ?? "osn" } : null
  let created
  try {
    created = await acquirer.createPayment(terminal.acquirer_config, {
      payment_id: input.id,
      order_id: input.plan.order_id,
      display_id: input.plan.display_id,
      amount: input.plan.amount,
      currency: input.plan.currency_code,
      lines: input.plan.lines,
      description: `Заказ ${input.plan.display_id} / Order ${input.plan.display_id}`,
      expires_at: input.plan.expires_at,
      notification_url: acquirerNotificationUrl(options, terminal.id),
      idempotency_key: input.id,
      receipt,
    })
  } catch (error) {
    if (error instanceof AcquirerError) {
      throw new MedusaError(
        ACQUIRER_FAILED as any,
        `The acquirer could not open the SBP payment${error.retryable ? " (try again)" : ""}: ${error.message}`
      )
    }
    throw error
  }
  return inStore.updateInStorePayments({
    id: input.id,
    pay_link: created.qr_payload,
    acquirer: terminal.acquirer,
    acquirer_payment_id: created.acquirer_payment_id,
    acquirer_status: "pending",
    acquirer_receipt: receipt,
    next_poll_at: new Date(Date.now() + terminal.poll_interval_ms),
    payment_collection_id: input.payment_collection_id,
    payment_session_id: input.payment_session_id,
  })
}
