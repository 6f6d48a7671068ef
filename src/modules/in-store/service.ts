import type { Context } from "@medusajs/framework/types"
import { InjectTransactionManager, MedusaContext, MedusaService } from "@medusajs/framework/utils"
import type { InStorePaymentStatus } from "../../domain"
import { parsePluginOptions, type PluginOptions, type TerminalConfig } from "../../options"
import { CallbackEvent } from "./models/callback-event"
import { InStorePayment } from "./models/in-store-payment"

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

class InStoreModuleService extends MedusaService({ InStorePayment, CallbackEvent }) {
  protected readonly options_: PluginOptions

  constructor(container: Record<string, unknown>, options: unknown) {
    // eslint-disable-next-line prefer-rest-params
    super(...arguments)
    this.options_ = parsePluginOptions(options)
  }

  getOptions(): PluginOptions {
    return this.options_
  }

  listTerminals(): TerminalConfig[] {
    return this.options_.terminals
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
    const manager = sharedContext.transactionManager as any
    const knex = manager.getTransactionContext() ?? manager.getKnex()
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

  /** Marks a paid payment's Medusa capture as done; idempotent. */
  @InjectTransactionManager()
  async markCaptured(id: string, @MedusaContext() sharedContext: Context = {}): Promise<void> {
    const manager = sharedContext.transactionManager as any
    const knex = manager.getTransactionContext() ?? manager.getKnex()
    await knex("in_store_payment")
      .where({ id })
      .whereNull("captured_at")
      .update({ captured_at: new Date(), updated_at: new Date() })
  }
}

export default InStoreModuleService
