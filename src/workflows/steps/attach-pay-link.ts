import { randomBytes } from "node:crypto"
import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { terminalAdapterFor } from "../../adapters/terminals"
import { LINK_TOKEN_BYTES, payLinkSizeProblem } from "../../domain"
import { openAcquirerPayment } from "../../lib/acquirer/open-payment"
import { callbackUrl, shortLinkUrl } from "../../lib/urls"
import { isSbpTerminal } from "../../options"
import { IN_STORE_MODULE } from "../../modules/in-store"
import type InStoreModuleService from "../../modules/in-store/service"
import type { InStorePaymentPlan } from "./prepare-in-store-payment"

// Stand-ins at least as long as real ones (`isp_` + 26-character ULID; 22-character token), so a link
// sized before the row exists is never shorter than the one built after.
const PROVISIONAL_PAYMENT_ID = `isp_${"0".repeat(40)}`
const PROVISIONAL_LINK_TOKEN = "0".repeat(22)

/** The terminal's full signed pay link for a planned payment. */
function payLinkFor(inStore: InStoreModuleService, plan: InStorePaymentPlan, paymentId: string): string {
  const terminal = inStore.getTerminalApp(plan.terminal_id)!
  return terminalAdapterFor(terminal).buildLink(terminal, {
    payment_id: paymentId,
    order_id: plan.order_id,
    display_id: plan.display_id,
    amount: plan.amount,
    currency: plan.currency_code,
    expires_at: plan.expires_at,
    lines: plan.lines,
    receipt_by: plan.receipt_by as "store" | "terminal" | "none",
    callback_url: callbackUrl(inStore.getOptions(), paymentId),
  })
}

/** Why the plan's link cannot be handed to a terminal (docs/protocol.md §1.1), or null; writes nothing. */
export function payLinkProblemOf(inStore: InStoreModuleService, plan: InStorePaymentPlan): string | null {
  return payLinkSizeProblem({
    payLinkLength: payLinkFor(inStore, plan, PROVISIONAL_PAYMENT_ID).length,
    qrPayload: shortLinkUrl(inStore.getOptions(), PROVISIONAL_LINK_TOKEN),
    lineCount: plan.lines.length,
  })
}

/**
 * Builds the terminal's pay link for the new payment and the random token of its short QR URL, and stores
 * them with the Medusa ids they use.
 */
export const attachPayLinkStep = createStep(
  "attach-in-store-pay-link",
  async (
    input: { id: string; plan: InStorePaymentPlan; payment_collection_id: string; payment_session_id: string },
    { container }
  ) => {
    const inStore: InStoreModuleService = container.resolve(IN_STORE_MODULE)
    const terminal = inStore.getTerminal(input.plan.terminal_id)
    if (isSbpTerminal(terminal)) return new StepResponse(await openAcquirerPayment(container, terminal, input))
    const payLink = payLinkFor(inStore, input.plan, input.id)
    // 128 random bits: the short URL hands out the signed link, so it must not be guessable.
    const linkToken = randomBytes(LINK_TOKEN_BYTES).toString("base64url")
    // Checked before anything was written too (prepare step); this guards the real id and token.
    const problem = payLinkSizeProblem({
      payLinkLength: payLink.length,
      qrPayload: shortLinkUrl(inStore.getOptions(), linkToken),
      lineCount: input.plan.lines.length,
    })
    if (problem) throw new MedusaError(MedusaError.Types.INVALID_DATA, problem)
    const updated = await inStore.updateInStorePayments({
      id: input.id,
      pay_link: payLink,
      link_token: linkToken,
      payment_collection_id: input.payment_collection_id,
      payment_session_id: input.payment_session_id,
    })
    return new StepResponse(updated)
  }
)
