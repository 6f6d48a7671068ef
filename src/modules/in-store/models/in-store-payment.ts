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
    // Unguessable token of the short QR URL (`/hooks/in-store/links/:token`); dies with the link.
    link_token: model.text().nullable(),
    lines: model.json(),
    expires_at: model.dateTime(),
    paid_at: model.dateTime().nullable(),
    // Set once Medusa's payment is captured; a paid row without it is finished by a job after a crash.
    captured_at: model.dateTime().nullable(),
    transaction_id: model.text().nullable(),
    result: model.json().nullable(),
    terminal_receipt: model.json().nullable(),
    canceled_at: model.dateTime().nullable(),
    // Capture recovery: how often the job tried, when it may try again, and why the last try failed.
    capture_attempts: model.number().default(0),
    next_capture_at: model.dateTime().nullable(),
    capture_error: model.text().nullable(),
  })
  .indexes([
    { on: ["order_id"] },
    // The database, not a lock, guarantees one pending payment per order.
    { name: "IDX_in_store_payment_one_pending_per_order", on: ["order_id"], unique: true, where: "status = 'pending' AND deleted_at IS NULL" },
    { on: ["status", "expires_at"] },
    { name: "IDX_in_store_payment_link_token_unique", on: ["link_token"], unique: true, where: "link_token IS NOT NULL AND deleted_at IS NULL" },
    { on: ["status", "next_capture_at"] },
  ])
