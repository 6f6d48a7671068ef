/**
 * `npm run bench`: p50/p95 of Collect in store (create), of callback → captured and of callback → fiscal
 * receipt done (ATOL emulator, 300 ms processing), through real HTTP
 * on a seeded store with embedded PostgreSQL. Prints numbers; asserts nothing about time.
 */
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { IN_STORE_MODULE } from "../src/modules/in-store"
import { useAtolEmulator, waitFor } from "../integration-tests/helpers/atol"
import { placeOrder, useSeededWorld } from "../integration-tests/helpers/seeded"
import { succeeded } from "../integration-tests/helpers/terminal"

jest.setTimeout(30 * 60 * 1000)

const ROUNDS = Number(process.env.BENCH_ROUNDS || 30)

function percentile(values: number[], p: number) {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]
}

const report = (name: string, ms: number[]) =>
  process.stdout.write(
    `${name.padEnd(28)} n=${ms.length}  p50=${percentile(ms, 50).toFixed(1)} ms  p95=${percentile(ms, 95).toFixed(1)} ms  max=${Math.max(...ms).toFixed(1)} ms\n`
  )

// The register: the ATOL Online emulator, answering `done` after 300 ms (its default processing time).
useAtolEmulator()

medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    const world = useSeededWorld(getContainer, api)

    it("measures create and callback → captured", async () => {
      const orders = []
      for (let i = 0; i < ROUNDS; i++) {
        orders.push(await placeOrder(api, world.seed, { items: [{ handle: "ceramic-mug", quantity: 1 + (i % 3) }], promo_code: i % 2 ? world.seed.promo_code : undefined }))
      }
      const create: number[] = []
      const capture: number[] = []
      const receipt: number[] = []
      const inStore = getContainer().resolve(IN_STORE_MODULE) as any
      for (const order of orders) {
        let t = performance.now()
        const payment = (await api.post(`/admin/orders/${order.id}/in-store-payments`, {}, world.admin)).data.in_store_payment
        create.push(performance.now() - t)
        t = performance.now()
        const res = await api.post(`/hooks/in-store/${payment.id}`, succeeded(payment))
        capture.push(performance.now() - t)
        if (res.data.in_store_payment.captured_at === null) throw new Error(`not captured: ${payment.id}`)
        const receiptId = res.data.in_store_payment.receipt.id
        await waitFor("receipt done", async () => (await inStore.retrieveFiscalReceipt(receiptId)).status === "done", 60_000, 20)
        receipt.push(performance.now() - t)
      }
      process.stdout.write(`\nin-store payment flow (${ROUNDS} orders, 2 cores, embedded PostgreSQL, one process)\n`)
      report("create (Collect in store)", create)
      report("callback → captured", capture)
      report("callback → receipt done", receipt)
      expect(create).toHaveLength(ROUNDS)
    })
  },
})
