import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { emitPickupReadyIfDue } from "../lib/pickup/handover"

/**
 * A pickup order becomes ready when its last item is fulfilled (while paid), or when it is paid after its
 * goods were packed (a location where payment at handover is optional): both moments ask the same question.
 */
export default async function announcePickupReady({ event, container }: SubscriberArgs<{ order_id?: string; id?: string }>) {
  const orderId = event.name === "payment.captured" ? await orderOfPayment(container, event.data.id!) : event.data.order_id
  if (orderId) await emitPickupReadyIfDue(container, orderId)
}

async function orderOfPayment(container: SubscriberArgs<unknown>["container"], paymentId: string): Promise<string | undefined> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: payments } = await query.graph({ entity: "payment", fields: ["payment_collection_id"], filters: { id: paymentId } })
  const collectionId = (payments[0] as any)?.payment_collection_id
  if (!collectionId) return undefined
  const { data: links } = await query.graph({
    entity: "order_payment_collection",
    fields: ["order_id"],
    filters: { payment_collection_id: collectionId },
  })
  return (links[0] as any)?.order_id
}

export const config: SubscriberConfig = { event: ["order.fulfillment_created", "payment.captured"] }
