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
    receipt_by: model.enum(["store", "terminal", "acquirer", "none"]).default("store"),
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
    // SBP QR through an acquirer (channel "sbp-qr"): its id for the payment, its last known status, when the poll
    // job may look again (also its claim), and what must still be done there (cancel, or refund a late payment).
    acquirer: model.text().nullable(),
    acquirer_payment_id: model.text().nullable(),
    acquirer_status: model.text().nullable(),
    next_poll_at: model.dateTime().nullable(),
    acquirer_action: model.enum(["cancel", "refund"]).nullable(),
    acquirer_action_error: model.text().nullable(),
    // `receipt_by: "acquirer"`: the contact and taxation the acquirer registered the sale's receipt with; its
    // refunds' receipts go to the same contact (ADR 7).
    acquirer_receipt: model.json().nullable(),
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
    { name: "IDX_in_store_payment_acquirer_payment_unique", on: ["acquirer", "acquirer_payment_id"], unique: true, where: "acquirer_payment_id IS NOT NULL AND deleted_at IS NULL" },
    { on: ["next_poll_at"] },
  ])
