import { model } from "@medusajs/framework/utils"

/** One attempt to collect what an order owes at the pickup point (CONTRACT §1). */
export const InStorePayment = model
  .define("in_store_payment", {
    id: model.id({ prefix: "isp" }).primaryKey(),
    order_id: model.text(),
    display_id: model.text().nullable(),
    payment_collection_id: model.text().nullable(),
    payment_session_id: model.text().nullable(),
    status: model.enum(["pending", "paid", "failed", "canceled", "expired"]).default("pending"),
    // Minor units (kopecks); bigint so large orders fit.
    amount: model.bigNumber(),
    currency_code: model.text(),
    terminal_id: model.text(),
    receipt_by: model.enum(["store", "terminal", "none"]).default("store"),
    pay_link: model.text(),
    lines: model.json(),
    expires_at: model.dateTime(),
    paid_at: model.dateTime().nullable(),
    // Set once Medusa's payment is captured; a paid row without it is finished by a job after a crash.
    captured_at: model.dateTime().nullable(),
    transaction_id: model.text().nullable(),
    result: model.json().nullable(),
    terminal_receipt: model.json().nullable(),
    canceled_at: model.dateTime().nullable(),
  })
  .indexes([
    { on: ["order_id"] },
    // The database, not a lock, guarantees one pending payment per order.
    { name: "IDX_in_store_payment_one_pending_per_order", on: ["order_id"], unique: true, where: "status = 'pending' AND deleted_at IS NULL" },
    { on: ["status", "expires_at"] },
  ])
