import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules, ProductStatus } from "@medusajs/framework/utils"
import {
  createApiKeysWorkflow,
  createCustomersWorkflow,
  createInventoryLevelsWorkflow,
  createProductTypesWorkflow,
  createProductsWorkflow,
  createPromotionsWorkflow,
  createRegionsWorkflow,
  createSalesChannelsWorkflow,
  createShippingOptionsWorkflow,
  createShippingProfilesWorkflow,
  createStockLocationsWorkflow,
  createTaxRatesWorkflow,
  createTaxRegionsWorkflow,
  linkSalesChannelsToApiKeyWorkflow,
  linkSalesChannelsToStockLocationWorkflow,
  updateStoresWorkflow,
} from "@medusajs/medusa/core-flows"

/** The plugin's pickup provider as the dev host registers it (medusa-config.ts: id "pickup"). */
export const PICKUP_PROVIDER_ID = "in-store-pickup_pickup"

/** What the demo and the tests need to know about the seeded store. */
export interface SeededStore {
  region_id: string
  sales_channel_id: string
  publishable_key: string
  stock_location_id: string
  pickup_option_id: string
  courier_option_id: string
  promo_code: string
  customer: { id: string; email: string; phone: string; first_name: string; last_name: string }
  /** variant ids by product handle */
  variants: Record<string, string>
}

export const DEMO_PROMO_CODE = "PICKUP10"

/** Prices include VAT (kopecks on purpose: the plugin must keep every one). */
const PRODUCTS = [
  { handle: "coffee-grinder", title: "Кофемолка ручная / Hand coffee grinder", price: 1999.99, food: false },
  { handle: "ceramic-mug", title: "Кружка керамическая 350 мл / Ceramic mug", price: 333.33, food: false },
  { handle: "usb-c-cable", title: "Кабель USB-C 1 м / USB-C cable", price: 749.5, food: false },
  { handle: "coffee-beans", title: "Кофе в зёрнах 1 кг / Coffee beans 1 kg", price: 1599.9, food: true },
  { handle: "dark-chocolate", title: "Шоколад горький 100 г / Dark chocolate", price: 189.99, food: true },
  { handle: "oolong-tea", title: "Чай улун 100 г / Oolong tea", price: 455.55, food: true },
]

