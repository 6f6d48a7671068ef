import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { serializeInStorePayments } from "../../../lib/serialize"
import { withRefunds } from "../../../lib/refunds/serialize-refund"
import { IN_STORE_MODULE } from "../../../modules/in-store"
import type InStoreModuleService from "../../../modules/in-store/service"
import type { GetInStorePaymentsParamsType } from "../../validators"

/** All in-store payments, newest first, filtered and paged on the server. */
export async function GET(req: AuthenticatedMedusaRequest<unknown, GetInStorePaymentsParamsType>, res: MedusaResponse) {
  const inStore: InStoreModuleService = req.scope.resolve(IN_STORE_MODULE)
  const { limit, offset, ...filters } = req.validatedQuery as GetInStorePaymentsParamsType
  const [payments, count] = await inStore.listAndCountInStorePayments(
    Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined)),
    { order: { created_at: "DESC" }, take: limit, skip: offset }
  )
  res.json({
    in_store_payments: await withRefunds(req.scope, await serializeInStorePayments(req.scope, payments), payments),
    count,
    limit,
    offset,
  })
}
