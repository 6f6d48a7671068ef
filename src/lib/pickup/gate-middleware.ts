import type { AuthenticatedMedusaRequest, MedusaNextFunction, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { PickupOperation } from "../../domain"
import { recordHandover } from "./handover"
import { assertPickupMayLeave, loadPickupOrder, orderOfFulfillment } from "./pickup-order"

/**
 * The payment gate in front of Medusa's own admin routes (ADR 8): refused before Medusa writes anything, with
 * the amount owed, which the admin's fulfillment buttons show as their error.
 */
export function pickupPaymentGate(operation: PickupOperation) {
  return async function pickupPaymentGateMiddleware(req: AuthenticatedMedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
    // Order routes name the order; /admin/fulfillments/:id/shipment names only the fulfillment.
    const orderId = req.params.id?.startsWith("order_") ? req.params.id : await orderOfFulfillment(req.scope, req.params.id)
    if (orderId) await assertPickupMayLeave(req.scope, orderId, operation)
    if (operation === "hand_over" && orderId) recordSellerOnSuccess(req, res, orderId)
    next()
  }
}

/** Medusa's "Mark as delivered" of a pickup order is its handover: the user who clicked is who handed it over. */
function recordSellerOnSuccess(req: AuthenticatedMedusaRequest, res: MedusaResponse, orderId: string) {
  res.on("finish", () => {
    if (res.statusCode >= 300) return
    const logger = req.scope.resolve(ContainerRegistrationKeys.LOGGER)
    loadPickupOrder(req.scope, orderId)
      .then(async (facts) => {
        if (facts.is_pickup) await recordHandover(req.scope, facts, { user_id: req.auth_context?.actor_id ?? null, code_checked: false })
      })
      .catch((error) => logger.error(`Recording the handover of order ${orderId} failed: ${error.message}`))
  })
}
