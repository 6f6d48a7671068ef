import { defineMiddlewares, validateAndTransformBody, validateAndTransformQuery } from "@medusajs/framework/http"
import { ATOL_CALLBACK_LIMITS, refuseOversizedTerminalResult, TERMINAL_RESULT_LIMITS } from "../lib/request-limits"
import { GetFiscalReceiptsParams, GetInStorePaymentsParams, PostCollectInStore, PostOrderFiscalReceipt } from "./validators"

export default defineMiddlewares({
  routes: [
    {
      matcher: "/admin/orders/:id/in-store-payments",
      method: ["POST"],
      middlewares: [validateAndTransformBody(PostCollectInStore)],
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
    // Public, unauthenticated routes: refuse oversized requests with 413 before they are parsed (docs/protocol.md §4).
    {
      matcher: "/hooks/in-store/:id",
      methods: ["GET", "POST", "PUT", "PATCH", "DELETE"],
      bodyParser: { sizeLimit: TERMINAL_RESULT_LIMITS.bodyBytes },
      middlewares: [refuseOversizedTerminalResult],
    },
    {
      matcher: "/hooks/fiscal/atol/:id",
      methods: ["POST"],
      bodyParser: { sizeLimit: ATOL_CALLBACK_LIMITS.bodyBytes },
    },
  ],
})
