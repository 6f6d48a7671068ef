import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { AcquirerError, acquirerFor, type AcquirerPaymentState } from "../../adapters/acquirers"
import type { AcquirerRefundReceipt } from "../../adapters/acquirers/types"
import { linesForAmount, resultFromAcquirerState, type PayLine } from "../../domain"
import { IN_STORE_MODULE } from "../../modules/in-store"
import type InStoreModuleService from "../../modules/in-store/service"
import type { SbpTerminalConfig } from "../../options"
import { recordCallbackEvent } from "../callback-events"
import { acquirerRefundReceiptFor } from "./refund-receipt"
import { applyVerifiedResult, type TerminalResultOutcome } from "../handle-terminal-result"

export type AcquirerSource = "notification" | "poll" | "cancel"

const refundLockKey = (id: string) => `in-store-acquirer-refund:${id}`

/** What the seller sees of an acquirer's word: its id, status, amount, payer, and how we heard it. */
const eventParams = (source: AcquirerSource, terminal: SbpTerminalConfig, state: AcquirerPaymentState) => ({
  source,
  acquirer: terminal.acquirer,
  acquirer_payment_id: state.acquirer_payment_id,
  status: state.status,
  amount: String(state.amount),
  currency: state.currency,
  ...(state.details.payer ? { payer: state.details.payer } : {}),
})

/**
 * An acquirer's state, verified (a signed notification, or read from its API), through the same decision and
 * capture path as a terminal's signed result. A success for a payment already closed is a conflict the seller
 * sees, and is refunded at the acquirer when the terminal says so (`refund_late_payments`, on by default).
 */
export async function applyAcquirerState(
  container: MedusaContainer,
  payment: any,
  terminal: SbpTerminalConfig,
  state: AcquirerPaymentState,
  source: AcquirerSource
): Promise<TerminalResultOutcome | null> {
  const inStore: InStoreModuleService = container.resolve(IN_STORE_MODULE)
  if (payment.acquirer_status !== state.status) {
    await inStore.updateInStorePayments({ id: payment.id, acquirer_status: state.status })
  }
  // A paid payment refunded at the acquirer is the echo of our own refunds (the acquirer notifies them too), not a
  // result that contradicts the payment: nothing to apply, nothing to show the seller as rejected.
  if (payment.status === "paid" && (state.status === "refunded" || state.status === "partially_refunded")) return null
  const result = resultFromAcquirerState(state, {
    nowMs: Date.now(),
    expiresAtMs: new Date(payment.expires_at).getTime(),
    deadlineEnforced: acquirerFor(terminal).enforcesDeadline,
  })
  if (!result) return null
  const record = (verdict: any, http: number, message?: string) =>
    recordCallbackEvent(inStore, payment, { verdict, http_status: http, params: eventParams(source, terminal, state), message })
  const outcome = await applyVerifiedResult(container, payment, result, record)
  if (outcome.verdict === "conflict" && state.status === "succeeded" && terminal.refund_late_payments) {
    await inStore.updateInStorePayments({ id: payment.id, acquirer_action: "refund", next_poll_at: new Date() })
    await refundLatePayment(container, payment.id)
  }
  return outcome
}

/**
 * The acquirer registered the late payment's sale receipt when the customer paid: its refund carries the refund
 * receipt, the whole sale (or what the acquirer says is left of it). The money goes back in any case.
 */
function latePaymentRefundReceipt(container: MedusaContainer, payment: any, amount: number): AcquirerRefundReceipt | null {
  const { receipt, unsent } = acquirerRefundReceiptFor(payment, () => linesForAmount(payment.lines as PayLine[], [], amount))
  if (unsent) {
    container.resolve(ContainerRegistrationKeys.LOGGER).error(
      `in-store payment ${payment.id}: the late payment's refund goes without its refund receipt (${unsent}); register it by hand`
    )
  }
  return receipt
}

/**
 * Returns the money of a payment the customer made after its link was closed. Reads the acquirer first, so a
 * refund is never sent twice (T-Bank cannot de-duplicate SBP refunds); a failure is retried by the poll job.
 */
export async function refundLatePayment(container: MedusaContainer, id: string): Promise<void> {
  const inStore: InStoreModuleService = container.resolve(IN_STORE_MODULE)
  const locking = container.resolve(Modules.LOCKING)
  await locking.execute(refundLockKey(id), async () => {
    const payment = await inStore.retrieveInStorePayment(id)
    const terminal = inStore.getSbpTerminal(payment.terminal_id)
    if (!terminal || payment.acquirer_action !== "refund") return
    const adapter = acquirerFor(terminal)
    try {
      const state = await adapter.getState(terminal.acquirer_config, payment.acquirer_payment_id!)
      if (state.status === "succeeded" || state.status === "partially_refunded") {
        const refund = await adapter.refund(
          terminal.acquirer_config,
          payment.acquirer_payment_id!,
          state.amount,
          `late-${payment.id}`,
          latePaymentRefundReceipt(container, payment, state.amount)
        )
        await inStore.updateInStorePayments({
          id,
          acquirer_action: null,
          acquirer_action_error: null,
          acquirer_status: refund.status === "succeeded" ? "refunded" : state.status,
          result: {
            ...((payment.result as Record<string, unknown>) ?? {}),
            late_payment_refund: { refund_id: refund.refund_id, amount: state.amount, status: refund.status, at: new Date().toISOString() },
          },
        })
        container.resolve(ContainerRegistrationKeys.LOGGER).warn(
          `in-store payment ${id}: the customer paid ${state.amount} after the link was closed; refunded at ${terminal.acquirer} (${refund.refund_id})`
        )
        return
      }
      // Nothing (left) to return: already refunded, or never paid after all.
      await inStore.updateInStorePayments({ id, acquirer_action: null, acquirer_action_error: null, acquirer_status: state.status })
    } catch (error) {
      if (!(error instanceof AcquirerError)) throw error
      await inStore.updateInStorePayments({ id, acquirer_action_error: error.message })
    }
  })
}

/**
 * Stops a QR at the acquirer. When the API cannot cancel it yet (YooKassa: a pending SBP payment expires on its
 * own), the cancel stays to do and the poll job keeps watching it; a payment made meanwhile becomes a conflict
 * and is refunded.
 */
export async function cancelAtAcquirer(container: MedusaContainer, payment: any, terminal: SbpTerminalConfig) {
  const inStore: InStoreModuleService = container.resolve(IN_STORE_MODULE)
  const { canceled, state } = await acquirerFor(terminal).cancel(terminal.acquirer_config, payment.acquirer_payment_id, `cancel-${payment.id}`)
  await inStore.updateInStorePayments({
    id: payment.id,
    acquirer_status: state.status,
    acquirer_action: canceled || state.status !== "pending" ? null : "cancel",
    acquirer_action_error: null,
  })
  return { canceled, state }
}
