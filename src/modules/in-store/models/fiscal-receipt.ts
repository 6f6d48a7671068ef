import { model } from "@medusajs/framework/utils"

/**
 * The outbox row of one fiscal receipt (CONTRACT §5): written with the state change that calls for it and
 * kept until the register confirms it. `external_id` is unique: resends can never make a second receipt.
 */
export const FiscalReceipt = model
  .define("fiscal_receipt", {
    id: model.id({ prefix: "fr" }).primaryKey(),
    order_id: model.text(),
    in_store_payment_id: model.text().nullable(),
    // Medusa refund id for a sell_refund
    refund_id: model.text().nullable(),
    kind: model.enum(["sell", "sell_refund", "handover"]),
    operation: model.enum(["sell", "sell_refund"]),
    provider: model.text(),
    api_version: model.text(),
    // pending: not accepted by the register yet; sent: accepted, waiting for its report; done; failed: needs a person
    status: model.enum(["pending", "sent", "done", "failed"]).default("pending"),
    // one per settlement; external_id is this, or this plus ".<generation>" when issued again
    base_external_id: model.text(),
    external_id: model.text(),
    // bumped when a document the register refused is issued again under a new external_id
    generation: model.number().default(1),
    uuid: model.text().nullable(),
    total: model.bigNumber(),
    currency_code: model.text(),
    request: model.json().nullable(),
    response: model.json().nullable(),
    fiscal: model.json().nullable(),
    error: model.json().nullable(),
    attempts: model.number().default(0),
    polls: model.number().default(0),
    next_attempt_at: model.dateTime().nullable(),
    // a worker's lease: one process at a time talks to the register about this receipt
    locked_until: model.dateTime().nullable(),
    // whose lease it is: only the holder of this token may extend or release it, or write the receipt
    lease_token: model.text().nullable(),
    // the settlement the receipt is for; the 54-FZ window counts from here
    settled_at: model.dateTime(),
    late: model.boolean().default(false),
    registered_at: model.dateTime().nullable(),
  })
  .indexes([
    { name: "IDX_fiscal_receipt_external_id_unique", on: ["external_id"], unique: true, where: "deleted_at IS NULL" },
    { name: "IDX_fiscal_receipt_base_external_id_unique", on: ["base_external_id"], unique: true, where: "deleted_at IS NULL" },
    { on: ["status", "next_attempt_at"] },
    { on: ["order_id"] },
    { on: ["in_store_payment_id"] },
  ])
