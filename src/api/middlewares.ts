import { defineMiddlewares, validateAndTransformBody, validateAndTransformQuery } from "@medusajs/framework/http"
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
  ],
})
