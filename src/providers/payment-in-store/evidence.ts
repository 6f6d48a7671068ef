import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { AcquirerReceiptFacts } from "../../lib/acquirer/refund-receipt"
import { IN_STORE_REFUND_NOTE } from "../../lib/constants"
import type { InStoreEvidence, PayLine, RefundLine, SessionFacts } from "../../domain"

type Knex = any

/**
 * Reads the plugin's row bound to a payment session, and the session as the Payment Module stored it.
 * Read-only, through the shared PostgreSQL connection: a provider lives in the Payment Module's container
 * and cannot resolve the in-store module, and its input carries only the session's (client-writable) data.
 */
export async function readEvidence(
  container: Record<string, unknown>,
  sessionId: string
): Promise<{ evidence?: InStoreEvidence; session?: SessionFacts }> {
  const knex = (container as any)[ContainerRegistrationKeys.PG_CONNECTION] as Knex
  const [row, session] = await Promise.all([
    knex("in_store_payment")
      .where({ payment_session_id: sessionId })
      .whereNull("deleted_at")
      .first("id", "status", "amount", "currency_code", "payment_collection_id", "payment_session_id"),
    knex("payment_session")
      .where({ id: sessionId })
      .whereNull("deleted_at")
      .first("id", "amount", "raw_amount", "currency_code", "payment_collection_id"),
  ])
  return {
    evidence: row ? { ...row, amount: Number(row.amount) } : undefined,
    session: session
      ? {
          id: session.id,
          amount: session.raw_amount?.value ?? String(session.amount),
          currency_code: session.currency_code,
          payment_collection_id: session.payment_collection_id,
        }
      : undefined,
  }
}

/** Whether the row a new session claims to belong to exists and waits for a session (at creation, or rebound by recovery). */
export async function isAwaitingSession(container: Record<string, unknown>, inStorePaymentId: string): Promise<boolean> {
  const knex = (container as any)[ContainerRegistrationKeys.PG_CONNECTION] as Knex
  const row = await knex("in_store_payment")
    .where({ id: inStorePaymentId })
    .whereIn("status", ["pending", "paid"])
    .whereNull("payment_session_id")
    .whereNull("deleted_at")
    .first("id")
  return !!row
}

/** An SBP payment the acquirer took, with what its refund receipt needs (the sale's lines and receipt contact). */
export interface AcquiredPayment extends AcquirerReceiptFacts {
  id: string
  terminal_id: string
  acquirer: string
  acquirer_payment_id: string
  currency_code: string
  lines: PayLine[]
}

/** The acquirer-side facts of an SBP in-store payment (none for a terminal app's payment). */
export async function readAcquiredPayment(
  container: Record<string, unknown>,
  inStorePaymentId: string
): Promise<AcquiredPayment | undefined> {
  const knex = (container as any)[ContainerRegistrationKeys.PG_CONNECTION] as Knex
  const row = await knex("in_store_payment")
    .where({ id: inStorePaymentId, status: "paid" })
    .whereNotNull("acquirer_payment_id")
    .whereNull("deleted_at")
    .first("id", "terminal_id", "acquirer", "acquirer_payment_id", "currency_code", "receipt_by", "acquirer_receipt", "lines")
  return row ?? undefined
}

/**
 * The plugin's refund a Medusa refund stands for: our refund workflow writes `in_store_refund:<id>` as the Medusa
 * refund's note, and Medusa calls the provider with that refund's id. Nothing else may claim a refund of ours.
 */
export async function readOwnRefund(
  container: Record<string, unknown>,
  medusaRefundId: string | undefined
): Promise<{ id: string; via: string; status: string; amount: number; currency_code: string; in_store_payment_id: string; lines: RefundLine[] } | undefined> {
  if (!medusaRefundId) return undefined
  const knex = (container as any)[ContainerRegistrationKeys.PG_CONNECTION] as Knex
  const refund = await knex("refund").where({ id: medusaRefundId }).whereNull("deleted_at").first("note")
  const match = IN_STORE_REFUND_NOTE.exec(refund?.note ?? "")
  if (!match) return undefined
  const row = await knex("in_store_refund")
    .where({ id: match[1] })
    .whereNull("deleted_at")
    .first("id", "via", "status", "amount", "currency_code", "in_store_payment_id", "lines")
  return row ? { ...row, amount: Number(row.amount), lines: row.lines ?? [] } : undefined
}

/** The refunds of a payment that took (or hold) goods or money from its sale: the ledger a new refund is cut from. */
export async function readHoldingRefunds(
  container: Record<string, unknown>,
  inStorePaymentId: string,
  statuses: string[]
): Promise<{ lines: RefundLine[]; medusa_refund_id: string | null }[]> {
  const knex = (container as any)[ContainerRegistrationKeys.PG_CONNECTION] as Knex
  const rows = await knex("in_store_refund")
    .where({ in_store_payment_id: inStorePaymentId })
    .whereIn("status", statuses)
    .whereNull("deleted_at")
    .select("lines", "medusa_refund_id")
  return rows.map((row: { lines: RefundLine[] | null; medusa_refund_id: string | null }) => ({ lines: row.lines ?? [], medusa_refund_id: row.medusa_refund_id }))
}
