import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { terminalAdapterFor } from "../adapters/terminals"
import { decideCallback, isRefundResult, pickDefined as pick, isTimestampFresh, parseCallbackParams, type CallbackResult, type CallbackVerdict } from "../domain"
import { IN_STORE_MODULE } from "../modules/in-store"
import type InStoreModuleService from "../modules/in-store/service"
import { closeInStorePaymentWorkflow } from "../workflows/close-in-store-payment"
import { recordCallbackEvent } from "./callback-events"
import { paymentLockKey } from "./constants"
import { finishCapture } from "./finish-capture"
import { planReceipt } from "./fiscal/plan-receipt"
import { processFiscalReceiptSoon } from "./fiscal/process-receipt"
import { handleRefundResult } from "./refunds/handle-refund-result"

export interface TerminalResultOutcome {
  http: 200 | 400 | 401 | 404 | 409 | 422
  verdict?: CallbackVerdict
  message?: string
  field?: string
  payment?: any
  /** the fiscal receipt row written with the payment's paid state, if the store registers it */
  receiptId?: string
  /** set for a refund result (protocol §6) */
  refund?: any
}

const MESSAGES: Partial<Record<CallbackVerdict, string>> = {
  bad_signature: "The signature (sig) is missing or wrong",
  stale: "The result's timestamp (ts) is too far from the server clock",
  amount_mismatch: "The charged amount or currency differs from the payment",
  conflict: "The result contradicts the payment's final state; money may need returning",
}
const ORDER_CANCELED = "The order was canceled; this payment is not taken and money may need returning"

/**
 * CONTRACT §4: verify, then decide under the payment's lock; the conditional status update is what
 * makes one result win across processes. Every outcome for a known payment is kept as a callback event.
 */
export async function handleTerminalResult(
  container: MedusaContainer,
  paymentId: string,
  raw: Record<string, unknown>
): Promise<TerminalResultOutcome> {
  const inStore: InStoreModuleService = container.resolve(IN_STORE_MODULE)
  const [found] = await inStore.listInStorePayments({ id: paymentId })
  if (!found) {
    return { http: 404, message: `In-store payment ${paymentId} was not found` }
  }
  // A refund result (protocol §6) comes to the same route: signed over its `op`, so it can never pass as a payment's.
  if (isRefundResult(raw)) return handleRefundResult(container, found, raw)
  const terminal = inStore.getTerminalApp(found.terminal_id)
  const parsed = parseCallbackParams(raw)
  const record = (verdict: CallbackVerdict, http: number, message?: string) =>
    recordCallbackEvent(inStore, found, { verdict, http_status: http, params: parsed.signedParams, message })

  if (!terminal || !terminalAdapterFor(terminal).verifyResult(terminal, found.id, parsed.signedParams, parsed.sig)) {
    await record("bad_signature", 401)
    return { http: 401, verdict: "bad_signature", message: MESSAGES.bad_signature }
  }
  if (!parsed.ok) {
    await record("malformed", 400, `${parsed.field}: ${parsed.message}`)
    return { http: 400, verdict: "malformed", field: parsed.field, message: `${parsed.field}: ${parsed.message}` }
  }
  const tolerance = inStore.getOptions().callback_tolerance_seconds
  if (!isTimestampFresh(parsed.result.ts, Date.now(), tolerance)) {
    await record("stale", 401)
    return { http: 401, verdict: "stale", message: MESSAGES.stale }
  }

  return applyVerifiedResult(container, found, parsed.result, record)
}

/**
 * The one path every channel's verified result takes (signed terminal result, acquirer notification or poll):
 * decide under the payment's lock, keep the verdict for the seller, then capture and register the receipt.
 */
export async function applyVerifiedResult(
  container: MedusaContainer,
  found: { id: string },
  result: CallbackResult,
  record: (verdict: CallbackVerdict, http: number, message?: string) => Promise<unknown>
): Promise<TerminalResultOutcome> {
  const inStore: InStoreModuleService = container.resolve(IN_STORE_MODULE)
  const locking = container.resolve(Modules.LOCKING)
  const outcome = await locking.execute(paymentLockKey(found.id), () => apply(container, inStore, found.id, result), {
    timeout: 30,
  })
  await record(outcome.verdict!, outcome.http, outcome.message)
  if (outcome.verdict === "accepted" && outcome.payment?.status === "paid") {
    await finishCapture(container, found.id)
    // After the capture, as the law counts it: a failed or interrupted attempt is the job's to repeat.
    if (outcome.receiptId) processFiscalReceiptSoon(container, outcome.receiptId)
  }
  outcome.payment = await inStore.retrieveInStorePayment(found.id)
  return outcome
}

async function apply(
  container: MedusaContainer,
  inStore: InStoreModuleService,
  id: string,
  result: CallbackResult
): Promise<TerminalResultOutcome> {
  // Two rounds at most: if another process wins the transition first, the second look sees its result.
  for (let round = 0; round < 2; round++) {
    const payment = await inStore.retrieveInStorePayment(id)
    const decision = decideCallback(
      {
        status: payment.status,
        amount: Number(payment.amount),
        currency_code: payment.currency_code,
        transaction_id: payment.transaction_id,
        expires_at: payment.expires_at,
        order_canceled: payment.status === "pending" && (await isOrderCanceled(container, payment.order_id)),
      },
      result
    )
    const message = decision.reason === "order_canceled" ? ORDER_CANCELED : MESSAGES[decision.verdict]
    const answer = { http: decision.http, verdict: decision.verdict, message, payment }
    if (!decision.next) return answer

    let won: boolean
    let receiptId: string | undefined
    if (decision.next === "paid") {
      const paidAt = new Date()
      const receipt =
        payment.receipt_by === "store"
          ? await planReceipt(container, {
              kind: "sell",
              order_id: payment.order_id,
              in_store_payment_id: payment.id,
              amount: Number(payment.amount),
              currency_code: payment.currency_code,
              settled_at: paidAt,
              base_external_id: payment.id,
            })
          : null
      receiptId = receipt?.id
      won = await inStore.markPaid(id, {
        paid_at: paidAt,
        transaction_id: result.txn!,
        result: pick(result, ["method", "rrn", "auth_code", "card_mask", "message", "txn"]),
        ...(hasFiscalData(result) ? { terminal_receipt: pick(result, ["fn", "fd", "fp", "fiscal_time"]) } : {}),
      }, receipt as unknown as Record<string, unknown> | null)
    } else {
      const { result: closed } = await closeInStorePaymentWorkflow(container).run({
        input: { id, to: decision.next as "failed" | "canceled" | "expired", result: pick(result, ["status", "message", "method", "rrn", "txn"]) },
      })
      won = closed.won
    }
    if (won) return { ...answer, payment: { ...payment, status: decision.next }, receiptId }
  }
  throw new Error(`In-store payment ${id} kept changing while a result was applied`)
}

async function isOrderCanceled(container: MedusaContainer, orderId: string): Promise<boolean> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "order", fields: ["id", "status", "canceled_at"], filters: { id: orderId } })
  const order = data[0] as { status?: string; canceled_at?: unknown } | undefined
  return !order || order.status === "canceled" || !!order.canceled_at
}

const hasFiscalData = (result: CallbackResult) => !!(result.fn && result.fd && result.fp)
