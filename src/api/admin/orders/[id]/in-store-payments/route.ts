import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { listCallbackEventsForSeller } from "../../../../../lib/callback-events"
import { ACQUIRER_FAILED } from "../../../../../lib/acquirer/open-payment"
import { collectInStore } from "../../../../../lib/collect-in-store"
import { serializeInStorePayments } from "../../../../../lib/serialize"
import { withRefunds } from "../../../../../lib/refunds/serialize-refund"
import { IN_STORE_MODULE } from "../../../../../modules/in-store"
import type InStoreModuleService from "../../../../../modules/in-store/service"
import type { PostCollectInStoreType } from "../../../../validators"

/** Collect in store: the order's pending in-store payment, or a new one for what it owes. */
export async function POST(req: AuthenticatedMedusaRequest<PostCollectInStoreType>, res: MedusaResponse) {
  let payment
  try {
    payment = await collectInStore(req.scope, req.params.id, req.validatedBody.terminal_id)
  } catch (error) {
    // Medusa's error handler hides a conflict's message behind a generic one; the seller needs ours.
    if (MedusaError.isMedusaError(error) && (error as MedusaError).type === MedusaError.Types.CONFLICT) {
      res.status(409).json({ type: "conflict", message: (error as Error).message })
      return
    }
    // The acquirer refused or could not be reached: a bad gateway, named, with nothing left behind.
    if (MedusaError.isMedusaError(error) && (error as MedusaError).type === (ACQUIRER_FAILED as any)) {
      res.status(502).json({ type: ACQUIRER_FAILED, message: (error as Error).message })
      return
    }
    throw error
  }
  const [serialized] = await serializeInStorePayments(req.scope, [payment])
  res.json({ in_store_payment: serialized })
}

export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const inStore: InStoreModuleService = req.scope.resolve(IN_STORE_MODULE)
  const payments = await inStore.listInStorePayments({ order_id: req.params.id }, { order: { created_at: "DESC" } })
  const events = await listCallbackEventsForSeller(inStore, { order_id: req.params.id })
  const serialized = await serializeInStorePayments(req.scope, payments, (payment) => ({
    callback_events: events.filter((e) => e.in_store_payment_id === payment.id),
  }))
  res.json({ in_store_payments: await withRefunds(req.scope, serialized, payments, { refundOptions: true }) })
}
