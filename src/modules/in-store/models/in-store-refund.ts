import { model } from "@medusajs/framework/utils"

/**
 * One refund of an in-store payment, made through the channel that took the money (ADR 7): a signed refund link
 * the terminal performs, or the acquirer's refund API. Recorded in Medusa (its refund workflow) only once the
 * money has moved; its receipt lists exactly `lines`.
 */
export const InStoreRefund = model
  .define("in_store_refund", {
    id: model.id({ prefix: "isr" }).primaryKey(),
    in_store_payment_id: model.text(),
    order_id: model.text(),
    terminal_id: model.text(),
    // terminal: a refund link the seller opens on the terminal; acquirer: the SBP acquirer's refund API
    via: model.enum(["terminal", "acquirer"]),
    // pending: waiting for the terminal; confirmed: money returned, Medusa's record still to be made; done: recorded
    status: model.enum(["pending", "confirmed", "done", "failed", "canceled", "expired"]).default("pending"),
    amount: model.bigNumber(),
    currency_code: model.text(),
    // what the refund returns: a Medusa return, chosen items, or money only (a price reduction)
    basis: model.enum(["return", "items", "amount", "medusa"]),
    return_id: model.text().nullable(),
    note: model.text().nullable(),
    // the refund receipt's lines, each tied to the sold line it takes back (domain/refunds/ledger)
    lines: model.json(),
    refund_link: model.text().nullable(),
    link_token: model.text().nullable(),
    // the payment's terminal transaction the refund returns money from
    original_txn: model.text().nullable(),
    expires_at: model.dateTime(),
    transaction_id: model.text().nullable(),
    result: model.json().nullable(),
    terminal_receipt: model.json().nullable(),
    confirmed_at: model.dateTime().nullable(),
    medusa_refund_id: model.text().nullable(),
    // Recording in Medusa after the money moved: retried by a job until it succeeds.
    record_attempts: model.number().default(0),
    next_record_at: model.dateTime().nullable(),
    error: model.text().nullable(),
    created_by: model.text().nullable(),
  })
  .indexes([
    { on: ["in_store_payment_id"] },
    { on: ["order_id"] },
    // One refund at a time on the terminal per payment: two open links could refund the same goods twice.
    { name: "IDX_in_store_refund_one_pending_per_payment", on: ["in_store_payment_id"], unique: true, where: "status = 'pending' AND deleted_at IS NULL" },
    { name: "IDX_in_store_refund_link_token_unique", on: ["link_token"], unique: true, where: "link_token IS NOT NULL AND deleted_at IS NULL" },
    { name: "IDX_in_store_refund_medusa_refund_unique", on: ["medusa_refund_id"], unique: true, where: "medusa_refund_id IS NOT NULL AND deleted_at IS NULL" },
    { on: ["status", "next_record_at"] },
  ])
