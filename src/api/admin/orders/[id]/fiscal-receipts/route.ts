import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { issueHandoverReceipt } from "../../../../../lib/fiscal/handover-receipt"
import { serializeFiscalReceipt } from "../../../../../lib/serialize"
import { IN_STORE_MODULE } from "../../../../../modules/in-store"
import type InStoreModuleService from "../../../../../modules/in-store/service"
import type { PostOrderFiscalReceiptType } from "../../../../validators"

/** `{ "kind": "handover" }`: the prepayment-offset receipt of an order paid online, at handover. */
export async function POST(req: AuthenticatedMedusaRequest<PostOrderFiscalReceiptType>, res: MedusaResponse) {
  const receipt = await issueHandoverReceipt(req.scope, req.params.id)
  res.json({ fiscal_receipt: serializeFiscalReceipt(receipt) })
}

export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const inStore: InStoreModuleService = req.scope.resolve(IN_STORE_MODULE)
  const receipts = await inStore.listFiscalReceipts({ order_id: req.params.id }, { order: { created_at: "DESC" } })
  res.json({ fiscal_receipts: receipts.map(serializeFiscalReceipt) })
}