/** Seeds a Russian pickup store through Medusa's own workflows (no direct table writes). */
export async function seedStore(container: MedusaContainer): Promise<SeededStore> {
  const link = container.resolve(ContainerRegistrationKeys.LINK)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const storeModule = container.resolve(Modules.STORE)
  const fulfillmentModule = container.resolve(Modules.FULFILLMENT)

  const {
    result: [salesChannel],
  } = await createSalesChannelsWorkflow(container).run({
    input: { salesChannelsData: [{ name: "Интернет-магазин / Web store" }] },
  })

  const [store] = await storeModule.listStores()
  await updateStoresWorkflow(container).run({
    input: {
      selector: { id: store.id },
      update: {
        name: "Кофейная лавка / Coffee shop",
        supported_currencies: [{ currency_code: "rub", is_default: true, is_tax_inclusive: true }],
        default_sales_channel_id: salesChannel.id,
      },
    },
  })

  const {
    result: [region],
  } = await createRegionsWorkflow(container).run({
    input: {
      regions: [
        {
          name: "Россия / Russia",
          currency_code: "rub",
          countries: ["ru"],
          automatic_taxes: true,
          is_tax_inclusive: true,
          // Only what a storefront offers: the in-store provider is not a checkout option (ADR 5).
          payment_providers: ["pp_system_default"],
        },
      ],
    },
  })

  const {
    result: [foodType],
  } = await createProductTypesWorkflow(container).run({
    input: { product_types: [{ value: "Продукты питания / Food" }] },
  })
  const { result: taxRegions } = await createTaxRegionsWorkflow(container).run({
    input: [
      {
        country_code: "ru",
        provider_id: "tp_system",
        default_tax_rate: { rate: 22, code: "vat22", name: "НДС 22%" },
      },
    ],
  })
  await createTaxRatesWorkflow(container).run({
    input: [
      {
        tax_region_id: taxRegions[0].id,
        rate: 10,
        code: "vat10",
        name: "НДС 10% (продукты)",
        rules: [{ reference: "product_type", reference_id: foodType.id }],
      },
    ],
  })

  const {
    result: [location],
  } = await createStockLocationsWorkflow(container).run({
    input: {
      locations: [
        {
          name: "Pickup point",
          address: { address_1: "ул. Тверская, 1", city: "Москва", country_code: "RU", postal_code: "125009" },
        },
      ],
    },
  })
  await linkSalesChannelsToStockLocationWorkflow(container).run({
    input: { id: location.id, add: [salesChannel.id] },
  })
  for (const provider of ["manual_manual", PICKUP_PROVIDER_ID]) {
    await link.create({
      [Modules.STOCK_LOCATION]: { stock_location_id: location.id },
      [Modules.FULFILLMENT]: { fulfillment_provider_id: provider },
    })
  }

  const {
    result: [shippingProfile],
  } = await createShippingProfilesWorkflow(container).run({
    input: { data: [{ name: "Default", type: "default" }] },
  })

  const pickupSet = await fulfillmentModule.createFulfillmentSets({
    name: "Pickup point: pickup",
    type: "pickup",
    service_zones: [{ name: "Pickup point", geo_zones: [{ country_code: "ru", type: "country" }] }],
  })
  const courierSet = await fulfillmentModule.createFulfillmentSets({
    name: "Pickup point: courier",
    type: "shipping",
    service_zones: [{ name: "Moscow", geo_zones: [{ country_code: "ru", type: "country" }] }],
  })
  for (const set of [pickupSet, courierSet]) {
    await link.create({
      [Modules.STOCK_LOCATION]: { stock_location_id: location.id },
      [Modules.FULFILLMENT]: { fulfillment_set_id: set.id },
    })
  }

  const storeRules = [
    { attribute: "enabled_in_store", value: "true", operator: "eq" as const },
    { attribute: "is_return", value: "false", operator: "eq" as const },
  ]
  const { result: shippingOptions } = await createShippingOptionsWorkflow(container).run({
    input: [
      {
        name: "Самовывоз / Pickup at the pickup point",
        price_type: "flat",
        // The plugin's pickup provider: the goods leave only when paid, with the customer's handover code.
        provider_id: PICKUP_PROVIDER_ID,
        data: { id: "pickup" },
        service_zone_id: pickupSet.service_zones[0].id,
        shipping_profile_id: shippingProfile.id,
        type: { label: "Pickup", description: "Collect and pay at the pickup point", code: "pickup" },
        prices: [
          { currency_code: "rub", amount: 0 },
          { region_id: region.id, amount: 0 },
        ],
        rules: storeRules,
      },
      {
        name: "Курьер / Courier",
        price_type: "flat",
        provider_id: "manual_manual",
        service_zone_id: courierSet.service_zones[0].id,
        shipping_profile_id: shippingProfile.id,
        type: { label: "Courier", description: "Delivery in Moscow", code: "courier" },
        prices: [
          { currency_code: "rub", amount: 350.5 },
          { region_id: region.id, amount: 350.5 },
        ],
        rules: storeRules,
      },
    ],
  })
  const pickupOption = shippingOptions.find((option) => option.service_zone_id === pickupSet.service_zones[0].id)!
  const courierOption = shippingOptions.find((option) => option.id !== pickupOption.id)!

  const {
    result: [publishableKey],
  } = await createApiKeysWorkflow(container).run({
    input: { api_keys: [{ title: "Web store", type: "publishable", created_by: "" }] },
  })
  await linkSalesChannelsToApiKeyWorkflow(container).run({
    input: { id: publishableKey.id, add: [salesChannel.id] },
  })

  const { result: products } = await createProductsWorkflow(container).run({
    input: {
      products: PRODUCTS.map((product) => ({
        title: product.title,
        handle: product.handle,
        status: ProductStatus.PUBLISHED,
        shipping_profile_id: shippingProfile.id,
        type_id: product.food ? foodType.id : undefined,
        sales_channels: [{ id: salesChannel.id }],
        options: [{ title: "Вариант", values: ["Стандарт"] }],
        variants: [
          {
            title: "Стандарт",
            sku: product.handle.toUpperCase(),
            options: { Вариант: "Стандарт" },
            manage_inventory: true,
            prices: [{ amount: product.price, currency_code: "rub" }],
          },
        ],
      })),
    },
  })

  const { data: inventoryItems } = await query.graph({ entity: "inventory_item", fields: ["id"] })
  await createInventoryLevelsWorkflow(container).run({
    input: {
      inventory_levels: inventoryItems.map((item: { id: string }) => ({
        location_id: location.id,
        stocked_quantity: 1000,
        inventory_item_id: item.id,
      })),
    },
  })

  await createPromotionsWorkflow(container).run({
    input: {
      promotionsData: [
        {
          code: DEMO_PROMO_CODE,
          type: "standard",
          status: "active",
          is_automatic: false,
          application_method: {
            type: "percentage",
            target_type: "order",
            allocation: "across",
            value: 10,
            currency_code: "rub",
          },
        },
      ],
    },
  })

  const customerData = {
    email: "ivan.petrov@example.com",
    phone: "+79161234567",
    first_name: "Иван",
    last_name: "Петров",
  }
  const {
    result: [customer],
  } = await createCustomersWorkflow(container).run({ input: { customersData: [customerData] } })

  const variants: Record<string, string> = {}
  for (const product of products) {
    variants[product.handle!] = product.variants![0].id
  }

  return {
    region_id: region.id,
    sales_channel_id: salesChannel.id,
    publishable_key: publishableKey.token,
    stock_location_id: location.id,
    pickup_option_id: pickupOption.id,
    courier_option_id: courierOption.id,
    promo_code: DEMO_PROMO_CODE,
    customer: { id: customer.id, ...customerData },
    variants,
  }
}
