import type { MedusaContainer } from "@medusajs/framework/types"
import { processDueFiscalReceipts } from "../lib/fiscal/process-receipt"

/** The outbox's heartbeat: retries with backoff, polls reports, flags receipts past the legal window. */
export default async function processFiscalReceiptsJob(container: MedusaContainer) {
  await processDueFiscalReceipts(container)
}

export const config = { name: "process-fiscal-receipts", schedule: { interval: 5_000 } }
