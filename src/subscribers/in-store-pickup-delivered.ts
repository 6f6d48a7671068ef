import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { recordHandover } from "../lib/pickup/handover"
import { loadPickupOrder, orderOfFulfillment } from "../lib/pickup/pickup-order"

/**
 * A pickup fulfillment marked delivered by any path (Medusa's admin button, a script running Medusa's workflow)
 * is the handover: record it (who is filled in by the route that knows the user) and issue the receipt due.
 */
export default async function recordPickupDelivery({ event, container }: SubscriberArgs<{ id: string }>) {
  const orderId = await orderOfFulfillment(container, event.data.id)
  if (!orderId) return
  const facts = await loadPickupOrder(container, orderId)
  if (facts.is_pickup) await recordHandover(container, facts, { user_id: null, code_checked: false })
}

export const config: SubscriberConfig = { event: "delivery.created" }
