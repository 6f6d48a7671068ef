import { model } from "@medusajs/framework/utils"

/**
 * One row per pickup order, created when it is first needed: its `in_store_pickup.ready` event (sent once: the
 * row's ready_emitted_at is set by a conditional update) and its handover (who gave the goods out, when, and
 * whether the customer's code was checked).
 */
export const PickupHandover = model
  .define("pickup_handover", {
    id: model.id({ prefix: "pkh" }).primaryKey(),
    order_id: model.text(),
    location_id: model.text().nullable(),
    // the fulfillment marked delivered at the handover (the last one, when there were several)
    fulfillment_id: model.text().nullable(),
    ready_emitted_at: model.dateTime().nullable(),
    handed_over_at: model.dateTime().nullable(),
    // the admin user; null when a script marked the fulfillment delivered through Medusa's workflow
    handed_over_by: model.text().nullable(),
    // true: the customer's code was given and matched; false: handed over without a code
    code_checked: model.boolean().default(false),
  })
  .indexes([{ name: "IDX_pickup_handover_order_id_unique", on: ["order_id"], unique: true, where: "deleted_at IS NULL" }])
