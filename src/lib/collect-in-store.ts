import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import { IN_STORE_MODULE } from "../modules/in-store"
import type InStoreModuleService from "../modules/in-store/service"
import { createInStorePaymentWorkflow } from "../workflows/create-in-store-payment"
import { expireIfOverdue, expiryGraceMs } from "./expire-overdue"

/** How long a request waits for a concurrent one to finish building the same payment's link. */
const BUILD_WAIT_MS = 10_000
const BUILD_POLL_MS = 100

/** POST /admin/orders/:id/in-store-payments: the pending payment of the order, or a new one. */
export async function collectInStore(container: MedusaContainer, orderId: string, terminalId?: string) {
  const inStore: InStoreModuleService = container.resolve(IN_STORE_MODULE)
  const pendingOf = async () => (await inStore.listInStorePayments({ order_id: orderId, status: "pending" }))[0]

  const pending = await pendingOf()
  if (pending) {
    if (new Date(pending.expires_at).getTime() > Date.now()) return whenBuilt(inStore, pending)
    // The same rule as the expiry job: a result signed in time may still arrive within the tolerance.
    if (!(await expireIfOverdue(container, pending))) {
      const stillPending = await inStore.retrieveInStorePayment(pending.id)
      if (stillPending.status === "pending") {
        const retryAt = new Date(new Date(pending.expires_at).getTime() + expiryGraceMs(inStore))
        throw new MedusaError(
          MedusaError.Types.CONFLICT,
          `In-store payment ${pending.id} expired at ${new Date(pending.expires_at).toISOString()}; a result made before then is accepted until ${retryAt.toISOString()}. Collect again after that`
        )
      }
    }
  }
  try {
    const { result } = await createInStorePaymentWorkflow(container).run({
      input: { order_id: orderId, terminal_id: terminalId },
    })
    return result
  } catch (error) {
    // A concurrent request created it first (unique pending per order): answer with that one once it is built.
    const raced = await pendingOf()
    if (raced) return whenBuilt(inStore, raced)
    throw error
  }
}

/** Never answers with a half-built payment: waits for a concurrent request to attach its link. */
async function whenBuilt(inStore: InStoreModuleService, payment: any) {
  const deadline = Date.now() + BUILD_WAIT_MS
  let current = payment
  while (!current.pay_link) {
    if (Date.now() > deadline) {
      throw new MedusaError(MedusaError.Types.CONFLICT, `In-store payment ${payment.id} is still being created; try again`)
    }
    await new Promise((resolve) => setTimeout(resolve, BUILD_POLL_MS))
    const [fresh] = await inStore.listInStorePayments({ id: payment.id })
    // Its creation failed and was undone: the caller may try again.
    if (!fresh) throw new MedusaError(MedusaError.Types.CONFLICT, `In-store payment ${payment.id} could not be created; try again`)
    if (fresh.status !== "pending") return fresh
    current = fresh
  }
  return current
}
