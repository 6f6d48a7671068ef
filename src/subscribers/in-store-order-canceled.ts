import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { Modules } from "@medusajs/framework/utils"
import { paymentLockKey } from "../lib/constants"
import { IN_STORE_MODULE } from "../modules/in-store"
import type InStoreModuleService from "../modules/in-store/service"
import { closeInStorePaymentWorkflow } from "../workflows/close-in-store-payment"

/**
 * A canceled order's pending link must not be payable: close it as canceled. A result racing this is
 * decided under the same lock, and the decision itself checks the order, so either way nothing is captured.
 */
export default async function cancelInStorePaymentsOfCanceledOrder({ event, container }: SubscriberArgs<{ id: string }>) {
  const inStore: InStoreModuleService = container.resolve(IN_STORE_MODULE)
  const locking = container.resolve(Modules.LOCKING)
  const pending = await inStore.listInStorePayments({ order_id: event.data.id, status: "pending" })
  for (const payment of pending) {
    await locking.execute(paymentLockKey(payment.id), () =>
      closeInStorePaymentWorkflow(container).run({
        input: { id: payment.id, to: "canceled", result: { message: "The order was canceled" } },
      })
    )
  }
}

export const config: SubscriberConfig = { event: "order.canceled" }
