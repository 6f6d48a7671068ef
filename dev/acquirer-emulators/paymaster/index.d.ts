// Types for the PayMaster API v2 emulator (index.js). See README.md.

export interface PaymasterMerchant {
  merchant_id: string
  token: string
}

export interface PaymasterFaults {
  /** notifications are recorded but never sent */
  notifications_lost: boolean
  /** the next N API calls (all, for `true`) answer 503 */
  api_down: number | boolean
  /** every API answer is sent this many ms late */
  slow_ms: number
  /** the next `pay` ends Rejected (TransactionDeclined) instead of Settled */
  reject_next: boolean
}

export interface PaymasterEmulatorOptions {
  port?: number
  host?: string
  merchants?: PaymasterMerchant[]
  /** "replay" (default): same key + same body → the first answer; "reject": any repeat → 409 idempotency_key_violation */
  idempotency?: "replay" | "reject"
  /** deliveries of one notification, counting the first (default 3) */
  notification_attempts?: number
  /** pause before retry n is n × this (default 200 ms) */
  notification_retry_ms?: number
  faults?: Partial<PaymasterFaults>
  log?: boolean | ((line: string) => void)
}

export interface EmulatedPaymasterPayment {
  id: string
  created: string
  testMode: boolean
  status: "Pending" | "Settled" | "Cancelled" | "Rejected"
  resultCode: string
  merchantId: string
  amount: { value: number; currency: "RUB" }
  invoice: { description: string; orderNo?: string; expires: string }
  paymentData: { paymentMethod: "SBP"; paymentInstrumentTitle?: string }
  message?: string
  confirmation?: { type: "External"; paymentUrl: string }
  qr_payload: string
  callback_url: string | null
  /** kopecks refunded so far */
  refunded: number
  expires: string
}

export interface PaymasterNotificationRecord {
  payment_id: string
  status: string
  url: string
  body: Record<string, unknown>
  attempts: Array<{ at: string; http_status: number | null; error: string | null }>
  delivered: boolean
  lost: boolean
}

export interface PaymasterRequestRecord {
  method: string
  path: string
  idempotency_key: string | null
  status: number | null
  code: string | null
  at: string
  replayed?: boolean
}

export interface PaymasterEmulator {
  /** origin, e.g. http://127.0.0.1:PORT: the adapter's base_url */
  url: string
  port: number
  merchants: PaymasterMerchant[]
  setFaults(partial: Partial<PaymasterFaults>): PaymasterFaults
  resetFaults(): PaymasterFaults
  faults(): PaymasterFaults
  /** the customer pays by payment id or by the scanned NSPK link; `amount` (kopecks) must match the QR's */
  pay(idOrQrPayload: string, opts?: { amount?: number }): EmulatedPaymasterPayment
  reject(idOrQrPayload: string): EmulatedPaymasterPayment
  /** the payment's expiry is now: it becomes Cancelled (PaymentExpired) */
  expire(idOrQrPayload: string): EmulatedPaymasterPayment
  payments(): EmulatedPaymasterPayment[]
  payment(id: string): EmulatedPaymasterPayment | undefined
  refunds(): Array<{ id: string; created: string; status: string; paymentId: string; amount: { value: number; currency: string } }>
  /** The receipts sent with the refunds of a payment ({client, items}), oldest first. */
  refundReceipts(paymentId: string): Array<Record<string, any>>
  requests(): PaymasterRequestRecord[]
  notifications(): PaymasterNotificationRecord[]
  /** resolves when the notification attempts under way have finished */
  settled(): Promise<void>
  stop(): Promise<void>
}

export function startPaymasterEmulator(options?: PaymasterEmulatorOptions): Promise<PaymasterEmulator>
export const DEFAULT_MERCHANTS: readonly PaymasterMerchant[]
export function nspkPayload(amountKopecks: number): string
export const SBP_MIN_KOPECKS: number
export const SBP_MAX_KOPECKS: number
