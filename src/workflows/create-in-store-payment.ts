import { createOrderPaymentCollectionWorkflow, createPaymentSessionsWorkflow } from "@medusajs/medusa/core-flows"
import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { fromMinorUnits, currencyExponent } from "../domain"
import { IN_STORE_PROVIDER_ID } from "../lib/constants"
import { attachPayLinkStep } from "./steps/attach-pay-link"
import { createInStorePaymentRecordStep } from "./steps/create-in-store-payment-record"
import { prepareInStorePaymentStep } from "./steps/prepare-in-store-payment"

export interface CreateInStorePaymentInput {
  order_id: string
  terminal_id?: string
}

/**
 * Collect in store: plan the amount from Medusa's order summary, record the pending payment, open a
 * payment collection with a session of our provider, then sign the terminal's link.
 */
export const createInStorePaymentWorkflow = createWorkflow(
  "create-in-store-payment",
  (input: CreateInStorePaymentInput) => {
    const plan = prepareInStorePaymentStep(input)
    const record = createInStorePaymentRecordStep(plan)

    const collectionInput = transform({ plan }, ({ plan }) => ({
      order_id: plan.order_id,
      amount: Number(fromMinorUnits(plan.amount, currencyExponent(plan.currency_code))),
    }))
    const collections = createOrderPaymentCollectionWorkflow.runAsStep({ input: collectionInput })

    const sessionInput = transform({ collections, record }, ({ collections, record }) => ({
      payment_collection_id: collections[0].id,
      provider_id: IN_STORE_PROVIDER_ID,
      data: { in_store_payment_id: record.id },
      context: {},
    }))
    const session = createPaymentSessionsWorkflow.runAsStep({ input: sessionInput })

    const linkInput = transform({ plan, record, collections, session }, ({ plan, record, collections, session }) => ({
      id: record.id,
      plan,
      payment_collection_id: collections[0].id,
      payment_session_id: session.id,
    }))
    const payment = attachPayLinkStep(linkInput)
    return new WorkflowResponse(payment)
  }
)
