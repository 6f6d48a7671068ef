import {
  authorizePaymentSessionForOrderWorkflow,
  cancelPaymentStep,
  updatePaymentCollectionStep,
} from "@medusajs/medusa/core-flows"
import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { findRedundantAuthorizationsStep } from "./steps/find-redundant-authorizations"
import { markCapturedStep } from "./steps/mark-captured"
import { settlePartiallyCapturedCollectionsStep } from "./steps/settle-partially-captured-collections"
import { recordVerifiedResultStep } from "./steps/record-verified-result"

/**
 * For an in-store payment already marked paid (the database decided the one winner): authorize and capture
 * it through Medusa's own workflow, which also adds the order transaction; cancel the manual authorization it
 * makes redundant. Safe to run again after a crash.
 */
export const completeInStorePaymentWorkflow = createWorkflow(
  "complete-in-store-payment",
  (input: { in_store_payment_id: string }) => {
    const session = recordVerifiedResultStep(input)
    when("authorize-in-store-session", { session }, ({ session }) => session.awaiting_authorization).then(() => {
      const authorizeInput = transform({ session }, ({ session }) => ({ payment_session_id: session.payment_session_id }))
      authorizePaymentSessionForOrderWorkflow.runAsStep({ input: authorizeInput })
    })
    const orderInput = transform({ session }, ({ session }) => ({ order_id: session.order_id }))
    const redundant = findRedundantAuthorizationsStep(orderInput)
    when("cancel-redundant-authorizations", { redundant }, ({ redundant }) => redundant.collection_ids.length > 0).then(
      () => {
        cancelPaymentStep(transform({ redundant }, ({ redundant }) => ({ paymentIds: redundant.payment_ids })))
        updatePaymentCollectionStep(
          transform({ redundant }, ({ redundant }) => ({
            selector: { id: redundant.collection_ids },
            update: { status: "canceled" as any },
          }))
        )
      }
    )
    settlePartiallyCapturedCollectionsStep(
      transform({ redundant }, ({ redundant }) => ({ collections: redundant.partially_captured }))
    )
    markCapturedStep(input)
    return new WorkflowResponse(input)
  }
)
