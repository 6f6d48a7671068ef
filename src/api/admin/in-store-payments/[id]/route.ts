import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { listCallbackEventsForSeller } from "../../../../lib/callback-events"
import { serializeInStorePayments } from "../../../../lib/serialize"
import { IN_STORE_MODULE } from "../../../../modules/in-store"
import type InStoreModuleService from "../../../../modules/in-store/service"

export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const inStore: InStoreModuleService = req.scope.resolve(IN_STORE_MODULE)
  const [payment] = await inStore.listInStorePayments({ id: req.params.id })
  if (!payment) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `In-store payment ${req.params.id} was not found`)
  }
  const events = await listCallbackEventsForSeller(inStore, { in_store_payment_id: payment.id }, { signed: 500, unauthenticated: 50 })
  const [serialized] = await serializeInStorePayments(req.scope, [payment], () => ({ callback_events: events }))
  res.json({ in_store_payment: serialized })
}
