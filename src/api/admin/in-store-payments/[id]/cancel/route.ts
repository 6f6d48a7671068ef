import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError, Modules } from "@medusajs/framework/utils"
import { canCancel } from "../../../../../domain"
import { paymentLockKey } from "../../../../../lib/constants"
import { serializeInStorePayments } from "../../../../../lib/serialize"
import { IN_STORE_MODULE } from "../../../../../modules/in-store"
import type InStoreModuleService from "../../../../../modules/in-store/service"
import { AcquirerError } from "../../../../../adapters/acquirers"
import { applyAcquirerState, cancelAtAcquirer } from "../../../../../lib/acquirer/sync"
import { closeInStorePaymentWorkflow } from "../../../../../workflows/close-in-store-payment"

/**
 * pending → canceled; anything else is refused (a paid payment is refunded, not canceled). An SBP QR is canceled
 * at its acquirer first: if the customer paid meanwhile, the payment is taken and the cancel refused.
 */
export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const inStore: InStoreModuleService = req.scope.resolve(IN_STORE_MODULE)
  const locking = req.scope.resolve(Modules.LOCKING)
  const id = req.params.id
  const [found] = await inStore.listInStorePayments({ id })
  const terminal = found ? inStore.getSbpTerminal(found.terminal_id) : undefined
  if (found && terminal && found.status === "pending" && found.acquirer_payment_id) {
    try {
      const { state } = await cancelAtAcquirer(req.scope, found, terminal)
      if (state.status === "succeeded") {
        await applyAcquirerState(req.scope, found, terminal, state, "cancel")
        throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `In-store payment ${id} was paid by the customer before the cancel reached ${terminal.acquirer}; it is taken, not canceled`)
      }
    } catch (error) {
      if (!(error instanceof AcquirerError)) throw error
      // The acquirer cannot be reached: close it here all the same; the poll job cancels it there (or refunds a payment).
      await inStore.updateInStorePayments({ id, acquirer_action: "cancel", acquirer_action_error: error.message })
    }
  }
  await locking.execute(paymentLockKey(id), async () => {
    const [payment] = await inStore.listInStorePayments({ id })
    if (!payment) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `In-store payment ${id} was not found`)
    }
    if (!canCancel(payment.status)) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `In-store payment ${id} is ${payment.status} and cannot be canceled`)
    }
    const { result } = await closeInStorePaymentWorkflow(req.scope).run({ input: { id, to: "canceled" } })
    if (!result.won) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `In-store payment ${id} changed meanwhile and cannot be canceled`)
    }
  })
  const [serialized] = await serializeInStorePayments(req.scope, [await inStore.retrieveInStorePayment(id)])
  res.json({ in_store_payment: serialized })
}
