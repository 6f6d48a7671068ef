import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { readCaptureState } from "../../lib/capture-facts"

/** What Medusa already recorded for this paid payment, and what is still missing. Changes nothing. */
export const loadCaptureStateStep = createStep(
  "load-in-store-capture-state",
  async (input: { in_store_payment_id: string }, { container }) => {
    const state = await readCaptureState(container, input.in_store_payment_id)
    if (state.plan.action === "attention") throw new Error(`In-store payment ${state.in_store_payment_id}: ${state.plan.reason}`)
    return new StepResponse(state)
  }
)
