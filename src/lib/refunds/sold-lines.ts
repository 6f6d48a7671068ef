import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import {
  linesForAmount,
  linesForReturnedUnits,
  RefundRequestError,
  remainingOf,
  takenByRefunds,
  totalOf,
  unitsLeft,
  type NotedRefund,
  type RefundLine,
  type ReturnedUnits,
  type SoldLine,
  type Taken,
} from "../../domain"
import { HOLDING_REFUND_STATUSES, IN_STORE_PROVIDER_ID } from "../constants"
import { IN_STORE_MODULE } from "../../modules/in-store"
import type InStoreModuleService from "../../modules/in-store/service"

/**
 * What the payment's sale listed, and what its refunds so far took from it: our rows, and refunds made with
 * Medusa's Refund button that are noted on Medusa's payment but not adopted by a row yet. `exceptMedusaRefund`:
 * the button refund being adopted, which must not count against itself.
 */
export async function loadLedger(
  container: MedusaContainer,
  payment: { id: string; lines: unknown; payment_collection_id?: string | null; acquirer_payment_id?: string | null },
  { exceptMedusaRefund }: { exceptMedusaRefund?: string } = {}
) {
  const inStore: InStoreModuleService = container.resolve(IN_STORE_MODULE)
  const sold = (payment.lines ?? []) as SoldLine[]
  const refunds = await inStore.listInStoreRefunds({ in_store_payment_id: payment.id, status: HOLDING_REFUND_STATUSES as any })
  const taken: Taken[] = takenByRefunds(refunds as any[], await notedButtonRefunds(container, payment), exceptMedusaRefund)
  return { sold, taken, refunds }
}

/** The provider's notes of Medusa's Refund button on an SBP payment (only those can be refunded with the button). */
async function notedButtonRefunds(
  container: MedusaContainer,
  payment: { payment_collection_id?: string | null; acquirer_payment_id?: string | null }
): Promise<NotedRefund[]> {
  if (!payment.acquirer_payment_id || !payment.payment_collection_id) return []
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "payment",
    fields: ["provider_id", "canceled_at", "data"],
    filters: { payment_collection_id: payment.payment_collection_id },
  })
  const medusaPayment = (data as any[]).find((p) => p.provider_id === IN_STORE_PROVIDER_ID && !p.canceled_at)
  const entries = medusaPayment?.data?.refunds
  return Array.isArray(entries) ? entries : []
}

export type RefundBasisInput =
  | { return_id: string }
  | { items: { item_id: string; quantity: number }[]; shipping?: boolean }
  | { amount: number }

/** The refund receipt's lines for what the seller asked to refund, checked against the ledger (ADR 7). */
export async function refundLinesFor(
  container: MedusaContainer,
  payment: { id: string; order_id: string; lines: unknown },
  input: RefundBasisInput
): Promise<{ lines: RefundLine[]; basis: "return" | "items" | "amount"; return_id: string | null }> {
  const { sold, taken, refunds } = await loadLedger(container, payment)
  if ("amount" in input) return { lines: linesForAmount(sold, taken, input.amount), basis: "amount", return_id: null }
  if ("return_id" in input) {
    if (refunds.some((refund) => refund.return_id === input.return_id)) {
      throw new RefundRequestError("return_id", `Return ${input.return_id} is already refunded (or being refunded) from this payment`)
    }
    const units = await returnedUnits(container, payment.order_id, input.return_id)
    return { lines: linesForReturnedUnits(sold, taken, units), basis: "return", return_id: input.return_id }
  }
  const units: ReturnedUnits[] = input.items.map((item) => ({ reference: item.item_id, quantity: item.quantity }))
  if (input.shipping) {
    const shipping = await shippingReferences(container, payment.order_id)
    const remaining = remainingOf(sold, taken)
    const left = sold.map((line, i) => ({ line, i })).filter(({ line, i }) => shipping.has(line.reference ?? "") && remaining[i].value > 0)
    if (!left.length) throw new RefundRequestError("shipping", "The shipping of this payment is already refunded, or it had none")
    for (const { line, i } of left) units.push({ reference: line.reference!, quantity: unitsLeft(remaining[i]) })
  }
  if (!units.length) throw new RefundRequestError("items", "Name at least one item, or the shipping")
  return { lines: linesForReturnedUnits(sold, taken, units), basis: "items", return_id: null }
}

