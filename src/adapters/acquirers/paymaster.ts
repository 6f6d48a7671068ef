// PayMaster API v2 (https://paymaster.ru/docs/ru/api): an SBP payment whose External confirmation is the NSPK link.
// Only HTTP lives here; what the API means is in src/domain/acquirers/paymaster.ts.
import { z } from "@medusajs/framework/zod"
import {
  buildSbpPaymentBody,
  nspkPayloadOf,
  ourRefundStatus,
  parsePaymasterNotification,
  paymasterAmount,
  paymasterReceiptFor,
  readPaymasterPayment,
} from "../../domain/acquirers/paymaster"
import type { PayLine } from "../../domain/lines"
import {
  AcquirerError,
  type AcquirerAdapter,
  type AcquirerReceipt,
  type AcquirerPaymentRequest,
  type AcquirerPaymentState,
  type CreatedAcquirerPayment,
} from "./types"

export const paymasterConfigSchema = z.object({
  merchant_id: z.string().min(1),
  /** the Bearer token generated in PayMaster's merchant cabinet */
  token: z.string().min(1),
  base_url: z
    .string()
    .url()
    .default("https://paymaster.ru")
    .transform((url) => url.replace(/\/+$/, "")),
  request_timeout_ms: z.number().int().positive().default(10_000),
  /** PayMaster's testMode flag on created payments */
  test_mode: z.boolean().default(false),
})
export type PaymasterConfig = z.output<typeof paymasterConfigSchema>

// How far back a retried create looks for the payment its first attempt may have opened.
const RECOVERY_WINDOW_MS = 7 * 24 * 60 * 60 * 1000
const RECOVERY_MAX_PAGES = 20

interface CallOptions {
  body?: unknown
  idempotencyKey?: string
}

/** One API call. Network failures, timeouts, 429 and 5xx leave the result unknown: retryable. */
async function call(config: PaymasterConfig, method: string, path: string, opts: CallOptions = {}): Promise<any> {
  const headers: Record<string, string> = { authorization: `Bearer ${config.token}`, accept: "application/json" }
  if (opts.body !== undefined) headers["content-type"] = "application/json"
  if (opts.idempotencyKey) headers["idempotency-key"] = opts.idempotencyKey
  let res: Response
  try {
    res = await fetch(`${config.base_url}${path}`, {
      method,
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: AbortSignal.timeout(config.request_timeout_ms),
    })
  } catch (err) {
    const e = err as Error & { cause?: { message?: string } }
    const timedOut = e.name === "TimeoutError" || e.name === "AbortError"
    throw new AcquirerError("paymaster", `${method} ${path}: ${timedOut ? `no answer in ${config.request_timeout_ms} ms` : e.cause?.message ?? e.message}`, true, timedOut ? "timeout" : "network")
  }
  let text: string
  try {
    text = await res.text()
  } catch (err) {
    throw new AcquirerError("paymaster", `${method} ${path}: answer cut off (${(err as Error).message})`, true, "network")
  }
  let json: any = null
  if (text) {
    try {
      json = JSON.parse(text)
    } catch {
      // an HTML page from a proxy on a 5xx is still a 5xx; on a 2xx the result is unknown
      if (res.ok) throw new AcquirerError("paymaster", `${method} ${path}: HTTP ${res.status} with a body that is not JSON`, true, "bad_answer")
    }
  }
  if (res.ok) return json
  // docs "Общие сведения": errors are {code, message, errors[]}
  const code = typeof json?.code === "string" ? json.code : `http_${res.status}`
  const details = Array.isArray(json?.errors) ? ` (${json.errors.join("; ")})` : ""
  const message = `${method} ${path}: HTTP ${res.status} ${code}: ${typeof json?.message === "string" ? json.message : res.statusText}${details}`
  throw new AcquirerError("paymaster", message, res.status >= 500 || res.status === 429, code)
}

function stateOf(raw: unknown): AcquirerPaymentState {
  let reading
  try {
    reading = readPaymasterPayment(raw)
  } catch (err) {
    throw new AcquirerError("paymaster", `payment answer: ${(err as Error).message}`, false, "bad_answer")
  }
  return {
    acquirer_payment_id: reading.id,
    status: reading.status ?? "pending",
    amount: reading.amount,
    currency: reading.currency,
    payment_ref: reading.order_no,
    // PayMaster's payment shows only `created`, no settlement time: the caller records when it saw Settled
    paid_at: null,
    details: {
      payer: reading.payer,
      message: reading.status === null ? `unknown PayMaster status ${reading.paymaster_status}` : reading.message,
    },
    raw: raw as Record<string, unknown>,
  }
}

function created(payment: any): CreatedAcquirerPayment {
  const qr = payment && typeof payment === "object" ? nspkPayloadOf(payment) : null
  if (!payment?.id || !qr) {
    throw new AcquirerError("paymaster", `payment ${payment?.id ?? "?"} has no NSPK link in confirmation.paymentUrl (status ${payment?.status ?? "?"})`, false, "no_qr_payload")
  }
  return { acquirer_payment_id: String(payment.id), qr_payload: qr, raw: payment }
}

