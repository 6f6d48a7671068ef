import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { updatePaymentCollectionStep } from "@medusajs/medusa/core-flows"
import { transitionInStorePaymentStep } from "./steps/transition-in-store-payment"

/** pending → failed | canceled | expired, and the (unpaid) payment collection it opened is canceled in Medusa. */
export const closeInStorePaymentWorkflow = createWorkflow(
  "close-in-store-payment",
  (input: { id: string; to: "failed" | "canceled" | "expired"; result?: Record<string, unknown> }) => {
    const transitionInput = transform({ input }, ({ input }) => ({ id: input.id, from: "pending" as const, to: input.to, result: input.result }))
    const outcome = transitionInStorePaymentStep(transitionInput)
    when("cancel-in-store-collection", { outcome }, ({ outcome }) => outcome.won && !!outcome.payment_collection_id).then(
      () => {
        updatePaymentCollectionStep(
          transform({ outcome }, ({ outcome }) => ({
            selector: { id: outcome.payment_collection_id! },
            update: { status: "canceled" as any },
          }))
        )
      }
    )
    return new WorkflowResponse(outcome)
  }
)
