import type { PayLine } from "../../domain"

/** The acquirers a `channel: "sbp-qr"` terminal can use; one adapter file each in this folder. */
export const ACQUIRER_IDS = ["tbank", "yookassa", "paymaster"] as const
export type AcquirerId = (typeof ACQUIRER_IDS)[number]

/** A receipt the acquirer registers itself (`receipt_by: "acquirer"`), built from the same kopeck lines. */
export interface AcquirerReceipt {
  email: string | null
  phone: string | null
  /** 54-FZ taxation system: osn | usn_income | usn_income_outcome | esn | patent */
  taxation: string
}

/** A dynamic SBP QR to open at the acquirer for what the order owes. Money in minor units. */
export interface AcquirerPaymentRequest {
  /** our in_store_payment id: the acquirer's OrderId / metadata, echoed back in notifications */
  payment_id: string
  order_id: string
  display_id: string
  amount: number
  /** ISO 4217, upper case (RUB) */
  currency: string
  /** sum exactly to `amount`; price × quantity = total for each */
  lines: PayLine[]
  /** short text the customer's bank app shows */
  description: string
  /** ISO; the QR must not be payable after it */
  expires_at: string
  /** where the acquirer sends its notification (per-payment where the API allows) */
  notification_url: string
  /** the same for a retried create, so a retry never opens a second payment */
  idempotency_key: string
  /** set when the acquirer registers the receipt */
  receipt: AcquirerReceipt | null
}

/**
 * The refund receipt ("возврат прихода") the acquirer registers with a refund of a payment whose sale receipt it
 * registered: to the same customer contact, under the same taxation, listing the refund's own lines (ADR 7).
 */
export interface AcquirerRefundReceipt extends AcquirerReceipt {
  /** sum exactly to the refund's amount; quantities may be fractional (3 decimals) for money with no goods back */
  lines: PayLine[]
}

export interface CreatedAcquirerPayment {
  acquirer_payment_id: string
  /** the NSPK payload the customer scans (https://qr.nspk.ru/…) */
  qr_payload: string
  raw: Record<string, unknown>
}

/** The acquirer's status mapped onto ours; anything not final is "pending". */
export type AcquirerPaymentStatus = "pending" | "succeeded" | "failed" | "canceled" | "refunded" | "partially_refunded"

export interface AcquirerPaymentState {
  acquirer_payment_id: string
  status: AcquirerPaymentStatus
  /** minor units, as the acquirer states it */
  amount: number
  currency: string
  /** our payment id as the acquirer echoes it (OrderId / metadata), when it does */
  payment_ref: string | null
  /** when the acquirer says the customer paid (ISO), when it says */
  paid_at: string | null
  /** what the seller may read: masked phone/card, the acquirer's message */
  details: { payer?: string | null; message?: string | null }
  raw: Record<string, unknown>
}

/** A notification after the adapter looked at it. */
export type NotificationVerdict =
  /** signed by the acquirer (T-Bank's Token): its state may be decided on directly */
  | { kind: "verified"; state: AcquirerPaymentState }
  /** unsigned (YooKassa, PayMaster): only a hint; the state is read from the acquirer's API */
  | { kind: "hint"; acquirer_payment_id: string }
  /** forged, malformed or not ours: nothing changes */
  | { kind: "rejected"; reason: string; field?: string }

/** What the acquirer expects back, so it retries exactly when it should. */
export interface AcquirerAnswer {
  status: number
  content_type: string
  body: string
}

export interface AcquirerRefund {
  refund_id: string
  status: "pending" | "succeeded" | "failed"
  raw: Record<string, unknown>
}

/**
 * One per acquirer: the only place that knows its API, auth, signatures and statuses. `Config` is the
 * acquirer's part of the terminal's options (credentials, base_url). Errors are `AcquirerError`.
 */
export interface AcquirerAdapter<Config = any> {
  readonly id: AcquirerId
  /** The acquirer itself refuses payment after the request's `expires_at` (so any success it reports was in time). */
  readonly enforcesDeadline: boolean
  /** Opens the payment and returns the QR payload; the same idempotency key never opens two. */
  createPayment(config: Config, request: AcquirerPaymentRequest): Promise<CreatedAcquirerPayment>
  getState(config: Config, acquirerPaymentId: string): Promise<AcquirerPaymentState>
  /**
   * Stops a pending payment where the API allows. `canceled: false` with the state when it could not (already
   * paid, or the API cannot cancel a pending SBP payment: the caller then refunds if it is paid later).
   */
  cancel(config: Config, acquirerPaymentId: string, idempotencyKey: string): Promise<{ canceled: boolean; state: AcquirerPaymentState }>
  /**
   * Returns money of a paid payment, fully or in part (minor units), with its refund receipt when the acquirer
   * registered the sale's (`receipt_by: "acquirer"`).
   */
  refund(config: Config, acquirerPaymentId: string, amount: number, idempotencyKey: string, receipt?: AcquirerRefundReceipt | null): Promise<AcquirerRefund>
  /** Checks a notification's body (already parsed JSON, or the raw text when it was not JSON). Pure. */
  verifyNotification(config: Config, body: unknown): NotificationVerdict
  /** The HTTP answer to a notification: `accepted` (stop sending), `rejected` (forged: whatever makes it stop or not matter), `retry` (our fault: send again). */
  answer(outcome: "accepted" | "rejected" | "retry"): AcquirerAnswer
}

/** A failed call to an acquirer. `retryable`: the result is unknown or the service is down; try again later. */
export class AcquirerError extends Error {
  constructor(
    readonly acquirer: AcquirerId,
    message: string,
    readonly retryable: boolean,
    readonly code?: string
  ) {
    super(`${acquirer}: ${message}`)
  }
}
