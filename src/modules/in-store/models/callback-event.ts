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
    ]),
    http_status: model.number(),
    params: model.json(),
    message: model.text().nullable(),
    received_at: model.dateTime(),
  })
  .indexes([{ on: ["in_store_payment_id", "received_at"] }, { on: ["order_id"] }])
