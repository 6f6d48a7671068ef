import type { MedusaContainer } from "@medusajs/framework/types"
import { adminHeaders } from "./admin"
import { seedStore, type SeededStore } from "../../dev/seed/seed-store"
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { placeOrder, placeDemoOrders } = require("../../dev/seed/store-orders")

export { placeOrder }

export interface SeededWorld {
  seed: SeededStore
  orders: { plain: any; promoted: any }
}

/** The demo's store and its two orders, placed through the store API, as the tests start from. */
export async function seedWorld(container: MedusaContainer, api: any): Promise<SeededWorld> {
  const seed = await seedStore(container)
  const orders = await placeDemoOrders(api, seed)
  return { seed, orders }
}

/** Seeds the world and an admin once per suite (before the runner's snapshot); read it inside tests. */
export function useSeededWorld(getContainer: () => MedusaContainer, api: any) {
  const ctx = {} as SeededWorld & { admin: { headers: Record<string, string> } }
  beforeAll(async () => {
    Object.assign(ctx, await seedWorld(getContainer(), api))
    ctx.admin = await adminHeaders(getContainer())
  })
  return ctx
}
