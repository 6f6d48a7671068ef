import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { shouldExpire } from "../domain"
import { IN_STORE_MODULE } from "../modules/in-store"
import type InStoreModuleService from "../modules/in-store/service"
import { closeInStorePaymentWorkflow } from "../workflows/close-in-store-payment"
import { paymentLockKey } from "./constants"

/** The expiry rule, shared by the job and a new Collect in store: past the deadline plus the callback tolerance. */
export function expiryGraceMs(inStore: InStoreModuleService): number {
  return inStore.getOptions().callback_tolerance_seconds * 1000
}

/**
 * Expires one pending payment if it is overdue by the rule, under its lock (a result being applied wins or
 * loses cleanly). True when this call expired it.
 */
export async function expireIfOverdue(container: MedusaContainer, payment: any, nowMs = Date.now()): Promise<boolean> {
  const inStore: InStoreModuleService = container.resolve(IN_STORE_MODULE)
  const facts = { ...payment, amount: Number(payment.amount) }
  if (!shouldExpire(facts, nowMs, expiryGraceMs(inStore))) return false
  const locking = container.resolve(Modules.LOCKING)
  return locking.execute(paymentLockKey(payment.id), async () => {
    const { result } = await closeInStorePaymentWorkflow(container).run({ input: { id: payment.id, to: "expired" } })
    return result.won
  })
}

/**
 * Pending payments past their link's deadline (plus the callback tolerance, so a result produced in
 * time but delivered late still counts) become expired. Returns the ids it expired.
 */
export async function expireOverduePayments(container: MedusaContainer, nowMs = Date.now()): Promise<string[]> {
  const inStore: InStoreModuleService = container.resolve(IN_STORE_MODULE)
  const candidates = await inStore.listInStorePayments(
    { status: "pending", expires_at: { $lt: new Date(nowMs - expiryGraceMs(inStore)) } },
    { take: 500, order: { expires_at: "ASC" } }
  )
  const expired: string[] = []
  for (const payment of candidates) {
    if (await expireIfOverdue(container, payment, nowMs)) expired.push(payment.id)
  }
  return expired
}
