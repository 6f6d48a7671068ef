import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { AcquirerError, acquirerFor } from "../../adapters/acquirers"
import { IN_STORE_MODULE } from "../../modules/in-store"
import type InStoreModuleService from "../../modules/in-store/service"
import { expireIfOverdue, expiryGraceMs } from "../expire-overdue"
import { applyAcquirerState, cancelAtAcquirer, refundLatePayment } from "./sync"

/** How long one job run may keep a claimed payment before another process may poll it. */
const CLAIM_MS = 30_000
const BATCH = 50
const MAX_BACKOFF_MS = 60_000

/**
 * Every waiting SBP QR is read from its acquirer (every `poll_interval_ms`, 3 s by default) until a result is in,
 * so a lost notification costs seconds, not the payment; past its deadline it is expired and canceled there.
 * Closed payments whose QR is still open at the acquirer are canceled there, and late payments refunded.
 * Returns the ids it looked at.
 */
export async function pollAcquirerPayments(container: MedusaContainer, now = new Date()): Promise<string[]> {
  const inStore: InStoreModuleService = container.resolve(IN_STORE_MODULE)
  const due = await inStore.claimDueAcquirerPolls(now, BATCH, CLAIM_MS)
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  await Promise.all(
    due.map((id) =>
      syncAcquirerPayment(container, id).catch((error) =>
        logger.error(`in-store payment ${id}: polling the acquirer failed: ${(error as Error).message}`)
      )
    )
  )
  return due
}

/** One payment: ask the acquirer, apply what it says, decide when to ask again (never, once all is final). */
export async function syncAcquirerPayment(container: MedusaContainer, id: string): Promise<void> {
  const inStore: InStoreModuleService = container.resolve(IN_STORE_MODULE)
  let payment = await inStore.retrieveInStorePayment(id)
  const terminal = inStore.getSbpTerminal(payment.terminal_id)
  if (!terminal) {
    // Its terminal was removed from the options: nothing can be asked any more; the seller sees it unfinished.
    await inStore.updateInStorePayments({ id, next_poll_at: null, acquirer_action_error: `terminal ${payment.terminal_id} is no longer configured` })
    return
  }
  try {
    if (payment.acquirer_action === "refund") {
      await refundLatePayment(container, id)
    } else {
      const state = await acquirerFor(terminal).getState(terminal.acquirer_config, payment.acquirer_payment_id!)
      if (payment.status === "pending") {
        const outcome = await applyAcquirerState(container, payment, terminal, state, "poll")
        if (!outcome && (await expireIfOverdue(container, payment))) {
          await cancelAtAcquirer(container, await inStore.retrieveInStorePayment(id), terminal)
        }
      } else if (payment.status !== "paid") {
        // Closed here (canceled, expired, failed): the QR must be dead there too, and a late payment returned.
        if (state.status === "pending") await cancelAtAcquirer(container, payment, terminal)
        else await applyAcquirerState(container, payment, terminal, state, "poll")
      }
    }
    payment = await inStore.retrieveInStorePayment(id)
    await inStore.updateInStorePayments({ id, next_poll_at: nextPollAt(payment, terminal.poll_interval_ms, expiryGraceMs(inStore)) })
  } catch (error) {
    if (!(error instanceof AcquirerError)) throw error
    // The acquirer is down or refused: try again later, and let the seller see why.
    const backoff = Math.min(MAX_BACKOFF_MS, terminal.poll_interval_ms * 4)
    await inStore.updateInStorePayments({ id, acquirer_action_error: error.message, next_poll_at: new Date(Date.now() + backoff) })
  }
}

/** Poll again while anything is unsettled at the acquirer; stop once the payment and the acquirer agree. */
function nextPollAt(payment: any, intervalMs: number, graceMs: number): Date | null {
  const unsettled =
    payment.status === "pending" ||
    payment.acquirer_action !== null ||
    (payment.status !== "paid" && payment.acquirer_status === "pending")
  if (!unsettled) return null
  // A closed QR that the acquirer cannot cancel (YooKassa) is watched less often, until it expires there.
  const slow = payment.status !== "pending" && payment.acquirer_action === "cancel"
  return new Date(Date.now() + (slow ? Math.max(intervalMs, Math.min(graceMs, 30_000)) : intervalMs))
}
