import { randomInt } from "node:crypto"
import { container as appContainer } from "@medusajs/framework"
import type {
  CalculatedShippingOptionPrice,
  CreateFulfillmentResult,
  FulfillmentOption,
  ValidateFulfillmentDataContext,
} from "@medusajs/framework/types"
import { AbstractFulfillmentProviderService } from "@medusajs/framework/utils"
import { generateHandoverCode, isHandoverCode } from "../../domain"
import { PICKUP_PROVIDER_IDENTIFIER } from "../../lib/constants"
import { assertPickupMayLeave } from "../../lib/pickup/pickup-order"

export interface PickupProviderOptions {
  /** The price of a pickup option whose price type is "calculated", in major units (default 0). */
  calculated_price?: number
}

/**
 * Pickup at a stock location: no carrier, no label. The customer's handover code is made when the shipping
 * method is chosen; creating the fulfillment is refused while the order still owes money (the payment gate,
 * ADR 8), here, inside Medusa's own createOrderFulfillmentWorkflow, so no caller of it can skip the gate.
 */
class InStorePickupFulfillmentService extends AbstractFulfillmentProviderService {
  static identifier = PICKUP_PROVIDER_IDENTIFIER

  protected readonly options_: PickupProviderOptions

  constructor(_container: Record<string, unknown>, options: PickupProviderOptions = {}) {
    super()
    const price = options.calculated_price ?? 0
    if (typeof price !== "number" || !Number.isFinite(price) || price < 0) {
      throw new Error(`in-store-pickup: option "calculated_price" must be a number ≥ 0, got ${JSON.stringify(price)}`)
    }
    this.options_ = { calculated_price: price }
  }

  async getFulfillmentOptions(): Promise<FulfillmentOption[]> {
    return [{ id: "pickup", name: "Pickup at the stock location" }]
  }

  async validateOption(): Promise<boolean> {
    return true
  }

  /** Called when the customer picks the option: keeps the code the cart already has, makes one otherwise. */
  async validateFulfillmentData(_optionData: Record<string, unknown>, data: Record<string, unknown>, context: ValidateFulfillmentDataContext) {
    const code = typeof data?.handover_code === "string" && isHandoverCode(data.handover_code) ? data.handover_code : generateHandoverCode(randomInt)
    const location = context?.from_location
    return {
      ...data,
      handover_code: code,
      ...(location?.id ? { location_id: location.id, location_name: location.name } : {}),
    }
  }

  async canCalculate(): Promise<boolean> {
    return true
  }

  async calculatePrice(): Promise<CalculatedShippingOptionPrice> {
    return { calculated_amount: this.options_.calculated_price!, is_calculated_price_tax_inclusive: true }
  }

  async createFulfillment(
    data: Record<string, unknown>,
    _items: unknown[],
    order: { id?: string } | undefined,
    fulfillment: { location_id?: string }
  ): Promise<CreateFulfillmentResult> {
    // The fulfillment module's container holds no order data: the gate reads it through the application's.
    const facts = order?.id ? await assertPickupMayLeave(appContainer, order.id, "fulfill") : null
    return {
      data: {
        ...data,
        handover_code: data?.handover_code ?? facts?.handover_code ?? null,
        location_id: fulfillment?.location_id ?? facts?.location?.id ?? null,
        location_name: facts?.location?.name ?? data?.location_name ?? null,
      },
      labels: [],
    }
  }

  async cancelFulfillment(): Promise<Record<string, unknown>> {
    return {}
  }

  async createReturnFulfillment(): Promise<CreateFulfillmentResult> {
    return { data: {}, labels: [] }
  }
}

export default InStorePickupFulfillmentService
