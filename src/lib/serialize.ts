import type { MedusaContainer } from "@medusajs/framework/types"
import QRCode from "qrcode"
import { IN_STORE_MODULE } from "../modules/in-store"
import type InStoreModuleService from "../modules/in-store/service"
import type { PluginOptions } from "../options"
import { shortLinkUrl } from "./urls"

export interface PaymentQr {
  payload: string
  version: number
}

const QR_OPTIONS = { errorCorrectionLevel: "M" } as const
const qrVersions = new Map<string, number>()

/**
 * The QR carries the short URL, never the full link (which grows with the order: docs/protocol.md §1.2), and is
 * never rendered here: only GET /admin/in-store-payments/:id/qr draws it. Rows made before short URLs have none.
 */
export function paymentQr(
  options: PluginOptions,
  record: { link_token?: string | null; acquirer?: string | null; pay_link?: string | null }
): PaymentQr | null {
  // An SBP payment's link is the acquirer's NSPK payload itself: short, and what a banking app scans.
  const payload = record.acquirer && record.pay_link ? record.pay_link : record.link_token ? shortLinkUrl(options, record.link_token) : null
  if (!payload) return null
  let version = qrVersions.get(payload)
  if (version === undefined) {
    version = QRCode.create(payload, QR_OPTIONS).version
    // The widget polls a pending payment several times a second: remember recent answers, not all.
    if (qrVersions.size >= 1000) qrVersions.delete(qrVersions.keys().next().value!)
    qrVersions.set(payload, version)
  }
  return { payload, version }
}

/** The QR image of a payment's short URL, for the seller's screen. */
export function renderQrSvg(qr: PaymentQr): Promise<string> {
  return QRCode.toString(qr.payload, { type: "svg", ...QR_OPTIONS, margin: 2 })
}

/** The CONTRACT §1 resource (plus the seller's history where asked). */
export async function serializeInStorePayment(
  record: any,
  extra: { callback_events?: any[]; receipt?: any; qr?: PaymentQr | null } = {}
) {
  const qr = extra.qr ?? null
  return {
    id: record.id,
    order_id: record.order_id,
    display_id: record.display_id,
    payment_collection_id: record.payment_collection_id,
    status: record.status,
    amount: Number(record.amount),
    currency_code: record.currency_code,
    terminal_id: record.terminal_id,
    receipt_by: record.receipt_by,
    pay_link: record.pay_link,
    qr,
    // SBP through an acquirer: whose QR it is, its id there, what the acquirer last said, what is still to do there
    acquirer: record.acquirer ?? null,
    acquirer_payment_id: record.acquirer_payment_id ?? null,
    acquirer_status: record.acquirer_status ?? null,
    acquirer_action: record.acquirer_action ?? null,
    acquirer_action_error: record.acquirer_action_error ?? null,
    lines: record.lines,
    transaction_id: record.transaction_id ?? null,
    result: record.result ?? null,
    expires_at: toIso(record.expires_at),
    paid_at: toIso(record.paid_at),
    captured_at: toIso(record.captured_at),
    capture_error: record.captured_at ? null : (record.capture_error ?? null),
    canceled_at: toIso(record.canceled_at),
    created_at: toIso(record.created_at),
    receipt: extra.receipt
      ? serializeReceiptSummary(extra.receipt)
      : record.terminal_receipt
        ? { id: null, provider: "terminal", status: "done", late: false, error: null, fiscal: record.terminal_receipt, ...record.terminal_receipt }
        : null,
    ...(extra.callback_events ? { callback_events: extra.callback_events.map(serializeCallbackEvent) } : {}),
  }
}

export function serializeCallbackEvent(event: any) {
  return {
    id: event.id,
    verdict: event.verdict,
    http_status: event.http_status,
    terminal_id: event.terminal_id,
    params: event.params,
    message: event.message,
    received_at: toIso(event.received_at),
    // false for requests nothing in which was proven (bad signature, too large): kept capped, one row a minute
    authenticated: event.authenticated ?? true,
    repeat_count: event.repeat_count ?? 1,
    last_received_at: toIso(event.last_received_at),
    // a refund result: which refund of the payment it was about
    in_store_refund_id: event.in_store_refund_id ?? null,
  }
}

export function toIso(value: unknown): string | null {
  if (!value) return null
  return value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString()
}

/** Payments with their store receipts (the sell receipt of each), loaded in one query. */
export async function serializeInStorePayments(
  container: MedusaContainer,
  records: any[],
  extra: (record: any) => { callback_events?: any[] } = () => ({})
) {
  const inStore: InStoreModuleService = container.resolve(IN_STORE_MODULE)
  const ids = records.filter((r) => r.receipt_by === "store").map((r) => r.id)
  const receipts = ids.length ? await inStore.listFiscalReceipts({ in_store_payment_id: ids, kind: "sell" }) : []
  const byPayment = new Map(receipts.map((r) => [r.in_store_payment_id, r]))
  const options = inStore.getOptions()
  return Promise.all(
    records.map((r) => serializeInStorePayment(r, { ...extra(r), receipt: byPayment.get(r.id), qr: paymentQr(options, r) }))
  )
}

/** CONTRACT §1 `receipt`: what the seller needs to see about the payment's receipt. */
export function serializeReceiptSummary(row: any) {
  return {
    id: row.id,
    status: row.status,
    provider: row.provider,
    kind: row.kind,
    external_id: row.external_id,
    late: row.late,
    error: row.error ?? null,
    fiscal: row.fiscal ?? null,
    registered_at: toIso(row.registered_at),
  }
}

/** GET /admin/fiscal-receipts rows: everything, including the JSON sent and the register's answer. */
export function serializeFiscalReceipt(row: any) {
  return {
    id: row.id,
    order_id: row.order_id,
    in_store_payment_id: row.in_store_payment_id,
    refund_id: row.refund_id,
    kind: row.kind,
    operation: row.operation,
    provider: row.provider,
    api_version: row.api_version,
    status: row.status,
    external_id: row.external_id,
    uuid: row.uuid,
    total: Number(row.total),
    currency_code: row.currency_code,
    attempts: row.attempts,
    polls: row.polls,
    next_attempt_at: toIso(row.next_attempt_at),
    late: row.late,
    error: row.error ?? null,
    fiscal: row.fiscal ?? null,
    request: row.request ?? null,
    response: row.response ?? null,
    settled_at: toIso(row.settled_at),
    registered_at: toIso(row.registered_at),
    created_at: toIso(row.created_at),
    updated_at: toIso(row.updated_at),
  }
}
