import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { fiscalRegisterFor } from "../../adapters/fiscal"
import { fiscalDataOf, isLate, LEGAL_WINDOW_MS, pollDelayMs, retryDelayMs, type AtolAnswer } from "../../domain"
import { fencedMove, FiscalLeaseLostError, fiscalLeaseMs, LEASABLE_FISCAL_STATUSES, workerMayMove, type FiscalReceiptStatus } from "../../domain/fiscal-lease"
import { IN_STORE_MODULE } from "../../modules/in-store"
import type InStoreModuleService from "../../modules/in-store/service"
import { buildRequestFor, externalIdFor, requireFiscal, subjectOf } from "./plan-receipt"

const DEFAULT_INLINE_POLLS = 8

const answerBody = (answer: AtolAnswer) => ("network" in answer ? { network: answer.network } : { http: answer.http, body: answer.body })

/**
 * What one call did: `busy` when another worker holds the lease (or the receipt needs nothing), `error` when
 * our own side failed (the row stays due).
 */
export type FiscalWorkOutcome = "worked" | "busy" | "lease-lost" | "error"

/**
 * Moves one receipt forward as far as the register lets it now: send (same external_id every time), then
 * poll its report. Anything not final gets a next_attempt_at for the job. Safe to call from anywhere, any
 * number of times, in any process: the lease lets one worker act at a time, and every write is fenced by
 * the lease's token, so a worker whose lease ran out and was taken over stops without writing (ADR 0004).
 * `leaseMs` defaults to one computed from request_timeout_ms; tests shorten it to force a takeover. `dueBy`
 * is for the job: a receipt put off since the job listed it is left alone ("busy").
 */
export async function processFiscalReceipt(
  container: MedusaContainer,
  id: string,
  { inlinePolls = DEFAULT_INLINE_POLLS, leaseMs, dueBy }: { inlinePolls?: number; leaseMs?: number; dueBy?: Date } = {}
): Promise<FiscalWorkOutcome> {
  const inStore: InStoreModuleService = container.resolve(IN_STORE_MODULE)
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const fiscal = requireFiscal(inStore.getOptions())
  const lease = leaseMs ?? fiscalLeaseMs(fiscal.request_timeout_ms)
  const token = await inStore.claimFiscalReceipt(id, lease, { dueBy })
  if (!token) return "busy"
  const register = fiscalRegisterFor(fiscal)
  let row: any = null

  // The lease outlasts one exchange; renewing it before each keeps a live worker's lease live.
  const renewBefore = async (exchange: string) => {
    if (!(await inStore.renewFiscalLease(id, token, lease))) throw new FiscalLeaseLostError(id, `before ${exchange}`)
  }
  const save = async (patch: Record<string, unknown>) => {
    const { expect, next } = fencedMove(row.status, (patch.status as FiscalReceiptStatus | undefined) ?? row.status)
    const registeredAt = (patch.registered_at as Date | undefined) ?? null
    const written = { ...patch, late: row.late || isLate(new Date(row.settled_at), new Date(), registeredAt) }
    if (!(await inStore.updateLeasedFiscalReceipt(id, token, expect, written))) {
      throw new FiscalLeaseLostError(id, `writing ${expect} → ${next}`)
    }
    row = { ...row, ...written }
  }

  const advance = async (): Promise<void> => {
    row = await inStore.retrieveFiscalReceipt(id)
    let polls = 0
    for (;;) {
      if (row.status === "pending") {
        if (!row.request) {
          await save({ request: await buildRequestFor(container, subjectOf(row), id, row.external_id) })
        }
        await renewBefore("registering")
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
      await renewBefore("polling the report")
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
  }

  try {
    await advance()
    return "worked"
  } catch (error) {
    if (error instanceof FiscalLeaseLostError) {
      // Another worker owns the receipt now and will finish it: nothing of ours may land on the row.
      logger.warn(error.message)
      return "lease-lost"
    }
    // Our own failure (database, a bug): keep the row due so the job comes back to it (while it is still ours).
    logger.error(`fiscal receipt ${id}: ${(error as Error).message}`)
    if (row && workerMayMove(row.status, row.status)) {
      await inStore
        .updateLeasedFiscalReceipt(id, token, row.status, {
          next_attempt_at: new Date(Date.now() + retryDelayMs(row.attempts + 1)),
          error: { code: "internal", text: (error as Error).message },
        })
        .catch(() => undefined)
    }
    return "error"
  } finally {
    await inStore.releaseFiscalLease(id, token).catch(() => undefined)
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
      status: [...LEASABLE_FISCAL_STATUSES],
      $or: [{ next_attempt_at: null }, { next_attempt_at: { $lte: now } }],
    } as any,
    { take: limit, order: { next_attempt_at: "ASC" }, select: ["id"] }
  )
  for (const { id } of due) await processFiscalReceipt(container, id, { inlinePolls: 1, dueBy: now })
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
