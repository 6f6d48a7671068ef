import type { Context } from "@medusajs/framework/types"
import { generateEntityId, InjectTransactionManager, MedusaContext, MedusaService } from "@medusajs/framework/utils"
import type { InStorePaymentStatus, InStoreRefundStatus } from "../../domain"
import { LEASABLE_FISCAL_STATUSES, type FiscalReceiptStatus } from "../../domain/fiscal-lease"
import { rememberSbpTerminals } from "../../adapters/acquirers/terminal-registry"
import { isSbpTerminal, parsePluginOptions, type PluginOptions, type SbpTerminalConfig, type TerminalAppConfig, type TerminalConfig } from "../../options"
import { CallbackEvent } from "./models/callback-event"
import { FiscalReceipt } from "./models/fiscal-receipt"
import { InStorePayment } from "./models/in-store-payment"
import { InStoreRefund } from "./models/in-store-refund"
import { PickupHandover } from "./models/pickup-handover"

/** Columns a status transition may set besides `status` (database column names). */
export type TransitionPatch = Partial<{
  paid_at: Date
  captured_at: Date
  canceled_at: Date
  transaction_id: string
  result: Record<string, unknown>
  terminal_receipt: Record<string, unknown>
}>

const JSON_COLUMNS = new Set(["result", "terminal_receipt"])
const FISCAL_JSON_COLUMNS = new Set(["request", "response", "fiscal", "error"])
const REFUND_JSON_COLUMNS = new Set(["lines", "result", "terminal_receipt"])

const leaseEnd = (knex: any, leaseMs: number) => knex.raw("clock_timestamp() + ? * interval '1 millisecond'", [leaseMs])

/** The knex of the transaction the decorators opened (or of the pool, outside one). */
function knexOf(sharedContext: Context): any {
  const manager = sharedContext.transactionManager as any
  return manager.getTransactionContext() ?? manager.getKnex()
}

/**
 * Takes up to `limit` rows of a due query for this process: locks them (skipping rows another process holds),
 * moves their schedule by `claim`, and returns their ids. One process works on a row until the claim runs out.
 */
async function claimRows(knex: any, due: any, limit: number, claim: Record<string, Date>, table = "in_store_payment"): Promise<string[]> {
  const ids = due.select("id").limit(limit).forUpdate().skipLocked()
  const claimed = await knex(table).whereIn("id", ids).update(claim).returning("id")
  return claimed.map((row: { id: string }) => row.id)
}

class InStoreModuleService extends MedusaService({ InStorePayment, InStoreRefund, CallbackEvent, FiscalReceipt, PickupHandover }) {
  protected readonly options_: PluginOptions

  constructor(container: Record<string, unknown>, options: unknown) {
    // eslint-disable-next-line prefer-rest-params
    super(...arguments)
    this.options_ = parsePluginOptions(options)
    rememberSbpTerminals(this.options_.terminals)
  }

  getOptions(): PluginOptions {
    return this.options_
  }

  listTerminals(): TerminalConfig[] {
    return this.options_.terminals
  }

  /** A terminal app (signed link) by id, or undefined when there is none or it is an SBP terminal. */
  getTerminalApp(id: string | undefined): TerminalAppConfig | undefined {
    const terminal = this.getTerminal(id)
    return terminal && !isSbpTerminal(terminal) ? terminal : undefined
  }

  /** An SBP QR terminal by id, or undefined when there is none or it is a terminal app. */
  getSbpTerminal(id: string | undefined): SbpTerminalConfig | undefined {
    const terminal = this.getTerminal(id)
    return isSbpTerminal(terminal) ? terminal : undefined
  }

  getTerminal(id: string | undefined): TerminalConfig | undefined {
    const wanted = id ?? this.options_.default_terminal_id ?? this.options_.terminals[0]?.id
    return this.options_.terminals.find((terminal) => terminal.id === wanted)
  }

  /**
   * Moves a payment from one status to another only if it is still in `from`: the single
   * point where concurrent results (in any number of processes) are decided. True for the winner.
   */
  @InjectTransactionManager()
  async transitionStatus(
    id: string,
    from: InStorePaymentStatus,
    to: InStorePaymentStatus,
    patch: TransitionPatch = {},
    @MedusaContext() sharedContext: Context = {}
  ): Promise<boolean> {
    const knex = knexOf(sharedContext)
    const columns: Record<string, unknown> = { status: to, updated_at: new Date() }
    for (const [key, value] of Object.entries(patch)) {
      columns[key] = JSON_COLUMNS.has(key) ? JSON.stringify(value) : value
    }
    const updated = await knex("in_store_payment")
      .where({ id, status: from })
      .whereNull("deleted_at")
      .update(columns)
      .returning("id")
    return updated.length === 1
  }

