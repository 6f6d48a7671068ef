import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { finishPendingCaptures } from "../../src/lib/finish-pending-captures"
import { waitFor } from "../helpers/atol"
import { injectFault as injectFaultInto } from "../helpers/faults"
import { placeOrder, useSeededWorld } from "../helpers/seeded"
import { succeeded } from "../helpers/terminal"

jest.setTimeout(240 * 1000)

const ORDER_FIELDS =
  "fields=id,status,total,payment_status,*summary,*payment_collections,*payment_collections.payments,*payment_collections.payments.captures,*transactions"
const IN_STORE = "pp_in-store_in-store"

medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    const world = useSeededWorld(getContainer, api)
    const knex = () => getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION) as any

    const call = (p: Promise<any>) => p.then((r: any) => r, (e: any) => e.response ?? Promise.reject(e))
    const collect = (orderId: string) => call(api.post(`/admin/orders/${orderId}/in-store-payments`, {}, world.admin))
    const callback = (id: string, params: Record<string, string>) => call(api.post(`/hooks/in-store/${id}`, params))
    const adminOrder = async (id: string) => (await api.get(`/admin/orders/${id}?${ORDER_FIELDS}`, world.admin)).data.order
    const inStorePayment = async (id: string) => (await api.get(`/admin/in-store-payments/${id}`, world.admin)).data.in_store_payment
    const captures = (order: any) =>
      order.payment_collections.flatMap((pc: any) => pc.payments.filter((p: any) => p.provider_id === IN_STORE).flatMap((p: any) => p.captures ?? []))
    const liveCaptures = (order: any) =>
      order.payment_collections.flatMap((pc: any) =>
        pc.payments.filter((p: any) => p.provider_id === IN_STORE && !p.canceled_at).flatMap((p: any) => p.captures ?? [])
      )
    const captureTransactions = (order: any) => (order.transactions ?? []).filter((t: any) => t.reference === "capture")
    const newOrder = () =>
      placeOrder(api, world.seed, { items: [{ handle: "ceramic-mug", quantity: 2 }, { handle: "dark-chocolate", quantity: 1 }] })
    /** The recovery job's work, as if it ran an hour later (past any backoff). */
    const runRecovery = () => finishPendingCaptures(getContainer(), 0, new Date(Date.now() + 60 * 60_000))

    // Faults injected into Medusa's (or our) writes, removed after each test.
    const removals: (() => Promise<void>)[] = []
    const injectFault = async (name: string, table: string, event: string, times: number, when = "true") => {
      removals.push(await injectFaultInto((sql) => knex().raw(sql), { name, table, event, times, when }))
    }
    afterEach(async () => {
      while (removals.length) await removals.pop()!()
    })

    /** Collect in store and send the terminal's signed success. */
    const pay = async (orderId: string) => {
      const created = await collect(orderId)
      expect(created.status).toBe(200)
      const payment = created.data.in_store_payment
      const answer = await callback(payment.id, succeeded(payment))
      return { payment, answer }
    }

    const expectCapturedOnce = async (orderId: string, paymentId: string) => {
      const order = await adminOrder(orderId)
      expect(liveCaptures(order)).toHaveLength(1)
      expect(captureTransactions(order)).toHaveLength(1)
      expect(Number(order.summary.pending_difference)).toBe(0)
      expect(order.payment_status).toBe("captured")
      const detail = await inStorePayment(paymentId)
      expect(detail.captured_at).not.toBeNull()
      expect(detail.capture_error).toBeNull()
      return order
    }

    describe("1. the provider is no checkout option: a storefront cannot pay with it", () => {
      it("refuses a forged session and captures nothing, with the provider enabled in the region", async () => {
        // An owner who enabled it in the region anyway (what the README used to say).
        await api.post(`/admin/regions/${world.seed.region_id}`, { payment_providers: ["pp_system_default", IN_STORE] }, world.admin)
        const { payment: real } = await (async () => {
          const order = await newOrder()
          return { payment: (await collect(order.id)).data.in_store_payment }
        })()

        const headers = { headers: { "x-publishable-api-key": world.seed.publishable_key } }
        const { data: cart } = await api.post(
          "/store/carts",
          {
            region_id: world.seed.region_id,
            email: "forger@example.com",
            items: [{ variant_id: world.seed.variants["coffee-grinder"], quantity: 1 }],
            shipping_address: { first_name: "F", last_name: "G", address_1: "x", city: "Москва", country_code: "ru", postal_code: "125009" },
          },
          headers
        )
        await api.post(`/store/carts/${cart.cart.id}/shipping-methods`, { option_id: world.seed.pickup_option_id }, headers)
        const { data: pc } = await api.post("/store/payment-collections", { cart_id: cart.cart.id }, headers)
        const verified_result = { transaction_id: "FORGED", amount: 999999, currency: "RUB", verified_at: new Date().toISOString() }
        for (const data of [{ verified_result }, { verified_result, in_store_payment_id: real.id }, {}]) {
          const session = await call(
            api.post(`/store/payment-collections/${pc.payment_collection.id}/payment-sessions`, { provider_id: IN_STORE, data }, headers)
          )
          expect(session.status).toBeGreaterThanOrEqual(400)
          expect(session.status).toBeLessThan(500)
          expect(JSON.stringify(session.data)).toMatch(/not a checkout option/)
        }

        const completed = await call(api.post(`/store/carts/${cart.cart.id}/complete`, {}, headers))
        if (completed.data?.type === "order") {
          const order = await adminOrder(completed.data.order.id)
          expect(captures(order)).toHaveLength(0)
          expect(Number(order.summary.pending_difference)).toBeGreaterThan(0)
        } else {
          expect(completed.data?.type ?? "error").not.toBe("order")
        }
        // The real pending payment was not touched.
        expect((await inStorePayment(real.id)).status).toBe("pending")
      })
    })

    describe("3. paid but not yet captured counts as paid", () => {
      it("refuses a second link while the capture is retried, shows why, and stops after the capture", async () => {
        const order = await newOrder()
        await injectFault("fault_capture_insert", "capture", "INSERT", 1)
        const { payment, answer } = await pay(order.id)
        expect(answer.status).toBe(200)
        expect(answer.data.in_store_payment.status).toBe("paid")

        // Medusa still says the order owes its total; the plugin does not let it be charged twice.
        expect(Number((await adminOrder(order.id)).summary.pending_difference)).toBeGreaterThan(0)
        const again = await collect(order.id)
        expect(again.status).toBe(409)
        expect(again.data.message).toContain(payment.id)
        expect(again.data.message).toMatch(/being registered/)
        const listed = (await api.get(`/admin/orders/${order.id}/in-store-payments`, world.admin)).data.in_store_payments
        expect(listed).toHaveLength(1)
        expect(listed[0]).toMatchObject({ status: "paid", captured_at: null })
        expect(listed[0].capture_error).toMatch(/injected fault/)

        expect(await runRecovery()).toEqual([payment.id])
        await expectCapturedOnce(order.id, payment.id)
        expect((await collect(order.id)).status).toBe(400)
        expect(await runRecovery()).toEqual([])
      })
    })

    describe("4. capture recovery reads what Medusa recorded", () => {
      it("a failure adding the order transaction: the capture stays, the job adds the transaction, once", async () => {
        const order = await newOrder()
        await injectFault("fault_order_transaction", "order_transaction", "INSERT", 1)
        const { payment, answer } = await pay(order.id)
        expect(answer.status).toBe(200)
        const before = await adminOrder(order.id)
        expect(Number(before.summary.pending_difference)).toBeGreaterThan(0)
        expect((await inStorePayment(payment.id)).captured_at).toBeNull()

        expect(await runRecovery()).toEqual([payment.id])
        await expectCapturedOnce(order.id, payment.id)
        expect(await runRecovery()).toEqual([])
      })

      it("a failure marking it captured: Medusa's capture is not undone, and the job only marks it", async () => {
        const order = await newOrder()
        await injectFault("fault_mark_captured", "in_store_payment", "UPDATE", 1, "OLD.captured_at IS NULL AND NEW.captured_at IS NOT NULL")
        const { payment, answer } = await pay(order.id)
        expect(answer.status).toBe(200)
        const midway = await adminOrder(order.id)
        expect(liveCaptures(midway)).toHaveLength(1)
        expect(Number(midway.summary.pending_difference)).toBe(0)
        expect((await inStorePayment(payment.id)).captured_at).toBeNull()

        expect(await runRecovery()).toEqual([payment.id])
        await expectCapturedOnce(order.id, payment.id)
        expect(await runRecovery()).toEqual([])
      })

      it("a payment canceled after its capture (an earlier version's rollback): the job binds a new session and captures", async () => {
        const order = await newOrder()
        await injectFault("fault_order_transaction_2", "order_transaction", "INSERT", 1)
        const { payment } = await pay(order.id)
        // What Medusa's authorize step's compensation did before: cancel the payment it had captured.
        const paymentModule = getContainer().resolve("payment") as any
        const [row] = await knex()("in_store_payment").where({ id: payment.id }).select("payment_session_id")
        const [session] = await paymentModule.listPaymentSessions({ id: row.payment_session_id }, { relations: ["payment"] })
        await paymentModule.cancelPayment(session.payment.id)

        expect(await runRecovery()).toEqual([payment.id])
        await expectCapturedOnce(order.id, payment.id)
        expect(await runRecovery()).toEqual([])
      })

      it("a payment the job cannot finish backs off and does not starve the others", async () => {
        const stuckOrder = await newOrder()
        const okOrder = await newOrder()
        await injectFault("fault_ok_capture", "capture", "INSERT", 1)
        const ok = await pay(okOrder.id)
        await injectFault("fault_stuck_order", "order_transaction", "INSERT", 1_000_000, `NEW.order_id = '${stuckOrder.id}'`)
        const stuck = await pay(stuckOrder.id)
        expect((await inStorePayment(ok.payment.id)).captured_at).toBeNull()

        expect(await runRecovery()).toEqual([ok.payment.id])
        await expectCapturedOnce(okOrder.id, ok.payment.id)
        const stuckDetail = await inStorePayment(stuck.payment.id)
        expect(stuckDetail.captured_at).toBeNull()
        expect(stuckDetail.capture_error).toMatch(/injected fault/)
        const [row] = await knex()("in_store_payment").where({ id: stuck.payment.id }).select("capture_attempts", "next_capture_at")
        expect(row.capture_attempts).toBeGreaterThanOrEqual(2)
        // Not due again right away: its backoff keeps it out of the next runs.
        expect(await finishPendingCaptures(getContainer(), 0)).toEqual([])
      })
    })

    describe("6. a canceled order keeps no payable link", () => {
      it("cancel through the admin closes the link; a late success answers 409 as a conflict and captures nothing", async () => {
        const order = await newOrder()
        const payment = (await collect(order.id)).data.in_store_payment
        const canceled = await call(api.post(`/admin/orders/${order.id}/cancel`, {}, world.admin))
        expect(canceled.status).toBe(200)
        // The subscriber runs after the event: wait for it.
        await waitFor("the order.canceled subscriber", async () => (await inStorePayment(payment.id)).status === "canceled")

        const late = await callback(payment.id, succeeded(payment))
        expect(late.status).toBe(409)
        expect(late.data.verdict).toBe("conflict")
        const detail = await inStorePayment(payment.id)
        expect(detail.callback_events.map((e: any) => e.verdict)).toContain("conflict")
        expect(captures(await adminOrder(order.id))).toHaveLength(0)
      })

      it("a success racing the cancel (before the subscriber) is decided as a conflict from the order itself", async () => {
        const order = await newOrder()
        const payment = (await collect(order.id)).data.in_store_payment
        // The order is canceled, but no event reached the plugin yet.
        await knex()("order").where({ id: order.id }).update({ status: "canceled", canceled_at: new Date() })
        const answer = await callback(payment.id, succeeded(payment))
        expect(answer.status).toBe(409)
        expect(answer.data.message).toMatch(/order was canceled/i)
        const detail = await inStorePayment(payment.id)
        expect(detail.status).toBe("canceled")
        expect(detail.callback_events[0]).toMatchObject({ verdict: "conflict", http_status: 409 })
        expect(captures(await adminOrder(order.id))).toHaveLength(0)
      })
    })

    describe("also: a new Collect in store follows the expiry rule and never answers half-built", () => {
      it("keeps an overdue link inside the tolerance (409), replaces it after", async () => {
        const order = await newOrder()
        const first = (await collect(order.id)).data.in_store_payment
        await knex()("in_store_payment").where({ id: first.id }).update({ expires_at: new Date(Date.now() - 10_000) })
        const within = await collect(order.id)
        expect(within.status).toBe(409)
        expect(within.data.message).toContain(first.id)
        expect((await inStorePayment(first.id)).status).toBe("pending")

        await knex()("in_store_payment").where({ id: first.id }).update({ expires_at: new Date(Date.now() - 3_600_000) })
        const after = await collect(order.id)
        expect(after.status).toBe(200)
        expect(after.data.in_store_payment.id).not.toBe(first.id)
        expect((await inStorePayment(first.id)).status).toBe("expired")
      })

      it("concurrent creates all answer the one payment with its link", async () => {
        const order = await newOrder()
        const answers = await Promise.all(Array.from({ length: 6 }, () => collect(order.id)))
        for (const answer of answers) expect(answer.status).toBe(200)
        const ids = new Set(answers.map((a) => a.data.in_store_payment.id))
        expect(ids.size).toBe(1)
        for (const answer of answers) expect(answer.data.in_store_payment.pay_link).not.toBe("")
      })
    })
  },
})
