import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import finishInStoreRefundsJob from "../../src/jobs/finish-in-store-refunds"
import { parseRefundLink, verifyRefundLink } from "../../src/domain"
import { IN_STORE_MODULE } from "../../src/modules/in-store"
import { kopecks, useAtolEmulator, validateAtolRequest, waitFor } from "../helpers/atol"
import { injectFault } from "../helpers/faults"
import { placeOrder, useSeededWorld } from "../helpers/seeded"
import { signedResult, terminalSecret } from "../helpers/terminal"

jest.setTimeout(240 * 1000)

const emulator = useAtolEmulator({ ATOL_API_VERSION: "v5" })
const ORDER_FIELDS = "fields=id,total,*summary,*items,*payment_collections,*payment_collections.payments,*payment_collections.payments.refunds"

medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    const world = useSeededWorld(getContainer, api)
    const call = (p: Promise<any>) => p.then((r: any) => r, (e: any) => e.response ?? Promise.reject(e))
    const inStore = () => getContainer().resolve(IN_STORE_MODULE) as any

    const knex = () => getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION) as any
    const payInStore = async (orderId: string, terminalId = "counter-1") => {
      const created = await call(api.post(`/admin/orders/${orderId}/in-store-payments`, { terminal_id: terminalId }, world.admin))
      expect(created.status).toBe(200)
      const paid = await call(
        api.post(`/hooks/in-store/${created.data.in_store_payment.id}`, signedResult(created.data.in_store_payment.id, {
          status: "succeeded",
          amount: created.data.in_store_payment.amount,
          currency: created.data.in_store_payment.currency_code,
          txn: `TXN-${created.data.in_store_payment.id.slice(-6)}`,
          ...(terminalId === "mpos-2" ? { fn: "7380440700000001", fd: "101", fp: "1234567890", fiscal_time: "2026-12-03T10:00:00Z" } : {}),
        }, terminalId))
      )
      expect(paid.status).toBe(200)
      return paid.data.in_store_payment
    }
    const orderOf = async (id: string) => (await api.get(`/admin/orders/${id}?${ORDER_FIELDS}`, world.admin)).data.order
    const medusaRefunds = async (orderId: string) =>
      (await orderOf(orderId)).payment_collections.flatMap((pc: any) => pc.payments).flatMap((p: any) => p.refunds ?? [])
    const receiptDone = (externalId: string) =>
      waitFor(`receipt ${externalId} registered`, async () => {
        const [row] = await inStore().listFiscalReceipts({ external_id: externalId })
        return row?.status === "done" ? row : null
      }, 90_000)
    const sellDocument = async (payment: any) => {
      await receiptDone(payment.id)
      return emulator.atol.documents(payment.id)[0].body.receipt
    }
    /** A paid order with goods handed over (a return needs fulfilled items), and its line ids by product handle. */
    const paidOrder = async (items: { handle: string; quantity: number }[], shipping: "pickup" | "courier" = "pickup", terminalId = "counter-1") => {
      const order = await placeOrder(api, world.seed, { items, shipping })
      const payment = await payInStore(order.id, terminalId)
      const full = await orderOf(order.id)
      await api.post(
        `/admin/orders/${order.id}/fulfillments`,
        { items: full.items.map((i: any) => ({ id: i.id, quantity: i.quantity })), location_id: world.seed.stock_location_id },
        world.admin
      )
      const lineOf = (handle: string) => full.items.find((i: any) => i.variant_id === world.seed.variants[handle]).id
      return { order, payment, lineOf }
    }
    /** A return requested through Medusa's admin routes, as the seller does it in Medusa Admin. */
    const returnItems = async (orderId: string, items: { id: string; quantity: number }[]) => {
      const created = await api.post(`/admin/returns`, { order_id: orderId, location_id: world.seed.stock_location_id }, world.admin)
      const id = created.data.return.id
      await api.post(`/admin/returns/${id}/request-items`, { items }, world.admin)
      await api.post(`/admin/returns/${id}/request`, {}, world.admin)
      return { id }
    }
    const askRefund = (paymentId: string, body: Record<string, unknown>) =>
      call(api.post(`/admin/in-store-payments/${paymentId}/refunds`, body, world.admin))
    /** What the terminal sends after performing the refund link. */
    const refundResult = (refund: any, payment: any, extra: Record<string, string | number> = {}, terminalId = "counter-1") =>
      signedResult(payment.id, {
        op: "refund",
        refund_id: refund.id,
        status: "succeeded",
        amount: refund.amount,
        currency: refund.currency_code.toUpperCase(),
        txn: `R-${refund.id.slice(-6)}`,
        original_txn: payment.transaction_id,
        ...extra,
      }, terminalId)
    const sendResult = (paymentId: string, params: Record<string, string>) => call(api.post(`/hooks/in-store/${paymentId}`, params))
    const itemsOf = (receipt: any) =>
      receipt.items.map((i: any) => ({ name: i.name, price: i.price, quantity: i.quantity, sum: i.sum, vat: i.vat.type }))

    it("a return of 1 of 3 mugs: refund on the terminal, Medusa's refund, one sell_refund with exactly that mug", async () => {
      const { order, payment, lineOf } = await paidOrder([{ handle: "ceramic-mug", quantity: 3 }, { handle: "oolong-tea", quantity: 1 }])
      const sold = await sellDocument(payment)
      const ret = await returnItems(order.id, [{ id: lineOf("ceramic-mug"), quantity: 1 }])

      const asked = await askRefund(payment.id, { return_id: ret.id })
      expect(asked.status).toBe(201)
      const refund = asked.data.in_store_refund
      const mugSold = sold.items.find((i: any) => i.name.startsWith("Кружка"))
      expect(refund).toMatchObject({ status: "pending", via: "terminal", basis: "return", return_id: ret.id, amount: kopecks(mugSold.price) })
      expect(refund.qr.payload).toMatch(/\/hooks\/in-store\/links\//)
      // The link is signed with the terminal's secret and names the original transaction.
      expect(verifyRefundLink(refund.refund_link, terminalSecret())).toBe(true)
      const link = parseRefundLink(refund.refund_link).refund
      expect(link).toMatchObject({ op: "refund", refund_id: refund.id, original_txn: payment.transaction_id, amount: refund.amount })
      expect(link.lines).toEqual([expect.objectContaining({ quantity: 1, unit_price: kopecks(mugSold.price) })])
      // The short URL hands the terminal the same signed link.
      const short = await call(api.get(new URL(refund.qr.payload).pathname, { headers: { accept: "application/json" } }))
      expect(short.data).toMatchObject({ refund_id: refund.id, refund_link: refund.refund_link })
      // Nothing is in Medusa before the terminal confirms.
      expect(await medusaRefunds(order.id)).toEqual([])

      const result = refundResult(refund, payment)
      const confirmed = await sendResult(payment.id, result)
      expect(confirmed.status).toBe(200)
      expect(confirmed.data).toMatchObject({ verdict: "accepted", in_store_refund: { status: "done" } })
      const [medusaRefund] = await medusaRefunds(order.id)
      expect(kopecks(Number(medusaRefund.amount))).toBe(refund.amount)
      expect(confirmed.data.in_store_refund.medusa_refund_id).toBe(medusaRefund.id)
      // The order's summary is Medusa's own, with the refund in it.
      const after = await orderOf(order.id)
      expect(kopecks(Number(after.summary.refunded_total ?? 0))).toBe(refund.amount)

      const row = await receiptDone(`${medusaRefund.id}:sell_refund`)
      expect(row).toMatchObject({ operation: "sell_refund", total: refund.amount })
      const [document] = emulator.atol.documents(row.external_id)
      expect(validateAtolRequest("v5", "sell_refund", document.body)).toBeNull()
      expect(itemsOf(document.body.receipt)).toEqual([
        { name: mugSold.name, price: mugSold.price, quantity: 1, sum: mugSold.price, vat: mugSold.vat.type },
      ])

      // The same result again: a retry, nothing twice.
      const replay = await sendResult(payment.id, result)
      expect(replay.status).toBe(200)
      expect(replay.data.verdict).toBe("duplicate")
      expect(await medusaRefunds(order.id)).toHaveLength(1)
      expect(emulator.atol.registrations(row.external_id)).toBe(1)
      // The same return cannot be refunded twice.
      const twice = await askRefund(payment.id, { return_id: ret.id })
      expect(twice.status).toBe(400)
      expect(twice.data.message).toMatch(/return_id/)
    })

    it("two partial returns never refund more than sold; a full return mirrors the sell receipt to the kopeck", async () => {
      const { order, payment, lineOf } = await paidOrder([{ handle: "ceramic-mug", quantity: 3 }, { handle: "oolong-tea", quantity: 2 }])
      const sold = await sellDocument(payment)
      const refundAll = async (body: Record<string, unknown>) => {
        const asked = await askRefund(payment.id, body)
        expect(asked.status).toBe(201)
        const done = await sendResult(payment.id, refundResult(asked.data.in_store_refund, payment))
        expect(done.data.in_store_refund.status).toBe("done")
        const row = await receiptDone(`${done.data.in_store_refund.medusa_refund_id}:sell_refund`)
        return emulator.atol.documents(row.external_id)[0].body.receipt
      }
      const first = await refundAll({ return_id: (await returnItems(order.id, [{ id: lineOf("ceramic-mug"), quantity: 2 }])).id })
      // More mugs than are left is refused, naming the field.
      const tooMany = await askRefund(payment.id, { items: [{ item_id: lineOf("ceramic-mug"), quantity: 2 }] })
      expect(tooMany.status).toBe(400)
      expect(tooMany.data.message).toMatch(/items\[0\]\.quantity.*only 1 of 3/)
      const second = await refundAll({
        items: [
          { item_id: lineOf("ceramic-mug"), quantity: 1 },
          { item_id: lineOf("oolong-tea"), quantity: 2 },
        ],
      })
      // Together the two refunds list exactly what was sold: same names, prices, quantities and sums.
      const byKey = (items: any[]) => {
        const map = new Map<string, { quantity: number; sum: number }>()
        for (const i of items) {
          const key = `${i.name}|${i.price}`
          const at = map.get(key) ?? { quantity: 0, sum: 0 }
          map.set(key, { quantity: at.quantity + i.quantity, sum: at.sum + kopecks(i.sum) })
        }
        return Object.fromEntries([...map.entries()].sort())
      }
      expect(byKey([...first.items, ...second.items])).toEqual(byKey(sold.items))
      expect(kopecks(first.total) + kopecks(second.total)).toBe(payment.amount)
      // Nothing is left to refund.
      const more = await askRefund(payment.id, { amount: 1 })
      expect(more.status).toBe(400)
      expect(more.data.message).toMatch(/amount/)

      // A full return in one refund mirrors the sell receipt item by item.
      const other = await paidOrder([{ handle: "ceramic-mug", quantity: 3 }, { handle: "oolong-tea", quantity: 1 }])
      const otherSold = await sellDocument(other.payment)
      const asked = await askRefund(other.payment.id, {
        items: [
          { item_id: other.lineOf("ceramic-mug"), quantity: 3 },
          { item_id: other.lineOf("oolong-tea"), quantity: 1 },
        ],
      })
      expect(asked.status).toBe(201)
      const done = await sendResult(other.payment.id, refundResult(asked.data.in_store_refund, other.payment))
      const row = await receiptDone(`${done.data.in_store_refund.medusa_refund_id}:sell_refund`)
      const mirrored = emulator.atol.documents(row.external_id)[0].body.receipt
      expect(itemsOf(mirrored)).toEqual(itemsOf(otherSold))
      expect(mirrored.total).toBe(otherSold.total)
    })

    it("money back with no goods: quantities in proportion, the register's arithmetic exact", async () => {
      const { payment } = await paidOrder([{ handle: "ceramic-mug", quantity: 3 }])
      const sold = await sellDocument(payment)
      const asked = await askRefund(payment.id, { amount: 10000, note: "goodwill: scratched glaze" })
      expect(asked.status).toBe(201)
      expect(asked.data.in_store_refund).toMatchObject({ basis: "amount", amount: 10000 })
      const done = await sendResult(payment.id, refundResult(asked.data.in_store_refund, payment))
      const row = await receiptDone(`${done.data.in_store_refund.medusa_refund_id}:sell_refund`)
      const [document] = emulator.atol.documents(row.external_id)
      expect(validateAtolRequest("v5", "sell_refund", document.body)).toBeNull()
      const receipt = document.body.receipt
      expect(kopecks(receipt.total)).toBe(10000)
      const soldQuantity = sold.items.reduce((n: number, i: any) => n + i.quantity, 0)
      const refundedQuantity = receipt.items.reduce((n: number, i: any) => n + i.quantity, 0)
      expect(refundedQuantity).toBeGreaterThan(0)
      expect(refundedQuantity).toBeLessThan(soldQuantity)
      // Then the goods come back: what is left of them, and never more than three mugs across both receipts.
      const rest = await askRefund(payment.id, { items: [{ item_id: asked.data.in_store_refund.lines[0].reference, quantity: 3 }] })
      expect(rest.status).toBe(201)
      expect(rest.data.in_store_refund.amount).toBe(payment.amount - 10000)
      const restQuantity = rest.data.in_store_refund.lines.reduce((n: number, l: any) => n + l.quantity, 0)
      expect(Math.round((refundedQuantity + restQuantity) * 1000)).toBeLessThanOrEqual(soldQuantity * 1000)
    })

    it("a refund of the shipping lists the shipping line", async () => {
      const { payment } = await paidOrder([{ handle: "usb-c-cable", quantity: 1 }], "courier")
      const sold = await sellDocument(payment)
      const shippingSold = sold.items.find((i: any) => i.payment_object === 4)
      expect(shippingSold).toBeDefined()
      const asked = await askRefund(payment.id, { shipping: true })
      expect(asked.status).toBe(201)
      const done = await sendResult(payment.id, refundResult(asked.data.in_store_refund, payment))
      const row = await receiptDone(`${done.data.in_store_refund.medusa_refund_id}:sell_refund`)
      const receipt = emulator.atol.documents(row.external_id)[0].body.receipt
      expect(itemsOf(receipt)).toEqual(itemsOf({ items: [shippingSold] }))
      const again = await askRefund(payment.id, { shipping: true })
      expect(again.status).toBe(400)
      expect(again.data.message).toMatch(/shipping/)
    })

    it("a terminal with its own register prints the refund receipt: its fiscal data is kept, the store registers none", async () => {
      const { order, payment, lineOf } = await paidOrder([{ handle: "ceramic-mug", quantity: 2 }], "pickup", "mpos-2")
      const asked = await askRefund(payment.id, { items: [{ item_id: lineOf("ceramic-mug"), quantity: 1 }] })
      expect(parseRefundLink(asked.data.in_store_refund.refund_link).refund.receipt_by).toBe("terminal")
      const fiscal = { fn: "7380440700000001", fd: "102", fp: "2233445566", fiscal_time: "2026-12-03T10:05:00Z" }
      const done = await sendResult(payment.id, refundResult(asked.data.in_store_refund, payment, fiscal, "mpos-2"))
      expect(done.data.in_store_refund).toMatchObject({ status: "done", terminal_receipt: fiscal, receipt: null })
      expect(await inStore().listFiscalReceipts({ order_id: order.id, kind: "sell_refund" })).toEqual([])
    })

    it("records once when many identical results race, and finishes a refund whose record in Medusa failed", async () => {
      const { order, payment, lineOf } = await paidOrder([{ handle: "ceramic-mug", quantity: 3 }])
      const asked = await askRefund(payment.id, { items: [{ item_id: lineOf("ceramic-mug"), quantity: 1 }] })
      const result = refundResult(asked.data.in_store_refund, payment)
      const answers = await Promise.all(Array.from({ length: 6 }, () => sendResult(payment.id, result)))
      expect(answers.map((a) => a.status)).toEqual(Array(6).fill(200))
      expect(answers.filter((a) => a.data.verdict === "accepted")).toHaveLength(1)
      expect(await medusaRefunds(order.id)).toHaveLength(1)

      // Medusa's refund insert fails once: the money moved on the terminal, so the refund stays confirmed for the job.
      const runSql = (sql: string) => knex().raw(sql)
      const removeRefundFault = await injectFault(runSql, { name: "in_store_refund_fault", table: "refund", message: "injected refund fault" })
      let second: any
      try {
        const again = await askRefund(payment.id, { items: [{ item_id: lineOf("ceramic-mug"), quantity: 1 }] })
        second = again.data.in_store_refund
        const confirmed = await sendResult(payment.id, refundResult(second, payment))
        expect(confirmed.status).toBe(200)
        expect(confirmed.data.in_store_refund).toMatchObject({ status: "confirmed", error: expect.stringMatching(/injected refund fault/) })
      } finally {
        await removeRefundFault()
      }
      expect(await medusaRefunds(order.id)).toHaveLength(1)
      // The job, past the backoff, records it once; running it again changes nothing.
      await inStore().updateInStoreRefunds({ id: second.id, next_record_at: new Date(Date.now() - 1000) })
      await finishInStoreRefundsJob(getContainer())
      await finishInStoreRefundsJob(getContainer())
      expect((await inStore().retrieveInStoreRefund(second.id)).status).toBe("done")
      expect(await medusaRefunds(order.id)).toHaveLength(2)

      // The order's transaction of a refund fails after Medusa wrote the refund: it is completed, not refunded again.
      const removeTransactionFault = await injectFault(runSql, {
        name: "in_store_refund_transaction_fault",
        table: "order_transaction",
        when: "NEW.reference = 'refund'",
        message: "injected refund fault",
      })
      let third: any
      try {
        const asked3 = await askRefund(payment.id, { items: [{ item_id: lineOf("ceramic-mug"), quantity: 1 }] })
        third = asked3.data.in_store_refund
        const confirmed = await sendResult(payment.id, refundResult(third, payment))
        // Medusa's refund is written, its order transaction is not: the refund stays confirmed, the error shown.
        expect(confirmed.data.in_store_refund).toMatchObject({ status: "confirmed", error: expect.stringMatching(/injected refund fault/) })
        const row = await inStore().retrieveInStoreRefund(third.id)
        expect(row.record_attempts).toBe(1)
        expect(new Date(row.next_record_at).getTime()).toBeGreaterThan(Date.now())
      } finally {
        await removeTransactionFault()
      }
      await inStore().updateInStoreRefunds({ id: third.id, next_record_at: new Date(Date.now() - 1000) })
      await finishInStoreRefundsJob(getContainer())
      expect((await inStore().retrieveInStoreRefund(third.id)).status).toBe("done")
      expect(await medusaRefunds(order.id)).toHaveLength(3)
      const transactions = await knex()("order_transaction").where({ order_id: order.id, reference: "refund" }).whereNull("deleted_at")
      expect(transactions).toHaveLength(3)
      const after = await orderOf(order.id)
      expect(kopecks(Number(after.summary.refunded_total))).toBe(payment.amount)
    })

    it("Medusa's own Refund on a terminal payment is refused, names the card's Refund action, and registers nothing", async () => {
      const { order, payment } = await paidOrder([{ handle: "ceramic-mug", quantity: 1 }])
      await sellDocument(payment)
      const medusaPayment = (await orderOf(order.id)).payment_collections
        .flatMap((pc: any) => pc.payments)
        .find((p: any) => p.provider_id === "pp_in-store_in-store")
      const refused = await call(api.post(`/admin/payments/${medusaPayment.id}/refund`, { amount: 100 }, world.admin))
      expect(refused.status).toBeGreaterThanOrEqual(400)
      expect(refused.status).toBeLessThan(500)
      expect(refused.data.message).toMatch(/Collect in store card/)
      expect(await medusaRefunds(order.id)).toEqual([])
      expect(await inStore().listFiscalReceipts({ order_id: order.id, kind: "sell_refund" })).toEqual([])
    })

    it("refuses and logs forged, mismatched, unknown and stale refund results; nothing recorded, no receipt", async () => {
      const { order, payment, lineOf } = await paidOrder([{ handle: "ceramic-mug", quantity: 2 }])
      const asked = await askRefund(payment.id, { items: [{ item_id: lineOf("ceramic-mug"), quantity: 1 }] })
      const refund = asked.data.in_store_refund
      const forged = { ...refundResult(refund, payment), sig: "0".repeat(64) }
      expect((await sendResult(payment.id, forged)).status).toBe(401)
      const wrongAmount = await sendResult(payment.id, refundResult(refund, payment, { amount: refund.amount + 1 }))
      expect(wrongAmount.status).toBe(422)
      expect(wrongAmount.data.type).toBe("amount_mismatch")
      const wrongTxn = await sendResult(payment.id, refundResult(refund, payment, { original_txn: "SOMEONE-ELSES" }))
      expect(wrongTxn.status).toBe(422)
      expect(wrongTxn.data.type).toBe("unknown_transaction")
      const unknown = await sendResult(payment.id, refundResult({ ...refund, id: "isr_01NOTOURS" }, payment))
      expect(unknown.status).toBe(404)
      const stale = await sendResult(payment.id, refundResult(refund, payment, { ts: Math.floor(Date.now() / 1000) - 3600 }))
      expect(stale.status).toBe(401)
      const missing = await sendResult(payment.id, signedResult(payment.id, { op: "refund", refund_id: refund.id, status: "succeeded", amount: refund.amount, currency: "RUB", txn: "R" }))
      expect(missing.status).toBe(400)
      expect(missing.data.field).toBe("original_txn")

      expect((await inStore().retrieveInStoreRefund(refund.id)).status).toBe("pending")
      expect(await medusaRefunds(order.id)).toEqual([])
      expect(await inStore().listFiscalReceipts({ order_id: order.id, kind: "sell_refund" })).toEqual([])
      const events = await inStore().listCallbackEvents({ in_store_payment_id: payment.id })
      expect(events.map((e: any) => e.verdict)).toEqual(
        expect.arrayContaining(["bad_signature", "amount_mismatch", "unknown_transaction", "malformed", "stale"])
      )
      // A decline closes the refund; a success after it is a conflict, still nothing recorded.
      const declined = await sendResult(payment.id, signedResult(payment.id, { op: "refund", refund_id: refund.id, status: "failed", message: "card declined" }))
      expect(declined.data.in_store_refund.status).toBe("failed")
      const late = await sendResult(payment.id, refundResult(refund, payment))
      expect(late.status).toBe(409)
      expect(await medusaRefunds(order.id)).toEqual([])
      // The card shows the refund with its state, and the form's options.
      const { data } = await api.get(`/admin/orders/${order.id}/in-store-payments`, world.admin)
      expect(data.in_store_payments[0].refunds[0]).toMatchObject({ id: refund.id, status: "failed" })
      expect(data.in_store_payments[0].refund_options).toMatchObject({ refundable_amount: payment.amount })
    })
  },
})
