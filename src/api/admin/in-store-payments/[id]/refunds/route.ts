import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { serializeInStoreRefunds } from "../../../../../lib/refunds/serialize-refund"
import { startInStoreRefund } from "../../../../../lib/refunds/start-refund"
import type { PostInStoreRefundType } from "../../../../validators"

/** The card's Refund action (ADR 7): a refund link for the terminal, or an SBP acquirer's refund at once. */
export async function POST(req: AuthenticatedMedusaRequest<PostInStoreRefundType>, res: MedusaResponse) {
  let refund
  try {
    refund = await startInStoreRefund(req.scope, req.params.id, req.validatedBody as any, req.auth_context?.actor_id)
  } catch (error) {
    // Medusa's error handler hides a conflict's message behind a generic one; the seller needs ours.
    if (MedusaError.isMedusaError(error) && (error as MedusaError).type === MedusaError.Types.CONFLICT) {
      res.status(409).json({ type: "conflict", message: (error as Error).message })
      return
    }
    // The acquirer refused or could not be reached: no money moved, the refund is kept as failed.
    if (MedusaError.isMedusaError(error) && (error as MedusaError).type === MedusaError.Types.UNEXPECTED_STATE) {
      res.status(502).json({ type: "acquirer_failed", message: (error as Error).message })
      return
    }
    throw error
  }
  const [serialized] = await serializeInStoreRefunds(req.scope, [refund])
  res.status(201).json({ in_store_refund: serialized })
}
