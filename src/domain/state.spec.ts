import fc from "fast-check"
import type { CallbackResult } from "./callback-params"
import {
  canCancel,
  type Decision,
  decideCallback,
  IN_STORE_PAYMENT_STATUSES,
  type InStorePaymentStatus,
  isFinal,
  type PaymentFacts,
  shouldExpire,
} from "./state"

const NOW = Date.parse("2026-11-23T10:00:00.000Z")
const LATER = "2026-11-23T10:30:00.000Z"
const EARLIER = "2026-11-23T09:30:00.000Z"

const payment = (status: InStorePaymentStatus, over: Partial<PaymentFacts> = {}): PaymentFacts => ({
  status,
  amount: 503000,
  currency_code: "rub",
  transaction_id: status === "paid" ? "T-1" : null,
  expires_at: LATER,
  ...over,
})

const ok: CallbackResult = { status: "succeeded", amount: 503000, currency: "RUB", txn: "T-1", ts: NOW / 1000 }
const failed: CallbackResult = { status: "failed", ts: NOW / 1000 }
const canceled: CallbackResult = { status: "canceled", ts: NOW / 1000 }

describe("decideCallback", () => {
  it.each<[string, PaymentFacts, CallbackResult, Decision]>([
    ["pending + succeeded, same money", payment("pending"), ok, { verdict: "accepted", http: 200, next: "paid" }],
    ["pending + succeeded, Date expiry", payment("pending", { expires_at: new Date(LATER) }), ok, { verdict: "accepted", http: 200, next: "paid" }],
    ["pending + succeeded, other amount", payment("pending"), { ...ok, amount: 503001 }, { verdict: "amount_mismatch", http: 422 }],
    ["pending + succeeded, other currency", payment("pending"), { ...ok, currency: "USD" }, { verdict: "amount_mismatch", http: 422 }],
    ["pending + succeeded, no amount", payment("pending"), { ...ok, amount: undefined }, { verdict: "amount_mismatch", http: 422 }],
    ["pending + failed", payment("pending"), failed, { verdict: "accepted", http: 200, next: "failed" }],
    ["pending + canceled", payment("pending"), canceled, { verdict: "accepted", http: 200, next: "canceled" }],
    ["pending past expiry + succeeded", payment("pending", { expires_at: EARLIER }), ok, { verdict: "conflict", http: 409, next: "expired" }],
    ["pending past expiry + failed", payment("pending", { expires_at: EARLIER }), failed, { verdict: "duplicate", http: 200, next: "expired" }],
    ["pending past expiry + canceled", payment("pending", { expires_at: EARLIER }), canceled, { verdict: "duplicate", http: 200, next: "expired" }],
    ["pending exactly at expiry + succeeded", payment("pending", { expires_at: new Date(NOW) }), ok, { verdict: "accepted", http: 200, next: "paid" }],
    ["paid + same txn", payment("paid"), ok, { verdict: "duplicate", http: 200 }],
    ["paid + same txn, currency case differs", payment("paid", { currency_code: "RUB" }), { ...ok, currency: "RUB" }, { verdict: "duplicate", http: 200 }],
    ["paid + same txn past expiry", payment("paid", { expires_at: EARLIER }), ok, { verdict: "duplicate", http: 200 }],
    ["paid + same txn, other amount", payment("paid"), { ...ok, amount: 1 }, { verdict: "conflict", http: 409 }],
    ["paid + other txn", payment("paid"), { ...ok, txn: "T-2" }, { verdict: "conflict", http: 409 }],
    ["paid without a stored txn", payment("paid", { transaction_id: null }), ok, { verdict: "conflict", http: 409 }],
    ["paid + failed", payment("paid"), failed, { verdict: "conflict", http: 409 }],
    ["paid + canceled", payment("paid"), canceled, { verdict: "conflict", http: 409 }],
    ["failed + succeeded", payment("failed"), ok, { verdict: "conflict", http: 409 }],
    ["canceled + succeeded", payment("canceled"), ok, { verdict: "conflict", http: 409 }],
    ["expired + succeeded", payment("expired"), ok, { verdict: "conflict", http: 409 }],
    ["failed + failed", payment("failed"), failed, { verdict: "duplicate", http: 200 }],
    ["failed + canceled", payment("failed"), canceled, { verdict: "duplicate", http: 200 }],
    ["canceled + canceled", payment("canceled"), canceled, { verdict: "duplicate", http: 200 }],
    ["canceled + failed", payment("canceled"), failed, { verdict: "duplicate", http: 200 }],
    ["expired + failed", payment("expired"), failed, { verdict: "duplicate", http: 200 }],
    ["expired + canceled", payment("expired"), canceled, { verdict: "duplicate", http: 200 }],
  ])("%s", (_name, facts, result, decision) => {
    expect(decideCallback(facts, result)).toEqual(decision)
  })

  it("rejects an invalid expiry date and an unknown status", () => {
    expect(() => decideCallback(payment("pending", { expires_at: "soon" }), ok)).toThrow("expires_at")
    expect(() => decideCallback(payment("weird" as never), ok)).toThrow("Unknown in-store payment status")
  })
})

