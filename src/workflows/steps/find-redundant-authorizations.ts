import { ContainerRegistrationKeys, PaymentCollectionStatus } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { IN_STORE_PROVIDER_ID } from "../../lib/constants"

/**
 * A pickup order placed with a manual "pay at pickup" provider carries an authorization of its total that
 * our capture makes redundant: find them, so Medusa's own steps cancel them (never left dangling); find
 * those that captured only part, to be settled at what they captured.
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
        "payment_collections.amount",
        "payment_collections.captured_amount",
        "payment_collections.payments.id",
        "payment_collections.payments.provider_id",
        "payment_collections.payments.captured_at",
        "payment_collections.payments.canceled_at",
      ],
      filters: { id: input.order_id },
    })
    const collections = ((data[0] as any)?.payment_collections ?? []) as any[]
    const others = collections.filter(
      (collection) =>
        (collection.payments ?? []).length > 0 &&
        collection.payments.every((p: any) => p.provider_id !== IN_STORE_PROVIDER_ID) &&
        ![PaymentCollectionStatus.CANCELED, PaymentCollectionStatus.COMPLETED].includes(collection.status)
    )
    const captured = (collection: any) => Number(collection.captured_amount ?? 0)
    // Nothing captured: the authorization is redundant and is canceled.
    const redundant = others.filter(
      (collection) =>
        captured(collection) === 0 &&
        [PaymentCollectionStatus.AUTHORIZED, PaymentCollectionStatus.PARTIALLY_AUTHORIZED].includes(collection.status)
    )
    // Part captured: it is settled at what it captured (the rest was paid in store).
    const partiallyCaptured = others
      .filter((collection) => captured(collection) > 0 && captured(collection) < Number(collection.amount))
      .map((collection) => ({
        id: collection.id as string,
        amount: Number(collection.amount),
        captured_amount: captured(collection),
      }))
    return new StepResponse({
      partially_captured: partiallyCaptured,
      collection_ids: redundant.map((collection) => collection.id as string),
      payment_ids: redundant.flatMap((collection) => collection.payments.map((p: any) => p.id as string)),
    })
  }
)
