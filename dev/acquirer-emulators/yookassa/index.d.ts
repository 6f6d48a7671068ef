// Public types of the YooKassa emulator (dev/acquirer-emulators/yookassa/index.js).

export interface YookassaShop {
  shop_id: string
  secret_key: string
}

/** One shop: demo-shop / demo-secret-key. */
export const DEFAULT_SHOPS: readonly YookassaShop[]

export interface YookassaFaults {
  /** Notifications are recorded in the ledger as skipped and never sent. */
  notifications_lost: boolean
  /** The next N API calls answer 503 internal_server_error (unprocessed); `true` = all until cleared. */
  api_down: number | boolean
  /** Every API answer is sent this many ms late (the request is processed at once). */
  slow_ms: number
  /** One-shot: the next payment a customer pays is canceled (payment_network, general_decline) instead. */
  reject_next: boolean
}

export interface YookassaEmulatorOptions {
  /** 0 (default) = a free port. */
  port?: number
  host?: string
  shops?: YookassaShop[]
  /** A pending payment is canceled with expired_on_confirmation after this long. Default 1 hour. */
  expire_ms?: number
  /** SBP limits in kopecks. Default 100 (1 RUB) … 100 000 000 (1 000 000 RUB). */
  min_kopecks?: number
  max_kopecks?: number
  /** The cabinet's notification URL; change it with setWebhookUrl(). */
  webhook_url?: string | null
  /** Deliveries per notification until an HTTP 200. Default 3. */
  notification_attempts?: number
  /** Pause between deliveries. Default 50 ms. */
  notification_retry_ms?: number
  faults?: Partial<YookassaFaults>
  /** true = log to console, or a line sink. */
  log?: boolean | ((line: string) => void)
}

export interface YookassaAmount {
  value: string
  currency: string
}

/** YooKassa's Payment object as the emulator serves it. */
export interface YookassaPayment {
  id: string
  status: "pending" | "waiting_for_capture" | "succeeded" | "canceled"
  amount: YookassaAmount
  description?: string
  recipient: { account_id: string; gateway_id: string }
  payment_method: {
    type: "sbp"
    id: string
    saved: boolean
    sbp_operation_id?: string
    payer_bank_details?: { bank_id: string; bic: string }
  }
  created_at: string
  captured_at?: string
  confirmation: { type: "qr"; confirmation_data: string }
  test: boolean
  paid: boolean
  refundable: boolean
  refunded_amount?: YookassaAmount
  metadata: Record<string, string | null>
  receipt_registration?: "pending" | "succeeded" | "canceled"
  cancellation_details?: { party: "yoo_money" | "payment_network" | "merchant"; reason: string }
}

export interface YookassaRefund {
  id: string
  payment_id: string
  status: "pending" | "succeeded" | "canceled"
  created_at: string
  amount: YookassaAmount
  description?: string
  refund_method: { type: "sbp" }
  metadata?: Record<string, string | null>
}

export interface YookassaRequestLogEntry {
  method: string
  path: string
  idempotence_key: string | null
  status: number | null
  /** YooKassa's error code in the answer, or null. */
  code: string | null
  at: string
}

export interface YookassaNotificationLogEntry {
  event: "payment.succeeded" | "payment.canceled" | "refund.succeeded"
  object_id: string
  /** the payment, also for refund events */
  payment_id: string
  url: string | null
  delivered: boolean
  /** why nothing was sent: no URL, or the notifications_lost fault */
  skipped: string | null
  attempts: Array<{ at: string; http_status: number | null; error: string | null }>
  at: string
}

export interface YookassaEmulator {
  /** Base URL of the API, e.g. http://127.0.0.1:PORT/v3 (what the adapter's base_url takes). */
  url: string
  origin: string
  port: number
  shops: YookassaShop[]
  stop(): Promise<void>
  setFaults(partial: Partial<YookassaFaults>): YookassaFaults
  resetFaults(): YookassaFaults
  faults(): YookassaFaults
  /** The cabinet setting: where notifications go (null: nowhere). */
  setWebhookUrl(url: string | null): string | null
  /** The customer's banking app pays the QR (by payment id or the exact NSPK payload). Throws when it cannot. */
  pay(idOrQrPayload: string, options?: { amount?: number }): YookassaPayment
  /** The customer's bank declines the pending payment. */
  reject(id: string): YookassaPayment
  /** The pending payment's hour is over now. */
  expire(id: string): YookassaPayment
  payments(): YookassaPayment[]
  payment(idOrQrPayload: string): YookassaPayment | undefined
  refunds(): YookassaRefund[]
  /** The receipts sent with the refunds of a payment ({customer, items, tax_system_code}), oldest first. */
  refundReceipts(paymentId: string): Array<Record<string, any>>
  requests(): YookassaRequestLogEntry[]
  notifications(): YookassaNotificationLogEntry[]
  /** Resolves once every notification queued so far was delivered or given up. */
  notificationsSettled(): Promise<void>
}

export function startYookassaEmulator(options?: YookassaEmulatorOptions): Promise<YookassaEmulator>

/** A dynamic NSPK link for a sum in kopecks, as the emulator issues them. */
export function nspkPayload(kopecks: number | bigint): string

export type YookassaProblem = { parameter: string | null; description: string }
/** The checks of POST /v3/payments: `{kopecks}` or `{error}`. */
export function checkCreatePayment(body: unknown, limits?: { min_kopecks?: bigint; max_kopecks?: bigint }): { kopecks: bigint; error?: undefined } | { error: YookassaProblem }
export function checkCreateRefund(body: unknown): { kopecks: bigint; error?: undefined } | { error: YookassaProblem }
/** The 54-FZ receipt checks: null or the problem. */
export function checkReceipt(receipt: unknown, paymentKopecks: bigint, currency: string): YookassaProblem | null
