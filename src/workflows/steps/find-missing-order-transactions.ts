import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { currencyExponent, fromMinorUnits } from "../../domain"
import { readCaptureState } from "../../lib/capture-facts"

/**
 * After the capture: the order transactions Medusa still lacks for it (none when its own flow added them).
 * Fails when Medusa's records do not show the payment captured in full, so nothing is marked captured.
 */
export const findMissingOrderTransactionsStep = createStep(
  "find-missing-in-store-order-transactions",
  async (input: { in_store_payment_id: string }, { container }) => {
    const state = await readCaptureState(container, input.in_store_payment_id)
    if (state.plan.action === "done") return new StepResponse([])
    if (state.plan.action !== "add_transactions") {
      throw new Error(`In-store payment ${state.in_store_payment_id} is not captured in Medusa yet (${state.plan.action})`)
    }
    const exponent = currencyExponent(state.currency_code)
    return new StepResponse(
      state.plan.captures.map((capture) => ({
        order_id: state.order_id,
        amount: Number(fromMinorUnits(capture.amount, exponent)),
        currency_code: state.currency_code.toLowerCase(),
        reference: "capture",
        reference_id: capture.id,
      }))
    )
  }
)
