import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { fiscalRegisterFor } from "../../adapters/fiscal"
import { fiscalDataOf, isLate, LEGAL_WINDOW_MS, pollDelayMs, retryDelayMs, type AtolAnswer } from "../../domain"
import { IN_STORE_MODULE } from "../../modules/in-store"
import type InStoreModuleService from "../../modules/in-store/service"
import { buildRequestFor, externalIdFor, requireFiscal, subjectOf } from "./plan-receipt"

// Longer than the slowest exchange (token + request + report, each bounded by request_timeout_ms) plus the
// inline polling, so a live worker never loses its lease; a dead one's lease runs out after this.
const LEASE_MS = 45_000
const DEFAULT_INLINE_POLLS = 8

const answerBody = (answer: AtolAnswer) => ("network" in answer ? { network: answer.network } : { http: answer.http, body: answer.body })

/**
 * Moves one receipt forward as far as the register lets it now: send (same external_id every time), then
 * poll its report. Anything not final gets a next_attempt_at for the job. Safe to call from anywhere, any
 * number of times, in any process: the lease lets one worker act at a time.
 */
export async function processFiscalReceipt(
  container: MedusaContainer,
  id: string,
  { inlinePolls = DEFAULT_INLINE_POLLS }: { inlinePolls?: number } = {}
): Promise<void> {
  const inStore: InStoreModuleService = container.resolve(IN_STORE_MODULE)
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  if (!(await inStore.claimFiscalReceipt(id, LEASE_MS))) return
  const fiscal = requireFiscal(inStore.getOptions())
  const register = fiscalRegisterFor(fiscal)
  let row: any = await inStore.retrieveFiscalReceipt(id)
  const save = async (patch: Record<string, unknown>) => {
    const now = new Date()
    const registeredAt = (patch.registered_at as Date | undefined) ?? null
    const late = row.late || isLate(new Date(row.settled_at), now, registeredAt)
    row = await inStore.updateFiscalReceipts({ id, ...patch, late })
  }
  try {
    let polls = 0
    for (;;) {
      if (row.status === "pending") {
        if (!row.request) {
          await save({ request: await buildRequestFor(container, subjectOf(row), id, row.external_id) })
        }
        const { outcome, answer } = await register.register(row.operation, row.request)
        const attempts = row.attempts + 1
        if (outcome.kind === "accepted") {
          await save({ status: "sent", uuid: outcome.uuid, attempts, error: null, response: answerBody(answer), next_attempt_at: new Date(Date.now() + pollDelayMs(0)) })
        } else if (outcome.kind === "final") {
          logger.error(`fiscal receipt ${id} (${row.external_id}) refused by the register: ${outcome.error.code} ${outcome.error.text}`)
          await save({ status: "failed", attempts, error: outcome.error, response: answerBody(answer), next_attempt_at: null })
          return
        } else {
          const error = outcome.kind === "retry" ? outcome.error : { code: "token", text: "token refused" }
          await save({ attempts, error, response: answerBody(answer), next_attempt_at: new Date(Date.now() + retryDelayMs(attempts)) })
          return
        }
      }
      if (row.status !== "sent") return
      if (polls >= inlinePolls) return
      polls++
      const { outcome, answer } = await register.report(row.uuid)
      const done = row.polls + 1
      if (outcome.kind === "done") {
        await save({ status: "done", polls: done, fiscal: fiscalDataOf(outcome.payload), response: answerBody(answer), error: null, registered_at: new Date(), next_attempt_at: null })
        return
      }
      if (outcome.kind === "wait") {
        await save({ polls: done, next_attempt_at: new Date(Date.now() + pollDelayMs(done)) })
        continue
      }
      if (outcome.kind === "failed" && outcome.reissue) {
        // Nobody fiscalised it (queue timeout): issue it again under a new external_id.
        const generation = row.generation + 1
        const external_id = externalIdFor(row.base_external_id, generation)
        logger.warn(`fiscal receipt ${id}: ${row.external_id} timed out in the register's queue; reissued as ${external_id}`)
        await save({
          status: "pending", generation, external_id, uuid: null, polls: 0, error: outcome.error, response: answerBody(answer),
          request: { ...row.request, external_id }, next_attempt_at: new Date(),
        })
        continue
      }
      if (outcome.kind === "failed") {
        logger.error(`fiscal receipt ${id} (${row.external_id}) failed in the register: ${outcome.error.code} ${outcome.error.text}`)
        await save({ status: "failed", polls: done, error: outcome.error, response: answerBody(answer), next_attempt_at: null })
        return
      }
      const error = outcome.kind === "retry" ? outcome.error : { code: "token", text: "token refused" }
      await save({ polls: done, error, response: answerBody(answer), next_attempt_at: new Date(Date.now() + retryDelayMs(done)) })
      return
    }
  } catch (error) {
    // Our own failure (database, a bug): keep the row due so the job comes back to it.
    logger.error(`fiscal receipt ${id}: ${(error as Error).message}`)
    await inStore
      .updateFiscalReceipts({ id, next_attempt_at: new Date(Date.now() + retryDelayMs(row.attempts + 1)), error: { code: "internal", text: (error as Error).message } })
      .catch(() => undefined)
  } finally {
    await inStore.updateFiscalReceipts({ id, locked_until: null }).catch(() => undefined)
  }
}

/** Starts the first attempt without making the caller wait for the register. */
export function processFiscalReceiptSoon(container: MedusaContainer, id: string): void {
  setImmediate(() => {
    processFiscalReceipt(container, id).catch((error) =>
      container.resolve(ContainerRegistrationKeys.LOGGER).error(`fiscal receipt ${id}: ${(error as Error).message}`)
    )
  })
}

/** The job's work: every receipt that is due, one after the other (the register's pace, not ours). */
export async function processDueFiscalReceipts(container: MedusaContainer, { limit = 50 } = {}): Promise<string[]> {
  const inStore: InStoreModuleService = container.resolve(IN_STORE_MODULE)
  if (!inStore.getOptions().fiscal) return []
  const now = new Date()
  const due = await inStore.listFiscalReceipts(
    {
      status: ["pending", "sent"],
      $or: [{ next_attempt_at: null }, { next_attempt_at: { $lte: now } }],
    } as any,
    { take: limit, order: { next_attempt_at: "ASC" }, select: ["id"] }
  )
  for (const { id } of due) await processFiscalReceipt(container, id, { inlinePolls: 1 })
  await flagLateReceipts(container)
  return due.map((r) => r.id)
}

/** Receipts not registered within the legal window are marked, and said once in the log. */
export async function flagLateReceipts(container: MedusaContainer): Promise<number> {
  const inStore: InStoreModuleService = container.resolve(IN_STORE_MODULE)
  const overdue = await inStore.listFiscalReceipts(
    { status: ["pending", "sent", "failed"], late: false, settled_at: { $lt: new Date(Date.now() - LEGAL_WINDOW_MS) } } as any,
    { take: 200, select: ["id", "external_id", "order_id"] }
  )
  if (!overdue.length) return 0
  await inStore.updateFiscalReceipts(overdue.map((r) => ({ id: r.id, late: true })))
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  for (const r of overdue) logger.warn(`fiscal receipt ${r.id} for order ${r.order_id} is past the 5-minute window and not registered yet`)
  return overdue.length
}
