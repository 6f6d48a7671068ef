import type { IPaymentModuleService } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { IN_STORE_MODULE } from "../../modules/in-store"
import type InStoreModuleService from "../../modules/in-store/service"

/**
 * Authorizes the payment's session through the Payment Module; our provider answers "captured" from the
 * plugin's paid row, so Medusa records the payment and its capture in one transaction.
 * No compensation, on purpose: the money was taken on the terminal, so a failure later in the flow is
 * finished forward by the recovery job, never undone by canceling the capture (ADR 2).
 */
export const authorizeInStoreSessionStep = createStep(
  "authorize-in-store-payment-session",
  async (input: { in_store_payment_id: string }, { container }) => {
    const inStore: InStoreModuleService = container.resolve(IN_STORE_MODULE)
    const payments: IPaymentModuleService = container.resolve(Modules.PAYMENT)
    const record = await inStore.retrieveInStorePayment(input.in_store_payment_id)
    const payment = await payments.authorizePaymentSession(record.payment_session_id!, {})
    if (!payment) throw new Error(`In-store payment ${record.id}: Medusa did not authorize session ${record.payment_session_id}`)
    return new StepResponse(payment.id)
  }
)
