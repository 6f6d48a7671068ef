import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { IN_STORE_MODULE } from "../../modules/in-store"
import type InStoreModuleService from "../../modules/in-store/service"
import type { InStorePaymentPlan } from "./prepare-in-store-payment"

/** Inserts the pending row first: the unique index allows one pending payment per order. */
export const createInStorePaymentRecordStep = createStep(
  "create-in-store-payment-record",
  async (plan: InStorePaymentPlan, { container }) => {
    const inStore: InStoreModuleService = container.resolve(IN_STORE_MODULE)
    const record = await inStore.createInStorePayments({
      order_id: plan.order_id,
      display_id: plan.display_id,
      terminal_id: plan.terminal_id,
      receipt_by: plan.receipt_by,
      amount: plan.amount,
      currency_code: plan.currency_code,
      lines: plan.lines as unknown as Record<string, unknown>,
      expires_at: new Date(plan.expires_at),
      pay_link: "",
      status: "pending",
    })
    return new StepResponse(record, record.id)
  },
  async (id, { container }) => {
    if (!id) return
    const inStore: InStoreModuleService = container.resolve(IN_STORE_MODULE)
    await inStore.deleteInStorePayments(id)
  }
)
