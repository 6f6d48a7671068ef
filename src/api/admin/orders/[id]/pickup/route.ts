import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { describePickup } from "../../../../../lib/pickup/describe"

/** The pickup state of an order for the Collect in store card. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  res.json({ pickup: await describePickup(req.scope, req.params.id) })
}
