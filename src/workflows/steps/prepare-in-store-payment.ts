import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { buildPayLines, type PayLine } from "../../domain"
import { isSbpTerminal } from "../../options"
import { loadOrderSnapshot } from "../../lib/order-snapshot"
import { owedAfterSettling } from "../../lib/owed"
import { IN_STORE_MODULE } from "../../modules/in-store"
import type InStoreModuleService from "../../modules/in-store/service"
import { payLinkProblemOf } from "./attach-pay-link"

// SBP limits (T-Bank 3016; the strictest of the acquirers), in kopecks.
const SBP_MIN_KOPECKS = 10_00
const SBP_MAX_KOPECKS = 1_000_000_00

export interface InStorePaymentPlan {
  order_id: string
  display_id: string
  terminal_id: string
  receipt_by: "store" | "terminal" | "acquirer" | "none"
  amount: number
  currency_code: string
  lines: PayLine[]
  expires_at: string
  /** who the customer is, for a receipt the acquirer registers */
  customer: { email: string | null; phone: string | null }
}

/** Validates the order and plans the payment: what is owed, in lines that sum to it. Changes nothing. */
export const prepareInStorePaymentStep = createStep(
  "prepare-in-store-payment",
  async (input: { order_id: string; terminal_id?: string }, { container }) => {
    const inStore: InStoreModuleService = container.resolve(IN_STORE_MODULE)
    const terminal = inStore.getTerminal(input.terminal_id)
    if (!terminal) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `terminal_id: unknown terminal "${input.terminal_id}"`)
    }
    const fiscal = terminal.receipt_by !== "none" || isSbpTerminal(terminal)
    // The terminal's own register needs every VAT code in the link; the store's receipt reports a missing one itself.
    const order = await loadOrderSnapshot(container, input.order_id, {
      vatRequired: terminal.receipt_by === "terminal" || terminal.receipt_by === "acquirer",
      vatOverrides: inStore.getOptions().fiscal?.vat_overrides,
    })
    if (order.status === "canceled") {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `Order ${order.id} is canceled`)
    }
    if (fiscal && order.currency_code !== "RUB") {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `currency_code: ${order.currency_code} is not supported by terminal "${terminal.id}" (54-FZ receipts are in RUB)`
      )
    }
    // Paid on a terminal but not yet captured in Medusa: Medusa still counts it as owed, we do not (ADR 2).
    const { owed, settling } = await owedAfterSettling(container, order)
    if (owed <= 0 && settling.length) {
      throw new MedusaError(
        MedusaError.Types.CONFLICT,
        `Order ${order.id} is paid by in-store payment ${settling[0].id}, which is being registered in the order; nothing is left to collect`
      )
    }
    if (owed <= 0) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `Order ${order.id} owes nothing`)
    }
    const plan: InStorePaymentPlan = {
      order_id: order.id,
      display_id: order.display_id,
      terminal_id: terminal.id,
      receipt_by: terminal.receipt_by,
      amount: owed,
      currency_code: order.currency_code,
      lines: buildPayLines(order.lines, owed),
      expires_at: new Date(Date.now() + inStore.getOptions().link_ttl_seconds * 1000).toISOString(),
      customer: { email: order.email, phone: order.phone },
    }
    if (isSbpTerminal(terminal) && (owed < SBP_MIN_KOPECKS || owed > SBP_MAX_KOPECKS)) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `amount: an SBP payment takes 10 … 1,000,000 RUB; the order owes ${owed / 100} RUB (terminal "${terminal.id}")`
      )
    }
    // A link the terminal protocol cannot carry is refused here, before any row is written (docs/protocol.md §1.1).
    const linkProblem = isSbpTerminal(terminal) ? null : payLinkProblemOf(inStore, plan)
    if (linkProblem) throw new MedusaError(MedusaError.Types.INVALID_DATA, linkProblem)
    return new StepResponse(plan)
  }
)
