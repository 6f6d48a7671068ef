import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { useSeededWorld } from "../helpers/seeded"

jest.setTimeout(120 * 1000)

medusaIntegrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer }) => {
    const world = useSeededWorld(getContainer, api)

    describe("the host with the plugin", () => {
      it("answers /health", async () => {
        const res = await api.get("/health")
        expect(res.status).toBe(200)
      })

      it("lists the configured terminals without their secrets", async () => {
        const res = await api.get("/admin/in-store/terminals", world.admin)
        expect(res.status).toBe(200)
        expect(res.data.terminals.map((t: any) => t.id)).toEqual(["counter-1", "mpos-2"])
        expect(JSON.stringify(res.data)).not.toContain("secret")
        expect(res.data.default_terminal_id).toBe("counter-1")
      })

      it("refuses the admin route without authentication", async () => {
        const res = await api.get("/admin/in-store/terminals").catch((e: any) => e.response)
        expect(res.status).toBe(401)
      })
    })

    describe("the seeded Russian store", () => {
      it("placed two orders through the store API, one with the 10 % promotion", async () => {
        const { plain, promoted } = world.orders
        const fetch = async (id: string) =>
          (await api.get(`/admin/orders/${id}?fields=*items,*items.adjustments,*items.tax_lines,+total,+discount_total,+currency_code,+email,*shipping_address`, world.admin)).data.order
        const [a, b] = [await fetch(plain.id), await fetch(promoted.id)]
        expect(a.currency_code).toBe("rub")
        expect(a.email).toBe(world.seed.customer.email)
        expect(a.shipping_address.phone).toBe(world.seed.customer.phone)
        // 1999.99 + 2 × 1599.90, pickup is free
        expect(Number(a.total)).toBeCloseTo(5199.79, 2)
        expect(Number(a.discount_total)).toBe(0)
        // 10 % off 3 × 333.33 + 1999.99 + 189.99 = 3189.97
        expect(Number(b.discount_total)).toBeCloseTo(318.997, 3)
        expect(Number(b.total)).toBeCloseTo(2870.973, 3)
        const rates = a.items.flatMap((item: any) => item.tax_lines.map((line: any) => Number(line.rate))).sort()
        expect(rates).toEqual([10, 22])
      })
    })
  },
})
