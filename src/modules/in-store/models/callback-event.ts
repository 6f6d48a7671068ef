import { model } from "@medusajs/framework/utils"

/** Every result received for a known in-store payment, with what we made of it. Never deleted. */
export const CallbackEvent = model
  .define("in_store_callback_event", {
    id: model.id({ prefix: "iscb" }).primaryKey(),
    in_store_payment_id: model.text(),
    order_id: model.text().nullable(),
    terminal_id: model.text().nullable(),
    verdict: model.enum([
      "accepted",
      "duplicate",
      "bad_signature",
      "stale",
      "malformed",
      "amount_mismatch",
      "conflict",
      "unconfirmed",
      "too_large",
      "unknown_transaction",
    ]),
    http_status: model.number(),
    params: model.json(),
    message: model.text().nullable(),
    received_at: model.dateTime(),
    // false when nothing in the request was proven (bad signature, too large): such rows are capped and aggregated
    authenticated: model.boolean().default(true),
    // Unauthenticated repeats fold into one row per payment, verdict and minute: this counts them.
    repeat_count: model.number().default(1),
    last_received_at: model.dateTime().nullable(),
    aggregate_key: model.text().nullable(),
    // set for a refund result: which refund of the payment it was about
    in_store_refund_id: model.text().nullable(),
  })
  .indexes([
    { on: ["in_store_payment_id", "received_at"] },
    { on: ["order_id"] },
    { name: "IDX_in_store_callback_event_aggregate_key_unique", on: ["aggregate_key"], unique: true, where: "aggregate_key IS NOT NULL AND deleted_at IS NULL" },
  ])