describe("status helpers", () => {
  it.each<[InStorePaymentStatus, boolean]>([
    ["pending", false], ["paid", true], ["failed", true], ["canceled", true], ["expired", true],
  ])("%s final=%p, cancelable=%p", (status, final) => {
    expect(isFinal(status)).toBe(final)
    expect(canCancel(status)).toBe(!final)
  })

  it("shouldExpire only for pending past expires_at", () => {
    expect(shouldExpire(payment("pending", { expires_at: EARLIER }), NOW)).toBe(true)
    expect(shouldExpire(payment("pending", { expires_at: new Date(NOW) }), NOW)).toBe(false)
    expect(shouldExpire(payment("pending"), NOW)).toBe(false)
    for (const status of IN_STORE_PAYMENT_STATUSES.filter((s) => s !== "pending")) {
      expect(shouldExpire(payment(status, { expires_at: EARLIER }), NOW)).toBe(false)
    }
  })
})

describe("any sequence of results", () => {
  const result: fc.Arbitrary<CallbackResult> = fc.oneof(
    fc.record({
      status: fc.constant("succeeded" as const),
      amount: fc.constantFrom(503000, 503001),
      currency: fc.constantFrom("RUB", "rub", "USD"),
      txn: fc.constantFrom("T-1", "T-2", "T-3"),
      ts: fc.constant(1),
    }),
    fc.record({ status: fc.constantFrom("failed" as const, "canceled" as const), ts: fc.constant(1) })
  )
  const step = fc.record({ result, minutesFromNow: fc.integer({ min: -5, max: 60 }) })

  it("pays at most once and never leaves a final status", () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 30 }), (steps) => {
        const facts: PaymentFacts = { status: "pending", amount: 503000, currency_code: "RUB", transaction_id: null, expires_at: LATER }
        let paidTransitions = 0
        for (const { result: r, minutesFromNow } of steps) {
          const before = facts.status
          const decision = decideCallback(facts, { ...r, ts: (NOW + minutesFromNow * 60_000) / 1000 })
          if (decision.next === undefined) continue
          expect(isFinal(before)).toBe(false)
          expect(decision.next).not.toBe(before)
          if (decision.next === "paid") {
            paidTransitions++
            expect(decision.verdict).toBe("accepted")
            expect(r.amount).toBe(503000)
            facts.transaction_id = r.txn
          }
          facts.status = decision.next
        }
        expect(paidTransitions).toBeLessThanOrEqual(1)
      }),
      { numRuns: 1000 }
    )
  })

  it("answers 200 exactly for accepted and duplicate, 409 for conflict, 422 for amount_mismatch", () => {
    fc.assert(
      fc.property(fc.constantFrom(...IN_STORE_PAYMENT_STATUSES), result, fc.boolean(), (status, r, late) => {
        const d = decideCallback(payment(status), { ...r, ts: (late ? Date.parse(LATER) + 1000 : NOW) / 1000 })
        const expected = { accepted: 200, duplicate: 200, conflict: 409, amount_mismatch: 422 } as Record<string, number>
        expect(d.http).toBe(expected[d.verdict])
      })
    )
  })
})

describe("expiry uses the result's own time", () => {
  it("honours a result produced before the deadline that arrives after it", () => {
    const due = payment("pending", { expires_at: new Date(NOW - 1000) })
    expect(decideCallback(due, { ...ok, ts: (NOW - 2000) / 1000 })).toEqual({ verdict: "accepted", http: 200, next: "paid" })
    expect(decideCallback(due, ok)).toEqual({ verdict: "conflict", http: 409, next: "expired" })
  })

  it("shouldExpire waits for the grace period", () => {
    const due = payment("pending", { expires_at: new Date(NOW - 60_000) })
    expect(shouldExpire(due, NOW, 300_000)).toBe(false)
    expect(shouldExpire(due, NOW + 300_000, 300_000)).toBe(true)
  })
})

describe("a result for a payment whose order was canceled", () => {
  const facts = { status: "pending" as const, amount: 1000, currency_code: "RUB", expires_at: new Date(Date.now() + 60_000), order_canceled: true }
  const ts = Math.floor(Date.now() / 1000)

  it("is a conflict for a success, closes the payment as canceled, and captures nothing", () => {
    expect(decideCallback(facts, { status: "succeeded", amount: 1000, currency: "RUB", txn: "T1", ts })).toEqual({
      verdict: "conflict",
      http: 409,
      next: "canceled",
      reason: "order_canceled",
    })
  })

  it("closes the payment quietly for a failure or a cancel", () => {
    expect(decideCallback(facts, { status: "failed", ts })).toEqual({ verdict: "duplicate", http: 200, next: "canceled" })
    expect(decideCallback(facts, { status: "canceled", ts })).toEqual({ verdict: "duplicate", http: 200, next: "canceled" })
  })
})

