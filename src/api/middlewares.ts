import { defineMiddlewares, validateAndTransformBody, validateAndTransformQuery } from "@medusajs/framework/http"
import { GetInStorePaymentsParams, PostCollectInStore } from "./validators"

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
  ],
})
