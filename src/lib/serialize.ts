import QRCode from "qrcode"

/** The CONTRACT §1 resource (plus the seller's history where asked). */
export async function serializeInStorePayment(record: any, extra: { callback_events?: any[] } = {}) {
  const qr = record.pay_link
    ? { payload: record.pay_link, svg: await QRCode.toString(record.pay_link, { type: "svg", errorCorrectionLevel: "M", margin: 2 }) }
    : null
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
    lines: record.lines,
    transaction_id: record.transaction_id ?? null,
    result: record.result ?? null,
    expires_at: toIso(record.expires_at),
    paid_at: toIso(record.paid_at),
    captured_at: toIso(record.captured_at),
    canceled_at: toIso(record.canceled_at),
    created_at: toIso(record.created_at),
    receipt: record.terminal_receipt ? { provider: "terminal", status: "done", ...record.terminal_receipt } : null,
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
  }
}

function toIso(value: unknown): string | null {
  if (!value) return null
  return value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString()
}
