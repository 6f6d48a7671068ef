import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { captureRetryDelayMs } from "../domain"
import { IN_STORE_MODULE } from "../modules/in-store"
import type InStoreModuleService from "../modules/in-store/service"
import { emitPickupReadyIfDue } from "./pickup/handover"
import { completeInStorePaymentWorkflow } from "../workflows/complete-in-store-payment"

export const captureLockKey = (id: string) => `in-store-capture:${id}`

/**
 * Finishes a paid payment in Medusa (capture, order transaction); marks it captured only once the workflow,
 * which reads Medusa's own records, succeeded. A failure is recorded with the next time the job may retry.
 */
export async function finishCapture(container: MedusaContainer, id: string): Promise<boolean> {
  const inStore: InStoreModuleService = container.resolve(IN_STORE_MODULE)
  const locking = container.resolve(Modules.LOCKING)
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  try {
    await locking.execute(captureLockKey(id), () => completeInStorePaymentWorkflow(container).run({ input: { in_store_payment_id: id } }), {
      timeout: 30,
    })
    await inStore.markCaptured(id)
    await announcePickupIfReady(container, id)
    return true
  } catch (error) {
    const message = (error as Error).message
    try {
      const payment = await inStore.retrieveInStorePayment(id)
      const attempts = (payment.capture_attempts ?? 0) + 1
      await inStore.recordCaptureFailure(id, withoutSql(message), new Date(Date.now() + captureRetryDelayMs(attempts)))
      logger.error(`in-store payment ${id}: capture in Medusa failed (attempt ${attempts}), will retry: ${message}`)
    } catch (bookkeeping) {
      // Even the note failed (database down): the row is still paid without captured_at, so the job finds it.
      logger.error(`in-store payment ${id}: capture failed (${message}) and could not be recorded: ${(bookkeeping as Error).message}`)
    }
    return false
  }
}

/** Paid goods already packed (payment optional at the location) are ready now; never fails the capture. */
async function announcePickupIfReady(container: MedusaContainer, id: string) {
  try {
    const payment = await container.resolve<InStoreModuleService>(IN_STORE_MODULE).retrieveInStorePayment(id)
    await emitPickupReadyIfDue(container, payment.order_id)
  } catch (error) {
    container.resolve(ContainerRegistrationKeys.LOGGER).error(`in-store payment ${id}: pickup readiness check failed: ${(error as Error).message}`)
  }
}

/** The seller reads the reason, not the statement: a driver error is "<sql> - <reason>"; the log keeps it all. */
export function withoutSql(message: string): string {
  const driver = /^\s*(?:insert|update|delete|select|with)\b[\s\S]* - ([^\n]+)$/i.exec(message)
  return (driver ? driver[1] : message).slice(0, 500)
}
