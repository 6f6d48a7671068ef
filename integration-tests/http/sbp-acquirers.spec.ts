import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import finishInStoreRefundsJob from "../../src/jobs/finish-in-store-refunds"
import { tbankToken } from "../../src/domain/acquirers/tbank"
import { waitFor } from "../helpers/atol"
import { injectFault } from "../helpers/faults"
import { placeOrder, useSeededWorld } from "../helpers/seeded"
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { freePort } = require("../../dev/host.js")
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { startTbankEmulator } = require("../../dev/acquirer-emulators/tbank")
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { startYookassaEmulator } = require("../../dev/acquirer-emulators/yookassa")
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { startPaymasterEmulator } = require("../../dev/acquirer-emulators/paymaster")

jest.setTimeout(300 * 1000)

const ORDER_FIELDS =
  "fields=id,total,payment_status,*summary,*payment_collections,*payment_collections.payments,*payment_collections.payments.captures,*payment_collections.payments.refunds"
const NSPK = /^https:\/\/qr\.nspk\.ru\/A[A-Z0-9]+\?type=02&bank=\d+&sum=(\d+)&cur=RUB&crc=[0-9A-Z]{4}$/i

/** What each acquirer's emulator can be asked, in one shape. */
interface AcquirerHarness {
  terminal: string
  pay(id: string): void
  /** the acquirer's own status, normalised: pending | paid | canceled | other */
  status(id: string): string
  refunded(id: string): number
  loseNotifications(on: boolean): void
  down(calls: number): void
  forge(paymentId: string, amount: number): Record<string, unknown>
  /** whether the API can cancel a pending SBP payment (YooKassa cannot) */
  cancelsPending: boolean
  /** the refund receipts the acquirer accepted with the payment's refunds, oldest first, in one shape */
  refundReceipts(id: string): ReceiptSeen[]
}

/** A refund receipt as an acquirer got it: each item's name, quantity in thousandths and sum in kopecks. */
interface ReceiptSeen {
  contact: string
  items: { name: string; milli: number; sum: number }[]
}

const milli = (quantity: number) => Math.round(quantity * 1000)
// price × quantity rounded half-up to the kopeck, as a register computes an item's sum
const itemSum = (priceKopecks: number, quantity: number) => Math.floor((priceKopecks * milli(quantity) + 500) / 1000)
const receiptTotal = (receipt: ReceiptSeen) => receipt.items.reduce((n, item) => n + item.sum, 0)

const emulators: Record<string, any> = {}
const savedEnv = { ...process.env }

// Before the app boots: the emulators, and Medusa on a known port so the acquirers can notify it.
beforeAll(async () => {
  const port = await freePort()
  emulators.tbank = await startTbankEmulator({ notify_retry_ms: 200 })
  emulators.yookassa = await startYookassaEmulator({})
  emulators.paymaster = await startPaymasterEmulator({})
  emulators.yookassa.setWebhookUrl(`http://localhost:${port}/hooks/in-store/acquirers/sbp-yookassa`)
  Object.assign(process.env, {
    PORT: String(port),
    TBANK_BASE_URL: emulators.tbank.url,
    TBANK_RECEIPT_BY: "acquirer",
    YOOKASSA_BASE_URL: emulators.yookassa.url,
    YOOKASSA_RECEIPT_BY: "acquirer",
    PAYMASTER_BASE_URL: emulators.paymaster.url,
    PAYMASTER_RECEIPT_BY: "acquirer",
  })
})
afterAll(async () => {
  for (const emulator of Object.values(emulators)) await emulator.stop()
  for (const key of ["PORT", "TBANK_BASE_URL", "TBANK_RECEIPT_BY", "YOOKASSA_BASE_URL", "YOOKASSA_RECEIPT_BY", "PAYMASTER_BASE_URL", "PAYMASTER_RECEIPT_BY"]) {
    if (savedEnv[key] === undefined) delete process.env[key]
    else process.env[key] = savedEnv[key]
  }
})

