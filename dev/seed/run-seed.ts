import type { ExecArgs } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { updateStoresWorkflow } from "@medusajs/medusa/core-flows"
import { seedStore } from "./seed-store"

/** `medusa exec dev/seed/run-seed.ts`: seeds the demo store once and records it in the store's metadata. */
export default async function runSeed({ container }: ExecArgs) {
  const [store] = await container.resolve(Modules.STORE).listStores()
  if ((store.metadata as any)?.in_store_demo) {
    return
  }
  const seed = await seedStore(container)
  await updateStoresWorkflow(container).run({
    input: { selector: { id: store.id }, update: { metadata: { ...(store.metadata ?? {}), in_store_demo: { seed } } } },
  })
}
