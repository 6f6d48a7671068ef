import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { Modules } from "@medusajs/framework/utils"
import {
  createOrderFulfillmentWorkflow,
  createOrderShipmentWorkflow,
  markOrderFulfillmentAsDeliveredWorkflow,
} from "@medusajs/medusa/core-flows"
import { emitPickupReadyIfDue } from "../../src/lib/pickup/handover"
import { IN_STORE_MODULE } from "../../src/modules/in-store"
import { useAtolEmulator, waitFor } from "../helpers/atol"
import { placeOrder, useSeededWorld } from "../helpers/seeded"
import { succeeded } from "../helpers/terminal"

jest.setTimeout(240 * 1000)

const emulator = useAtolEmulator({ ATOL_API_VERSION: "v5", IN_STORE_HANDOVER_RECEIPTS: "true" })

const ORDER_FIELDS =
  "fields=id,display_id,total,payment_status,fulfillment_status,*summary,*shipping_methods,*payment_collections,*payment_collections.payments,*fulfillments,*items"
const OWES = /^Order #\d+ still owes [\d ]+,\d{2} RUB: /

medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    const world = useSeededWorld(getContainer, api)
    const call = (p: Promise<any>) => p.then((r: any) => r, (e: any) => e.response ?? Promise.reject(e))
    const adminOrder = async (id: string) => (await api.get(`/admin/orders/${id}?${ORDER_FIELDS}`, world.admin)).data.order
    const pickupOf = async (id: string) => {
      const res = await call(api.get(`/admin/orders/${id}/pickup`, world.admin))
      if (res.status !== 200) throw new Error(`GET pickup → ${res.status}: ${JSON.stringify(res.data)}`)
      return res.data.pickup
    }
    const allItems = (order: any) => order.items.map((item: any) => ({ id: item.id, quantity: item.quantity }))
    const fulfill = (order: any) => call(api.post(`/admin/orders/${order.id}/fulfillments`, { items: allItems(order) }, world.admin))
    const handOver = (orderId: string, body: Record<string, unknown> = {}) =>
      call(api.post(`/admin/orders/${orderId}/pickup/handover`, body, world.admin))
    const owedText = (order: any) =>
      `${Math.floor(Number(order.summary.pending_difference)).toLocaleString("en").replace(/,/g, " ")},${Math.round((Number(order.summary.pending_difference) % 1) * 100).toString().padStart(2, "0")} RUB`
    const workflowError = (run: Promise<unknown>) =>
      run.then(
        () => null,
        (error: any) => error
      )
    const payInStore = async (orderId: string) => {
      const created = await call(api.post(`/admin/orders/${orderId}/in-store-payments`, { terminal_id: "counter-1" }, world.admin))
      expect(created.status).toBe(200)
      const payment = created.data.in_store_payment
      const paid = await call(api.post(`/hooks/in-store/${payment.id}`, succeeded(payment)))
      expect(paid.data.in_store_payment.status).toBe("paid")
    }
    /** Every `in_store_pickup.ready` the event bus carries, as a notification provider's subscriber sees it. */
    const readyEvents: any[] = []
    beforeAll(() => {
      getContainer()
        .resolve(Modules.EVENT_BUS)
        .subscribe("in_store_pickup.ready", async (event: any) => {
          readyEvents.push(event.data)
        })
    })

    it("refuses an unpaid pickup order's fulfillment and handover, through the admin API and Medusa's workflow, until it is paid", async () => {
      const placed = world.orders.plain
      const order = await adminOrder(placed.id)
      // Placed through the store API with the pickup option: our provider gave it a handover code.
      const code = order.shipping_methods[0].data.handover_code
      expect(code).toMatch(/^\d{6}$/)
      const pickup = await pickupOf(order.id)
      expect(pickup).toMatchObject({ is_pickup: true, state: "not_ready", gate: { allowed: false }, can_hand_over: false })
      expect(pickup.location).toMatchObject({ id: world.seed.stock_location_id, name: "Pickup point", payment_optional: false })
      expect(pickup.handover_code).toBe(`${code.slice(0, 3)} ${code.slice(3)}`)
      const owes = `Order #${order.display_id} still owes ${owedText(order)}`
      expect(pickup.gate.message).toContain(owes)

      // Medusa's own admin route: 400 naming the reason and the amount, nothing written.
      const refused = await fulfill(order)
      expect(refused.status).toBe(400)
      expect(refused.data.message).toMatch(OWES)
      expect(refused.data.message).toContain(`${owes}: its goods cannot be fulfilled until it is paid`)
      // Medusa's workflow called directly, as a script or another plugin would: the provider refuses inside it.
      const direct = await workflowError(
        createOrderFulfillmentWorkflow(getContainer()).run({ input: { order_id: order.id, items: allItems(order) } })
      )
      expect(direct?.message).toContain(`${owes}: its goods cannot be fulfilled`)
      // The handover route, too.
      const handRefused = await handOver(order.id, { code })
      expect(handRefused.status).toBe(400)
      expect(handRefused.data.message).toContain(`${owes}: its goods cannot be handed over until it is paid`)
      const still = await adminOrder(order.id)
      expect(still.fulfillments).toHaveLength(0)
      expect(still.fulfillment_status).toBe("not_fulfilled")

      // Collect in store, the terminal's signed paid result: now the goods may leave.
      await payInStore(order.id)
      expect((await pickupOf(order.id)).gate).toEqual({ allowed: true, reason: "paid" })
      const fulfilled = await fulfill(order)
      expect(fulfilled.status).toBe(200)
      const [fulfillment] = (await adminOrder(order.id)).fulfillments
      expect(fulfillment.provider_id).toBe("in-store-pickup_pickup")
      expect(fulfillment.data).toMatchObject({ handover_code: code, location_id: world.seed.stock_location_id, location_name: "Pickup point" })

      expect(await pickupOf(order.id)).toMatchObject({ all_fulfilled: true, state: "ready" })
      // Ready: emitted once through Medusa's event bus, however many times it is asked.
      await waitFor("in_store_pickup.ready", async () => readyEvents.find((e) => e.order_id === order.id))
      await Promise.all([1, 2, 3, 4, 5].map(() => emitPickupReadyIfDue(getContainer(), order.id)))
      await new Promise((resolve) => setTimeout(resolve, 500))
      expect(readyEvents.filter((e) => e.order_id === order.id)).toEqual([
        { order_id: order.id, display_id: String(order.display_id), location_id: world.seed.stock_location_id, location_name: "Pickup point", handover_code: code },
      ])
      expect(await pickupOf(order.id)).toMatchObject({ state: "ready", can_hand_over: true })

      // The handover: a wrong code is refused, the right one records the seller and the time.
      const wrong = await handOver(order.id, { code: "000000" === code ? "111111" : "000000" })
      expect(wrong.status).toBe(400)
      expect(wrong.data.message).toMatch(/handover code does not match/)
      const before = Date.now()
      const handed = await handOver(order.id, { code: `${code.slice(0, 3)}-${code.slice(3)}` })
      expect(handed.status).toBe(200)
      expect(handed.data.fiscal_receipt).toBeNull() // paid at the counter: its in-store receipt is the settlement
      const after = handed.data.pickup
      expect(after).toMatchObject({ state: "handed_over", can_hand_over: false, handover: { code_checked: true, handed_over_by: { email: "admin@example.com" } } })
      expect(new Date(after.handover.handed_over_at).getTime()).toBeGreaterThanOrEqual(before - 1000)
      const delivered = await adminOrder(order.id)
      expect(delivered.fulfillments[0].delivered_at).not.toBeNull()
      expect(delivered.fulfillment_status).toBe("delivered")
    })

    it("hands a pickup order prepaid online over at once and registers its handover receipt once", async () => {
      const placed = await placeOrder(api, world.seed, { items: [{ handle: "oolong-tea", quantity: 2 }, { handle: "usb-c-cable", quantity: 1 }] })
      const order = await adminOrder(placed.id)
      const online = order.payment_collections.flatMap((pc: any) => pc.payments)[0]
      await api.post(`/admin/payments/${online.id}/capture`, {}, world.admin)
      expect((await pickupOf(order.id)).gate).toEqual({ allowed: true, reason: "paid" })

      // Medusa's workflow, directly, succeeds for a paid order; Medusa's own "Mark as delivered" is the handover.
      const { result: fulfillment } = await createOrderFulfillmentWorkflow(getContainer()).run({
        input: { order_id: order.id, items: allItems(order) },
      })
      const delivered = await call(api.post(`/admin/orders/${order.id}/fulfillments/${fulfillment.id}/mark-as-delivered`, {}, world.admin))
      expect(delivered.status).toBe(200)
      const recorded = await waitFor("the handover record", async () => {
        const pickup = await pickupOf(order.id)
        return pickup.handover?.handed_over_by ? pickup : null
      })
      expect(recorded).toMatchObject({ state: "handed_over", handover: { code_checked: false, handed_over_by: { email: "admin@example.com" } } })

      const inStore = getContainer().resolve(IN_STORE_MODULE) as any
      const receipt = await waitFor("the handover receipt", async () => (await inStore.listFiscalReceipts({ order_id: order.id, kind: "handover" }))[0])
      const done = await waitFor("the receipt registered", async () => {
        const [row] = await inStore.listFiscalReceipts({ id: receipt.id })
        return row.status === "done" ? row : null
      })
      const [document] = emulator.atol.documents(done.external_id)
      expect(document.body.receipt.payments).toEqual([{ type: 2, sum: document.body.receipt.total }])
      expect(document.body.receipt.items.every((i: any) => i.payment_method === "full_payment")).toBe(true)

      // Handed over again (our button twice, Medusa's workflow once more): the same record, still one receipt.
      for (const _ of [1, 2]) {
        const again = await handOver(order.id)
        expect(again.status).toBe(200)
        expect(again.data.fiscal_receipt.id).toBe(receipt.id)
      }
      const repeated = await workflowError(
        markOrderFulfillmentAsDeliveredWorkflow(getContainer()).run({ input: { orderId: order.id, fulfillmentId: fulfillment.id } })
      )
      expect(repeated?.message).toMatch(/already been marked delivered/) // Medusa's own rule
      await new Promise((resolve) => setTimeout(resolve, 1000))
      expect(await inStore.listFiscalReceipts({ order_id: order.id, kind: "handover" })).toHaveLength(1)
      expect(emulator.atol.registrations(done.external_id)).toBe(1)
      expect((await pickupOf(order.id)).handover.handed_over_at).toBe(recorded.handover.handed_over_at)
    })

    it("leaves a courier order of the same store to stock Medusa, unpaid or not", async () => {
      const placed = await placeOrder(api, world.seed, { items: [{ handle: "ceramic-mug", quantity: 1 }], shipping: "courier" })
      const order = await adminOrder(placed.id)
      expect(Number(order.summary.pending_difference)).toBeGreaterThan(0)
      expect(await pickupOf(order.id)).toEqual({ is_pickup: false })
      const fulfilled = await fulfill(order)
      expect(fulfilled.status).toBe(200)
      const [fulfillment] = (await adminOrder(order.id)).fulfillments
      expect(fulfillment.provider_id).toBe("manual_manual")
      expect((await call(api.post(`/admin/orders/${order.id}/fulfillments/${fulfillment.id}/shipments`, { items: allItems(order) }, world.admin))).status).toBe(200)
      expect((await call(api.post(`/admin/orders/${order.id}/fulfillments/${fulfillment.id}/mark-as-delivered`, {}, world.admin))).status).toBe(200)
      expect((await adminOrder(order.id)).fulfillment_status).toBe("delivered")
      expect((await handOver(order.id)).status).toBe(400)
      expect(readyEvents.find((e) => e.order_id === order.id)).toBeUndefined()
    })

    it("lets an unpaid order through where payment at handover is optional, says so, and gates it again when the option is off", async () => {
      const location = `/admin/stock-locations/${world.seed.stock_location_id}`
      const placed = await placeOrder(api, world.seed, { items: [{ handle: "dark-chocolate", quantity: 2 }] })
      const order = await adminOrder(placed.id)
      await api.post(location, { metadata: { in_store_payment_optional: true } }, world.admin)
      try {
        const pickup = await pickupOf(order.id)
        expect(pickup).toMatchObject({ gate: { allowed: true, reason: "payment_optional" }, location: { payment_optional: true } })
        expect((await fulfill(order)).status).toBe(200)
      } finally {
        await api.post(location, { metadata: { in_store_payment_optional: false } }, world.admin)
      }
      const [fulfillment] = (await adminOrder(order.id)).fulfillments
      expect(readyEvents.find((e) => e.order_id === order.id)).toBeUndefined() // packed but not paid: not ready

      // Strict again: shipping and the handover are refused through the admin routes and Medusa's workflow.
      const owes = `Order #${order.display_id} still owes ${owedText(order)}`
      const ship = await call(api.post(`/admin/orders/${order.id}/fulfillments/${fulfillment.id}/shipments`, { items: allItems(order) }, world.admin))
      expect(ship.status).toBe(400)
      expect(ship.data.message).toContain(`${owes}: its goods cannot be marked shipped`)
      const shipDirect = await workflowError(
        createOrderShipmentWorkflow(getContainer()).run({ input: { order_id: order.id, fulfillment_id: fulfillment.id, items: allItems(order) } })
      )
      expect(shipDirect?.message).toContain(`${owes}: its goods cannot be marked shipped`)
      const deliver = await call(api.post(`/admin/orders/${order.id}/fulfillments/${fulfillment.id}/mark-as-delivered`, {}, world.admin))
      expect(deliver.status).toBe(400)
      expect(deliver.data.message).toContain(`${owes}: its goods cannot be handed over`)
      const unchanged = (await adminOrder(order.id)).fulfillments[0]
      expect(unchanged.shipped_at).toBeNull() // Medusa compensated the shipment the hook refused
      expect(unchanged.delivered_at).toBeNull()

      // Paid later: ready now (once), and the handover goes through.
      await payInStore(order.id)
      await waitFor("in_store_pickup.ready after payment", async () => readyEvents.find((e) => e.order_id === order.id))
      expect((await handOver(order.id)).status).toBe(200)
    })

    it("answers 401 without login, also on Medusa's routes the gate stands on (no amount leaks)", async () => {
      const orderId = world.orders.promoted.id
      expect((await call(api.get(`/admin/orders/${orderId}/pickup`))).status).toBe(401)
      expect((await call(api.post(`/admin/orders/${orderId}/pickup/handover`, {}))).status).toBe(401)
      const fulfill = await call(api.post(`/admin/orders/${orderId}/fulfillments`, { items: [] }))
      expect(fulfill.status).toBe(401)
      expect(JSON.stringify(fulfill.data)).not.toMatch(/owes/)
    })
  },
})
