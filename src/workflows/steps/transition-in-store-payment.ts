import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { InStorePaymentStatus } from "../../domain"
import { IN_STORE_MODULE } from "../../modules/in-store"
import type InStoreModuleService from "../../modules/in-store/service"

/** Conditional status change (only from `from`); undone if a later step of the workflow fails. */
export const transitionInStorePaymentStep = createStep(
  "transition-in-store-payment",
  async (input: { id: string; from: InStorePaymentStatus; to: InStorePaymentStatus; result?: Record<string, unknown> }, { container }) => {
    const inStore: InStoreModuleService = container.resolve(IN_STORE_MODULE)
    // The terminal's own words (a decline reason) are kept for the seller.
    const patch = { ...(input.to === "canceled" ? { canceled_at: new Date() } : {}), ...(input.result ? { result: input.result } : {}) }
    const won = await inStore.transitionStatus(input.id, input.from, input.to, patch)
    const record = await inStore.retrieveInStorePayment(input.id)
    return new StepResponse({ won, payment_collection_id: record.payment_collection_id }, won ? input : undefined)
  },
  async (undo, { container }) => {
    if (!undo) return
    const inStore: InStoreModuleService = container.resolve(IN_STORE_MODULE)
    await inStore.transitionStatus(undo.id, undo.to, undo.from)
  }
)
