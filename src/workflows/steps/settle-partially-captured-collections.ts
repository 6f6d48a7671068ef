import type { IPaymentModuleService } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"

/**
 * A collection of another provider that captured only part of its amount (e.g. 500 of a manual
 * authorization) is settled at what it captured once the rest was paid in store, so Medusa's order
 * payment status reads `captured` instead of `partially_captured`. Undone on failure.
 */
export const settlePartiallyCapturedCollectionsStep = createStep(
  "settle-partially-captured-collections",
  async (input: { collections: Array<{ id: string; amount: number; captured_amount: number }> }, { container }) => {
    const payments: IPaymentModuleService = container.resolve(Modules.PAYMENT)
    for (const collection of input.collections) {
      await payments.updatePaymentCollections(collection.id, { amount: collection.captured_amount })
    }
    return new StepResponse(input.collections.length, input.collections)
  },
  async (collections, { container }) => {
    if (!collections?.length) return
    const payments: IPaymentModuleService = container.resolve(Modules.PAYMENT)
    for (const collection of collections) {
      await payments.updatePaymentCollections(collection.id, { amount: collection.amount })
    }
  }
)
