import type { MedusaContainer } from "@medusajs/framework/types"
import { IN_STORE_MODULE } from "../../modules/in-store"
import type InStoreModuleService from "../../modules/in-store/service"
import { enqueueReceipt } from "../fiscal/enqueue"

/** The base external id of a refund's receipt: one per Medusa refund, whichever path issues it first. */
export const refundReceiptBaseId = (medusaRefundId: string) => `${medusaRefundId}:sell_refund`

/**
 * The `sell_refund` receipt of a recorded refund, listing exactly the refund's lines, when the store registers the
 * payment's receipts (a terminal's register printed its own; its fiscal data is on the refund). Idempotent.
 */
export async function issueRefundRowReceipt(container: MedusaContainer, refund: any) {
  const inStore: InStoreModuleService = container.resolve(IN_STORE_MODULE)
  if (!inStore.getOptions().fiscal || refund.status !== "done" || !refund.medusa_refund_id) return null
  const payment = await inStore.retrieveInStorePayment(refund.in_store_payment_id)
  if (payment.receipt_by !== "store") return null
  return enqueueReceipt(container, {
    kind: "sell_refund",
    order_id: refund.order_id,
    in_store_payment_id: refund.in_store_payment_id,
    refund_id: refund.medusa_refund_id,
    amount: Number(refund.amount),
    currency_code: refund.currency_code,
    settled_at: new Date(refund.confirmed_at ?? refund.updated_at ?? Date.now()),
    base_external_id: refundReceiptBaseId(refund.medusa_refund_id),
  })
}
