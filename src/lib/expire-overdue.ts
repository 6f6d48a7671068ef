import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { shouldExpire } from "../domain"
import { IN_STORE_MODULE } from "../modules/in-store"
import type InStoreModuleService from "../modules/in-store/service"
import { closeInStorePaymentWorkflow } from "../workflows/close-in-store-payment"
import { paymentLockKey } from "./constants"

/**
 * Pending payments past their link's deadline (plus the callback tolerance, so a result produced in
 * time but delivered late still counts) become expired. Returns the ids it expired.
 */
export async function expireOverduePayments(container: MedusaContainer, nowMs = Date.now()): Promise<string[]> {
  const inStore: InStoreModuleService = container.resolve(IN_STORE_MODULE)
  const locking = container.resolve(Modules.LOCKING)
  const graceMs = inStore.getOptions().callback_tolerance_seconds * 1000
  const candidates = await inStore.listInStorePayments(
    { status: "pending", expires_at: { $lt: new Date(nowMs - graceMs) } },
    { take: 500, order: { expires_at: "ASC" } }
  )
  const expired: string[] = []
  for (const payment of candidates) {
    const facts = { ...payment, amount: Number(payment.amount) }
    if (!shouldExpire(facts, nowMs, graceMs)) continue
    await locking.execute(paymentLockKey(payment.id), async () => {
      const { result } = await closeInStorePaymentWorkflow(container).run({ input: { id: payment.id, to: "expired" } })
      if (result.won) expired.push(payment.id)
    })
  }
  return expired
}
