import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError, Modules } from "@medusajs/framework/utils"
import { IN_STORE_MODULE } from "../../modules/in-store"
import type InStoreModuleService from "../../modules/in-store/service"
import { externalIdFor } from "./plan-receipt"
import { processFiscalReceiptSoon } from "./process-receipt"

/**
 * A person's retry. A receipt the register never accepted goes again under the same external_id, with
 * its request rebuilt from the order and options as they are now (the fix is usually there). One the
 * register accepted and then refused is a spent document: it goes under the next external_id.
 */
export async function retryFiscalReceipt(container: MedusaContainer, id: string) {
  const inStore: InStoreModuleService = container.resolve(IN_STORE_MODULE)
  const locking = container.resolve(Modules.LOCKING)
  return locking.execute(`fiscal-receipt-retry:${id}`, async () => {
    const [row] = await inStore.listFiscalReceipts({ id })
    if (!row) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Fiscal receipt ${id} was not found`)
    if (row.status === "done" || row.status === "sent") {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `Fiscal receipt ${id} is ${row.status}: there is nothing to retry`)
    }
    if (row.status === "failed") {
      const spent = !!row.uuid
      const generation = spent ? row.generation + 1 : row.generation
      await inStore.updateFiscalReceipts({
        id,
        status: "pending",
        generation,
        external_id: externalIdFor(row.base_external_id, generation),
        uuid: null,
        polls: 0,
        request: null, // rebuilt on the attempt, from the order and options as they are now
        next_attempt_at: new Date(),
      })
    } else {
      await inStore.updateFiscalReceipts({ id, next_attempt_at: new Date() })
    }
    processFiscalReceiptSoon(container, id)
    return inStore.retrieveFiscalReceipt(id)
  })
}
