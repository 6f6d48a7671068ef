import type { MedusaContainer } from "@medusajs/framework/types"
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
