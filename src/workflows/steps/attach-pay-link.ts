import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { terminalAdapterFor } from "../../adapters/terminals"
import { callbackUrl } from "../../lib/urls"
import { IN_STORE_MODULE } from "../../modules/in-store"
import type InStoreModuleService from "../../modules/in-store/service"
import type { InStorePaymentPlan } from "./prepare-in-store-payment"

/** Builds the terminal's pay link for the new payment and stores it with the Medusa ids it uses. */
export const attachPayLinkStep = createStep(
  "attach-in-store-pay-link",
  async (
    input: { id: string; plan: InStorePaymentPlan; payment_collection_id: string; payment_session_id: string },
    { container }
  ) => {
    const inStore: InStoreModuleService = container.resolve(IN_STORE_MODULE)
    const terminal = inStore.getTerminal(input.plan.terminal_id)!
    const payLink = terminalAdapterFor(terminal).buildLink(terminal, {
      payment_id: input.id,
      order_id: input.plan.order_id,
      display_id: input.plan.display_id,
      amount: input.plan.amount,
      currency: input.plan.currency_code,
      expires_at: input.plan.expires_at,
      lines: input.plan.lines,
      receipt_by: input.plan.receipt_by,
      callback_url: callbackUrl(inStore.getOptions(), input.id),
    })
    const updated = await inStore.updateInStorePayments({
      id: input.id,
      pay_link: payLink,
      payment_collection_id: input.payment_collection_id,
      payment_session_id: input.payment_session_id,
    })
    return new StepResponse(updated)
  }
)
