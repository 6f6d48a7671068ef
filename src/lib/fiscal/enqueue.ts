import type { MedusaContainer } from "@medusajs/framework/types"
import { IN_STORE_MODULE } from "../../modules/in-store"
import type InStoreModuleService from "../../modules/in-store/service"
import { planReceipt, type ReceiptSubject } from "./plan-receipt"
import { processFiscalReceiptSoon } from "./process-receipt"

/**
 * Writes the outbox row for a settlement (once: the external_id is unique) and starts its first attempt.
 * A second call for the same settlement returns the row the first one wrote.
 */
export async function enqueueReceipt(container: MedusaContainer, subject: ReceiptSubject): Promise<any> {
  const inStore: InStoreModuleService = container.resolve(IN_STORE_MODULE)
  const existing = async () => (await inStore.listFiscalReceipts({ base_external_id: subject.base_external_id }))[0]
  const before = await existing()
  if (before) return before
  const draft = await planReceipt(container, subject)
  try {
    const row = await inStore.createFiscalReceipts(draft as any)
    if (row.status === "pending") processFiscalReceiptSoon(container, row.id)
    return row
  } catch (error) {
    const raced = await existing()
    if (raced) return raced
    throw error
  }
}
