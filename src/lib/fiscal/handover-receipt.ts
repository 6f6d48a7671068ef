import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import { IN_STORE_MODULE } from "../../modules/in-store"
import type InStoreModuleService from "../../modules/in-store/service"
import { loadOrderSnapshot } from "../order-snapshot"
import { enqueueReceipt } from "./enqueue"

/**
 * The second receipt of an order paid online and picked up here (research/fiscal-atol.md §10): `sell` with
 * `full_payment` items and the online prepayment offset (payments type 2), for what was not paid in store.
 * Idempotent: one handover receipt per order.
 */
export async function issueHandoverReceipt(container: MedusaContainer, orderId: string) {
  const inStore: InStoreModuleService = container.resolve(IN_STORE_MODULE)
  const fiscal = inStore.getOptions().fiscal
  if (!fiscal) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "kind: the store registers no receipts (the fiscal option is not configured)")
  }
  if (!fiscal.handover_receipts) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "kind: handover receipts are off (set the fiscal.handover_receipts option)")
  }
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
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `Order ${orderId} was paid at the pickup point: its in-store receipt is the settlement receipt, there is no prepayment to offset`
    )
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