/** The units a Medusa return of this order takes back (received, or requested while not yet received). */
async function returnedUnits(container: MedusaContainer, orderId: string, returnId: string): Promise<ReturnedUnits[]> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "return",
    fields: ["id", "order_id", "status", "items.item_id", "items.quantity", "items.received_quantity"],
    filters: { id: returnId },
  })
  const found = data[0] as any
  if (!found || found.order_id !== orderId) throw new RefundRequestError("return_id", `Return ${returnId} is not a return of this order`)
  if (found.status === "canceled") throw new RefundRequestError("return_id", `Return ${returnId} is canceled`)
  const units = (found.items ?? [])
    .map((item: any) => ({ reference: item.item_id, quantity: Number(item.received_quantity) || Number(item.quantity) || 0 }))
    .filter((unit: ReturnedUnits) => unit.quantity > 0)
  if (!units.length) throw new RefundRequestError("return_id", `Return ${returnId} has no items`)
  return units
}

function amountOfReturn(sold: SoldLine[], taken: Taken[], items: any[]): number | null {
  try {
    const units = items.map((item) => ({ reference: item.item_id, quantity: Number(item.received_quantity) || Number(item.quantity) || 0 }))
    return totalOf(linesForReturnedUnits(sold, taken, units.filter((unit) => unit.quantity > 0)))
  } catch {
    return null
  }
}

async function shippingReferences(container: MedusaContainer, orderId: string): Promise<Set<string>> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "order", fields: ["id", "shipping_methods.id"], filters: { id: orderId } })
  return new Set(((data[0] as any)?.shipping_methods ?? []).map((method: any) => method.id))
}

/** What the card's Refund form offers: per item what can still be refunded, the shipping, the order's returns. */
export async function refundOptionsOf(container: MedusaContainer, payment: any) {
  if (payment.status !== "paid" || !payment.captured_at) return null
  const { sold, taken, refunds } = await loadLedger(container, payment)
  const remaining = remainingOf(sold, taken)
  const shipping = await shippingReferences(container, payment.order_id)
  const items = new Map<string, { item_id: string; title: string; quantity_sold: number; quantity_refundable: number; unit_price: number }>()
  let shippingRefundable = 0
  sold.forEach((line, i) => {
    const reference = line.reference ?? ""
    if (shipping.has(reference)) {
      shippingRefundable += remaining[i].value
      return
    }
    const item = items.get(reference) ?? { item_id: reference, title: line.title, quantity_sold: 0, quantity_refundable: 0, unit_price: line.unit_price }
    item.quantity_sold += line.quantity
    item.quantity_refundable += unitsLeft(remaining[i])
    items.set(reference, item)
  })
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: returns } = await query.graph({
    entity: "return",
    fields: ["id", "display_id", "status", "items.item_id", "items.quantity", "items.received_quantity"],
    filters: { order_id: payment.order_id },
  })
  const refunded = new Set(refunds.map((refund) => refund.return_id).filter(Boolean))
  return {
    refundable_amount: remaining.reduce((n, r) => n + r.value, 0),
    shipping_refundable: shippingRefundable,
    items: [...items.values()],
    returns: (returns as any[])
      .filter((r) => r.status !== "canceled" && !refunded.has(r.id))
      .map((r) => ({
        amount: amountOfReturn(sold, taken, r.items ?? []),
        id: r.id,
        display_id: r.display_id ?? null,
        status: r.status,
        items: (r.items ?? []).map((item: any) => ({
          item_id: item.item_id,
          title: items.get(item.item_id)?.title ?? item.item_id,
          quantity: Number(item.received_quantity) || Number(item.quantity) || 0,
        })),
      })),
  }
}
