import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { currencyExponent, toMinorUnits } from "../../domain"
import { IN_STORE_MODULE } from "../../modules/in-store"
import type InStoreModuleService from "../../modules/in-store/service"
import { IN_STORE_PROVIDER_ID } from "../constants"
import { enqueueReceipt } from "./enqueue"

const rawAmount = (refund: any) => refund.raw_amount?.value ?? refund.amount

/**
 * A `sell_refund` receipt for every refund of an in-store payment whose receipt the store registered.
 * Called by the payment.refunded subscriber and, as a safety net, by a job over recent refunds.
 */
export async function issueRefundReceipts(container: MedusaContainer, filters: { payment_id?: string; since?: Date }) {
  const inStore: InStoreModuleService = container.resolve(IN_STORE_MODULE)
  if (!inStore.getOptions().fiscal) return []
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: refunds } = await query.graph({
    entity: "refund",
    fields: ["id", "amount", "raw_amount", "created_at", "payment.id", "payment.provider_id", "payment.payment_collection_id", "payment.currency_code"],
    filters: {
      ...(filters.payment_id ? { payment_id: filters.payment_id } : {}),
      ...(filters.since ? { created_at: { $gte: filters.since } } : {}),
    } as any,
  })
  const ours = refunds.filter((refund: any) => refund.payment?.provider_id === IN_STORE_PROVIDER_ID)
  if (!ours.length) return []
  const done = new Set(
    (await inStore.listFiscalReceipts({ refund_id: ours.map((r: any) => r.id) }, { select: ["refund_id"] })).map((r) => r.refund_id)
  )
  const rows: any[] = []
  for (const refund of ours as any[]) {
    if (done.has(refund.id)) continue
    const [payment] = await inStore.listInStorePayments({ payment_collection_id: refund.payment.payment_collection_id, status: "paid" })
    if (!payment || payment.receipt_by !== "store") continue
    rows.push(
      await enqueueReceipt(container, {
        kind: "sell_refund",
        order_id: payment.order_id,
        in_store_payment_id: payment.id,
        refund_id: refund.id,
        amount: toMinorUnits(String(rawAmount(refund)), currencyExponent(payment.currency_code)),
        currency_code: payment.currency_code,
        settled_at: new Date(refund.created_at ?? Date.now()),
        base_external_id: `${refund.id}:sell_refund`,
      })
    )
  }
  return rows
}
