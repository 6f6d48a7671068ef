import type { MedusaContainer } from "@medusajs/framework/types"
import { expireOverduePayments } from "../lib/expire-overdue"

export default async function expireInStorePaymentsJob(container: MedusaContainer) {
  await expireOverduePayments(container)
}

export const config = { name: "expire-in-store-payments", schedule: "* * * * *" }
