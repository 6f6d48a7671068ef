import type { MedusaContainer } from "@medusajs/framework/types"
import { IN_STORE_MODULE } from "../modules/in-store"
import type InStoreModuleService from "../modules/in-store/service"
import { finishCapture } from "./handle-terminal-result"

/** Paid payments whose Medusa capture did not finish (crash, restart, DB hiccup) are completed here. */
export async function finishPendingCaptures(container: MedusaContainer, olderThanMs = 60_000): Promise<string[]> {
  const inStore: InStoreModuleService = container.resolve(IN_STORE_MODULE)
  const stuck = await inStore.listInStorePayments(
    { status: "paid", captured_at: null, paid_at: { $lt: new Date(Date.now() - olderThanMs) } },
    { take: 100 }
  )
  const finished: string[] = []
  for (const payment of stuck) {
    if (await finishCapture(container, payment.id)) finished.push(payment.id)
  }
  return finished
}
