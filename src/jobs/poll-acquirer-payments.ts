import type { MedusaContainer } from "@medusajs/framework/types"
import { pollAcquirerPayments } from "../lib/acquirer/poll"

export default async function pollAcquirerPaymentsJob(container: MedusaContainer) {
  await pollAcquirerPayments(container)
}

// Each payment carries its own next poll time (3 s by default); the job wakes often enough to honour it.
export const config = { name: "poll-acquirer-payments", schedule: { interval: 1_000 } }
