import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { serializeInStoreRefunds } from "../../../../../lib/refunds/serialize-refund"
import { IN_STORE_MODULE } from "../../../../../modules/in-store"
import type InStoreModuleService from "../../../../../modules/in-store/service"

/**
 * A refund still waiting on the terminal → canceled; its link dies. A terminal result for it afterwards is a
 * conflict the seller sees (protocol §6), never a silent refund.
 */
export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const inStore: InStoreModuleService = req.scope.resolve(IN_STORE_MODULE)
  const [refund] = await inStore.listInStoreRefunds({ id: req.params.id })
  if (!refund) throw new MedusaError(MedusaError.Types.NOT_FOUND, `In-store refund ${req.params.id} was not found`)
  const canceled =
    refund.via === "terminal" &&
    (await inStore.transitionRefund(refund.id, ["pending"], "canceled", { result: { message: "Canceled by the seller" } }))
  if (!canceled) {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `In-store refund ${refund.id} is ${refund.status} and cannot be canceled`)
  }
  const [serialized] = await serializeInStoreRefunds(req.scope, [await inStore.retrieveInStoreRefund(refund.id)])
  res.json({ in_store_refund: serialized })
}
