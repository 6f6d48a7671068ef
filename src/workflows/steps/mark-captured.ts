import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { IN_STORE_MODULE } from "../../modules/in-store"
import type InStoreModuleService from "../../modules/in-store/service"

export const markCapturedStep = createStep(
  "mark-in-store-payment-captured",
  async (input: { in_store_payment_id: string }, { container }) => {
    const inStore: InStoreModuleService = container.resolve(IN_STORE_MODULE)
    await inStore.markCaptured(input.in_store_payment_id)
    return new StepResponse(input.in_store_payment_id)
  }
)
