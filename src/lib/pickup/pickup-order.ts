import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { decidePickupGate, type PickupGateDecision, type PickupOperation } from "../../domain"
import { PICKUP_PROVIDER_IDENTIFIER, PAYMENT_OPTIONAL_METADATA_KEY } from "../constants"
import { rawDecimal } from "../order-snapshot"
import { loadOrderOwed } from "../owed"

export const isPickupProviderId = (providerId: string | null | undefined) =>
  !!providerId && providerId.startsWith(`${PICKUP_PROVIDER_IDENTIFIER}_`)

/** The stock location's metadata relaxes the gate there: payment at handover is optional. */
export const isPaymentOptionalAt = (location: { metadata?: Record<string, unknown> | null } | null | undefined) =>
  [true, "true"].includes(location?.metadata?.[PAYMENT_OPTIONAL_METADATA_KEY] as any)

export interface PickupOrderFacts {
  order_id: string
  display_id: string
  currency_code: string
  status: string
  is_pickup: boolean
  location: { id: string; name: string; payment_optional: boolean } | null
  handover_code: string | null
  owed: number
  all_fulfilled: boolean
  /** fulfillments not canceled, newest last */
  fulfillments: Array<{ id: string; shipped_at: string | null; delivered_at: string | null }>
}

/** A pickup order as the gate, the handover and the card see it: Medusa's records plus the one "owed" rule. */
export async function loadPickupOrder(container: MedusaContainer, orderId: string): Promise<PickupOrderFacts> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "order",
    fields: [
      "id",
      "display_id",
      "status",
      "currency_code",
      "shipping_methods.shipping_option_id",
      "shipping_methods.data",
      "items.id",
      "items.quantity",
      "items.detail.quantity",
      "items.detail.fulfilled_quantity",
      "fulfillments.id",
      "fulfillments.created_at",
      "fulfillments.shipped_at",
      "fulfillments.delivered_at",
      "fulfillments.canceled_at",
    ],
    filters: { id: orderId },
  })
  const order = data[0] as any
  if (!order) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Order with id "${orderId}" was not found`)

  const methods: any[] = order.shipping_methods ?? []
  const optionIds = methods.map((method) => method.shipping_option_id).filter(Boolean)
  const { data: options } = optionIds.length
    ? await query.graph({
        entity: "shipping_option",
        fields: ["id", "provider_id", "service_zone.fulfillment_set.location.id", "service_zone.fulfillment_set.location.name", "service_zone.fulfillment_set.location.metadata"],
        filters: { id: optionIds },
      })
    : { data: [] as any[] }
  const pickupOption = (options as any[]).find((option) => isPickupProviderId(option.provider_id))
  const pickupMethod = pickupOption && methods.find((method) => method.shipping_option_id === pickupOption.id)
  const location = pickupOption?.service_zone?.fulfillment_set?.location ?? null

  // Only a pickup order's debt matters here; a courier order pays Medusa's way, untouched.
  const owed = pickupOption ? (await loadOrderOwed(container, orderId)).owed : 0
  const items: any[] = order.items ?? []
  return {
    order_id: order.id,
    display_id: String(order.display_id ?? order.id),
    currency_code: String(order.currency_code).toUpperCase(),
    status: order.status,
    is_pickup: !!pickupOption,
    location: location ? { id: location.id, name: location.name, payment_optional: isPaymentOptionalAt(location) } : null,
    handover_code: pickupMethod?.data?.handover_code ?? null,
    owed,
    all_fulfilled: items.length > 0 && items.every((item) => fulfilledQuantity(item) >= Number(rawDecimal(item.quantity ?? item.detail?.quantity))),
    fulfillments: (order.fulfillments ?? [])
      .filter((f: any) => !f.canceled_at)
      .sort((a: any, b: any) => new Date(a.created_at).getTime() - new Date(b.created_at).getTime())
      .map((f: any) => ({ id: f.id, shipped_at: f.shipped_at ?? null, delivered_at: f.delivered_at ?? null })),
  }
}

const fulfilledQuantity = (item: any) =>
  item.detail?.fulfilled_quantity != null ? Number(rawDecimal(item.detail.fulfilled_quantity)) : 0

/** The order a fulfillment belongs to (Medusa's order–fulfillment link), if any. */
export async function orderOfFulfillment(container: MedusaContainer, fulfillmentId: string): Promise<string | undefined> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "order_fulfillment", fields: ["order_id"], filters: { fulfillment_id: fulfillmentId } })
  return (data[0] as { order_id?: string } | undefined)?.order_id
}

export function gateOf(facts: PickupOrderFacts, operation: PickupOperation): PickupGateDecision {
  return decidePickupGate(
    {
      is_pickup: facts.is_pickup,
      order_display_id: facts.display_id,
      owed: facts.owed,
      currency_code: facts.currency_code,
      payment_optional: !!facts.location?.payment_optional,
    },
    operation
  )
}

/** The payment gate: throws a 400 naming the amount owed when a pickup order's goods may not leave yet. */
export async function assertPickupMayLeave(container: MedusaContainer, orderId: string, operation: PickupOperation) {
  const facts = await loadPickupOrder(container, orderId)
  const decision = gateOf(facts, operation)
  if (!decision.allowed) throw new MedusaError(MedusaError.Types.NOT_ALLOWED, decision.message)
  return facts
}
