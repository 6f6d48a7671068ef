import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import { IN_STORE_MODULE } from "../../modules/in-store"
import type InStoreModuleService from "../../modules/in-store/service"
import { loadOrderSnapshot } from "../order-snapshot"
import { enqueueReceipt } from "./enqueue"

/** Why an order gets no handover receipt: the store keeps none, or the order was not prepaid online. */
type NotDue = { not_due: string }

/**
 * The second receipt of an order paid online and picked up here (research/fiscal-atol.md §10): `sell` with
 * `full_payment` items and the online prepayment offset (payments type 2), for what was not paid in store.
 * Idempotent: one handover receipt per order. Throws when the order cannot be handed over (canceled, owing).
 */
async function handoverReceiptOrReason(container: MedusaContainer, orderId: string): Promise<any | NotDue> {
  const inStore: InStoreModuleService = container.resolve(IN_STORE_MODULE)
  const fiscal = inStore.getOptions().fiscal
  if (!fiscal) return { not_due: "kind: the store registers no receipts (the fiscal option is not configured)" }
  if (!fiscal.handover_receipts) return { not_due: "kind: handover receipts are off (set the fiscal.handover_receipts option)" }
  const base_external_id = `${orderId}:handover`
  const [existing] = await inStore.listFiscalReceipts({ base_external_id })
  if (existing) return existing

  const order = await loadOrderSnapshot(container, orderId, { vatRequired: false, vatOverrides: fiscal.vat_overrides })
  if (order.status === "canceled") {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `Order ${orderId} is canceled`)
  }
  if (order.owed > 0) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `Order ${orderId} still owes ${order.owed} (minor units): it is not paid in full`)
  }
  const paidInStore = (await inStore.listInStorePayments({ order_id: orderId, status: "paid" })).reduce(
    (sum, payment) => sum + Number(payment.amount),
    0
  )
  const prepaid = order.total - paidInStore
  if (prepaid <= 0) {
    return {
      not_due: `Order ${orderId} was paid at the pickup point: its in-store receipt is the settlement receipt, there is no prepayment to offset`,
    }
  }
  return enqueueReceipt(container, {
    kind: "handover",
    order_id: orderId,
    amount: prepaid,
    currency_code: order.currency_code,
    settled_at: new Date(),
    base_external_id,
  })
}

/** The seller asked for the handover receipt explicitly: a receipt that is not due is a 400 naming why. */
export async function issueHandoverReceipt(container: MedusaContainer, orderId: string) {
  const result = await handoverReceiptOrReason(container, orderId)
  if ("not_due" in result) throw new MedusaError(MedusaError.Types.INVALID_DATA, result.not_due)
  return result
}

/** At the pickup handover: the receipt when one is due (prepaid online, handover receipts on), else null. */
export async function issueHandoverReceiptIfDue(container: MedusaContainer, orderId: string) {
  const result = await handoverReceiptOrReason(container, orderId)
  return "not_due" in result ? null : result
}
