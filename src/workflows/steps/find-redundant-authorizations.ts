import { ContainerRegistrationKeys, PaymentCollectionStatus } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { IN_STORE_PROVIDER_ID } from "../../lib/constants"

/**
 * A pickup order placed with a manual "pay at pickup" provider carries an authorization of its total that
 * our capture makes redundant: find them, so Medusa's own steps cancel them (never left dangling).
 */
export const findRedundantAuthorizationsStep = createStep(
  "find-redundant-authorizations",
  async (input: { order_id: string }, { container }) => {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const { data } = await query.graph({
      entity: "order",
      fields: [
        "id",
        "payment_collections.id",
        "payment_collections.status",
        "payment_collections.payments.id",
        "payment_collections.payments.provider_id",
        "payment_collections.payments.captured_at",
        "payment_collections.payments.canceled_at",
      ],
      filters: { id: input.order_id },
    })
    const collections = ((data[0] as any)?.payment_collections ?? []) as any[]
    const redundant = collections.filter(
      (collection) =>
        [PaymentCollectionStatus.AUTHORIZED, PaymentCollectionStatus.PARTIALLY_AUTHORIZED].includes(collection.status) &&
        (collection.payments ?? []).length > 0 &&
        collection.payments.every((p: any) => p.provider_id !== IN_STORE_PROVIDER_ID && !p.captured_at)
    )
    return new StepResponse({
      collection_ids: redundant.map((collection) => collection.id as string),
      payment_ids: redundant.flatMap((collection) => collection.payments.map((p: any) => p.id as string)),
    })
  }
)
