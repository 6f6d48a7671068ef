import type { IOrderModuleService, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import { refundPaymentWorkflow } from "@medusajs/medusa/core-flows"
import { captureRetryDelayMs, currencyExponent, fromMinorUnits } from "../../domain"
import { IN_STORE_MODULE } from "../../modules/in-store"
import type InStoreModuleService from "../../modules/in-store/service"
import { IN_STORE_PROVIDER_ID, refundNote } from "../constants"
import { withoutSql } from "../finish-capture"
import { issueRefundRowReceipt } from "./refund-receipt"

const recordLockKey = (id: string) => `in-store-refund-record:${id}`

/** The Medusa payment an in-store payment was captured as. */
export async function medusaPaymentOf(container: MedusaContainer, paymentCollectionId: string) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "payment",
    fields: ["id", "provider_id", "canceled_at", "refunds.id", "refunds.note"],
    filters: { payment_collection_id: paymentCollectionId },
  })
  return (data as any[]).find((p) => p.provider_id === IN_STORE_PROVIDER_ID && !p.canceled_at)
}

/**
 * Records a refund whose money moved (a terminal's confirmed refund) — or, for an acquirer, moves it — through
 * Medusa's own refund workflow, so the order's refunds and summary are Medusa's. The Medusa refund carries our
 * refund's id as its note: after a crash the record is found, never made twice. Then the refund's receipt.
 * `failHard`: an acquirer's refusal is thrown (502 for the seller) after the refund is marked failed.
 */
export async function recordRefundInMedusa(container: MedusaContainer, refundId: string, opts: { failHard?: boolean } = {}) {
  const inStore: InStoreModuleService = container.resolve(IN_STORE_MODULE)
  const locking = container.resolve(Modules.LOCKING)
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  await locking.execute(
    recordLockKey(refundId),
    async () => {
      const refund = await inStore.retrieveInStoreRefund(refundId)
      const recordable = refund.via === "terminal" ? refund.status === "confirmed" : refund.status === "pending"
      if (!recordable) return
      const payment = await inStore.retrieveInStorePayment(refund.in_store_payment_id)
      const medusaPayment = payment.payment_collection_id ? await medusaPaymentOf(container, payment.payment_collection_id) : undefined
      if (!medusaPayment) throw new Error(`In-store payment ${payment.id} has no captured Medusa payment to refund`)
      const alreadyRecorded = () => (medusaPayment.refunds ?? []).find((r: any) => r.note === refundNote(refundId))
      let medusaRefundId: string | undefined = alreadyRecorded()?.id
      if (!medusaRefundId) {
        try {
          await refundPaymentWorkflow(container).run({
            input: {
              payment_id: medusaPayment.id,
              amount: fromMinorUnits(Number(refund.amount), currencyExponent(refund.currency_code)),
              note: refundNote(refundId),
              created_by: refund.created_by ?? undefined,
            },
          })
        } catch (error) {
          // The workflow may have failed after the refund was written: look again before calling it a failure.
          const again = await medusaPaymentOf(container, payment.payment_collection_id!)
          const written = (again?.refunds ?? []).find((r: any) => r.note === refundNote(refundId))
          if (!written) return refusedOrRetry(inStore, refund, error as Error, opts, logger)
        }
        const after = await medusaPaymentOf(container, payment.payment_collection_id!)
        medusaRefundId = (after?.refunds ?? []).find((r: any) => r.note === refundNote(refundId))?.id
        if (!medusaRefundId) throw new Error(`Medusa's refund of ${refundId} was not found after its workflow`)
      }
      const writtenRefundId = medusaRefundId
      try {
        await ensureOrderTransaction(container, refund, writtenRefundId)
        await inStore.transitionRefund(refundId, ["pending", "confirmed"], "done", {
          medusa_refund_id: writtenRefundId,
          confirmed_at: refund.confirmed_at ?? new Date(),
          error: null,
          next_record_at: null,
        })
      } catch (error) {
        // Medusa's refund is written (the money moved): never "failed", only finished later by the job — and the
        // seller is not told it failed, which could make them refund again.
        return retryLater(inStore, refund, error as Error, {}, logger)
      }
    },
    { timeout: 60 }
  )
  const done = await inStore.retrieveInStoreRefund(refundId)
  if (done.status === "done") await issueRefundRowReceipt(container, done)
  if (done.status === "failed" && opts.failHard) {
    throw new MedusaError(MedusaError.Types.UNEXPECTED_STATE, `${done.error}`)
  }
  return done
}

/**
 * Medusa's refund workflow writes the refund, then the order's transaction, and never undoes a refund (the money
 * went). A refund left without its transaction (a failure in between) gets it here, through the Order Module, so
 * the order's summary counts it.
 */
async function ensureOrderTransaction(container: MedusaContainer, refund: any, medusaRefundId: string) {
  const orders: IOrderModuleService = container.resolve(Modules.ORDER)
  const existing = await orders.listOrderTransactions(
    { order_id: refund.order_id, reference: "refund", reference_id: medusaRefundId },
    { select: ["id"] }
  )
  if (existing.length) return
  await orders.addOrderTransactions({
    order_id: refund.order_id,
    amount: `-${fromMinorUnits(Number(refund.amount), currencyExponent(refund.currency_code))}`,
    currency_code: refund.currency_code,
    reference: "refund",
    reference_id: medusaRefundId,
  } as any)
}

async function refusedOrRetry(inStore: InStoreModuleService, refund: any, error: Error, opts: { failHard?: boolean }, logger: any) {
  const message = withoutSql(error.message)
  if (refund.via === "acquirer") {
    // The acquirer refused or could not be reached: no money moved, Medusa kept nothing.
    await inStore.transitionRefund(refund.id, ["pending"], "failed", { error: message })
    logger.warn(`in-store refund ${refund.id}: the acquirer did not refund: ${message}`)
    return
  }
  // The terminal already returned the money: this must be recorded, so the job tries again.
  return retryLater(inStore, refund, error, opts, logger)
}

async function retryLater(inStore: InStoreModuleService, refund: any, error: Error, opts: { failHard?: boolean }, logger: any) {
  const message = withoutSql(error.message)
  const attempts = (refund.record_attempts ?? 0) + 1
  await inStore.updateInStoreRefunds({
    id: refund.id,
    record_attempts: attempts,
    error: message.slice(0, 2000),
    next_record_at: new Date(Date.now() + captureRetryDelayMs(attempts)),
  })
  logger.error(`in-store refund ${refund.id}: recording in Medusa failed (attempt ${attempts}), will retry: ${message}`)
  if (opts.failHard) throw error
}
