import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { processDueFiscalReceipts } from "../../src/lib/fiscal/process-receipt"
import { IN_STORE_MODULE } from "../../src/modules/in-store"
import { kopecks, useAtolEmulator, validateAtolRequest, waitFor } from "../helpers/atol"
import { placeOrder, useSeededWorld } from "../helpers/seeded"
import { succeeded } from "../helpers/terminal"

jest.setTimeout(240 * 1000)

// Before the runner: the app boots with its register pointed at the emulator (short timeouts for the fault tests).
const emulator = useAtolEmulator({ ATOL_API_VERSION: "v5", ATOL_REQUEST_TIMEOUT_MS: "1500" })

const ORDER_FIELDS = "fields=id,total,payment_status,*summary,*payment_collections,*payment_collections.payments"

medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    const world = useSeededWorld(getContainer, api)
    const call = (p: Promise<any>) => p.then((r: any) => r, (e: any) => e.response ?? Promise.reject(e))
    const inStore = () => getContainer().resolve(IN_STORE_MODULE) as any

    /** Collect in store and send the terminal's signed success: the path the seller and the terminal take. */
    const payInStore = async (orderId: string, terminal_id = "counter-1") => {
      const created = await call(api.post(`/admin/orders/${orderId}/in-store-payments`, { terminal_id }, world.admin))
      expect(created.status).toBe(200)
      const payment = created.data.in_store_payment
      const paid = await call(api.post(`/hooks/in-store/${payment.id}`, succeeded(payment, {}), { headers: {} }))
      expect(paid.status).toBe(200)
      return paid.data.in_store_payment
    }
    const receiptsOf = async (query: string) => (await api.get(`/admin/fiscal-receipts?${query}`, world.admin)).data
    const receiptOfPayment = async (paymentId: string) =>
      (await api.get(`/admin/in-store-payments/${paymentId}`, world.admin)).data.in_store_payment.receipt
    const receiptById = async (id: string) => (await inStore().listFiscalReceipts({ id }))[0]
    const waitForReceipt = (id: string, status: string, timeoutMs = 30_000) =>
      waitFor(`receipt ${id} to be ${status}`, async () => {
        const row = await receiptById(id)
        return row?.status === status ? row : null
      }, timeoutMs)
    /** The job's own work, run now; `due` pretends the backoff has elapsed (no clock games inside the plugin). */
    const runJob = async (id?: string) => {
      if (id) await inStore().updateFiscalReceipts({ id, next_attempt_at: new Date() })
      return processDueFiscalReceipts(getContainer())
    }
    const newOrder = () =>
      placeOrder(api, world.seed, { items: [{ handle: "ceramic-mug", quantity: 2 }, { handle: "oolong-tea", quantity: 1 }] })

    it("registers a done v5 sell receipt for the promoted order: items sum to the charged amount, once", async () => {
      const atol = emulator.atol
      const payment = await payInStore(world.orders.promoted.id)
      expect(payment.status).toBe("paid")
      // The receipt row exists as soon as the payment is paid (same transaction), before the register answers.
      expect(payment.receipt).toMatchObject({ provider: "atol-online", external_id: payment.id })
      const row = await waitForReceipt(payment.receipt.id, "done")

      const [document] = atol.documents(payment.id)
      expect(atol.registrations(payment.id)).toBe(1)
      expect(document.api_version).toBe("v5")
      expect(document.operation).toBe("sell")
      expect(validateAtolRequest("v5", "sell", document.body)).toBeNull()
      const receipt = document.body.receipt
      const itemKopecks = receipt.items.map((item: any) => kopecks(item.sum))
      expect(itemKopecks.reduce((a: number, b: number) => a + b, 0)).toBe(payment.amount) // 287097
      expect(kopecks(receipt.total)).toBe(payment.amount)
      expect(receipt.payments).toEqual([{ type: 1, sum: receipt.total }])
      for (const item of receipt.items) {
        expect(kopecks(item.price) * item.quantity).toBe(kopecks(item.sum))
        expect(item.payment_method).toBe("full_payment")
        expect(typeof item.payment_object).toBe("number")
        expect(item.measure).toBe(0)
      }
      expect(receipt.items.map((i: any) => i.vat.type)).toEqual(expect.arrayContaining(["vat22", "vat10"]))
      expect(receipt.company).toMatchObject({ inn: "5544332219", sno: "osn", payment_address: "https://shop.example.com" })
      expect(receipt.client.email).toBe(world.orders.promoted.email)

      // The seller sees it on the payment and in the receipts list, with the register's fiscal data.
      const shown = await receiptOfPayment(payment.id)
      expect(shown).toMatchObject({ id: row.id, status: "done", late: false })
      expect(shown.fiscal.fn).toMatch(/^\d{16}$/)
      expect(shown.fiscal.fd).toEqual(expect.any(Number))
      const list = await receiptsOf(`order_id=${world.orders.promoted.id}`)
      expect(list.count).toBe(1)
      expect(list.fiscal_receipts[0]).toMatchObject({ kind: "sell", operation: "sell", status: "done", api_version: "v5", total: payment.amount })
      expect(list.fiscal_receipts[0].request.external_id).toBe(payment.id)
      expect(list.fiscal_receipts[0].response.body.status).toBe("done")

      // Any number of later job runs change nothing and register nothing new.
      await runJob()
      await runJob()
      expect(atol.registrations(payment.id)).toBe(1)
    })

    it("gets every receipt done exactly once through a register that is down, 5xx, silent, slow and rate-limited", async () => {
      const atol = emulator.atol
      const orders = await Promise.all([newOrder(), newOrder(), newOrder()])

      // Down: the immediate attempt cannot connect; the row stays pending with the error and a next attempt.
      atol.setFaults({ down: true })
      const down = await payInStore(orders[0].id)
      let row = await waitFor("a failed first attempt", async () => {
        const r = await receiptById(down.receipt.id)
        return r.attempts >= 1 ? r : null
      })
      expect(row.status).toBe("pending")
      expect(row.error.code).toBe("network")
      expect(new Date(row.next_attempt_at).getTime()).toBeGreaterThan(Date.now())
      await runJob(row.id) // still down
      const stillDown = await receiptById(row.id)
      expect(stillDown.status).toBe("pending")

      // 5xx twice, then the register answers.
      atol.setFaults({ down: false, http_5xx: 2 })
      // The app's own scheduled job may hold the receipt's lease at that moment (our run is then "busy"), or end
      // an attempt it began while the register was still down: wait for an attempt under the new fault, whoever
      // makes it.
      const attemptsBefore = stillDown.attempts
      const underFault = await waitFor("an attempt under the 5xx fault", async () => {
        await runJob(row.id)
        const r = await receiptById(row.id)
        return r.attempts > attemptsBefore && r.error?.code !== "network" ? r : null
      })
      expect(underFault.error).toMatchObject({ code: 50 })
      await runJob(row.id)
      await runJob(row.id)
      await waitFor("the first receipt done", async () => {
        await runJob(row.id)
        return (await receiptById(row.id)).status === "done"
      })
      expect(atol.registrations(down.id)).toBe(1)

      // Silent: the register registers the document but the answer never comes (client times out); the
      // resend with the same external_id gets code 33 and the existing uuid.
      atol.setFaults({ timeout: 1 })
      const silent = await payInStore(orders[1].id)
      row = await waitFor("the timed-out attempt", async () => {
        const r = await receiptById(silent.receipt.id)
        return r.attempts >= 1 && r.status === "pending" ? r : null
      })
      expect(String(row.error.text)).toMatch(/no answer/)
      await waitFor("the second receipt done", async () => {
        await runJob(row.id)
        return (await receiptById(row.id)).status === "done"
      })
      expect(atol.registrations(silent.id)).toBe(1)
      expect(atol.requests().some((r) => r.code === 33)).toBe(true)

      // Slow answers, a document that stays `wait` for 3 polls, the 1 req/s report limit, an expired token.
      atol.setFaults({ slow_ms: 300, wait_polls: 3, rate_limit: true })
      const slow = await payInStore(orders[2].id)
      atol.setFaults({ expire_tokens: true })
      await waitFor("the third receipt done", async () => {
        await runJob(slow.receipt.id)
        return (await receiptById(slow.receipt.id)).status === "done"
      }, 60_000)
      expect(atol.registrations(slow.id)).toBe(1)
      expect(atol.requests().some((r) => r.code === 11)).toBe(true)
      atol.resetFaults()
    })

    it("records a receipt the register refuses as failed with its reason, and retries it by hand", async () => {
      const atol = emulator.atol
      atol.setFaults({ fail_next: { code: 2009, text: "ИНН и ККТ не соответствуют", type: "agent" } })
      const payment = await payInStore((await newOrder()).id)
      let row = await waitForReceipt(payment.receipt.id, "failed")
      expect(row.error).toMatchObject({ code: 2009, type: "agent" })
      expect((await receiptOfPayment(payment.id)).error.code).toBe(2009)
      expect((await receiptsOf("status=failed")).fiscal_receipts.map((r: any) => r.id)).toContain(row.id)

      // The document was spent in the register: the retry goes under the next external_id, and is done.
      const retried = await call(api.post(`/admin/fiscal-receipts/${row.id}/retry`, {}, world.admin))
      expect(retried.status).toBe(200)
      expect(retried.data.fiscal_receipt).toMatchObject({ status: "pending", external_id: `${payment.id}.2` })
      row = await waitForReceipt(row.id, "done")
      expect(atol.registrations(`${payment.id}.2`)).toBe(1)

      const again = await call(api.post(`/admin/fiscal-receipts/${row.id}/retry`, {}, world.admin))
      expect(again.status).toBe(400)
      expect(again.data.message).toMatch(/done/)
      expect((await call(api.post(`/admin/fiscal-receipts/fr_nope/retry`, {}, world.admin))).status).toBe(404)
    })

    // Refund receipts (a refund through the terminal, listing the goods returned) are in refunds.spec.ts.

    it("issues the handover receipt of an order paid online: full_payment items, prepayment offset", async () => {
      const atol = emulator.atol
      const order = world.orders.plain
      // Refused while the order still owes (its online payment is only authorized).
      const owing = await call(api.post(`/admin/orders/${order.id}/fiscal-receipts`, { kind: "handover" }, world.admin))
      expect(owing.status).toBe(400)
      expect(owing.data.message).toMatch(/owes/)
      const bad = await call(api.post(`/admin/orders/${order.id}/fiscal-receipts`, { kind: "sell" }, world.admin))
      expect(bad.status).toBe(400)
      expect(bad.data.message).toMatch(/kind/)

      // Paid online: capture the order's online payment, then hand the goods over.
      const { data } = await api.get(`/admin/orders/${order.id}?${ORDER_FIELDS}`, world.admin)
      const online = data.order.payment_collections.flatMap((pc: any) => pc.payments)[0]
      await api.post(`/admin/payments/${online.id}/capture`, {}, world.admin)
      const issued = await call(api.post(`/admin/orders/${order.id}/fiscal-receipts`, { kind: "handover" }, world.admin))
      expect(issued.status).toBe(200)
      const receipt = issued.data.fiscal_receipt
      expect(receipt).toMatchObject({ kind: "handover", operation: "sell", external_id: `${order.id}:handover` })
      expect(receipt.total).toBe(Math.round(Number(data.order.total) * 100))
      const done = await waitForReceipt(receipt.id, "done")
      const [document] = atol.documents(done.external_id)
      expect(validateAtolRequest("v5", "sell", document.body)).toBeNull()
      expect(document.body.receipt.payments).toEqual([{ type: 2, sum: document.body.receipt.total }])
      expect(document.body.receipt.items.every((i: any) => i.payment_method === "full_payment")).toBe(true)

      // Asking again returns the same receipt.
      const again = await call(api.post(`/admin/orders/${order.id}/fiscal-receipts`, { kind: "handover" }, world.admin))
      expect(again.data.fiscal_receipt.id).toBe(receipt.id)
      expect(atol.registrations(done.external_id)).toBe(1)
    })

    it("answers ATOL's callback as a hint only, and 401 for the admin routes without login", async () => {
      expect((await call(api.post(`/hooks/fiscal/atol/fr_unknown`, { status: "done" }))).status).toBe(404)
      expect((await call(api.get(`/admin/fiscal-receipts`))).status).toBe(401)
      expect((await call(api.post(`/admin/fiscal-receipts/fr_x/retry`, {}))).status).toBe(401)
      const bad = await call(api.get(`/admin/fiscal-receipts?status=lost`, world.admin))
      expect(bad.status).toBe(400)
      expect(JSON.stringify(bad.data)).toMatch(/status/)
    })
  },
})