  /**
   * pending → paid and, when the store registers the receipt, its outbox row, in one transaction: a paid
   * payment never exists without its receipt row. True for the one winner.
   */
  @InjectTransactionManager()
  async markPaid(
    id: string,
    patch: TransitionPatch,
    receipt: Record<string, unknown> | null,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<boolean> {
    const won = await this.transitionStatus(id, "pending", "paid", patch, sharedContext)
    if (won && receipt) await this.createFiscalReceipts(receipt as any, sharedContext)
    return won
  }

  /**
   * Takes a lease on a receipt that is due, so that one worker (in any process) talks to the register about
   * it at a time. A worker that dies loses its lease when it runs out. Returns the lease's token (only its
   * holder may renew or release the lease, or write the receipt), or null when another worker holds it.
   * `dueBy` (the job's): only a receipt still due by then is taken, for it may have been put off since the
   * job listed it.
   */
  @InjectTransactionManager()
  async claimFiscalReceipt(
    id: string,
    leaseMs: number,
    { dueBy }: { dueBy?: Date } = {},
    @MedusaContext() sharedContext: Context = {}
  ): Promise<string | null> {
    const knex = knexOf(sharedContext)
    const token = crypto.randomUUID()
    // The database's clock, so processes on hosts with different clocks agree on when a lease runs out.
    const claimed = await knex("fiscal_receipt")
      .where({ id })
      .whereIn("status", [...LEASABLE_FISCAL_STATUSES])
      .whereNull("deleted_at")
      .andWhere((q: any) => q.whereNull("locked_until").orWhere("locked_until", "<", knex.raw("clock_timestamp()")))
      .modify((q: any) => {
        if (dueBy) q.andWhere((due: any) => due.whereNull("next_attempt_at").orWhere("next_attempt_at", "<=", dueBy))
      })
      .update({ locked_until: leaseEnd(knex, leaseMs), lease_token: token, updated_at: new Date() })
      .returning("id")
    return claimed.length === 1 ? token : null
  }

  /** Marks a paid payment's Medusa capture as done (after the workflow confirmed it from Medusa's records); idempotent. */
  @InjectTransactionManager()
  async markCaptured(id: string, @MedusaContext() sharedContext: Context = {}): Promise<void> {
    const knex = knexOf(sharedContext)
    await knex("in_store_payment")
      .where({ id, status: "paid" })
      .whereNull("captured_at")
      .update({ captured_at: new Date(), capture_error: null, next_capture_at: null, updated_at: new Date() })
  }

  /** A failed capture: counted, its reason kept for the seller, retried by the job not before `retryAt`. */
  @InjectTransactionManager()
  async recordCaptureFailure(id: string, error: string, retryAt: Date, @MedusaContext() sharedContext: Context = {}): Promise<void> {
    const knex = knexOf(sharedContext)
    await knex("in_store_payment")
      .where({ id })
      .whereNull("captured_at")
      .update({
        capture_attempts: knex.raw("capture_attempts + 1"),
        capture_error: error.slice(0, 2000),
        next_capture_at: retryAt,
        updated_at: new Date(),
      })
  }

  /**
   * Paid payments the recovery job should finish now, oldest due first, each claimed for `leaseMs` (by moving
   * its next_capture_at) so that one process works on it; a row that keeps failing waits its backoff and
   * never starves the others.
   */
  @InjectTransactionManager()
  async claimDueCaptures(
    paidBefore: Date,
    limit: number,
    leaseMs: number,
    now: Date = new Date(),
    @MedusaContext() sharedContext: Context = {}
  ): Promise<string[]> {
    const knex = knexOf(sharedContext)
    const due = knex("in_store_payment")
      .where({ status: "paid" })
      .whereNull("captured_at")
      .whereNull("deleted_at")
      .where("paid_at", "<", paidBefore)
      .andWhere((q: any) => q.whereNull("next_capture_at").orWhere("next_capture_at", "<=", now))
      .orderByRaw("next_capture_at ASC NULLS FIRST, paid_at ASC")
    return claimRows(knex, due, limit, { next_capture_at: new Date(now.getTime() + leaseMs), updated_at: now })
  }

  /** Extends a lease, only for its holder (even if it ran out, as long as nobody took it over). */
  @InjectTransactionManager()
  async renewFiscalLease(id: string, token: string, leaseMs: number, @MedusaContext() sharedContext: Context = {}): Promise<boolean> {
    const knex = knexOf(sharedContext)
    const renewed = await knex("fiscal_receipt")
      .where({ id, lease_token: token })
      .whereNull("deleted_at")
      .update({ locked_until: leaseEnd(knex, leaseMs), updated_at: new Date() })
      .returning("id")
    return renewed.length === 1
  }

  /** Gives a lease back, only for its holder: a worker that lost it leaves the new holder's lease alone. */
  @InjectTransactionManager()
  async releaseFiscalLease(id: string, token: string, @MedusaContext() sharedContext: Context = {}): Promise<boolean> {
    const knex = knexOf(sharedContext)
    const released = await knex("fiscal_receipt")
      .where({ id, lease_token: token })
      .update({ locked_until: null, lease_token: null, updated_at: new Date() })
      .returning("id")
    return released.length === 1
  }

  /**
   * A worker's write to its receipt: applied only while the row still carries the worker's lease token and
   * the status the worker read (see `fencedMove`). False when the lease was lost: the caller stops.
   */
  @InjectTransactionManager()
  async updateLeasedFiscalReceipt(
    id: string,
    token: string,
    expectStatus: FiscalReceiptStatus,
    patch: Record<string, unknown>,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<boolean> {
    const knex = knexOf(sharedContext)
    const columns: Record<string, unknown> = { updated_at: new Date() }
    for (const [key, value] of Object.entries(patch)) {
      columns[key] = FISCAL_JSON_COLUMNS.has(key) && value != null ? JSON.stringify(value) : value
    }
    const updated = await knex("fiscal_receipt")
      .where({ id, lease_token: token, status: expectStatus })
      .whereNull("deleted_at")
      .update(columns)
      .returning("id")
    return updated.length === 1
  }

  /**
   * Unauthenticated results fold into one row per `aggregate_key`: the first inserts, repeats only count. One
   * statement (INSERT … ON CONFLICT on the partial unique index), so a concurrent flood neither races nor grows
   * the table. `params` must already be storable (see domain/untrusted-input).
   */
  @InjectTransactionManager()
  async recordAggregatedCallbackEvent(
    event: AggregatedCallbackEventInput,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    const knex = knexOf(sharedContext)
    const at = event.received_at
    await knex.raw(
      `insert into "in_store_callback_event"
         ("id", "in_store_payment_id", "order_id", "terminal_id", "verdict", "http_status", "params", "message",
          "received_at", "authenticated", "repeat_count", "last_received_at", "aggregate_key", "created_at", "updated_at")
       values (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, false, 1, ?, ?, ?, ?)
       on conflict ("aggregate_key") where aggregate_key IS NOT NULL AND deleted_at IS NULL
       do update set "repeat_count" = "in_store_callback_event"."repeat_count" + 1,
                     "last_received_at" = greatest("in_store_callback_event"."last_received_at", excluded."last_received_at"),
                     "updated_at" = excluded."updated_at"`,
      [
        generateEntityId(undefined, "iscb"),
        event.in_store_payment_id,
        event.order_id,
        event.terminal_id,
        event.verdict,
        event.http_status,
        JSON.stringify(event.params),
        event.message,
        at,
        at,
        event.aggregate_key,
        at,
        at,
      ]
    )
  }

  /**
   * Moves a refund from one of `from` to `to` only if it is still there: the point where concurrent refund results
   * (in any number of processes) are decided. True for the winner.
   */
  @InjectTransactionManager()
  async transitionRefund(
    id: string,
    from: InStoreRefundStatus[],
    to: InStoreRefundStatus,
    patch: Record<string, unknown> = {},
    @MedusaContext() sharedContext: Context = {}
  ): Promise<boolean> {
    const knex = knexOf(sharedContext)
    const columns: Record<string, unknown> = { status: to, updated_at: new Date() }
    for (const [key, value] of Object.entries(patch)) {
      columns[key] = REFUND_JSON_COLUMNS.has(key) && value != null ? JSON.stringify(value) : value
    }
    const updated = await knex("in_store_refund")
      .where({ id })
      .whereIn("status", from)
      .whereNull("deleted_at")
      .update(columns)
      .returning("id")
    return updated.length === 1
  }

  /**
   * Refunds whose money moved but whose record in Medusa is unfinished, claimed for `leaseMs` like captures: a
   * terminal's confirmed refund, and an acquirer's refund that failed after Medusa's refund was written (the only
   * way an acquirer refund gets a record attempt counted while still pending).
   */
  @InjectTransactionManager()
  async claimDueRefundRecords(now: Date, limit: number, leaseMs: number, @MedusaContext() sharedContext: Context = {}): Promise<string[]> {
    const knex = knexOf(sharedContext)
    const due = knex("in_store_refund")
      .where((q: any) =>
        q.where({ status: "confirmed" }).orWhere((a: any) => a.where({ status: "pending", via: "acquirer" }).andWhere("record_attempts", ">", 0))
      )
      .whereNull("deleted_at")
      .andWhere((q: any) => q.whereNull("next_record_at").orWhere("next_record_at", "<=", now))
      .orderByRaw("next_record_at ASC NULLS FIRST, confirmed_at ASC")
    return claimRows(knex, due, limit, { next_record_at: new Date(now.getTime() + leaseMs), updated_at: now }, "in_store_refund")
  }

  /**
   * SBP payments whose acquirer must be asked now (a waiting QR, a cancel or refund still to do there), claimed
   * for `leaseMs` by moving next_poll_at, so that two processes never poll one payment at once.
   */
  @InjectTransactionManager()
  async claimDueAcquirerPolls(now: Date, limit: number, leaseMs: number, @MedusaContext() sharedContext: Context = {}): Promise<string[]> {
    const knex = knexOf(sharedContext)
    const due = knex("in_store_payment")
      .whereNotNull("acquirer_payment_id")
      .whereNull("deleted_at")
      .where("next_poll_at", "<=", now)
      .orderBy("next_poll_at", "asc")
    return claimRows(knex, due, limit, { next_poll_at: new Date(now.getTime() + leaseMs), updated_at: now })
  }

  /**
   * The pickup order's `in_store_pickup.ready` may go out now: true for exactly one caller, in any number of
   * processes (the row is created if missing, then ready_emitted_at is set only where it is still null).
   */
  @InjectTransactionManager()
  async claimPickupReady(orderId: string, locationId: string | null, @MedusaContext() sharedContext: Context = {}): Promise<boolean> {
    const knex = knexOf(sharedContext)
    await insertPickupHandover(knex, { order_id: orderId, location_id: locationId })
    const claimed = await knex("pickup_handover")
      .where({ order_id: orderId })
      .whereNull("ready_emitted_at")
      .whereNull("deleted_at")
      .update({ ready_emitted_at: new Date(), updated_at: new Date() })
      .returning("id")
    return claimed.length === 1
  }

  /**
   * Records the handover once: the first who, when and fulfillment stay; a later record only fills what is
   * missing (Medusa's delivery event may arrive before or after the seller's own record).
   */
  @InjectTransactionManager()
  async recordPickupHandover(handover: PickupHandoverInput, @MedusaContext() sharedContext: Context = {}) {
    const knex = knexOf(sharedContext)
    await insertPickupHandover(knex, { order_id: handover.order_id, location_id: handover.location_id })
    const [row] = await knex("pickup_handover")
      .where({ order_id: handover.order_id })
      .whereNull("deleted_at")
      .update({
        handed_over_at: knex.raw("coalesce(handed_over_at, ?)", [handover.handed_over_at]),
        handed_over_by: knex.raw("coalesce(handed_over_by, ?)", [handover.handed_over_by]),
        fulfillment_id: knex.raw("coalesce(fulfillment_id, ?)", [handover.fulfillment_id]),
        code_checked: knex.raw("code_checked or ?", [handover.code_checked]),
        updated_at: new Date(),
      })
      .returning("*")
    return row
  }
}

async function insertPickupHandover(knex: any, row: { order_id: string; location_id: string | null }) {
  await knex.raw(
    `insert into "pickup_handover" ("id", "order_id", "location_id", "created_at", "updated_at")
     values (?, ?, ?, now(), now())
     on conflict ("order_id") where deleted_at IS NULL do nothing`,
    [generateEntityId(undefined, "pkh"), row.order_id, row.location_id]
  )
}

export interface PickupHandoverInput {
  order_id: string
  location_id: string | null
  fulfillment_id: string | null
  handed_over_at: Date
  handed_over_by: string | null
  code_checked: boolean
}

/** A row of `in_store_callback_event` for a request nothing in which was proven. */
export interface AggregatedCallbackEventInput {
  in_store_payment_id: string
  order_id: string | null
  terminal_id: string | null
  verdict: "bad_signature" | "too_large"
  http_status: number
  params: Record<string, string>
  message: string | null
  received_at: Date
  aggregate_key: string

}

export default InStoreModuleService
