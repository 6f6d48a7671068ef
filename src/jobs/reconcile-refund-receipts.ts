import type { MedusaContainer } from "@medusajs/framework/types"
import { issueRefundReceipts } from "../lib/fiscal/refund-receipts"

/** Safety net for the refund subscriber (an event lost in a crash): recent refunds without a receipt get one. */
export default async function reconcileRefundReceiptsJob(container: MedusaContainer) {
  await issueRefundReceipts(container, { since: new Date(Date.now() - 3 * 24 * 3600_000) })
}

export const config = { name: "reconcile-refund-receipts", schedule: "* * * * *" }
