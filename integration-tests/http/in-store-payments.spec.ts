import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { parseCustomSchemeLink, verifyCustomSchemeLink } from "../../src/domain"
import { expireOverduePayments } from "../../src/lib/expire-overdue"
import { IN_STORE_MODULE } from "../../src/modules/in-store"
import { placeOrder, useSeededWorld } from "../helpers/seeded"
import { signedResult, succeeded, terminalSecret } from "../helpers/terminal"

jest.setTimeout(180 * 1000)

const ORDER_FIELDS =
  "fields=id,total,payment_status,*summary,*payment_collections,*payment_collections.payments,*payment_collections.payments.captures,*transactions"

medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    const world = useSeededWorld(getContainer, api)

    const call = (p: Promise<any>) => p.then((r: any) => r, (e: any) => e.response ?? Promise.reject(e))
    const collect = async (orderId: string, body: Record<string, unknown> = {}) =>
      call(api.post(`/admin/orders/${orderId}/in-store-payments`, body, world.admin))
    const callback = (id: string, params: Record<string, string>, how: "get" | "json" | "form" = "json", headers = {}) => {
      if (how === "get") return call(api.get(`/hooks/in-store/${id}?${new URLSearchParams(params)}`, { headers }))
      if (how === "form")
        return call(
          api.post(`/hooks/in-store/${id}`, new URLSearchParams(params).toString(), {
            headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
          })
        )
      return call(api.post(`/hooks/in-store/${id}`, params, { headers }))
    }
    const adminOrder = async (id: string) => (await api.get(`/admin/orders/${id}?${ORDER_FIELDS}`, world.admin)).data.order
    const inStorePayment = async (id: string) => (await api.get(`/admin/in-store-payments/${id}`, world.admin)).data.in_store_payment
    const capturesOf = (order: any) =>
      order.payment_collections.flatMap((pc: any) => pc.payments.flatMap((p: any) => p.captures ?? []))

    describe("Collect in store → signed link → signed result → captured", () => {
      it("charges the promoted order's total to the kopeck and captures it once", async () => {
        const orderId = world.orders.promoted.id
        const before = await adminOrder(orderId)
        const res = await collect(orderId)
        expect(res.status).toBe(200)
        const payment = res.data.in_store_payment
        expect(payment.id).toMatch(/^isp_/)
        expect(payment.status).toBe("pending")
        expect(payment.currency_code).toBe("RUB")
        // 2870.973 owed → 287097 kopecks, rounded once
        expect(payment.amount).toBe(Math.round(Number(before.summary.pending_difference) * 100))
        expect(payment.amount).toBe(287097)
        expect(payment.lines.reduce((sum: number, l: any) => sum + l.total, 0)).toBe(payment.amount)
        for (const line of payment.lines) expect(line.unit_price * line.quantity).toBe(line.total)
        expect(payment.lines.map((l: any) => l.vat).sort()).toEqual(expect.arrayContaining(["vat10", "vat22"]))

        // The link is the CONTRACT §3 custom scheme, signed with the terminal's secret
        expect(payment.pay_link).toMatch(/^kassa-api:\/\/payNow\?order=/)
        expect(verifyCustomSchemeLink(payment.pay_link, terminalSecret())).toBe(true)
        const link = parseCustomSchemeLink(payment.pay_link)
        expect(link.order).toMatchObject({ v: 1, payment_id: payment.id, order_id: orderId, amount: 287097, currency: "RUB" })
        expect(link.callbackUrl).toBe(`http://localhost:9000/hooks/in-store/${payment.id}`)
        // The QR carries the short URL (docs/protocol.md §1.2); its image comes from the QR route only
        expect(payment.qr.payload).toMatch(/^http:\/\/localhost:9000\/hooks\/in-store\/links\/[A-Za-z0-9_-]{22}$/)
        expect(payment.qr.svg).toBeUndefined()
        expect((await api.get(`/admin/in-store-payments/${payment.id}/qr`, world.admin)).data.qr.svg).toContain("<svg")

        const ok = await callback(payment.id, succeeded(payment))
        expect(ok.status).toBe(200)
        expect(ok.data.in_store_payment.status).toBe("paid")

        const after = await adminOrder(orderId)
        expect(after.payment_status).toBe("captured")
        const captures = capturesOf(after)
        expect(captures).toHaveLength(1)
        expect(Number(captures[0].amount)).toBeCloseTo(2870.97, 2)
        // the manual "pay at pickup" authorization was canceled, not left dangling
        const manual = after.payment_collections.flatMap((pc: any) => pc.payments).filter((p: any) => p.provider_id === "pp_system_default")
        expect(manual.every((p: any) => p.canceled_at)).toBe(true)

        const detail = await inStorePayment(payment.id)
        expect(detail.transaction_id).toBe(`TXN-${payment.id.slice(-6)}`)
        expect(detail.captured_at).not.toBeNull()
        expect(detail.callback_events.map((e: any) => e.verdict)).toEqual(["accepted"])
        expect(detail.callback_events[0].params.sig).toBeUndefined()

        // the order now owes nothing
        const again = await collect(orderId)
        expect(again.status).toBe(400)
        expect(again.data.message).toMatch(/owes nothing/)
      })

      it("returns the pending payment instead of a second one, also under concurrency", async () => {
        const orderId = world.orders.plain.id
        const results = await Promise.all(Array.from({ length: 5 }, () => collect(orderId)))
        const ids = new Set(results.map((r: any) => r.data.in_store_payment.id))
        expect(results.every((r: any) => r.status === 200)).toBe(true)
        expect(ids.size).toBe(1)
        const list = await api.get(`/admin/orders/${orderId}/in-store-payments`, world.admin)
        expect(list.data.in_store_payments).toHaveLength(1)
      })

      it("captures exactly once under a storm of 50 identical results", async () => {
        const orderId = world.orders.plain.id
        const payment = (await collect(orderId)).data.in_store_payment
        const params = succeeded(payment)
        const answers = await Promise.all(
          Array.from({ length: 50 }, (_, i) => callback(payment.id, params, (["json", "form", "get"] as const)[i % 3]))
        )
        expect(answers.map((a: any) => a.status)).toEqual(Array(50).fill(200))
        const order = await adminOrder(orderId)
        expect(order.payment_status).toBe("captured")
        expect(capturesOf(order)).toHaveLength(1)
        const captureTransactions = order.transactions.filter((t: any) => t.reference === "capture")
        expect(captureTransactions).toHaveLength(1)
        const verdicts = (await inStorePayment(payment.id)).callback_events.map((e: any) => e.verdict)
        expect(verdicts.filter((v: string) => v === "accepted")).toHaveLength(1)
        expect(verdicts.filter((v: string) => v === "duplicate")).toHaveLength(49)
      })

      it("settles a mix of succeeded and failed results on one final state", async () => {
        const orderId = world.orders.plain.id
        const payment = (await collect(orderId)).data.in_store_payment
        const ok = succeeded(payment)
        const failed = signedResult(payment.id, { status: "failed", message: "declined" })
        const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => callback(payment.id, i % 2 ? ok : failed)))
        const final = await inStorePayment(payment.id)
        expect(["paid", "failed"]).toContain(final.status)
        const accepted = final.callback_events.filter((e: any) => e.verdict === "accepted")
        expect(accepted).toHaveLength(1)
        const order = await adminOrder(orderId)
        expect(capturesOf(order)).toHaveLength(final.status === "paid" ? 1 : 0)
        // whoever lost got 409 (a result against a final state) or 200 (the same result again)
        for (const a of answers) expect([200, 409]).toContain(a.status)
      })
    })

    describe("results that must change nothing", () => {
      it("answers 401/404/400/422 as CONTRACT §4 says and logs each verdict", async () => {
        const orderId = world.orders.plain.id
        const payment = (await collect(orderId)).data.in_store_payment

        const wrongSig = { ...succeeded(payment), sig: "0".repeat(64) }
        expect((await callback(payment.id, wrongSig)).status).toBe(401)
        const { sig: _sig, ...unsigned } = succeeded(payment)
        expect((await callback(payment.id, unsigned)).status).toBe(401)

        const stale = succeeded(payment, { ts: Math.floor(Date.now() / 1000) - 301 })
        const staleRes = await callback(payment.id, stale)
        expect(staleRes.status).toBe(401)

        expect((await callback("isp_unknown", succeeded({ ...payment, id: "isp_unknown" }))).status).toBe(404)

        const malformed = await callback(payment.id, succeeded(payment, { amount: "12.50" }))
        expect(malformed.status).toBe(400)
        expect(malformed.data.message).toMatch(/amount/)
        expect(malformed.data.field).toBe("amount")

        const lessMoney = await callback(payment.id, succeeded(payment, { amount: payment.amount - 1 }))
        expect(lessMoney.status).toBe(422)
        const otherCurrency = await callback(payment.id, succeeded(payment, { currency: "USD" }))
        expect(otherCurrency.status).toBe(422)

        const html = await callback(payment.id, wrongSig, "get", { accept: "text/html" })
        expect(html.status).toBe(401)
        expect(String(html.headers["content-type"])).toContain("text/html")
        expect(html.data).toContain("<h1>")

        const detail = await inStorePayment(payment.id)
        expect(detail.status).toBe("pending")
        // unsigned requests fold into one row a minute with a count
        const verdicts = detail.callback_events.flatMap((e: any) => Array(e.repeat_count).fill(e.verdict))
        expect(verdicts.sort()).toEqual(
          ["amount_mismatch", "amount_mismatch", "bad_signature", "bad_signature", "bad_signature", "malformed", "stale"].sort()
        )
        const order = await adminOrder(orderId)
        expect(capturesOf(order)).toHaveLength(0)
        expect(order.payment_status).not.toBe("captured")
      })

      it("refuses a success after cancel (409) and after expiry (409), capturing nothing", async () => {
        const orderId = world.orders.plain.id
        const first = (await collect(orderId)).data.in_store_payment
        const canceled = await call(api.post(`/admin/in-store-payments/${first.id}/cancel`, {}, world.admin))
        expect(canceled.status).toBe(200)
        expect(canceled.data.in_store_payment.status).toBe("canceled")
        expect((await call(api.post(`/admin/in-store-payments/${first.id}/cancel`, {}, world.admin))).status).toBe(400)
        expect((await callback(first.id, succeeded(first))).status).toBe(409)

        const second = (await collect(orderId)).data.in_store_payment
        expect(second.id).not.toBe(first.id)
        const inStore: any = getContainer().resolve(IN_STORE_MODULE)
        await inStore.updateInStorePayments({ id: second.id, expires_at: new Date(Date.now() - 10 * 60 * 1000) })
        // The app's own expiry job may get there first: whoever expires it, nothing else is expired.
        const expiredNow = await expireOverduePayments(getContainer())
        expect(expiredNow.filter((id) => id !== second.id)).toEqual([])
        expect((await inStorePayment(second.id)).status).toBe("expired")
        const late = await callback(second.id, succeeded(second))
        expect(late.status).toBe(409)
        expect(late.data.verdict).toBe("conflict")

        const order = await adminOrder(orderId)
        expect(capturesOf(order)).toHaveLength(0)
        expect((await inStorePayment(second.id)).callback_events.map((e: any) => e.verdict)).toEqual(["conflict"])
      })

      it("marks failed on a signed decline, and the seller can start again", async () => {
        const orderId = world.orders.plain.id
        const payment = (await collect(orderId)).data.in_store_payment
        const res = await callback(payment.id, signedResult(payment.id, { status: "failed", message: "Card declined" }), "form")
        expect(res.status).toBe(200)
        expect(res.data.in_store_payment.status).toBe("failed")
        // The terminal's reason is kept for the seller.
        expect(res.data.in_store_payment.result).toMatchObject({ status: "failed", message: "Card declined" })
        const next = (await collect(orderId)).data.in_store_payment
        expect(next.id).not.toBe(payment.id)
        expect(next.status).toBe("pending")
      })
    })

    describe("what the order owes", () => {
      it("asks only for what a partially paid order still owes", async () => {
        const order = await placeOrder(api, world.seed, { items: [{ handle: "oolong-tea", quantity: 3 }], shipping: "courier" })
        const full = await adminOrder(order.id)
        const manualPayment = full.payment_collections[0].payments[0]
        await api.post(`/admin/payments/${manualPayment.id}/capture`, { amount: 500 }, world.admin)
        const owed = Number((await adminOrder(order.id)).summary.pending_difference)
        const payment = (await collect(order.id)).data.in_store_payment
        expect(payment.amount).toBe(Math.round(owed * 100))
        expect(payment.amount).toBe(Math.round((455.55 * 3 + 350.5 - 500) * 100))
        expect(payment.lines.reduce((s: number, l: any) => s + l.total, 0)).toBe(payment.amount)
        expect(payment.lines.some((l: any) => l.payment_object === "service")).toBe(true)

        expect((await callback(payment.id, succeeded(payment))).status).toBe(200)
        const after = await adminOrder(order.id)
        expect(after.payment_status).toBe("captured")
        expect(Number(after.summary.pending_difference)).toBeCloseTo(0, 2)
      })

      it("refuses unknown orders (404), unknown terminals and bad bodies (400)", async () => {
        expect((await collect("order_nope")).status).toBe(404)
        const unknownTerminal = await collect(world.orders.plain.id, { terminal_id: "nope" })
        expect(unknownTerminal.status).toBe(400)
        expect(unknownTerminal.data.message).toMatch(/terminal_id/)
        expect((await collect(world.orders.plain.id, { terminal_id: 5 })).status).toBe(400)
        expect((await collect(world.orders.plain.id, { amount: 5 })).status).toBe(400)
      })

      it("keeps every admin route behind authentication", async () => {
        const routes: Array<[string, string]> = [
          ["post", `/admin/orders/${world.orders.plain.id}/in-store-payments`],
          ["get", `/admin/orders/${world.orders.plain.id}/in-store-payments`],
          ["get", `/admin/in-store-payments`],
          ["get", `/admin/in-store-payments/isp_x`],
          ["post", `/admin/in-store-payments/isp_x/cancel`],
        ]
        for (const [method, url] of routes) {
          const res = await call(method === "get" ? api.get(url) : api.post(url, {}))
          expect(res.status).toBe(401)
        }
      })
    })
  },
})
