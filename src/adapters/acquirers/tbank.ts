import { z } from "@medusajs/framework/zod"
import { checkTbankNotification, tbankDueDate, tbankReceipt, tbankStatus, tbankToken } from "../../domain/acquirers/tbank"
import type { PayLine } from "../../domain/lines"
import { ReceiptDataError } from "../../domain/receipt"
import { AcquirerError, type AcquirerAdapter, type AcquirerPaymentState, type AcquirerReceipt } from "./types"

// T-Bank internet acquiring API v2 (https://developer.tbank.ru/eacq): Init → GetQr (DataType PAYLOAD) gives the
// NSPK payload; GetState reads; Cancel cancels a pending payment or refunds a confirmed one (in part too).
export const tbankConfigSchema = z.object({
  terminal_key: z.string({ error: "required: the T-Bank TerminalKey" }).min(1).max(20, "must be at most 20 characters"),
  password: z.string({ error: "required: the T-Bank terminal password (it signs every request)" }).min(1),
  base_url: z
    .string()
    .url("must be an absolute URL such as https://securepay.tinkoff.ru/v2")
    .default("https://securepay.tinkoff.ru/v2")
    .transform((url) => url.replace(/\/+$/, "")),
  request_timeout_ms: z.number().int().min(1000).max(120_000).default(10_000),
})
export type TbankConfig = z.output<typeof tbankConfigSchema>

async function call(config: TbankConfig, method: string, params: Record<string, unknown>): Promise<Record<string, any>> {
  const body = { TerminalKey: config.terminal_key, ...params }
  const signed = { ...body, Token: tbankToken(body, config.password) }
  let res: Response
  try {
    res = await fetch(`${config.base_url}/${method}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(signed),
      signal: AbortSignal.timeout(config.request_timeout_ms),
    })
  } catch (error) {
    throw new AcquirerError("tbank", `${method} failed: ${(error as Error).message}`, true)
  }
  if (res.status >= 500 || res.status === 429) throw new AcquirerError("tbank", `${method} answered HTTP ${res.status}`, true)
  const text = await res.text()
  let answer: Record<string, any>
  try {
    answer = JSON.parse(text)
  } catch {
    throw new AcquirerError("tbank", `${method} answered HTTP ${res.status} with no JSON`, res.status >= 500)
  }
  // T-Bank reports errors as HTTP 200 with Success false and an ErrorCode ("0" is success).
  if (answer.Success !== true || String(answer.ErrorCode ?? "0") !== "0") {
    const detail = [answer.Message, answer.Details].filter(Boolean).join(": ")
    throw new AcquirerError("tbank", `${method} refused (${answer.ErrorCode}): ${detail}`, false, String(answer.ErrorCode))
  }
  return answer
}

function stateOf(answer: Record<string, any>, amount?: number): AcquirerPaymentState {
  return {
    acquirer_payment_id: String(answer.PaymentId),
    status: tbankStatus(String(answer.Status)),
    amount: Number(amount ?? answer.Amount),
    currency: "RUB",
    payment_ref: answer.OrderId !== undefined ? String(answer.OrderId) : null,
    paid_at: null,
    details: { payer: answer.Pan ?? null, message: answer.Message ?? null },
    raw: answer,
  }
}

/** The Receipt of Init or Cancel for `amount`; bad receipt data is a refusal naming the field, before any call. */
function receiptOf(lines: PayLine[], customer: AcquirerReceipt, amount: number) {
  try {
    return tbankReceipt(lines, customer, customer.taxation, amount)
  } catch (error) {
    if (error instanceof ReceiptDataError) throw new AcquirerError("tbank", `${error.field}: ${error.message}`, false, "receipt")
    throw error
  }
}

export const tbankAcquirer: AcquirerAdapter<TbankConfig> = {
  // RedirectDueDate = the link's expiry
  enforcesDeadline: true,
  id: "tbank",

  async createPayment(config, request) {
    if (request.currency !== "RUB") throw new AcquirerError("tbank", `SBP takes RUB only, not ${request.currency}`, false)
    const init = await call(config, "Init", {
      Amount: request.amount,
      // One OrderId per in-store payment: a retried Init answers the same payment (see the emulator's README).
      OrderId: request.payment_id,
      Description: request.description.slice(0, 140),
      NotificationURL: request.notification_url,
      RedirectDueDate: tbankDueDate(request.expires_at),
      DATA: { QR: "true" },
      ...(request.receipt ? { Receipt: receiptOf(request.lines, request.receipt, request.amount) } : {}),
    })
    const qr = await call(config, "GetQr", { PaymentId: init.PaymentId, DataType: "PAYLOAD" })
    return { acquirer_payment_id: String(init.PaymentId), qr_payload: String(qr.Data), raw: { init, qr } }
  },

  async getState(config, acquirerPaymentId) {
    return stateOf(await call(config, "GetState", { PaymentId: acquirerPaymentId }))
  },

  async cancel(config, acquirerPaymentId) {
    // Cancel on a CONFIRMED payment would refund it: read first, cancel only what is still pending.
    const state = await this.getState(config, acquirerPaymentId)
    if (state.status !== "pending") return { canceled: state.status === "canceled", state }
    const answer = await call(config, "Cancel", { PaymentId: acquirerPaymentId })
    return { canceled: answer.Status === "CANCELED", state: stateOf(answer, answer.NewAmount) }
  },

  async refund(config, acquirerPaymentId, amount, _idempotencyKey, receipt) {
    // ExternalRequestId does not de-duplicate SBP refunds (T-Bank's OpenAPI, /v2/Cancel): the caller reads the
    // state before retrying, and the refund id names the amount left after it. Cancel takes the refund's Receipt
    // in Init's shape; like every nested object it stays out of the Token.
    const answer = await call(config, "Cancel", {
      PaymentId: acquirerPaymentId,
      Amount: amount,
      ...(receipt ? { Receipt: receiptOf(receipt.lines, receipt, amount) } : {}),
    })
    return {
      refund_id: `${answer.PaymentId}:${answer.NewAmount}`,
      status: ["REFUNDED", "PARTIAL_REFUNDED"].includes(String(answer.Status)) ? "succeeded" : "pending",
      raw: answer,
    }
  },

  verifyNotification(config, body) {
    const check = checkTbankNotification(body, config.terminal_key, config.password)
    if (!check.ok) return { kind: "rejected", reason: check.reason, field: check.field }
    return { kind: "verified", state: stateOf(check.notification) }
  },

  answer(outcome) {
    // T-Bank stops resending only on a 200 with the body "OK"; a bad Token is answered otherwise so that a
    // genuine notification (say, after a password change) is sent again once the configuration is fixed.
    if (outcome === "accepted") return { status: 200, content_type: "text/plain", body: "OK" }
    if (outcome === "rejected") return { status: 401, content_type: "text/plain", body: "Token does not match" }
    return { status: 500, content_type: "text/plain", body: "Try again" }
  },
}
