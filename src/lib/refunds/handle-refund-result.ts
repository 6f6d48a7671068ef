import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { terminalAdapterFor } from "../../adapters/terminals"
import { decideRefundResult, isTimestampFresh, parseRefundResultParams, pickDefined as pick, type CallbackVerdict, type RefundResult } from "../../domain"
import { IN_STORE_MODULE } from "../../modules/in-store"
import type InStoreModuleService from "../../modules/in-store/service"
import { recordCallbackEvent } from "../callback-events"
import { refundLockKey } from "../constants"
import { recordRefundInMedusa } from "./record-refund"

/** How long a confirmed refund is left to the request that confirmed it before the job records it instead. */
const RECORD_GRACE_MS = 60_000

export interface RefundResultOutcome {
  http: 200 | 400 | 401 | 404 | 409 | 422
  verdict?: CallbackVerdict
  message?: string
  field?: string
  refund?: any
  payment?: any
}

const MESSAGES: Partial<Record<CallbackVerdict, string>> = {
  bad_signature: "The signature (sig) is missing or wrong",
  stale: "The result's timestamp (ts) is too far from the server clock",
  amount_mismatch: "The refunded amount or currency differs from the refund",
  unknown_transaction: "original_txn is not the transaction of this payment",
  conflict: "The result contradicts the refund's final state",
}

/**
 * Protocol §6: a terminal's refund result, on the payment's callback route. Verified like a payment result (the
 * payment's terminal secret, over every parameter and the payment id), decided under the payment's refund lock;
 * only a confirmed refund is recorded in Medusa and gets its receipt. Every outcome is kept for the seller.
 */
export async function handleRefundResult(container: MedusaContainer, payment: any, raw: Record<string, unknown>): Promise<RefundResultOutcome> {
  const inStore: InStoreModuleService = container.resolve(IN_STORE_MODULE)
  const terminal = inStore.getTerminalApp(payment.terminal_id)
  const parsed = parseRefundResultParams(raw)
  const record = (verdict: CallbackVerdict, http: number, message?: string, refundId?: string) =>
    recordCallbackEvent(inStore, payment, { verdict, http_status: http, params: parsed.signedParams, message, in_store_refund_id: refundId })

  if (!terminal || !terminalAdapterFor(terminal).verifyResult(terminal, payment.id, parsed.signedParams, parsed.sig)) {
    await record("bad_signature", 401)
    return { http: 401, verdict: "bad_signature", message: MESSAGES.bad_signature, payment }
  }
  if (!parsed.ok) {
    await record("malformed", 400, `${parsed.field}: ${parsed.message}`)
    return { http: 400, verdict: "malformed", field: parsed.field, message: `${parsed.field}: ${parsed.message}`, payment }
  }
  const result = parsed.result
  if (!isTimestampFresh(result.ts, Date.now(), inStore.getOptions().callback_tolerance_seconds)) {
    await record("stale", 401)
    return { http: 401, verdict: "stale", message: MESSAGES.stale, payment }
  }
  const [found] = await inStore.listInStoreRefunds({ id: result.refund_id, in_store_payment_id: payment.id })
  if (!found) {
    const message = `Refund ${result.refund_id} is not a refund of this payment`
    await record("malformed", 404, message)
    return { http: 404, verdict: "malformed", field: "refund_id", message, payment }
  }

  const locking = container.resolve(Modules.LOCKING)
  const outcome = await locking.execute(refundLockKey(payment.id), () => apply(inStore, found.id, result), { timeout: 30 })
  await record(outcome.verdict!, outcome.http, outcome.message, found.id)
  if (outcome.verdict === "accepted" && outcome.next === "confirmed") {
    // Money returned: record it now; a failure is the job's to repeat (the refund stays confirmed).
    await recordRefundInMedusa(container, found.id).catch(() => undefined)
  }
  return { ...outcome, refund: await inStore.retrieveInStoreRefund(found.id), payment }
}

async function apply(inStore: InStoreModuleService, id: string, result: RefundResult) {
  for (let round = 0; round < 2; round++) {
    const refund = await inStore.retrieveInStoreRefund(id)
    const decision = decideRefundResult(
      {
        status: refund.status,
        amount: Number(refund.amount),
        currency_code: refund.currency_code,
        transaction_id: refund.transaction_id,
        original_txn: refund.original_txn ?? "",
        expires_at: refund.expires_at,
      },
      result
    )
    const answer = { http: decision.http, verdict: decision.verdict, message: MESSAGES[decision.verdict], next: decision.next }
    if (!decision.next) return answer
    const patch: Record<string, unknown> = {
      result: pick(result, ["status", "txn", "method", "rrn", "auth_code", "card_mask", "message"]),
    }
    if (decision.next === "confirmed") {
      patch.transaction_id = result.txn
      patch.confirmed_at = new Date()
      // Recorded in Medusa right after this answer; the job takes it only if that never happens (a crash).
      patch.next_record_at = new Date(Date.now() + RECORD_GRACE_MS)
      if (result.fn && result.fd && result.fp) patch.terminal_receipt = pick(result, ["fn", "fd", "fp", "fiscal_time"])
    }
    if (await inStore.transitionRefund(id, ["pending"], decision.next, patch)) return answer
  }
  throw new Error(`In-store refund ${id} kept changing while a result was applied`)
}
