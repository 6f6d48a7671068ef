import type { MedusaContainer } from "@medusajs/framework/types"
import { IN_STORE_MODULE } from "../modules/in-store"
import type InStoreModuleService from "../modules/in-store/service"
import { closeInStorePaymentWorkflow } from "../workflows/close-in-store-payment"
import { createInStorePaymentWorkflow } from "../workflows/create-in-store-payment"

/** POST /admin/orders/:id/in-store-payments: the pending payment of the order, or a new one. */
export async function collectInStore(container: MedusaContainer, orderId: string, terminalId?: string) {
  const inStore: InStoreModuleService = container.resolve(IN_STORE_MODULE)
  const pendingOf = async () => (await inStore.listInStorePayments({ order_id: orderId, status: "pending" }))[0]

  const pending = await pendingOf()
  if (pending) {
    if (new Date(pending.expires_at).getTime() > Date.now()) return pending
    // Its link is dead: expire it now rather than wait for the job, then make a fresh one.
    await closeInStorePaymentWorkflow(container).run({ input: { id: pending.id, to: "expired" } })
  }
  try {
    const { result } = await createInStorePaymentWorkflow(container).run({
      input: { order_id: orderId, terminal_id: terminalId },
    })
    return result
  } catch (error) {
    // A concurrent request created it first (unique pending per order): answer with that one.
    const raced = await pendingOf()
    if (raced) return raced
    throw error
  }
}