const harnesses: Record<string, () => AcquirerHarness> = {
  tbank: () => ({
    terminal: "sbp-tbank",
    pay: (id) => emulators.tbank.pay(id),
    status: (id) => ({ CONFIRMED: "paid", CANCELED: "canceled", DEADLINE_EXPIRED: "canceled" } as any)[emulators.tbank.payment(id).status] ?? (["NEW", "FORM_SHOWED"].includes(emulators.tbank.payment(id).status) ? "pending" : "other"),
    refunded: (id) => emulators.tbank.payment(id).refunded,
    loseNotifications: (on) => emulators.tbank.setFaults({ notifications_lost: on }),
    down: (calls) => emulators.tbank.setFaults({ api_down: calls }),
    forge: (paymentId, amount) => {
      const body = { TerminalKey: "DemoTerminal", OrderId: "x", Success: true, Status: "CONFIRMED", PaymentId: Number(paymentId), ErrorCode: "0", Amount: amount }
      return { ...body, Token: tbankToken(body, "not-the-password") }
    },
    cancelsPending: true,
    refundReceipts: (id) =>
      emulators.tbank.payment(id).refund_receipts.map(({ Receipt }: any) => ({
        contact: Receipt.Email ?? Receipt.Phone,
        items: Receipt.Items.map((i: any) => ({ name: i.Name, milli: milli(i.Quantity), sum: i.Amount })),
      })),
  }),
  yookassa: () => ({
    terminal: "sbp-yookassa",
    pay: (id) => emulators.yookassa.pay(id),
    status: (id) => ({ succeeded: "paid", canceled: "canceled", pending: "pending" } as any)[emulators.yookassa.payment(id).status] ?? "other",
    refunded: (id) =>
      emulators.yookassa
        .refunds()
        .filter((r: any) => r.payment_id === id && r.status === "succeeded")
        .reduce((sum: number, r: any) => sum + Math.round(Number(r.amount.value) * 100), 0),
    loseNotifications: (on) => emulators.yookassa.setFaults({ notifications_lost: on }),
    down: (calls) => emulators.yookassa.setFaults({ api_down: calls }),
    forge: (paymentId, amount) => ({
      type: "notification",
      event: "payment.succeeded",
      object: { id: paymentId, status: "succeeded", paid: true, amount: { value: (amount / 100).toFixed(2), currency: "RUB" } },
    }),
    cancelsPending: false,
    refundReceipts: (id) =>
      emulators.yookassa.refundReceipts(id).map((r: any) => ({
        contact: r.customer.email ?? r.customer.phone,
        items: r.items.map((i: any) => ({ name: i.description, milli: milli(i.quantity), sum: itemSum(Math.round(Number(i.amount.value) * 100), i.quantity) })),
      })),
  }),
  paymaster: () => ({
    terminal: "sbp-paymaster",
    pay: (id) => emulators.paymaster.pay(id),
    status: (id) => ({ Settled: "paid", Cancelled: "canceled", Pending: "pending" } as any)[emulators.paymaster.payment(id).status] ?? "other",
    refunded: (id) => emulators.paymaster.payment(id).refunded,
    loseNotifications: (on) => emulators.paymaster.setFaults({ notifications_lost: on }),
    down: (calls) => emulators.paymaster.setFaults({ api_down: calls }),
    forge: (paymentId, amount) => ({ id: paymentId, status: "Settled", merchantId: "demo-merchant", amount: { value: amount / 100, currency: "RUB" } }),
    cancelsPending: true,
    refundReceipts: (id) =>
      emulators.paymaster.refundReceipts(id).map((r: any) => ({
        contact: r.client.email ?? r.client.phone,
        items: r.items.map((i: any) => ({ name: i.name, milli: milli(i.quantity), sum: itemSum(Math.round(i.price * 100), i.quantity) })),
      })),
  }),
}

medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    const world = useSeededWorld(getContainer, api)
    const call = (p: Promise<any>) => p.then((r: any) => r, (e: any) => e.response ?? Promise.reject(e))
    const adminOrder = async (id: string) => (await api.get(`/admin/orders/${id}?${ORDER_FIELDS}`, world.admin)).data.order
    const inStorePayment = async (id: string) => (await api.get(`/admin/in-store-payments/${id}`, world.admin)).data.in_store_payment
    const inStoreCaptures = (order: any) =>
      order.payment_collections.flatMap((pc: any) =>
        pc.payments.filter((p: any) => p.provider_id === "pp_in-store_in-store" && !p.canceled_at).flatMap((p: any) => p.captures ?? [])
      )
    const newOrder = () =>
      placeOrder(api, world.seed, {
        items: [
          { handle: "ceramic-mug", quantity: 3 },
          { handle: "dark-chocolate", quantity: 1 },
        ],
        promo_code: world.seed.promo_code,
      })
    const collect = async (orderId: string, terminal: string) => {
      const res = await call(api.post(`/admin/orders/${orderId}/in-store-payments`, { terminal_id: terminal }, world.admin))
      expect(res.status).toBe(200)
      return res.data.in_store_payment
    }
    const notify = (terminal: string, body: unknown) => call(api.post(`/hooks/in-store/acquirers/${terminal}`, body))
    const capturedOnce = async (orderId: string, paymentId: string) => {
      await waitFor("the capture", async () => (await inStorePayment(paymentId)).captured_at)
      const order = await adminOrder(orderId)
      expect(inStoreCaptures(order)).toHaveLength(1)
      expect(Number(order.summary.pending_difference)).toBe(0)
      return order
    }

    describe.each(Object.keys(harnesses))("SBP QR through %s", (name) => {
      const acquirer = () => harnesses[name]()

      it("shows the acquirer's QR for the promoted order's exact amount; paid through the notification → captured once", async () => {
        const order = await newOrder()
        const owed = Math.round(Number((await adminOrder(order.id)).summary.pending_difference) * 100)
        const payment = await collect(order.id, acquirer().terminal)
        expect(payment).toMatchObject({ status: "pending", amount: owed, acquirer: name, acquirer_status: "pending" })
        expect(payment.qr.payload).toBe(payment.pay_link)
        expect(Number(NSPK.exec(payment.qr.payload)?.[1])).toBe(owed)
        expect(payment.qr.version).toBeLessThanOrEqual(10)

        acquirer().pay(payment.acquirer_payment_id)
        await capturedOnce(order.id, payment.id)
        const detail = await inStorePayment(payment.id)
        expect(detail).toMatchObject({ status: "paid", transaction_id: payment.acquirer_payment_id, acquirer_status: "succeeded" })
        expect(detail.callback_events.map((e: any) => e.verdict)).toContain("accepted")
      })

      it("refunds through the acquirer from Medusa's own Refund, in part and then the rest", async () => {
        const order = await newOrder()
        const payment = await collect(order.id, acquirer().terminal)
        acquirer().pay(payment.acquirer_payment_id)
        const captured = await capturedOnce(order.id, payment.id)
        const medusaPayment = captured.payment_collections
          .flatMap((pc: any) => pc.payments)
          .find((p: any) => p.provider_id === "pp_in-store_in-store" && !p.canceled_at)
        const part = 44910
        const first = await call(api.post(`/admin/payments/${medusaPayment.id}/refund`, { amount: part / 100 }, world.admin))
        expect(first.status).toBe(200)
        // At once, maybe before the button refund's row is written: a card refund of money counts the button's lines.
        const cardAmount = 10000
        const card = await call(api.post(`/admin/in-store-payments/${payment.id}/refunds`, { amount: cardAmount }, world.admin))
        expect(card.status).toBe(201)
        await waitFor("the partial refunds at the acquirer", async () => acquirer().refunded(payment.acquirer_payment_id) === part + cardAmount)
        const rest = payment.amount - part - cardAmount
        expect((await call(api.post(`/admin/payments/${medusaPayment.id}/refund`, { amount: rest / 100 }, world.admin))).status).toBe(200)
        await waitFor("the full refund at the acquirer", async () => acquirer().refunded(payment.acquirer_payment_id) === payment.amount)
        const after = await adminOrder(order.id)
        expect(after.payment_status).toBe("refunded")

        // The acquirer registered the sale's receipt, so each refund carried its refund receipt to the same customer:
        // money with no goods back, spread over the sale; together the two give back exactly what the sale listed.
        const receipts = acquirer().refundReceipts(payment.acquirer_payment_id)
        expect(receipts.map(receiptTotal)).toEqual([part, cardAmount, rest])
        expect(receipts.map((r) => r.contact)).toEqual([order.email, order.email, order.email])
        expect(receipts[0].items.some((item) => item.milli % 1000 !== 0)).toBe(true)
        const sold = (await inStorePayment(payment.id)).lines as any[]
        const byName = (items: { name: string; milli: number; sum: number }[]) =>
          items.reduce((acc: Record<string, { milli: number; sum: number }>, item) => {
            const seen = (acc[item.name] ??= { milli: 0, sum: 0 })
            seen.milli += item.milli
            seen.sum += item.sum
            return acc
          }, {})
        expect(byName(receipts.flatMap((r) => r.items))).toEqual(byName(sold.map((l) => ({ name: l.title, milli: l.quantity * 1000, sum: l.total }))))
        // The refunds' rows hold exactly the lines the acquirer got, so the ledger has nothing left to refund.
        const listedPayment = await waitFor("the button refunds adopted", async () => {
          const listed = (await api.get(`/admin/orders/${order.id}/in-store-payments`, world.admin)).data.in_store_payments
          const mine = listed.find((p: any) => p.id === payment.id)
          return mine.refunds?.length === 3 && mine.refunds.every((r: any) => r.status === "done") ? mine : null
        })
        const rowFor = (amount: number) => listedPayment.refunds.find((r: any) => r.amount === amount)
        for (const receipt of receipts) {
          const row = rowFor(receiptTotal(receipt))
          expect(row.lines.map((l: any) => ({ name: l.title, milli: milli(l.quantity), sum: l.total }))).toEqual(receipt.items)
        }
        expect(listedPayment.refund_options.refundable_amount).toBe(0)
        // The acquirer's notifications of its own refunds are no results to refuse: the card shows no "rejected" row.
        const rejected = listedPayment.callback_events.filter((e: any) => !["accepted", "duplicate"].includes(e.verdict))
        expect(rejected).toEqual([])

        // The acquirer down: Medusa records no refund.
        const order2 = await newOrder()
        const payment2 = await collect(order2.id, acquirer().terminal)
        acquirer().pay(payment2.acquirer_payment_id)
        const captured2 = await capturedOnce(order2.id, payment2.id)
        const medusaPayment2 = captured2.payment_collections.flatMap((pc: any) => pc.payments).find((p: any) => p.provider_id === "pp_in-store_in-store" && !p.canceled_at)
        acquirer().down(5)
        const refused = await call(api.post(`/admin/payments/${medusaPayment2.id}/refund`, { amount: 1 }, world.admin))
        acquirer().down(0)
        expect(refused.status).toBeGreaterThanOrEqual(400)
        expect((await adminOrder(order2.id)).payment_status).toBe("captured")
        expect(acquirer().refunded(payment2.acquirer_payment_id)).toBe(0)
      })

      it("finds a payment whose notification was lost by polling, and captures it once", async () => {
        const order = await newOrder()
        const payment = await collect(order.id, acquirer().terminal)
        acquirer().loseNotifications(true)
        try {
          acquirer().pay(payment.acquirer_payment_id)
          await capturedOnce(order.id, payment.id)
        } finally {
          acquirer().loseNotifications(false)
        }
        const events = (await inStorePayment(payment.id)).callback_events
        expect(events.find((e: any) => e.verdict === "accepted").params.source).toBe("poll")
      })

      it("changes nothing for a forged notification", async () => {
        const order = await newOrder()
        const payment = await collect(order.id, acquirer().terminal)
        const answer = await notify(acquirer().terminal, acquirer().forge(payment.acquirer_payment_id, payment.amount))
        expect(answer.status).toBeLessThan(500)
        expect((await inStorePayment(payment.id)).status).toBe("pending")
        expect(inStoreCaptures(await adminOrder(order.id))).toHaveLength(0)
        expect(acquirer().status(payment.acquirer_payment_id)).toBe("pending")
      })

      it("cancels at the acquirer from the admin; a payment made after the cancel is a conflict and is refunded there", async () => {
        const order = await newOrder()
        const payment = await collect(order.id, acquirer().terminal)
        // The acquirer is unreachable while the seller cancels: the QR stays open there for a moment.
        acquirer().down(3)
        const canceled = await call(api.post(`/admin/in-store-payments/${payment.id}/cancel`, {}, world.admin))
        expect(canceled.status).toBe(200)
        expect(canceled.data.in_store_payment).toMatchObject({ status: "canceled", acquirer_action: "cancel" })
        acquirer().down(0)

        acquirer().pay(payment.acquirer_payment_id)
        await waitFor("the refund at the acquirer", async () => acquirer().refunded(payment.acquirer_payment_id) === payment.amount)
        const detail = await waitFor("the refund recorded", async () => {
          const d = await inStorePayment(payment.id)
          return d.acquirer_action === null && d.result?.late_payment_refund ? d : null
        })
        expect(detail.status).toBe("canceled")
        expect(detail.callback_events.map((e: any) => e.verdict)).toContain("conflict")
        // The acquirer registered the late payment's sale receipt; its refund receipt lists the whole sale.
        const [lateReceipt] = acquirer().refundReceipts(payment.acquirer_payment_id)
        expect(lateReceipt.items).toEqual(detail.lines.map((l: any) => ({ name: l.title, milli: l.quantity * 1000, sum: l.total })))
        expect(inStoreCaptures(await adminOrder(order.id))).toHaveLength(0)

        // A second QR, canceled with the acquirer up: canceled there at once (where its API can).
        const second = await collect(order.id, acquirer().terminal)
        expect((await call(api.post(`/admin/in-store-payments/${second.id}/cancel`, {}, world.admin))).status).toBe(200)
        expect(acquirer().status(second.acquirer_payment_id)).toBe(acquirer().cancelsPending ? "canceled" : "pending")
      })

      it("expires a QR past its deadline and cancels it at the acquirer", async () => {
        const order = await newOrder()
        const payment = await collect(order.id, acquirer().terminal)
        const inStore: any = getContainer().resolve("in_store")
        await inStore.updateInStorePayments({ id: payment.id, expires_at: new Date(Date.now() - 3_600_000), next_poll_at: new Date() })
        await waitFor("the expiry", async () => (await inStorePayment(payment.id)).status === "expired")
        if (acquirer().cancelsPending) {
          await waitFor("the cancel at the acquirer", async () => acquirer().status(payment.acquirer_payment_id) === "canceled")
        } else {
          // Expired here first, then the cancel is asked of the acquirer (which cannot): it stays to do.
          await waitFor("the cancel to stay to do", async () => (await inStorePayment(payment.id)).acquirer_action === "cancel")
          expect((await inStorePayment(payment.id)).acquirer_action).toBe("cancel")
        }
      })
    })

    it("refunds goods from the card through the acquirer at once: Medusa's refund, receipt lines of the goods only", async () => {
      const tbank = harnesses.tbank()
      const order = await newOrder()
      const payment = await collect(order.id, tbank.terminal)
      tbank.pay(payment.acquirer_payment_id)
      await capturedOnce(order.id, payment.id)
      const mug = (await inStorePayment(payment.id)).lines.find((l: any) => l.title.startsWith("Кружка"))
      const asked = await call(api.post(`/admin/in-store-payments/${payment.id}/refunds`, { items: [{ item_id: mug.reference, quantity: 1 }] }, world.admin))
      expect(asked.status).toBe(201)
      expect(asked.data.in_store_refund).toMatchObject({ via: "acquirer", status: "done", amount: mug.unit_price, refund_link: null })
      expect(tbank.refunded(payment.acquirer_payment_id)).toBe(mug.unit_price)
      const refunds = (await adminOrder(order.id)).payment_collections.flatMap((pc: any) => pc.payments).flatMap((p: any) => p.refunds ?? [])
      expect(refunds.map((r: any) => Math.round(Number(r.amount) * 100))).toEqual([mug.unit_price])
      // The refund lists the goods it returns; this terminal's receipts are the acquirer's, so the store registers none.
      expect(asked.data.in_store_refund.lines).toEqual([expect.objectContaining({ reference: mug.reference, quantity: 1, total: mug.unit_price })])
      expect(await (getContainer().resolve("in_store") as any).listFiscalReceipts({ order_id: order.id, kind: "sell_refund" })).toEqual([])
      // The acquirer registers it: T-Bank got the refund receipt with exactly that mug.
      expect(tbank.refundReceipts(payment.acquirer_payment_id)).toEqual([
        { contact: order.email, items: [{ name: mug.title, milli: 1000, sum: mug.unit_price }] },
      ])

      // The acquirer refuses: 502 naming it, the refund failed, nothing in Medusa.
      tbank.down(5)
      const refused = await call(api.post(`/admin/in-store-payments/${payment.id}/refunds`, { items: [{ item_id: mug.reference, quantity: 1 }] }, world.admin))
      tbank.down(0)
      expect(refused.status).toBe(502)
      // The acquirer did not answer: nobody can say the money stayed, so the seller is told to look first.
      expect(refused.data.message).toMatch(/outcome at tbank is unknown .*check the payment in the acquirer's cabinet before refunding again/)
      const after = (await adminOrder(order.id)).payment_collections.flatMap((pc: any) => pc.payments).flatMap((p: any) => p.refunds ?? [])
      expect(after).toHaveLength(1)
      expect(tbank.refunded(payment.acquirer_payment_id)).toBe(mug.unit_price)

      // The money moves and Medusa writes its refund, but the order's transaction fails: the seller is not told
      // "failed" (they might refund again); the refund stays pending with the error, and the job finishes it once.
      const knex = getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION) as any
      const removeFault = await injectFault((sql) => knex.raw(sql), {
        name: "in_store_acquirer_refund_fault",
        table: "order_transaction",
        when: "NEW.reference = 'refund'",
        message: "injected transaction fault",
      })
      let half: any
      try {
        half = await call(api.post(`/admin/in-store-payments/${payment.id}/refunds`, { items: [{ item_id: mug.reference, quantity: 1 }] }, world.admin))
      } finally {
        await removeFault()
      }
      expect(half.status).toBe(201)
      expect(half.data.in_store_refund).toMatchObject({ via: "acquirer", status: "pending", error: expect.stringMatching(/injected transaction fault/) })
      // The second mug was charged a kopeck more (the promotion's kopecks fall on the last one).
      const bothMugs = mug.unit_price + half.data.in_store_refund.amount
      expect(tbank.refunded(payment.acquirer_payment_id)).toBe(bothMugs)
      const inStore: any = getContainer().resolve("in_store")
      await inStore.updateInStoreRefunds({ id: half.data.in_store_refund.id, next_record_at: new Date(Date.now() - 1000) })
      await finishInStoreRefundsJob(getContainer())
      await finishInStoreRefundsJob(getContainer())
      expect(await inStore.retrieveInStoreRefund(half.data.in_store_refund.id)).toMatchObject({ status: "done", error: null })
      expect(tbank.refunded(payment.acquirer_payment_id)).toBe(bothMugs)
      const finished = await adminOrder(order.id)
      expect(finished.payment_collections.flatMap((pc: any) => pc.payments).flatMap((p: any) => p.refunds ?? [])).toHaveLength(2)
      expect(Math.round(Number(finished.summary.refunded_total) * 100)).toBe(bothMugs)
    })

    it("answers 502 naming the acquirer when it is down at Collect in store, and leaves nothing behind", async () => {
      const order = await newOrder()
      emulators.tbank.setFaults({ api_down: 1 })
      const res = await call(api.post(`/admin/orders/${order.id}/in-store-payments`, { terminal_id: "sbp-tbank" }, world.admin))
      emulators.tbank.setFaults({ api_down: 0 })
      expect(res.status).toBe(502)
      expect(res.data.message).toMatch(/tbank/)
      expect((await api.get(`/admin/orders/${order.id}/in-store-payments`, world.admin)).data.in_store_payments).toHaveLength(0)
      expect((await call(api.post(`/admin/orders/${order.id}/in-store-payments`, { terminal_id: "sbp-tbank" }, world.admin))).status).toBe(200)
    })

    it("refuses a notification for an unknown terminal (404) and a T-Bank notification with a bad token (not OK)", async () => {
      expect((await notify("no-such-terminal", {})).status).toBe(404)
      const forged = await notify("sbp-tbank", { TerminalKey: "DemoTerminal", PaymentId: 1, Status: "CONFIRMED", Token: "0".repeat(64) })
      expect(forged.status).toBe(401)
      expect(forged.data).not.toBe("OK")
    })
  },
})
