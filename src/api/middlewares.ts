import { defineMiddlewares, validateAndTransformBody, validateAndTransformQuery } from "@medusajs/framework/http"
import { ATOL_CALLBACK_LIMITS, refuseOversizedTerminalResult, refuseUndecodablePath, TERMINAL_RESULT_LIMITS } from "../lib/request-limits"
import { pickupPaymentGate } from "../lib/pickup/gate-middleware"
import { GetFiscalReceiptsParams, GetInStorePaymentsParams, PostCollectInStore, PostInStoreRefund, PostOrderFiscalReceipt, PostPickupHandover } from "./validators"

export default defineMiddlewares({
  routes: [
    {
      matcher: "/admin/orders/:id/in-store-payments",
      method: ["POST"],
      middlewares: [validateAndTransformBody(PostCollectInStore)],
    },
    {
      matcher: "/admin/in-store-payments/:id/refunds",
      method: ["POST"],
      middlewares: [validateAndTransformBody(PostInStoreRefund)],
    },
    {
      matcher: "/admin/in-store-payments",
      method: ["GET"],
      middlewares: [validateAndTransformQuery(GetInStorePaymentsParams, {})],
    },
    {
      matcher: "/admin/fiscal-receipts",
      method: ["GET"],
      middlewares: [validateAndTransformQuery(GetFiscalReceiptsParams, {})],
    },
    {
      matcher: "/admin/orders/:id/fiscal-receipts",
      method: ["POST"],
      middlewares: [validateAndTransformBody(PostOrderFiscalReceipt)],
    },
    {
      matcher: "/admin/orders/:id/pickup/handover",
      method: ["POST"],
      middlewares: [validateAndTransformBody(PostPickupHandover)],
    },
    // The pickup payment gate on Medusa's own fulfillment routes (ADR 8).
    { matcher: "/admin/orders/:id/fulfillments", method: ["POST"], middlewares: [pickupPaymentGate("fulfill")] },
    {
      matcher: "/admin/orders/:id/fulfillments/:fulfillment_id/shipments",
      method: ["POST"],
      middlewares: [pickupPaymentGate("ship")],
    },
    {
      matcher: "/admin/orders/:id/fulfillments/:fulfillment_id/mark-as-delivered",
      method: ["POST"],
      middlewares: [pickupPaymentGate("hand_over")],
    },
    { matcher: "/admin/fulfillments/:id/shipment", method: ["POST"], middlewares: [pickupPaymentGate("ship")] },
    // Public, unauthenticated routes: a path that cannot be decoded is a 400 (not Express's 500), and oversized
    // requests are refused with 413 before they are parsed (docs/protocol.md §4).
    { matcher: "/hooks/in-store", middlewares: [refuseUndecodablePath] },
    { matcher: "/hooks/fiscal/atol", middlewares: [refuseUndecodablePath] },
    {
      matcher: "/hooks/in-store/:id",
      methods: ["GET", "POST", "PUT", "PATCH", "DELETE"],
      bodyParser: { sizeLimit: TERMINAL_RESULT_LIMITS.bodyBytes },
      middlewares: [refuseOversizedTerminalResult],
    },
    {
      matcher: "/hooks/in-store/acquirers/:terminal_id",
      methods: ["POST"],
      bodyParser: { sizeLimit: TERMINAL_RESULT_LIMITS.bodyBytes },
    },
    {
      matcher: "/hooks/fiscal/atol/:id",
      methods: ["POST"],
      bodyParser: { sizeLimit: ATOL_CALLBACK_LIMITS.bodyBytes },
    },
  ],
})
