/**
 * `npm run bench` (SBP part): p50/p95 of the time from the customer's payment at the acquirer (T-Bank's emulator)
 * to the payment captured in Medusa — with the acquirer's signed notification, and with notifications lost
 * (found by the 3 s poll). Real HTTP both ways, embedded PostgreSQL. Prints numbers; asserts nothing about time.
 */
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { IN_STORE_MODULE } from "../src/modules/in-store"
import { waitFor } from "../integration-tests/helpers/atol"
import { placeOrder, useSeededWorld } from "../integration-tests/helpers/seeded"
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { freePort } = require("../dev/host.js")
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { startTbankEmulator } = require("../dev/acquirer-emulators/tbank")

jest.setTimeout(30 * 60 * 1000)

const ROUNDS = Number(process.env.BENCH_SBP_ROUNDS || 15)
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil((p / 100) * values.length) - 1)]
const report = (name: string, ms: number[]) =>
  process.stdout.write(
    `${name.padEnd(34)} n=${ms.length}  p50=${percentile(ms, 50).toFixed(0)} ms  p95=${percentile(ms, 95).toFixed(0)} ms  max=${Math.max(...ms).toFixed(0)} ms\n`
  )

let tbank: any
beforeAll(async () => {
  const port: number = await freePort()
  tbank = await startTbankEmulator({})
  Object.assign(process.env, { PORT: String(port), TBANK_BASE_URL: tbank.url, TBANK_RECEIPT_BY: "none" })
})
afterAll(async () => {
  await tbank?.stop()
  delete process.env.TBANK_BASE_URL
  delete process.env.TBANK_RECEIPT_BY
  delete process.env.PORT
})

medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    const world = useSeededWorld(getContainer, api)

    it("measures payment → captured, notified and polled", async () => {
      const inStore = getContainer().resolve(IN_STORE_MODULE) as any
      const measure = async (lose: boolean) => {
        const times: number[] = []
        tbank.setFaults({ notifications_lost: lose })
        for (let i = 0; i < ROUNDS; i++) {
          const order = await placeOrder(api, world.seed, { items: [{ handle: "ceramic-mug", quantity: 1 + (i % 3) }] })
          const payment = (await api.post(`/admin/orders/${order.id}/in-store-payments`, { terminal_id: "sbp-tbank" }, world.admin)).data
            .in_store_payment
          const t = performance.now()
          tbank.pay(payment.acquirer_payment_id)
          await waitFor("captured", async () => (await inStore.retrieveInStorePayment(payment.id)).captured_at, 60_000, 10)
          times.push(performance.now() - t)
        }
        tbank.setFaults({ notifications_lost: false })
        return times
      }
      const notified = await measure(false)
      const polled = await measure(true)
      process.stdout.write(`\nSBP through T-Bank's emulator (${ROUNDS} orders each, 2 cores, one process, poll every 3 s)\n`)
      report("paid → captured (notification)", notified)
      report("paid → captured (notification lost)", polled)
      expect(polled).toHaveLength(ROUNDS)
    })
  },
})
