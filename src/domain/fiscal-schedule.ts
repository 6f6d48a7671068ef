// When the outbox tries a receipt again. Pure: the job and the immediate attempt share it.

/** 54-FZ: the receipt is due at the moment of settlement; past this the store owner must know. */
export const LEGAL_WINDOW_MS = 5 * 60_000

const FIRST_RETRY_MS = 2_000
const MAX_RETRY_MS = 5 * 60_000

/** Backoff after the n-th failed attempt (n ≥ 1): 2 s, 4 s, 8 s … capped at 5 minutes. */
export function retryDelayMs(attempts: number): number {
  const n = Math.max(1, Math.floor(attempts))
  return Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.min(n - 1, 20))
}

/** ATOL allows one report request per second per register; poll at 1 s, then slower while it waits. */
export function pollDelayMs(polls: number): number {
  const n = Math.max(0, Math.floor(polls))
  return Math.min(30_000, 1_000 * (1 + Math.floor(n / 5)))
}

/** Past the legal window and not registered yet (or registered after it). */
export function isLate(settledAt: Date, now: Date, registeredAt?: Date | null, windowMs = LEGAL_WINDOW_MS): boolean {
  const end = registeredAt ?? now
  return end.getTime() - settledAt.getTime() > windowMs
}
