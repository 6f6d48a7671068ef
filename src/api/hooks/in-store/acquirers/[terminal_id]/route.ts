import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { AcquirerError, acquirerFor, type AcquirerAnswer, type AcquirerPaymentState } from "../../../../../adapters/acquirers"
import { recordCallbackEvent } from "../../../../../lib/callback-events"
import { applyAcquirerState } from "../../../../../lib/acquirer/sync"
import { IN_STORE_MODULE } from "../../../../../modules/in-store"
import type InStoreModuleService from "../../../../../modules/in-store/service"

/** The acquirer's id of the payment a notification names, before it is trusted: only to file a refusal. */
const claimedPaymentId = (body: any): string | null => {
  const id = body?.PaymentId ?? body?.object?.payment_id ?? body?.object?.id ?? body?.id
  return typeof id === "string" || typeof id === "number" ? String(id).slice(0, 64) : null
}

const reply = (res: MedusaResponse, answer: AcquirerAnswer) => {
  res.status(answer.status).setHeader("content-type", answer.content_type)
  res.send(answer.body)
}

/**
 * docs/protocol.md §6: an SBP terminal's acquirer notifies here. A signed notification (T-Bank's Token) is
 * verified; an unsigned one (YooKassa, PayMaster) is only a hint, and the payment is read from the acquirer's API.
 * Either way the result goes through the same decision and capture as a terminal's signed result.
 */
export async function POST(req: MedusaRequest, res: MedusaResponse) {
  const inStore: InStoreModuleService = req.scope.resolve(IN_STORE_MODULE)
  const terminal = inStore.getSbpTerminal(String(req.params.terminal_id))
  if (!terminal) {
    res.status(404).json({ type: "not_found", message: `No SBP terminal "${String(req.params.terminal_id).slice(0, 64)}" is configured` })
    return
  }
  const acquirer = acquirerFor(terminal)
  const body = req.body ?? {}
  const verdict = acquirer.verifyNotification(terminal.acquirer_config, body)
  const paymentOf = async (acquirerPaymentId: string | null) =>
    acquirerPaymentId
      ? (await inStore.listInStorePayments({ acquirer: terminal.acquirer, acquirer_payment_id: acquirerPaymentId, terminal_id: terminal.id }))[0]
      : undefined

  if (verdict.kind === "rejected") {
    const named = await paymentOf(claimedPaymentId(body))
    if (named) {
      await recordCallbackEvent(inStore, named, {
        verdict: "bad_signature",
        http_status: acquirer.answer("rejected").status,
        params: { source: "notification", acquirer: terminal.acquirer, field: verdict.field ?? "" },
        message: `${verdict.field ? `${verdict.field}: ` : ""}${verdict.reason}`,
      })
    }
    reply(res, acquirer.answer("rejected"))
    return
  }

  let state: AcquirerPaymentState
  try {
    state =
      verdict.kind === "verified" ? verdict.state : await acquirer.getState(terminal.acquirer_config, verdict.acquirer_payment_id)
  } catch (error) {
    if (!(error instanceof AcquirerError)) throw error
    // Not confirmed: the acquirer sends it again, and the poll job reads the payment meanwhile.
    req.scope.resolve(ContainerRegistrationKeys.LOGGER).warn(`SBP notification for terminal ${terminal.id} not confirmed: ${error.message}`)
    reply(res, acquirer.answer("retry"))
    return
  }
  const payment = await paymentOf(state.acquirer_payment_id)
  // Not one of ours (or another terminal's): nothing to do, and nothing to send again.
  if (payment) await applyAcquirerState(req.scope, payment, terminal, state, "notification")
  reply(res, acquirer.answer("accepted"))
}
