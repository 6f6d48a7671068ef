import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { IN_STORE_MODULE } from "../modules/in-store"
import type InStoreModuleService from "../modules/in-store/service"
import { recordRefundInMedusa } from "../lib/refunds/record-refund"
import { expiryGraceMs } from "../lib/expire-overdue"

const CLAIM_MS = 5 * 60_000

/**
 * Refunds the terminal confirmed but Medusa has not recorded yet (a crash, a failed workflow) are recorded, with
 * backoff; refund links nobody used die like pay links, after the same tolerance.
 */
export default async function finishInStoreRefundsJob(container: MedusaContainer) {
  const inStore: InStoreModuleService = container.resolve(IN_STORE_MODULE)
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  for (const id of await inStore.claimDueRefundRecords(new Date(), 20, CLAIM_MS)) {
    await recordRefundInMedusa(container, id).catch((error) => logger.error(`in-store refund ${id}: ${(error as Error).message}`))
  }
  const overdue = await inStore.listInStoreRefunds({
    status: "pending",
    via: "terminal",
    expires_at: { $lt: new Date(Date.now() - expiryGraceMs(inStore)) },
  } as any)
  for (const refund of overdue) await inStore.transitionRefund(refund.id, ["pending"], "expired")
}

export const config = { name: "finish-in-store-refunds", schedule: "* * * * *" }
