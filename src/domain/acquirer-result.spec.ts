import { decideCallback } from "./state"
import { resultFromAcquirerState, type AcquirerStateFacts } from "./acquirer-result"

const state = (over: Partial<AcquirerStateFacts> = {}): AcquirerStateFacts => ({
  acquirer_payment_id: "700001",
  status: "succeeded",
  amount: 287097,
  currency: "RUB",
  paid_at: null,
  details: { payer: "+7 (916) ***-**-67" },
  ...over,
})
const expiresAtMs = Date.parse("2026-12-03T15:00:00Z")
const payment = { status: "pending" as const, amount: 287097, currency_code: "RUB", expires_at: new Date(expiresAtMs) }

describe("resultFromAcquirerState", () => {
  it("says nothing while the acquirer waits", () => {
    expect(resultFromAcquirerState(state({ status: "pending" }), { nowMs: expiresAtMs, expiresAtMs, deadlineEnforced: true })).toBeNull()
  })

  it("turns a success into a result the state machine accepts once, with the acquirer's id as the transaction", () => {
    const result = resultFromAcquirerState(state(), { nowMs: expiresAtMs - 1000, expiresAtMs, deadlineEnforced: false })!
    expect(result).toMatchObject({ status: "succeeded", amount: 287097, currency: "RUB", txn: "700001", method: "sbp" })
    expect(decideCallback(payment, result)).toEqual({ verdict: "accepted", http: 200, next: "paid" })
    expect(decideCallback({ ...payment, status: "paid", transaction_id: "700001" }, result).verdict).toBe("duplicate")
  })

  it("honours a success heard of after the deadline when the acquirer enforces it, not otherwise", () => {
    const late = { nowMs: expiresAtMs + 2000, expiresAtMs }
    expect(decideCallback(payment, resultFromAcquirerState(state(), { ...late, deadlineEnforced: true })!).verdict).toBe("accepted")
    expect(decideCallback(payment, resultFromAcquirerState(state(), { ...late, deadlineEnforced: false })!)).toMatchObject({
      verdict: "conflict",
      next: "expired",
    })
  })

  it("refuses a success of another amount", () => {
    const result = resultFromAcquirerState(state({ amount: 100 }), { nowMs: expiresAtMs - 1000, expiresAtMs, deadlineEnforced: true })!
    expect(decideCallback(payment, result).verdict).toBe("amount_mismatch")
  })

  it("closes the payment on a failure, a cancel, or money already given back", () => {
    const opts = { nowMs: expiresAtMs - 1000, expiresAtMs, deadlineEnforced: true }
    expect(decideCallback(payment, resultFromAcquirerState(state({ status: "failed" }), opts)!).next).toBe("failed")
    expect(decideCallback(payment, resultFromAcquirerState(state({ status: "canceled" }), opts)!).next).toBe("canceled")
    expect(decideCallback(payment, resultFromAcquirerState(state({ status: "refunded" }), opts)!).next).toBe("canceled")
  })
})
