import { addOrderTransactionStep, cancelPaymentStep, updatePaymentCollectionStep } from "@medusajs/medusa/core-flows"
import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { authorizeInStoreSessionStep } from "./steps/authorize-in-store-session"
import { findMissingOrderTransactionsStep } from "./steps/find-missing-order-transactions"
import { findRedundantAuthorizationsStep } from "./steps/find-redundant-authorizations"
import { loadCaptureStateStep } from "./steps/load-capture-state"
import { rebindInStoreSessionStep } from "./steps/rebind-in-store-session"
import { settlePartiallyCapturedCollectionsStep } from "./steps/settle-partially-captured-collections"

/**
 * For an in-store payment already marked paid (the database decided the one winner): finish in Medusa
 * whatever its records still lack — authorization with capture, the order transaction — and cancel the
 * manual authorization it makes redundant. Each run starts from what Medusa recorded, so it is safe to
 * run again after a failure or crash at any step (ADR 2). Marking the payment captured is the caller's,
 * after this succeeds.
 */
export const completeInStorePaymentWorkflow = createWorkflow(
  "complete-in-store-payment",
  (input: { in_store_payment_id: string }) => {
    const state = loadCaptureStateStep(input)
    when("rebind-in-store-session", { state }, ({ state }) => state.plan.action === "rebind").then(() => {
      rebindInStoreSessionStep(input)
    })
    when("authorize-in-store-session", { state }, ({ state }) => ["authorize", "rebind"].includes(state.plan.action)).then(
      () => {
        authorizeInStoreSessionStep(input)
      }
    )

    const orderInput = transform({ state }, ({ state }) => ({ order_id: state.order_id }))
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

    // Last, so no later step's failure can roll the order's transaction back.
    const transactions = findMissingOrderTransactionsStep(input)
    when("add-in-store-order-transactions", { transactions }, ({ transactions }) => transactions.length > 0).then(() => {
      addOrderTransactionStep(transactions)
    })
    return new WorkflowResponse(input)
  }
)
