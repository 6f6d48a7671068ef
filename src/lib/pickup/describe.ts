import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { formatHandoverCode, pickupStateOf } from "../../domain"
import { IN_STORE_MODULE } from "../../modules/in-store"
import type InStoreModuleService from "../../modules/in-store/service"
import { gateOf, loadPickupOrder } from "./pickup-order"

/** What the Collect in store card shows about the pickup: state, why the goods cannot leave, who gave them out. */
export async function describePickup(container: MedusaContainer, orderId: string) {
  const facts = await loadPickupOrder(container, orderId)
  if (!facts.is_pickup) return { is_pickup: false as const }
  const inStore: InStoreModuleService = container.resolve(IN_STORE_MODULE)
  const [record] = await inStore.listPickupHandovers({ order_id: orderId })
  const handedOver = !!record?.handed_over_at
  const gate = gateOf(facts, "hand_over")
  return {
    is_pickup: true as const,
    state: pickupStateOf({ owed: facts.owed, all_fulfilled: facts.all_fulfilled, handed_over: handedOver }),
    location: facts.location,
    handover_code: facts.handover_code ? formatHandoverCode(facts.handover_code) : null,
    owed: facts.owed,
    currency_code: facts.currency_code,
    all_fulfilled: facts.all_fulfilled,
    // refused: the message names what is owed; payment_optional: the location lets unpaid goods out
    gate: gate.allowed ? { allowed: true, reason: gate.reason } : { allowed: false, message: gate.message },
    can_hand_over: gate.allowed && facts.all_fulfilled && !handedOver && facts.status !== "canceled",
    ready_emitted_at: record?.ready_emitted_at ?? null,
    handover: handedOver
      ? {
          handed_over_at: record.handed_over_at,
          handed_over_by: record.handed_over_by ? await userOf(container, record.handed_over_by) : null,
          code_checked: record.code_checked,
        }
      : null,
  }
}

async function userOf(container: MedusaContainer, userId: string) {
  const [user] = await container.resolve(Modules.USER).listUsers({ id: userId })
  if (!user) return { id: userId, email: null, name: null }
  const name = [user.first_name, user.last_name].filter(Boolean).join(" ")
  return { id: user.id, email: user.email, name: name || null }
}
