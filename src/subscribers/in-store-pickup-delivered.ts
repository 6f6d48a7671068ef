import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { recordHandover } from "../lib/pickup/handover"
import { loadPickupOrder } from "../lib/pickup/pickup-order"

/**
 * A pickup fulfillment marked delivered by any path (Medusa's admin button, a script running Medusa's workflow)
 * is the handover: record it (who is filled in by the route that knows the user) and issue the receipt due.
 */
export default async function recordPickupDelivery({ event, container }: SubscriberArgs<{ id: string }>) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "order_fulfillment", fields: ["order_id"], filters: { fulfillment_id: event.data.id } })
  const orderId = (data[0] as any)?.order_id
  if (!orderId) return
  const facts = await loadPickupOrder(container, orderId)
  if (facts.is_pickup) await recordHandover(container, facts, { user_id: null, code_checked: false })
}

export const config: SubscriberConfig = { event: "delivery.created" }
