// YooKassa API v3 (https://yookassa.ru/developers/api) for dynamic SBP QR payments.
// Auth: HTTP Basic shop_id:secret_key; POSTs carry an Idempotence-Key (same key + same body → the first answer).
// Webhooks are set once in the merchant's cabinet (Integration → HTTP notifications), not per payment, so
// `request.notification_url` is not sent: the owner points the cabinet at our notification route
// (https://yookassa.ru/developers/using-api/webhooks). Notifications are unsigned: only hints.
import { z } from "@medusajs/framework/zod"
import {
  buildYookassaReceipt,
  describeYookassaError,
  fromYookassaAmount,
  parseYookassaNotification,
  toYookassaAmount,
  yookassaDescription,
  yookassaPaymentState,
} from "../../domain/acquirers/yookassa"
import type { PayLine } from "../../domain/lines"
import { ReceiptDataError } from "../../domain/receipt"
import {
  AcquirerError,
  type AcquirerAdapter,
  type AcquirerReceipt,
  type AcquirerPaymentState,
  type AcquirerRefund,
  type CreatedAcquirerPayment,
} from "./types"

export const yookassaConfigSchema = z.object({
  shop_id: z.string().trim().min(1),
  // Real keys are live_… / test_… plus a long token; the floor only catches empty and placeholder values.
  secret_key: z.string().min(8),
  base_url: z
    .string()
    .url()
    .default("https://api.yookassa.ru/v3")
    .transform((url) => url.replace(/\/+$/, "")),
  request_timeout_ms: z.number().int().positive().default(10_000),
})
export type YookassaConfig = z.output<typeof yookassaConfigSchema>

// SBP is settled in roubles only (https://yookassa.ru/developers/payment-acceptance/integration-scenarios/manual-integration/other/sbp).
const SBP_CURRENCY = "RUB"

type Json = Record<string, any>

const fail = (message: string, retryable: boolean, code?: string) => new AcquirerError("yookassa", message, retryable, code)

/**
 * One API call. 5xx, 429, timeouts and network failures leave the result unknown → retryable (repeat with the
 * same Idempotence-Key, https://yookassa.ru/developers/using-api/response-handling/http-codes); other 4xx are final.
 */
async function call(config: YookassaConfig, method: "GET" | "POST", path: string, body?: unknown, idempotencyKey?: string): Promise<Json> {
  const headers: Record<string, string> = {
    Authorization: `Basic ${Buffer.from(`${config.shop_id}:${config.secret_key}`, "utf8").toString("base64")}`,
    Accept: "application/json",
  }
  if (method === "POST") {
    headers["Content-Type"] = "application/json"
    headers["Idempotence-Key"] = idempotencyKey!
  }
  let response: Response
  let text: string
  try {
    response = await fetch(`${config.base_url}${path}`, {
      method,
      headers,
      body: method === "POST" ? JSON.stringify(body ?? {}) : undefined,
      signal: AbortSignal.timeout(config.request_timeout_ms),
    })
    text = await response.text()
  } catch (error) {
    const e = error as Error & { cause?: { code?: string } }
    const why = e.name === "TimeoutError" ? `no answer within ${config.request_timeout_ms} ms` : `${e.message}${e.cause?.code ? ` (${e.cause.code})` : ""}`
    throw fail(`${method} ${path}: ${why}`, true, "network")
  }
  let parsed: unknown = null
  try {
    parsed = text ? JSON.parse(text) : null
  } catch {
    parsed = null
  }
  if (response.ok) {
    if (!parsed || typeof parsed !== "object") throw fail(`${method} ${path}: HTTP ${response.status} with a body that is not JSON`, true, "bad_answer")
    return parsed as Json
  }
  const { code, message } = describeYookassaError(response.status, parsed)
  const retryable = response.status >= 500 || response.status === 429
  throw fail(`${method} ${path}: ${message}`, retryable, code)
}

function stateOf(payment: Json): AcquirerPaymentState {
  try {
    return yookassaPaymentState(payment)
  } catch (error) {
    throw fail(`unreadable payment: ${(error as Error).message}`, false, "bad_answer")
  }
}

/** The `receipt` of a payment or a refund; bad receipt data is a refusal naming the field, before any call. */
function yookassaReceiptOf(lines: PayLine[], amount: number, customer: AcquirerReceipt): Record<string, unknown> {
  try {
    return buildYookassaReceipt({ lines, amount, currency: SBP_CURRENCY, email: customer.email, phone: customer.phone, taxation: customer.taxation })
  } catch (error) {
    if (error instanceof ReceiptDataError) throw fail(`receipt: ${error.field}: ${error.message}`, false, error.code)
    throw error
  }
}

