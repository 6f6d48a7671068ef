import type { MedusaContainer } from "@medusajs/framework/types"
import { pollAcquirerPayments } from "../lib/acquirer/poll"
import { IN_STORE_MODULE } from "../modules/in-store"
import type InStoreModuleService from "../modules/in-store/service"
import { isSbpTerminal } from "../options"

export default async function pollAcquirerPaymentsJob(container: MedusaContainer) {
  // A store without SBP terminals has nothing to ask any acquirer: no query every second.
  const inStore: InStoreModuleService = container.resolve(IN_STORE_MODULE)
  if (!inStore.listTerminals().some(isSbpTerminal)) return
  await pollAcquirerPayments(container)
}

// Each payment carries its own next poll time (3 s by default); the job wakes often enough to honour it.
export const config = { name: "poll-acquirer-payments", schedule: { interval: 1_000 } }
