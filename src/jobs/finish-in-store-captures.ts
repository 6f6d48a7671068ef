import type { MedusaContainer } from "@medusajs/framework/types"
import { finishPendingCaptures } from "../lib/finish-pending-captures"

export default async function finishInStoreCapturesJob(container: MedusaContainer) {
  await finishPendingCaptures(container)
}

export const config = { name: "finish-in-store-captures", schedule: "* * * * *" }
