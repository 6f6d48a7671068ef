import type { MedusaContainer } from "@medusajs/framework/types"
import { IN_STORE_MODULE } from "../modules/in-store"
import type InStoreModuleService from "../modules/in-store/service"
import { finishCapture } from "./finish-capture"

/** How long a claimed row is left to one job run before another process may take it. */
const CLAIM_MS = 5 * 60_000
const BATCH = 20

/**
 * Paid payments whose Medusa capture did not finish (crash, failed step, restart) are completed here, from
 * what Medusa recorded. `olderThanMs` leaves a fresh payment to the request that is capturing it.
 */
export async function finishPendingCaptures(container: MedusaContainer, olderThanMs = 60_000, now = new Date()): Promise<string[]> {
  const inStore: InStoreModuleService = container.resolve(IN_STORE_MODULE)
  const due = await inStore.claimDueCaptures(new Date(now.getTime() - olderThanMs), BATCH, CLAIM_MS, now)
  const finished: string[] = []
  for (const id of due) {
    if (await finishCapture(container, id)) finished.push(id)
  }
  return finished
}
