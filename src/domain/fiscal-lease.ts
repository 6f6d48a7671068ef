// Fenced leases on fiscal receipts (ADR 0004). Pure: the worker and the service's conditional updates share it.

export type FiscalReceiptStatus = "pending" | "sent" | "done" | "failed"

/** A worker takes a lease only on these: done needs nothing more, failed needs a person. */
export const LEASABLE_FISCAL_STATUSES: readonly FiscalReceiptStatus[] = ["pending", "sent"]

// What a worker holding the lease may do to the status it read. done and failed are final for a worker
// (only a person's retry moves failed on), so a late writer can never take done back to sent.
const WORKER_MOVES: Record<FiscalReceiptStatus, readonly FiscalReceiptStatus[]> = {
  pending: ["pending", "sent", "failed"],
  // pending again: the register's queue timed out and the receipt is reissued under a new external_id
  sent: ["sent", "done", "failed", "pending"],
  done: [],
  failed: [],
}

export function workerMayMove(from: FiscalReceiptStatus, to: FiscalReceiptStatus): boolean {
  return WORKER_MOVES[from]?.includes(to) ?? false
}

/**
 * The status a worker's write must find and the one it leaves. The write is applied only if the row still
 * has both the worker's lease token and `expect`; a move a worker may not make is a bug, so it throws.
 */
export function fencedMove(seen: FiscalReceiptStatus, next: FiscalReceiptStatus = seen): { expect: FiscalReceiptStatus; next: FiscalReceiptStatus } {
  if (!workerMayMove(seen, next)) throw new Error(`a fiscal worker may not move a receipt from ${seen} to ${next}`)
  return { expect: seen, next }
}

// One exchange with the register (a registration or one report): getToken and the request, then both once
// more after an expired-token answer, each bounded by request_timeout_ms.
export const REGISTER_CALLS_PER_EXCHANGE = 4
// ATOL's report pacing (1 s per register) plus the worker's own database writes around the exchange.
const LEASE_MARGIN_MS = 5_000

/**
 * How long a lease lasts: longer than the longest exchange, since the worker renews it before each one.
 * 10 s timeouts (the default) give 45 s; a dead worker's receipt is taken over after that.
 */
export function fiscalLeaseMs(requestTimeoutMs: number): number {
  if (!Number.isFinite(requestTimeoutMs) || requestTimeoutMs <= 0) {
    throw new Error(`request_timeout_ms must be a positive number, got ${requestTimeoutMs}`)
  }
  return REGISTER_CALLS_PER_EXCHANGE * requestTimeoutMs + LEASE_MARGIN_MS
}

/** Thrown inside a worker when a fenced write or renewal finds another worker's token: it stops, quietly. */
export class FiscalLeaseLostError extends Error {
  constructor(readonly receiptId: string, readonly during: string) {
    super(`fiscal receipt ${receiptId}: lease lost to another worker (${during}); this worker stops`)
    this.name = "FiscalLeaseLostError"
  }
}
