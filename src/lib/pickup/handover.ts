import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import { markOrderFulfillmentAsDeliveredWorkflow } from "@medusajs/medusa/core-flows"
import { handoverCodeMatches } from "../../domain"
import { IN_STORE_MODULE } from "../../modules/in-store"
import type InStoreModuleService from "../../modules/in-store/service"
import { issueHandoverReceiptIfDue } from "../fiscal/handover-receipt"
import { PICKUP_READY_EVENT } from "../constants"
import { gateOf, loadPickupOrder, type PickupOrderFacts } from "./pickup-order"

/**
 * The seller gives the goods out: behind the payment gate, with the customer's code checked when given; each
 * fulfillment still open is marked delivered through Medusa's own workflow; who and when are recorded once;
 * an order prepaid online gets its handover receipt (once). Repeating it changes nothing.
 */
export async function handOverPickup(container: MedusaContainer, orderId: string, by: { user_id: string | null; code?: string }) {
  const facts = await loadPickupOrder(container, orderId)
  if (!facts.is_pickup) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `Order #${facts.display_id} is not a pickup order: hand it over with Medusa's own fulfillment actions`)
  }
  if (facts.status === "canceled") throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Order #${facts.display_id} is canceled`)
  const gate = gateOf(facts, "hand_over")
  if (!gate.allowed) throw new MedusaError(MedusaError.Types.NOT_ALLOWED, gate.message)
  if (by.code !== undefined && facts.handover_code && !handoverCodeMatches(facts.handover_code, by.code)) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `code: the handover code does not match order #${facts.display_id}'s`)
  }
  if (!facts.all_fulfilled || !facts.fulfillments.length) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `Order #${facts.display_id} is not fulfilled yet: create its fulfillment (pack the goods) before handing them over`
    )
  }
  for (const fulfillment of facts.fulfillments.filter((f) => !f.delivered_at)) {
    await markOrderFulfillmentAsDeliveredWorkflow(container).run({ input: { orderId, fulfillmentId: fulfillment.id } })
  }
  return recordHandover(container, facts, { user_id: by.user_id, code_checked: by.code !== undefined && !!facts.handover_code })
}

/** Records who handed a pickup order over (null: a script, through Medusa's workflow) and issues its receipt. */
export async function recordHandover(container: MedusaContainer, facts: PickupOrderFacts, by: { user_id: string | null; code_checked: boolean }) {
  const inStore: InStoreModuleService = container.resolve(IN_STORE_MODULE)
  const handover = await inStore.recordPickupHandover({
    order_id: facts.order_id,
    location_id: facts.location?.id ?? null,
    fulfillment_id: facts.fulfillments.at(-1)?.id ?? null,
    handed_over_at: new Date(),
    handed_over_by: by.user_id,
    code_checked: by.code_checked,
  })
  // Goods let out unpaid (payment optional at the location) settle later: the receipt follows the payment then.
  const receipt = facts.owed <= 0 ? await issueHandoverReceiptIfDue(container, facts.order_id) : null
  return { handover, receipt }
}

/**
 * Emits `in_store_pickup.ready` when every item is fulfilled and nothing is owed — once per order, whatever
 * the number of callers or processes (the database decides, see claimPickupReady).
 */
export async function emitPickupReadyIfDue(container: MedusaContainer, orderId: string): Promise<boolean> {
  const facts = await loadPickupOrder(container, orderId)
  if (!facts.is_pickup || facts.status === "canceled" || !facts.all_fulfilled || facts.owed > 0) return false
  const inStore: InStoreModuleService = container.resolve(IN_STORE_MODULE)
  if (!(await inStore.claimPickupReady(orderId, facts.location?.id ?? null))) return false
  const eventBus = container.resolve(Modules.EVENT_BUS)
  await eventBus.emit({
    name: PICKUP_READY_EVENT,
    data: {
      order_id: orderId,
      display_id: facts.display_id,
      location_id: facts.location?.id ?? null,
      location_name: facts.location?.name ?? null,
      handover_code: facts.handover_code,
    },
  })
  container.resolve(ContainerRegistrationKeys.LOGGER).info(`${PICKUP_READY_EVENT}: order #${facts.display_id} at "${facts.location?.name}"`)
  return true
}
