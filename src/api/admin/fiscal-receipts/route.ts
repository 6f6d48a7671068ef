import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { serializeFiscalReceipt } from "../../../lib/serialize"
import { IN_STORE_MODULE } from "../../../modules/in-store"
import type InStoreModuleService from "../../../modules/in-store/service"
import type { GetFiscalReceiptsParamsType } from "../../validators"

/** CONTRACT §2: fiscal receipts, newest first, filtered and paged on the server. */
export async function GET(req: AuthenticatedMedusaRequest<unknown, GetFiscalReceiptsParamsType>, res: MedusaResponse) {
  const inStore: InStoreModuleService = req.scope.resolve(IN_STORE_MODULE)
  const { limit, offset, ...filters } = req.validatedQuery as GetFiscalReceiptsParamsType
  const [receipts, count] = await inStore.listAndCountFiscalReceipts(
    Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined)),
    { order: { created_at: "DESC" }, take: limit, skip: offset }
  )
  res.json({ fiscal_receipts: receipts.map(serializeFiscalReceipt), count, limit, offset })
}
