import type { IPaymentModuleService } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { fromMinorUnits, currencyExponent } from "../../domain"
import { IN_STORE_PROVIDER_ID } from "../../lib/constants"
import { IN_STORE_MODULE } from "../../modules/in-store"
import type InStoreModuleService from "../../modules/in-store/service"

/**
 * The session's payment was canceled after Medusa captured it (a rolled-back workflow of an earlier version),
 * or the session is gone: the money was taken all the same, so a new session of the same collection is bound
 * to the payment and authorized. Forward only; there is nothing to undo.
 */
export const rebindInStoreSessionStep = createStep(
  "rebind-in-store-payment-session",
  async (input: { in_store_payment_id: string }, { container }) => {
    const inStore: InStoreModuleService = container.resolve(IN_STORE_MODULE)
    const payments: IPaymentModuleService = container.resolve(Modules.PAYMENT)
    const record = await inStore.retrieveInStorePayment(input.in_store_payment_id)
    // Unbound first: our provider opens a session only for a row that waits for one.
    await inStore.updateInStorePayments({ id: record.id, payment_session_id: null })
    const session = await payments.createPaymentSession(record.payment_collection_id!, {
      provider_id: IN_STORE_PROVIDER_ID,
      currency_code: record.currency_code.toLowerCase(),
      amount: Number(fromMinorUnits(Number(record.amount), currencyExponent(record.currency_code))),
      data: { in_store_payment_id: record.id },
    })
    await inStore.updateInStorePayments({ id: record.id, payment_session_id: session.id })
    return new StepResponse(session.id)
  }
)
