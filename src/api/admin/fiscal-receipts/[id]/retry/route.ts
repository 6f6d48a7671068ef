import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { retryFiscalReceipt } from "../../../../../lib/fiscal/retry-receipt"
import { serializeFiscalReceipt } from "../../../../../lib/serialize"

/** CONTRACT §2: a failed receipt goes to the register again (a pending one is tried now). */
export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const receipt = await retryFiscalReceipt(req.scope, req.params.id)
  res.json({ fiscal_receipt: serializeFiscalReceipt(receipt) })
}
