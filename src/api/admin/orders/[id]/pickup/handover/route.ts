import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { describePickup } from "../../../../../../lib/pickup/describe"
import { handOverPickup } from "../../../../../../lib/pickup/handover"
import { serializeFiscalReceipt } from "../../../../../../lib/serialize"
import type { PostPickupHandoverType } from "../../../../../validators"

/** Hand over: the goods of a paid, fulfilled pickup order leave the counter; recorded with the admin user. */
export async function POST(req: AuthenticatedMedusaRequest<PostPickupHandoverType>, res: MedusaResponse) {
  const { receipt } = await handOverPickup(req.scope, req.params.id, {
    user_id: req.auth_context?.actor_id ?? null,
    code: req.validatedBody.code,
  })
  res.json({
    pickup: await describePickup(req.scope, req.params.id),
    fiscal_receipt: receipt ? serializeFiscalReceipt(receipt) : null,
  })
}
