import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { processFiscalReceiptSoon } from "../../../../../lib/fiscal/process-receipt"
import { IN_STORE_MODULE } from "../../../../../modules/in-store"
import type InStoreModuleService from "../../../../../modules/in-store/service"

const FISCAL_RECEIPT_ID = /^[A-Za-z0-9_-]{1,64}$/

/**
 * ATOL Online's callback_url. Its body is unsigned, so it is only a hint: the receipt's report is
 * fetched from ATOL with our token, and that answer decides.
 */
export async function POST(req: MedusaRequest, res: MedusaResponse) {
  const inStore: InStoreModuleService = req.scope.resolve(IN_STORE_MODULE)
  // Nothing of the request is stored; only the id is used, and one this plugin cannot have made is not looked up.
  const [receipt] = FISCAL_RECEIPT_ID.test(req.params.id)
    ? await inStore.listFiscalReceipts({ id: req.params.id }, { select: ["id", "status"] })
    : []
  if (!receipt) {
    res.status(404).json({ type: "not_found", message: `Fiscal receipt ${req.params.id} was not found` })
    return
  }
  if (receipt.status === "sent") processFiscalReceiptSoon(req.scope, receipt.id)
  res.json({ received: true })
}
