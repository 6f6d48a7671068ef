// The shapes the plugin's admin routes answer with (CONTRACT §1, §2; src/lib/serialize.ts).

export type InStoreStatus = "pending" | "paid" | "failed" | "canceled" | "expired"
export type ReceiptStatus = "pending" | "sent" | "done" | "failed"
export type Verdict =
  | "accepted"
  | "duplicate"
  | "bad_signature"
  | "stale"
  | "malformed"
  | "amount_mismatch"
  | "conflict"
  | "unconfirmed"
  | "unknown_transaction"

export interface PaymentLine {
  title: string
  quantity: number
  unit_price: number
  total: number
  vat?: string
}

/** Tolerant: the store's register (ATOL) and a terminal's own register report fiscal data differently. */
export interface PaymentReceipt {
  id?: string | null
  status: ReceiptStatus
  provider?: string
  late?: boolean
  error?: { code?: string | number; text?: string } | null
  fiscal?: Record<string, unknown> | null
  fn?: string
  fd?: string
  fp?: string
  fiscal_time?: string
}

export interface CallbackEvent {
  id: string
  verdict: Verdict
  http_status: number
  terminal_id?: string | null
  params: Record<string, string> | null
  message?: string | null
  received_at: string
}

export interface InStorePayment {
  id: string
  order_id: string
  display_id?: string | number | null
  status: InStoreStatus
  amount: number
  currency_code: string
  terminal_id: string
  receipt_by?: "store" | "terminal" | "acquirer" | "none"
  pay_link: string | null
  /** The short URL a QR carries and its QR version; the image itself comes from GET /admin/in-store-payments/:id/qr. */
  qr: { payload: string; version: number } | null
  lines: PaymentLine[]
  transaction_id: string | null
  result: Record<string, string> | null
  expires_at: string | null
  paid_at: string | null
  /** Set once Medusa's payment is captured, a moment after `paid`. */
  captured_at?: string | null
  capture_error?: string | null
  acquirer?: "tbank" | "yookassa" | "paymaster" | null
  acquirer_payment_id?: string | null
  acquirer_status?: string | null
  acquirer_action?: "cancel" | "refund" | null
  acquirer_action_error?: string | null
  canceled_at?: string | null
  created_at: string
  receipt: PaymentReceipt | null
  callback_events?: CallbackEvent[]
  /** Newest first (refund contract). */
  refunds?: InStoreRefund[]
  /** What can still be refunded; null unless the payment is paid and captured. */
  refund_options?: RefundOptions | null
}

export type RefundStatus = "pending" | "confirmed" | "done" | "failed" | "canceled" | "expired"

export interface InStoreRefund {
  id: string
  in_store_payment_id: string
  order_id: string
  terminal_id: string
  via: "terminal" | "acquirer"
  status: RefundStatus
  amount: number
  currency_code: string
  /** Not in the contract's list, but in the backend's model: what the refund returns. */
  basis?: "return" | "items" | "amount" | "medusa"
  return_id: string | null
  note: string | null
  lines: PaymentLine[]
  /** Pending only: the full link for the terminal app, and the short URL its QR carries. */
  refund_link: string | null
  /** The contract names the short URL `qr_url`; the backend serializes it as a payment's `qr`. */
  qr_url?: string | null
  qr?: { payload: string; version: number } | null
  expires_at: string | null
  transaction_id: string | null
  medusa_refund_id: string | null
  error: string | { code?: string | number; message?: string; text?: string } | null
  created_at: string
  confirmed_at: string | null
  /** The store's register. */
  receipt: PaymentReceipt | null
  /** The terminal's own register. */
  terminal_receipt: { fn: string; fd: string; fp: string; fiscal_time: string } | null
}

export interface RefundOptions {
  refundable_amount: number
  shipping_refundable: number
  items: { item_id: string; title: string; quantity_sold: number; quantity_refundable: number; unit_price: number }[]
  returns: {
    id: string
    display_id?: string | number | null
    status: string
    items: { item_id: string; title: string; quantity: number }[]
    amount: number
  }[]
}

/** POST /admin/in-store-payments/:id/refunds: exactly one way to say what is refunded. */
export type RefundRequest =
  | { return_id: string; note?: string }
  | { items: { item_id: string; quantity: number }[]; shipping?: boolean; note?: string }
  | { amount: number; note?: string }

export interface PaymentQrImage {
  payload: string
  version: number
  svg: string
}

export interface Terminal {
  id: string
  name: string
  format: string
  receipt_by: "store" | "terminal" | "none"
}

export interface FiscalReceipt {
  id: string
  order_id: string
  in_store_payment_id: string | null
  kind: "sell" | "sell_refund" | "handover"
  operation?: string
  provider: string
  api_version?: string
  status: ReceiptStatus
  external_id?: string
  uuid?: string | null
  total: number
  currency_code: string
  attempts: number
  next_attempt_at?: string | null
  late?: boolean
  error?: { code?: string | number; text?: string } | null
  fiscal?: Record<string, unknown> | null
  request?: unknown
  response?: unknown
  created_at: string
  registered_at?: string | null
}

export interface Paged {
  count: number
  limit: number
  offset: number
}

/** GET /admin/orders/:id/pickup */
export type Pickup =
  | { is_pickup: false }
  | {
      is_pickup: true
      state: "not_ready" | "ready" | "handed_over"
      location: { id: string; name: string; payment_optional: boolean } | null
      handover_code: string | null
      owed: number
      currency_code: string
      all_fulfilled: boolean
      gate: { allowed: true; reason: "not_pickup" | "paid" | "payment_optional" } | { allowed: false; message: string }
      can_hand_over: boolean
      ready_emitted_at: string | null
      handover: {
        handed_over_at: string
        handed_over_by: { id: string; email: string | null; name: string | null } | null
        code_checked: boolean
      } | null
    }
