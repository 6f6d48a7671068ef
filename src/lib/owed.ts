import type { MedusaContainer } from "@medusajs/framework/types"
import { IN_STORE_MODULE } from "../modules/in-store"
import type InStoreModuleService from "../modules/in-store/service"
import { loadOrderSnapshot, type OrderSnapshot } from "./order-snapshot"

/**
 * What an order still owes, the one rule of the plugin: Medusa's pending difference minus the in-store payments
 * that are paid on a terminal but not yet captured in Medusa (they count as paid, ADR 2). In minor units.
 */
export async function owedAfterSettling(container: MedusaContainer, order: OrderSnapshot) {
  const inStore: InStoreModuleService = container.resolve(IN_STORE_MODULE)
  const settling = await inStore.listInStorePayments({ order_id: order.id, status: "paid", captured_at: null })
  const owed = order.owed - settling.reduce((sum, payment) => sum + Number(payment.amount), 0)
  return { owed, settling }
}

/** The order with what it still owes, for decisions that need no VAT codes (the pickup gate, the card). */
export async function loadOrderOwed(container: MedusaContainer, orderId: string) {
  const order = await loadOrderSnapshot(container, orderId, { vatRequired: false })
  const { owed } = await owedAfterSettling(container, order)
  return { order, owed }
}
