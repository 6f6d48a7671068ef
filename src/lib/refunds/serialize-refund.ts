import type { MedusaContainer } from "@medusajs/framework/types"
import { IN_STORE_MODULE } from "../../modules/in-store"
import type InStoreModuleService from "../../modules/in-store/service"
import { paymentQr, serializeReceiptSummary, toIso } from "../serialize"
import { refundOptionsOf } from "./sold-lines"

/** The admin's view of refunds (docs/admin.md), with their store receipts loaded in one query. */
export async function serializeInStoreRefunds(container: MedusaContainer, refunds: any[]) {
  const inStore: InStoreModuleService = container.resolve(IN_STORE_MODULE)
  const medusaIds = refunds.map((r) => r.medusa_refund_id).filter(Boolean)
  const receipts = medusaIds.length ? await inStore.listFiscalReceipts({ refund_id: medusaIds, kind: "sell_refund" }) : []
  const byRefund = new Map(receipts.map((r) => [r.refund_id, r]))
  const options = inStore.getOptions()
  return refunds.map((refund) => {
    const pending = refund.status === "pending"
    const receipt = refund.medusa_refund_id ? byRefund.get(refund.medusa_refund_id) : undefined
    return {
      id: refund.id,
      in_store_payment_id: refund.in_store_payment_id,
      order_id: refund.order_id,
      terminal_id: refund.terminal_id,
      via: refund.via,
      status: refund.status,
      basis: refund.basis,
      amount: Number(refund.amount),
      currency_code: refund.currency_code,
      return_id: refund.return_id ?? null,
      note: refund.note ?? null,
      lines: (refund.lines ?? []).map(({ source: _source, quantity_milli: _milli, ...line }: any) => line),
      refund_link: pending ? refund.refund_link ?? null : null,
      qr: pending && refund.link_token ? paymentQr(options, { link_token: refund.link_token }) : null,
      expires_at: toIso(refund.expires_at),
      transaction_id: refund.transaction_id ?? null,
      medusa_refund_id: refund.medusa_refund_id ?? null,
      error: refund.error ?? null,
      created_at: toIso(refund.created_at),
      confirmed_at: toIso(refund.confirmed_at),
      receipt: receipt ? serializeReceiptSummary(receipt) : null,
      terminal_receipt: refund.terminal_receipt ?? null,
    }
  })
}

/** Adds each payment's refunds (newest first) and, for the order's card, what its Refund form may offer. */
export async function withRefunds<T extends { id: string }>(
  container: MedusaContainer,
  payments: T[],
  records: any[],
  opts: { refundOptions?: boolean } = {}
) {
  const inStore: InStoreModuleService = container.resolve(IN_STORE_MODULE)
  const ids = payments.map((p) => p.id)
  const refunds = ids.length ? await inStore.listInStoreRefunds({ in_store_payment_id: ids }, { order: { created_at: "DESC" } }) : []
  const serialized = await serializeInStoreRefunds(container, refunds)
  return Promise.all(
    payments.map(async (payment) => ({
      ...payment,
      refunds: serialized.filter((r) => r.in_store_payment_id === payment.id),
      ...(opts.refundOptions
        ? { refund_options: await refundOptionsOf(container, records.find((r) => r.id === payment.id)) }
        : {}),
    }))
  )
}
