import type { IPaymentModuleService } from "@medusajs/framework/types"
import { Modules, PaymentSessionStatus } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { IN_STORE_MODULE } from "../../modules/in-store"
import type InStoreModuleService from "../../modules/in-store/service"
import type { VerifiedTerminalResult } from "../../providers/payment-in-store/service"

/**
 * Hands the verified result to our payment provider through the session's data, so that Medusa's own
 * authorization finds it. Returns whether the session still waits for authorization (false on a re-run).
 */
export const recordVerifiedResultStep = createStep(
  "record-verified-in-store-result",
  async (input: { in_store_payment_id: string }, { container }) => {
    const inStore: InStoreModuleService = container.resolve(IN_STORE_MODULE)
    const payments: IPaymentModuleService = container.resolve(Modules.PAYMENT)
    const record = await inStore.retrieveInStorePayment(input.in_store_payment_id)
    if (record.status !== "paid" || !record.payment_session_id) {
      throw new Error(`In-store payment ${record.id} is ${record.status}, not paid`)
    }
    const [session] = await payments.listPaymentSessions({ id: record.payment_session_id })
    const awaiting = session?.status === PaymentSessionStatus.PENDING_AUTHORIZATION
    if (awaiting && !(session.data as any)?.verified_result) {
      const verified: VerifiedTerminalResult = {
        transaction_id: record.transaction_id!,
        amount: Number(record.amount),
        currency: record.currency_code,
        verified_at: new Date(record.paid_at ?? Date.now()).toISOString(),
      }
      await payments.updatePaymentSession({
        id: session.id,
        data: { ...(session.data ?? {}), verified_result: verified },
        amount: session.amount,
        currency_code: session.currency_code,
      })
    }
    return new StepResponse({
      payment_session_id: record.payment_session_id,
      order_id: record.order_id,
      awaiting_authorization: awaiting,
    })
  }
)
