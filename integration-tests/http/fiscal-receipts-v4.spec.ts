import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { Modules } from "@medusajs/framework/utils"
import { kopecks, useAtolEmulator, validateAtolRequest, waitFor } from "../helpers/atol"
import { placeOrder, useSeededWorld } from "../helpers/seeded"
import { succeeded } from "../helpers/terminal"

jest.setTimeout(240 * 1000)

// v4 (FFD 1.05) by option, and a VAT override by product tag.
const emulator = useAtolEmulator({
  ATOL_API_VERSION: "v4",
  IN_STORE_VAT_OVERRIDES: JSON.stringify({ product_tags: { "vat-exempt": "none" } }),
})

medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    const world = useSeededWorld(getContainer, api)
    const call = (p: Promise<any>) => p.then((r: any) => r, (e: any) => e.response ?? Promise.reject(e))
    const collect = (orderId: string, terminal_id = "counter-1") =>
      call(api.post(`/admin/orders/${orderId}/in-store-payments`, { terminal_id }, world.admin))
    const payInStore = async (orderId: string) => {
      const created = await collect(orderId)
      expect(created.status).toBe(200)
      const payment = created.data.in_store_payment
      const paid = await call(api.post(`/hooks/in-store/${payment.id}`, succeeded(payment)))
      expect(paid.status).toBe(200)
      return paid.data.in_store_payment
    }
    const receipt = (id: string) =>
      waitFor(`receipt ${id} to finish`, async () => {
        const { fiscal_receipts } = (await api.get(`/admin/fiscal-receipts?limit=100`, world.admin)).data
        const row = fiscal_receipts.find((r: any) => r.id === id)
        return row && (row.status === "done" || row.status === "failed") ? row : null
      })
    const productByHandle = async (handle: string) => {
      const products = await getContainer().resolve(Modules.PRODUCT).listProducts({ handle }, { relations: ["tags", "type"] })
      return products[0]
    }

    it("registers the promoted order's v4 receipt, valid against ATOL's own v4 schema", async () => {
      const payment = await payInStore(world.orders.promoted.id)
      const row = await receipt(payment.receipt.id)
      expect(row.status).toBe("done")
      expect(row.api_version).toBe("v4")
      const [document] = emulator.atol.documents(payment.id)
      expect(document.api_version).toBe("v4")
      expect(validateAtolRequest("v4", "sell", document.body)).toBeNull()
      const { items, total, payments } = document.body.receipt
      expect(items.reduce((sum: number, item: any) => sum + kopecks(item.sum), 0)).toBe(payment.amount)
      expect(kopecks(total)).toBe(payment.amount)
      expect(payments).toEqual([{ type: 1, sum: total }])
      for (const item of items) {
        expect(item).toMatchObject({ measurement_unit: "шт", payment_method: "full_payment" })
        expect(["commodity", "service"]).toContain(item.payment_object)
        expect(item.name.length).toBeLessThanOrEqual(128)
      }
      expect(emulator.atol.registrations(payment.id)).toBe(1)
    })

    it("maps VAT by a product-tag override, and reports an unmappable rate on the receipt, not silently", async () => {
      const product = getContainer().resolve(Modules.PRODUCT)
      const tax = getContainer().resolve(Modules.TAX)
      // The grinder is tagged VAT-exempt (an override); the mug gets a 13 % rate no fiscal code exists for.
      const [tag] = await product.createProductTags([{ value: "vat-exempt" }])
      const grinder = await productByHandle("coffee-grinder")
      await product.updateProducts(grinder.id, { tag_ids: [tag.id] })
      const [souvenirs] = await product.createProductTypes([{ value: "Сувениры 13%" }])
      const mug = await productByHandle("ceramic-mug")
      await product.updateProducts(mug.id, { type_id: souvenirs.id })
      const [region] = await tax.listTaxRegions({ country_code: "ru", parent_id: null })
      await tax.createTaxRates([
        { tax_region_id: region.id, name: "13 %", code: "odd13", rate: 13, rules: [{ reference: "product_type", reference_id: souvenirs.id }] },
      ])

      const exempt = await placeOrder(api, world.seed, { items: [{ handle: "coffee-grinder", quantity: 1 }] })
      const exemptPayment = await payInStore(exempt.id)
      expect((await receipt(exemptPayment.receipt.id)).status).toBe("done")
      const [document] = emulator.atol.documents(exemptPayment.id)
      const grinderItem = document.body.receipt.items.find((i: any) => /grinder/.test(i.name))
      expect(grinderItem.vat).toEqual({ type: "none", sum: 0 })

      const odd = await placeOrder(api, world.seed, { items: [{ handle: "ceramic-mug", quantity: 1 }, { handle: "oolong-tea", quantity: 1 }] })
      // The terminal that prints its own receipt needs every code in the link: refused up front, naming the item.
      const refused = await collect(odd.id, "mpos-2")
      expect(refused.status).toBe(400)
      expect(refused.data.message).toMatch(/Ceramic mug.*13/)
      // The store's register: the money can be taken; the receipt fails with the reason, for a person to fix.
      const paid = await payInStore(odd.id)
      const failed = await receipt(paid.receipt.id)
      expect(failed.status).toBe("failed")
      expect(failed.error).toMatchObject({ code: "vat_unmappable", field: expect.stringMatching(/^items\[\d+\]\.vat$/) })
      expect(failed.error.text).toMatch(/Ceramic mug.*13 %.*vat_overrides/)
      expect(failed.request).toBeNull()
      expect(emulator.atol.registrations(paid.id)).toBe(0)
    })
  },
})
