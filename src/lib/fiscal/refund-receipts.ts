import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, generateEntityId } from "@medusajs/framework/utils"
import {
  currencyExponent,
  linesForAmount,
  remainingOf,
  takenBy,
  toMinorUnits,
  totalOf,
  type RefundLine,
  type SoldLine,
  type Taken,
} from "../../domain"
import { IN_STORE_MODULE } from "../../modules/in-store"
import type InStoreModuleService from "../../modules/in-store/service"
import { IN_STORE_PROVIDER_ID, IN_STORE_REFUND_NOTE } from "../constants"
import { rawDecimal } from "../order-snapshot"
import { issueRefundRowReceipt } from "../refunds/refund-receipt"
import { loadLedger } from "../refunds/sold-lines"

/**
 * Every Medusa refund of an in-store payment gets its `sell_refund` receipt from an in_store_refund row's lines.
 * Refunds the plugin made carry their row's id as their note; a refund made with Medusa's own Refund button (only
 * possible for an SBP payment, whose acquirer moved the money: ADR 7) gets a row here, as money returned with no
 * goods. Called by the payment.refunded subscriber and, as a safety net, by a job over recent refunds.
 */
export async function issueRefundReceipts(container: MedusaContainer, filters: { payment_id?: string; since?: Date }) {
  const inStore: InStoreModuleService = container.resolve(IN_STORE_MODULE)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: refunds } = await query.graph({
    entity: "refund",
    fields: ["id", "amount", "raw_amount", "note", "created_at", "payment.id", "payment.provider_id", "payment.payment_collection_id", "payment.data"],
    filters: {
      ...(filters.payment_id ? { payment_id: filters.payment_id } : {}),
      ...(filters.since ? { created_at: { $gte: filters.since } } : {}),
    } as any,
  })
  const ours = (refunds as any[]).filter((refund) => refund.payment?.provider_id === IN_STORE_PROVIDER_ID)
  const out: any[] = []
  for (const refund of ours) {
    const own = IN_STORE_REFUND_NOTE.exec(refund.note ?? "")
    const row = own
      ? (await inStore.listInStoreRefunds({ id: own[1] }))[0]
      : ((await inStore.listInStoreRefunds({ medusa_refund_id: refund.id }))[0] ?? (await adoptMedusaRefund(container, refund)))
    // A row of ours not yet done is finished by its own path (which issues the receipt then).
    if (row?.status === "done") out.push(await issueRefundRowReceipt(container, row))
  }
  return out.filter(Boolean)
}

/**
 * A refund made with Medusa's Refund button on an SBP payment: money returned with no goods, spread over the sale.
 * The provider noted the lines it spread the money over (and sent in the acquirer's receipt) on Medusa's payment;
 * a refund from before that note is spread here.
 */
async function adoptMedusaRefund(container: MedusaContainer, refund: any) {
  const inStore: InStoreModuleService = container.resolve(IN_STORE_MODULE)
  const [payment] = await inStore.listInStorePayments({ payment_collection_id: refund.payment.payment_collection_id, status: "paid" })
  if (!payment) return undefined
  const amount = toMinorUnits(String(rawDecimal(refund.amount, refund.raw_amount)), currencyExponent(payment.currency_code))
  const { sold, taken } = await loadLedger(container, payment, { exceptMedusaRefund: refund.id })
  const noted = ((refund.payment.data?.refunds ?? []) as any[]).find((entry) => entry?.medusa_refund_id === refund.id && Array.isArray(entry.lines))
  const fits = noted && fitsLedger(sold, taken, noted.lines, amount)
  if (noted && !fits) {
    container.resolve(ContainerRegistrationKeys.LOGGER).warn(
      `Medusa refund ${refund.id}: the lines sent with it overlap another refund's (two refunds at once); its row lists what is left instead`
    )
  }
  const lines = fits ? (noted.lines as RefundLine[]) : linesForAmount(sold, taken, amount)
  const settledAt = new Date(refund.created_at ?? Date.now())
  try {
    return await inStore.createInStoreRefunds({
      id: generateEntityId(undefined, "isr"),
      in_store_payment_id: payment.id,
      order_id: payment.order_id,
      terminal_id: payment.terminal_id,
      via: "acquirer",
      status: "done",
      amount,
      currency_code: payment.currency_code,
      basis: "medusa",
      lines: lines as any,
      expires_at: settledAt,
      confirmed_at: settledAt,
      medusa_refund_id: refund.id,
    } as any)
  } catch (error) {
    // The subscriber and the job raced: the unique medusa_refund_id kept one row.
    const [raced] = await inStore.listInStoreRefunds({ medusa_refund_id: refund.id })
    if (raced) return raced
    throw error
  }
}

/**
 * Whether the provider's noted lines may stand as the refund's: they add up to it and, with everything else taken,
 * refund no sold line beyond what it sold. Two button refunds at the same moment may have been spread over the same
 * goods; the second is then spread again over what is truly left (its receipt at the acquirer stays as sent).
 */
function fitsLedger(sold: SoldLine[], taken: Taken[], lines: RefundLine[], amount: number): boolean {
  if (totalOf(lines) !== amount) return false
  try {
    remainingOf(sold, [...taken, ...takenBy(lines)])
    return true
  } catch {
    return false
  }
}
