import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { issueRefundReceipts } from "../lib/fiscal/refund-receipts"

/** A refund of an in-store payment through Medusa → its `sell_refund` receipt. */
export default async function inStoreRefundReceipts({ event, container }: SubscriberArgs<{ id: string }>) {
  await issueRefundReceipts(container, { payment_id: event.data.id })
}

export const config: SubscriberConfig = { event: "payment.refunded" }
