import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules, ProductStatus } from "@medusajs/framework/utils"
import { createProductsWorkflow } from "@medusajs/medusa/core-flows"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import QRCode from "qrcode"
import { MAX_PAY_LINK_LENGTH, MAX_QR_VERSION, parseCustomSchemeLink, verifyCustomSchemeLink } from "../../src/domain"
import { IN_STORE_MODULE } from "../../src/modules/in-store"
import { placeOrder, useSeededWorld } from "../helpers/seeded"
import { succeeded, terminalSecret } from "../helpers/terminal"

jest.setTimeout(300 * 1000)

const PRODUCT_COUNT = 200
// The most bytes any QR holds at error correction M (version 40): the full link of such an order fits in none.
const QR_V40_M_BYTES = 2331

/** ~120-character titles, Cyrillic and Latin, as a real catalogue has them. */
const titleOf = (i: number) => {
  const n = String(i + 1).padStart(3, "0")
  const title = `Позиция ${n}: кофе в зёрнах арабика, обжарка средняя, 1 кг / Item ${n}: arabica coffee beans, medium roast, 1 kg pack`
  return title.padEnd(120, ".").slice(0, 120)
}

/** 200 products, each with a small and a large variant, sold in the seeded sales channel. */
async function createCatalogue(container: MedusaContainer, salesChannelId: string) {
  const [profile] = await container.resolve(Modules.FULFILLMENT).listShippingProfiles({ type: "default" })
  const { result } = await createProductsWorkflow(container).run({
    input: {
      products: Array.from({ length: PRODUCT_COUNT }, (_, i) => ({
        title: titleOf(i),
        handle: `large-order-item-${i + 1}`,
        status: ProductStatus.PUBLISHED,
        shipping_profile_id: profile.id,
        sales_channels: [{ id: salesChannelId }],
        options: [{ title: "Size", values: ["S", "L"] }],
        variants: ["S", "L"].map((size) => ({
          title: size,
          sku: `LARGE-${i + 1}-${size}`,
          options: { Size: size },
          manage_inventory: false,
          // kopecks on purpose: the plugin must keep every one
          prices: [{ amount: Number(((size === "S" ? 101.37 : 257.19) + i * 3.11).toFixed(2)), currency_code: "rub" }],
        })),
      })),
    },
  })
  const variants: Record<string, string> = {}
  for (const product of result) {
    for (const variant of product.variants!) variants[`${product.handle}:${variant.title}`] = variant.id
  }
  return variants
}

medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    const world = useSeededWorld(getContainer, api)
    const orders = {} as { large: any; oversized: any }

    // Placed once, before the runner's snapshot: every test starts from these two orders, unpaid.
    beforeAll(async () => {
      const variants = await createCatalogue(getContainer(), world.seed.sales_channel_id)
      const seed = { ...world.seed, variants }
      const handle = (i: number, size: "S" | "L") => `large-order-item-${i + 1}:${size}`
      // 200 lines; every tenth bought twice, so the promotion's kopecks split some lines in two.
      orders.large = await placeOrder(api, seed, {
        items: Array.from({ length: PRODUCT_COUNT }, (_, i) => ({ handle: handle(i, "S"), quantity: i % 10 === 0 ? 2 : 1 })),
        promo_code: seed.promo_code,
      })
      // The same 200 titles, seven units a line: the promotion's kopecks split nearly every line in two, which
      // takes the link past the protocol's maximum.
      orders.oversized = await placeOrder(api, seed, {
        items: Array.from({ length: PRODUCT_COUNT }, (_, i) => ({ handle: handle(i, "L"), quantity: 7 })),
        promo_code: seed.promo_code,
      })
    })

    const call = (p: Promise<any>) => p.then((r: any) => r, (e: any) => e.response ?? Promise.reject(e))
    const collect = (orderId: string) => call(api.post(`/admin/orders/${orderId}/in-store-payments`, {}, world.admin))
    const adminGet = (path: string) => call(api.get(path, world.admin))
    const shortUrl = (payload: string, accept: string) => call(api.get(new URL(payload).pathname, { headers: { accept } }))
    const callback = (id: string, params: Record<string, string>) => call(api.post(`/hooks/in-store/${id}`, params))
    const adminOrder = async (id: string) =>
      (await api.get(`/admin/orders/${id}?fields=id,payment_status,*summary,*payment_collections`, world.admin)).data.order

    const expectShortQr = (qr: any) => {
      expect(qr).toEqual({ payload: expect.stringMatching(/^http:\/\/localhost:9000\/hooks\/in-store\/links\/[A-Za-z0-9_-]{22}$/), version: expect.any(Number) })
      expect(QRCode.create(qr.payload, { errorCorrectionLevel: "M" }).version).toBe(qr.version)
      expect(qr.version).toBeLessThanOrEqual(MAX_QR_VERSION)
    }

    it("collects a 200-line promoted order: short QR, every route answers, a signed result captures", async () => {
      const order = orders.large
      expect(order.items).toHaveLength(PRODUCT_COUNT)
      const before = await adminOrder(order.id)

      const created = await collect(order.id)
      expect(created.status).toBe(200)
      const payment = created.data.in_store_payment
      expect(payment.amount).toBe(Math.round(Number(before.summary.pending_difference) * 100))
      expect(payment.lines.length).toBeGreaterThanOrEqual(PRODUCT_COUNT + 1) // items, and lines split by the promotion
      expect(payment.lines.reduce((sum: number, l: any) => sum + l.total, 0)).toBe(payment.amount)
      for (const line of payment.lines) expect(line.unit_price * line.quantity).toBe(line.total)

      // The full link is what grew: no QR of any version could carry it, and it stays within the protocol's maximum.
      expect(verifyCustomSchemeLink(payment.pay_link, terminalSecret())).toBe(true)
      expect(Buffer.byteLength(payment.pay_link)).toBeGreaterThan(QR_V40_M_BYTES)
      expect(payment.pay_link.length).toBeLessThanOrEqual(MAX_PAY_LINK_LENGTH)
      expectShortQr(payment.qr)

      // Every route that serializes the payment answers, with the QR's payload and version, never an image.
      const list = await adminGet(`/admin/orders/${order.id}/in-store-payments`)
      expect(list.status).toBe(200)
      expect(list.data.in_store_payments.map((p: any) => p.id)).toEqual([payment.id])
      expect(list.data.in_store_payments[0].qr).toEqual(payment.qr)
      const detail = await adminGet(`/admin/in-store-payments/${payment.id}`)
      expect(detail.status).toBe(200)
      expect(detail.data.in_store_payment.qr).toEqual(payment.qr)
      const page = await adminGet(`/admin/in-store-payments?order_id=${order.id}`)
      expect(page.status).toBe(200)
      expect(page.data.in_store_payments[0].qr).toEqual(payment.qr)

      // The one route that draws the QR: an SVG of the short URL, at its version (4·v + 17 modules, 2 of margin).
      const image = await adminGet(`/admin/in-store-payments/${payment.id}/qr`)
      expect(image.status).toBe(200)
      expect(image.data.qr.payload).toBe(payment.qr.payload)
      const side = 4 * payment.qr.version + 17 + 2 * 2
      expect(image.data.qr.svg).toContain(`viewBox="0 0 ${side} ${side}"`)

      // A terminal app reading the QR gets the full signed link and the order it signs.
      const json = await shortUrl(payment.qr.payload, "application/json")
      expect(json.status).toBe(200)
      expect(json.headers["cache-control"]).toBe("no-store")
      const parsed = parseCustomSchemeLink(payment.pay_link)
      expect(json.data).toEqual({
        payment_id: payment.id,
        pay_link: payment.pay_link,
        order: parsed.order,
        callback: `http://localhost:9000/hooks/in-store/${payment.id}`,
        sig: parsed.sig,
        expires_at: payment.expires_at,
      })
      expect(json.data.order.lines).toEqual(payment.lines)

      // A phone's camera opens it in a browser: a page that opens the terminal app with the full link.
      const html = await shortUrl(payment.qr.payload, "text/html,application/xhtml+xml,*/*;q=0.8")
      expect(html.status).toBe(200)
      expect(html.headers["content-type"]).toMatch(/^text\/html/)
      expect(html.data).toContain(`href="${payment.pay_link.replace(/&/g, "&amp;")}"`)

      // The terminal paid: its signed result is answered 200 (no QR rendered there) and captured in Medusa.
      const paid = await callback(payment.id, succeeded(payment))
      expect(paid.status).toBe(200)
      expect(paid.data.verdict).toBe("accepted")
      expect(paid.data.in_store_payment.status).toBe("paid")
      expectShortQr(paid.data.in_store_payment.qr)
      expect((await adminOrder(order.id)).payment_status).toBe("captured")
      expect((await adminGet(`/admin/in-store-payments/${payment.id}`)).data.in_store_payment.captured_at).not.toBeNull()

      // The short URL died with the link.
      const gone = await shortUrl(payment.qr.payload, "application/json")
      expect(gone.status).toBe(410)
      expect(gone.data).toMatchObject({ type: "gone", reason: "paid", message: expect.stringContaining("paid") })
      const goneHtml = await shortUrl(payment.qr.payload, "text/html")
      expect(goneHtml.status).toBe(410)
      expect(goneHtml.data).not.toContain("payNow")
    })

    it("answers 410 for a link past expires_at or canceled, 404 for an unknown token", async () => {
      const payment = (await collect(orders.large.id)).data.in_store_payment
      const inStore: any = getContainer().resolve(IN_STORE_MODULE)
      // Still pending in the database (the expiry job has not run), but its link is past due, and past the
      // tolerance in which a result made in time is still accepted (so a new Collect in store replaces it).
      await inStore.updateInStorePayments({ id: payment.id, expires_at: new Date(Date.now() - 3_600_000) })
      const expired = await shortUrl(payment.qr.payload, "application/json")
      expect(expired.status).toBe(410)
      expect(expired.data).toMatchObject({ type: "gone", reason: "expired", payment_id: payment.id })

      // A new link for the order has a new token; canceling it kills that one too.
      const second = (await collect(orders.large.id)).data.in_store_payment
      expect(second.id).not.toBe(payment.id)
      expect(second.qr.payload).not.toBe(payment.qr.payload)
      expect((await shortUrl(second.qr.payload, "application/json")).status).toBe(200)
      expect((await call(api.post(`/admin/in-store-payments/${second.id}/cancel`, {}, world.admin))).status).toBe(200)
      expect((await shortUrl(second.qr.payload, "application/json")).data).toMatchObject({ type: "gone", reason: "canceled" })

      const unknown = await call(api.get(`/hooks/in-store/links/${"A".repeat(22)}`, { headers: { accept: "application/json" } }))
      expect(unknown.status).toBe(404)
      expect(unknown.data).toEqual({ type: "not_found", message: "Unknown pay link" })
      expect((await call(api.get(`/hooks/in-store/links/not-a-token`))).status).toBe(404)
    })

    it("refuses with 400 an order whose link the protocol cannot carry, writing nothing", async () => {
      const order = orders.oversized
      expect(order.items).toHaveLength(PRODUCT_COUNT)
      const before = await adminOrder(order.id)

      const refused = await collect(order.id)
      expect(refused.status).toBe(400)
      expect(refused.data.type).toBe("invalid_data")
      expect(refused.data.message).toMatch(
        new RegExp(`^The pay link would be \\d+ characters long, more than the ${MAX_PAY_LINK_LENGTH} the in-store protocol allows \\(\\d+ lines\\)`)
      )

      const inStore: any = getContainer().resolve(IN_STORE_MODULE)
      expect(await inStore.listInStorePayments({ order_id: order.id })).toEqual([])
      expect((await adminOrder(order.id)).payment_collections).toHaveLength(before.payment_collections.length)
      expect((await adminGet(`/admin/orders/${order.id}/in-store-payments`)).data.in_store_payments).toEqual([])
    })
  },
})
