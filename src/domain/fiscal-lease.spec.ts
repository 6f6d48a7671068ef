import { FiscalLeaseLostError, fencedMove, fiscalLeaseMs, LEASABLE_FISCAL_STATUSES, REGISTER_CALLS_PER_EXCHANGE, workerMayMove, type FiscalReceiptStatus } from "./fiscal-lease"

const STATUSES: FiscalReceiptStatus[] = ["pending", "sent", "done", "failed"]

describe("workerMayMove", () => {
  it("lets a worker send, finish, fail and reissue, and never leave done or failed", () => {
    const allowed = STATUSES.flatMap((from) => STATUSES.filter((to) => workerMayMove(from, to)).map((to) => `${from}→${to}`))
    expect(allowed.sort()).toEqual(
      ["pending→pending", "pending→sent", "pending→failed", "sent→sent", "sent→done", "sent→failed", "sent→pending"].sort()
    )
  })
  it("never takes done back to sent (the late writer of a lost lease)", () => {
    expect(workerMayMove("done", "sent")).toBe(false)
    expect(workerMayMove("done", "done")).toBe(false)
    expect(workerMayMove("failed", "pending")).toBe(false)
  })
  it("has a move out of exactly the statuses a worker may lease", () => {
    const movable = STATUSES.filter((from) => STATUSES.some((to) => workerMayMove(from, to)))
    expect(movable).toEqual([...LEASABLE_FISCAL_STATUSES])
  })
  it("refuses statuses it does not know", () => {
    expect(workerMayMove("lost" as FiscalReceiptStatus, "sent")).toBe(false)
  })
})

describe("fencedMove", () => {
  it("expects the status the worker read and leaves the next one (the same by default)", () => {
    expect(fencedMove("pending", "sent")).toEqual({ expect: "pending", next: "sent" })
    expect(fencedMove("sent")).toEqual({ expect: "sent", next: "sent" })
    expect(fencedMove("sent", "pending")).toEqual({ expect: "sent", next: "pending" })
  })
  it("throws on a move no worker may make", () => {
    expect(() => fencedMove("done", "sent")).toThrow(/from done to sent/)
    expect(() => fencedMove("pending", "done")).toThrow(/from pending to done/)
    expect(() => fencedMove("failed")).toThrow(/from failed to failed/)
  })
})

describe("fiscalLeaseMs", () => {
  it("outlasts the longest exchange: every call of it timing out", () => {
    for (const timeout of [1_000, 1_500, 10_000, 120_000]) {
      expect(fiscalLeaseMs(timeout)).toBeGreaterThan(REGISTER_CALLS_PER_EXCHANGE * timeout)
    }
  })
  it("grows with the timeout and is 45 s for the default 10 s", () => {
    expect(fiscalLeaseMs(10_000)).toBe(45_000)
    expect(fiscalLeaseMs(20_000)).toBeGreaterThan(fiscalLeaseMs(10_000))
  })
  it("refuses a timeout that is not a positive number", () => {
    for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => fiscalLeaseMs(bad)).toThrow(/request_timeout_ms/)
  })
})

describe("FiscalLeaseLostError", () => {
  it("names the receipt and what the worker was doing", () => {
    const error = new FiscalLeaseLostError("fr_1", "saving status sent")
    expect(error).toBeInstanceOf(Error)
    expect(error.message).toMatch(/fr_1.*lease lost.*saving status sent/)
    expect(error.receiptId).toBe("fr_1")
  })
})