const paymentPath = (id: string) => `/payments/${encodeURIComponent(id)}`

export const yookassaAcquirer: AcquirerAdapter<YookassaConfig> = {
  // a YooKassa SBP payment lives its own hour; the API takes no expiry
  enforcesDeadline: false,
  id: "yookassa",

  async createPayment(config, request): Promise<CreatedAcquirerPayment> {
    if (request.currency.toUpperCase() !== SBP_CURRENCY) throw fail(`SBP payments are in RUB only, not ${request.currency}`, false, "currency")
    const receipt = request.receipt ? yookassaReceiptOf(request.lines, request.amount, request.receipt) : undefined
    // YooKassa's create-payment request has no expiry field: an SBP payment lives one hour and then is canceled
    // with expired_on_confirmation. The caller stops showing the QR at request.expires_at and refunds a late payment.
    const body = {
      amount: toYookassaAmount(request.amount, SBP_CURRENCY),
      capture: true, // SBP has no two-stage payments
      payment_method_data: { type: "sbp" },
      confirmation: { type: "qr" },
      description: yookassaDescription(request.description || `Order ${request.display_id}`),
      metadata: { in_store_payment_id: request.payment_id, order_id: request.order_id },
      ...(receipt ? { receipt } : {}),
    }
    const payment = await call(config, "POST", "/payments", body, request.idempotency_key)
    const qr = payment.confirmation?.type === "qr" ? payment.confirmation.confirmation_data : undefined
    if (typeof payment.id !== "string" || typeof qr !== "string" || !qr) {
      throw fail(`POST /payments answered without confirmation.confirmation_data: ${JSON.stringify(payment).slice(0, 300)}`, false, "bad_answer")
    }
    // A reused key with other data would be refused; an echo of another amount means we are not looking at our payment.
    const echoed = fromYookassaAmount(payment.amount).minor
    if (echoed !== request.amount) throw fail(`payment ${payment.id} is for ${echoed}, we asked ${request.amount}`, false, "amount_mismatch")
    return { acquirer_payment_id: payment.id, qr_payload: qr, raw: payment }
  },

  async getState(config, acquirerPaymentId) {
    return stateOf(await call(config, "GET", paymentPath(acquirerPaymentId)))
  },

  async cancel(config, acquirerPaymentId, idempotencyKey) {
    const payment = await call(config, "GET", paymentPath(acquirerPaymentId))
    // POST /payments/{id}/cancel only works for waiting_for_capture; a pending SBP QR cannot be stopped by API and
    // expires after its hour (https://yookassa.ru/developers/api#cancel_payment).
    if (payment.status === "waiting_for_capture") {
      const canceled = await call(config, "POST", `${paymentPath(acquirerPaymentId)}/cancel`, {}, idempotencyKey)
      return { canceled: canceled.status === "canceled", state: stateOf(canceled) }
    }
    return { canceled: payment.status === "canceled", state: stateOf(payment) }
  },

  async refund(config, acquirerPaymentId, amount, idempotencyKey, receipt): Promise<AcquirerRefund> {
    const body = {
      payment_id: acquirerPaymentId,
      amount: toYookassaAmount(amount, SBP_CURRENCY),
      ...(receipt ? { receipt: yookassaReceiptOf(receipt.lines, amount, receipt) } : {}),
    }
    const refund = await call(config, "POST", "/refunds", body, idempotencyKey)
    if (typeof refund.id !== "string") throw fail(`POST /refunds answered without an id`, false, "bad_answer")
    // Refund statuses: pending | succeeded | canceled (SBP refunds may settle the next day).
    const status = refund.status === "succeeded" ? "succeeded" : refund.status === "canceled" ? "failed" : "pending"
    return { refund_id: refund.id, status, raw: refund }
  },

  verifyNotification(_config, body) {
    return parseYookassaNotification(body)
  },

  answer(outcome) {
    // YooKassa resends anything but HTTP 200 for 24 hours. A rejected (forged or malformed) body is answered 200 too:
    // it changed nothing, and resending it could not change our verdict. Only our own failure asks for a resend.
    if (outcome === "retry") return { status: 500, content_type: "text/plain; charset=utf-8", body: "retry" }
    return { status: 200, content_type: "text/plain; charset=utf-8", body: "" }
  },
}
