import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { processFiscalReceipt } from "../../src/lib/fiscal/process-receipt"
import { IN_STORE_MODULE } from "../../src/modules/in-store"
import { useAtolEmulator, waitFor } from "../helpers/atol"
import { placeOrder, useSeededWorld } from "../helpers/seeded"
import { succeeded } from "../helpers/terminal"

jest.setTimeout(240 * 1000)

// The register answers this late while worker A waits; the client's timeout is longer, so A does get its answer.
const SLOW_REGISTER_MS = 3_000
// A's lease, far shorter than its exchange with the slow register: it runs out mid-call and B takes over.
const SHORT_LEASE_MS = 300

const emulator = useAtolEmulator({ ATOL_API_VERSION: "v5", ATOL_REQUEST_TIMEOUT_MS: String(2 * SLOW_REGISTER_MS) })

medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    const world = useSeededWorld(getContainer, api)
    const call = (p: Promise<any>) => p.then((r: any) => r, (e: any) => e.response ?? Promise.reject(e))
    const inStore = () => getContainer().resolve(IN_STORE_MODULE) as any
    const db = () => getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION) as any
    const receiptById = async (id: string) => (await inStore().listFiscalReceipts({ id }))[0]

    const payInStore = async (orderId: string) => {
      const created = await call(api.post(`/admin/orders/${orderId}/in-store-payments`, { terminal_id: "counter-1" }, world.admin))
      expect(created.status).toBe(200)
      const payment = created.data.in_store_payment
      const paid = await call(api.post(`/hooks/in-store/${payment.id}`, succeeded(payment, {}), { headers: {} }))
      expect(paid.status).toBe(200)
      return paid.data.in_store_payment
    }

    /** Every version of the receipt row, in order, written by a trigger: a status that flickered is seen too. */
    const recordReceiptHistory = async () => {
      await db().raw(`
        create table if not exists fiscal_receipt_history (seq bigserial primary key, receipt_id text, status text, uuid text, lease_token text);
        create or replace function record_fiscal_receipt_history() returns trigger language plpgsql as $$
        begin
          insert into fiscal_receipt_history (receipt_id, status, uuid, lease_token) values (new.id, new.status, new.uuid, new.lease_token);
          return new;
        end $$;
        drop trigger if exists fiscal_receipt_history on fiscal_receipt;
        create trigger fiscal_receipt_history after insert or update on fiscal_receipt for each row execute function record_fiscal_receipt_history();
      `)
      return async (id: string) =>
        (await db()("fiscal_receipt_history").where({ receipt_id: id }).orderBy("seq")) as { status: string; uuid: string | null; lease_token: string | null }[]
    }

    /** Once an attempt has been made and nobody holds the lease, the receipt's next attempt is an hour away. */
    const putOffAfterFirstAttempt = (id: string) =>
      waitFor("the immediate attempt to give up and the receipt to be put off", async () => {
        const putOff = await db()("fiscal_receipt")
          .where({ id })
          .where("attempts", ">=", 1)
          .andWhere((q: any) => q.whereNull("locked_until").orWhere("locked_until", "<", db().raw("clock_timestamp()")))
          .update({ next_attempt_at: new Date(Date.now() + 3600_000) })
          .returning("id")
        return putOff.length === 1
      })

    it("leaves a receipt put off since the job listed it to its new time, while a retry by hand still takes it", async () => {
      const atol = emulator.atol
      const order = await placeOrder(api, world.seed, { items: [{ handle: "ceramic-mug", quantity: 1 }] })
      atol.setFaults({ down: true })
      const payment = await payInStore(order.id)
      const id = payment.receipt.id
      const listedAt = new Date()
      await putOffAfterFirstAttempt(id)
      atol.setFaults({ down: false })
      const before = await receiptById(id)

      // The job listed it as due a moment ago; by its claim the receipt is no longer due, so nothing is sent.
      expect(await processFiscalReceipt(getContainer(), id, { dueBy: listedAt })).toBe("busy")
      expect(await receiptById(id)).toMatchObject({ status: "pending", attempts: before.attempts, locked_until: null })
      expect(atol.registrations(payment.id)).toBe(0)

      // Someone retrying it by hand (no dueBy) is not held back by the schedule.
      expect(await processFiscalReceipt(getContainer(), id)).toBe("worked")
      await waitFor("the receipt to be registered", async () => (await receiptById(id)).status === "done")
      expect(atol.registrations(payment.id)).toBe(1)
    })

    it("lets one of two workers register a receipt once when the first one's lease runs out on a slow register, and never takes done back to sent", async () => {
      const atol = emulator.atol
      const historyOf = await recordReceiptHistory()
      const order = await placeOrder(api, world.seed, { items: [{ handle: "ceramic-mug", quantity: 1 }] })

      // The immediate attempt after the payment meets a register that is down, so the receipt is left to our
      // two workers; its next attempt is put off so the scheduled job stays out of the race. It is put off
      // only while nobody holds the lease (the job may have taken a retry meanwhile, which would write its
      // own next attempt); once put off, the job's claim no longer takes it.
      atol.setFaults({ down: true })
      const payment = await payInStore(order.id)
      const id = payment.receipt.id
      await putOffAfterFirstAttempt(id)

      // Worker A: its registration reaches the register (the document is created at once) but the answer is late.
      atol.setFaults({ down: false, slow_ms: SLOW_REGISTER_MS })
      const requestsBefore = atol.requests().length
      const workerA = processFiscalReceipt(getContainer(), id, { leaseMs: SHORT_LEASE_MS })
      await waitFor("A's registration to reach the register", async () => atol.documents(payment.id).length === 1, 30_000, 50)
      atol.setFaults({ slow_ms: 0 })
      await waitFor("A's lease to run out while A still waits for the register", async () => {
        const row = await receiptById(id)
        return row.status === "pending" && row.locked_until && new Date(row.locked_until).getTime() < Date.now()
      }, 30_000, 50)

      // The register has fiscalised A's document; A has not heard yet. Worker B (another job run or process)
      // takes the receipt over and sees it through before A's late answer arrives.
      await waitFor("the register to finish A's document", async () => atol.documents(payment.id)[0]?.status === "done", 30_000, 50)
      const workerB = processFiscalReceipt(getContainer(), id)
      const [outcomeA, outcomeB] = await Promise.all([workerA, workerB])
      expect(outcomeB).toBe("worked")
      // A got its answer after the takeover: it stopped without writing, and its failure broke nothing.
      expect(outcomeA).toBe("lease-lost")

      // Both workers talked to the register; it holds one document, the second request was answered "exists" (33).
      const sells = atol.requests().slice(requestsBefore).filter((r) => r.method === "POST" && r.path.endsWith("/in-store-demo-v5/sell") && !r.dropped)
      expect(sells.map((r) => r.code)).toEqual([null, 33])
      expect(atol.registrations(payment.id)).toBe(1)
      const [document] = atol.documents(payment.id)

      const row = await receiptById(id)
      expect(row).toMatchObject({ status: "done", uuid: document.uuid, locked_until: null, lease_token: null })
      expect(row.fiscal.fn).toMatch(/^\d{16}$/)

      // Every status the row ever had: forward only, and nothing after done but done (A's late "sent" never landed).
      const history = await historyOf(id)
      const statuses = history.map((h) => h.status).filter((status, i, all) => i === 0 || status !== all[i - 1])
      expect(statuses).toEqual(["pending", "sent", "done"])
      const firstDone = history.findIndex((h) => h.status === "done")
      expect(history.slice(firstDone).every((h) => h.status === "done" && h.uuid === document.uuid)).toBe(true)
      // It moved forward under one lease, B's: the last one taken (A's came just before it).
      const leases = history.map((h) => h.lease_token).filter((token, i, all) => token && all.indexOf(token) === i)
      const leaseOf = (status: string) => history.find((h) => h.status === status)!.lease_token
      expect(leaseOf("sent")).toBe(leases[leases.length - 1])
      expect(leaseOf("done")).toBe(leaseOf("sent"))

      // Later job runs find nothing to do: the receipt is done and registered once.
      expect(await processFiscalReceipt(getContainer(), id)).toBe("busy")
      expect(atol.registrations(payment.id)).toBe(1)
    })
  },
})