/** The refund's receipt; bad receipt data is a refusal naming the field, before any call. */
function paymasterReceiptOf(lines: PayLine[], client: AcquirerReceipt, amount: number, currency: string) {
  try {
    return paymasterReceiptFor(lines, client, amount, currency)
  } catch (err) {
    throw new AcquirerError("paymaster", `refund request: ${(err as Error).message}`, false, "invalid_request")
  }
}

/**
 * After `idempotency_key_violation` on a retried create (PayMaster refuses a reused key instead of replaying the
 * answer), the first attempt's payment is found by its orderNo (= our payment id) in the merchant's payment list.
 */
async function findByOrderNo(config: PaymasterConfig, request: AcquirerPaymentRequest): Promise<any | null> {
  const now = Date.now()
  const query = new URLSearchParams({
    merchantId: config.merchant_id,
    start: new Date(now - RECOVERY_WINDOW_MS).toISOString(),
    end: new Date(now + 60_000).toISOString(),
  })
  for (let page = 0; page < RECOVERY_MAX_PAGES; page++) {
    const list = await call(config, "GET", `/api/v2/payments?${query}`)
    const match = (list?.items ?? []).find((p: any) => p?.invoice?.orderNo === request.payment_id)
    if (match) return call(config, "GET", `/api/v2/payments/${encodeURIComponent(String(match.id))}`)
    if (!list?.cursor) return null
    query.set("cursor", String(list.cursor))
  }
  return null
}

export const paymasterAcquirer: AcquirerAdapter<PaymasterConfig> = {
  // the invoice expires with the link
  enforcesDeadline: true,
  id: "paymaster",

  async createPayment(config, request) {
    let body: Record<string, unknown>
    try {
      body = buildSbpPaymentBody({ ...request, merchant_id: config.merchant_id, test_mode: config.test_mode })
    } catch (err) {
      throw new AcquirerError("paymaster", `payment request: ${(err as Error).message}`, false, "invalid_request")
    }
    try {
      return created(await call(config, "POST", "/api/v2/payments", { body, idempotencyKey: request.idempotency_key }))
    } catch (err) {
      if (!(err instanceof AcquirerError) || err.code !== "idempotency_key_violation") throw err
      const existing = await findByOrderNo(config, request)
      if (!existing) throw err
      const state = stateOf(existing)
      if (state.amount !== request.amount) {
        throw new AcquirerError("paymaster", `payment ${state.acquirer_payment_id} for ${request.payment_id} is for ${state.amount}, not ${request.amount}`, false, "idempotency_key_violation")
      }
      return created(existing)
    }
  },

  async getState(config, acquirerPaymentId) {
    return stateOf(await call(config, "GET", `/api/v2/payments/${encodeURIComponent(acquirerPaymentId)}`))
  },

  // PUT /cancel takes no Idempotency-Key (docs: POST requests carry it); reading the state first makes it safe to repeat.
  async cancel(config, acquirerPaymentId, _idempotencyKey) {
    const before = await paymasterAcquirer.getState(config, acquirerPaymentId)
    if (before.status !== "pending") return { canceled: before.status === "canceled" || before.status === "failed", state: before }
    try {
      await call(config, "PUT", `/api/v2/payments/${encodeURIComponent(acquirerPaymentId)}/cancel`)
    } catch (err) {
      // invalid_operation: it changed under us (paid a moment ago); the state below tells what it is now
      if (!(err instanceof AcquirerError) || err.code !== "invalid_operation") throw err
    }
    const after = await paymasterAcquirer.getState(config, acquirerPaymentId)
    return { canceled: after.status === "canceled" || after.status === "failed", state: after }
  },

  async refund(config, acquirerPaymentId, amount, idempotencyKey, receipt) {
    if (!Number.isSafeInteger(amount) || amount <= 0) throw new AcquirerError("paymaster", `refund amount must be positive minor units, got ${amount}`, false, "invalid_request")
    const payment = await paymasterAcquirer.getState(config, acquirerPaymentId)
    const raw = await call(config, "POST", "/api/v2/refunds", {
      body: {
        paymentId: acquirerPaymentId,
        amount: paymasterAmount(amount, payment.currency),
        // The refund's receipt in the payment receipt's shape (docs "Возвраты": receipt {client, items}).
        ...(receipt ? { receipt: paymasterReceiptOf(receipt.lines, receipt, amount, payment.currency) } : {}),
      },
      idempotencyKey,
    })
    const status = ourRefundStatus(raw?.status)
    if (!raw?.id || !status) throw new AcquirerError("paymaster", `refund answer without id or a known status: ${JSON.stringify(raw)}`, true, "bad_answer")
    return { refund_id: String(raw.id), status, raw }
  },

  verifyNotification(config, body) {
    return parsePaymasterNotification(body, config.merchant_id)
  },

  // The docs do not say what PayMaster expects back; 200 is the HTTP success every sender stops on. A rejected
  // (forged or foreign) notification also gets 200: resending it cannot make it true, and we never act on its body.
  answer(outcome) {
    if (outcome === "retry") return { status: 500, content_type: "application/json", body: JSON.stringify({ status: "retry" }) }
    return { status: 200, content_type: "application/json", body: JSON.stringify({ status: outcome }) }
  },
}
