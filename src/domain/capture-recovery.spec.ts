import fc from "fast-check"
import { captureRetryDelayMs, planCapture, type CaptureFacts } from "./capture-recovery"

const base: CaptureFacts = { amount: 1000, session_status: "pending", payment: null, order_transaction_refs: [] }
const captured = (extra: Partial<NonNullable<CaptureFacts["payment"]>> = {}) => ({
  id: "pay_1",
  canceled: false,
  captures: [{ id: "capt_1", amount: 1000 }],
  ...extra,
})

describe("planCapture", () => {
  it("authorizes a session that still waits", () => {
    expect(planCapture(base)).toEqual({ action: "authorize" })
  })

  it("adds the order transaction of a capture the order does not know (crash after Medusa's capture)", () => {
    expect(planCapture({ ...base, session_status: "authorized", payment: captured() })).toEqual({
      action: "add_transactions",
      captures: [{ id: "capt_1", amount: 1000 }],
    })
  })

  it("is done only when every capture has its order transaction", () => {
    expect(planCapture({ ...base, session_status: "authorized", payment: captured(), order_transaction_refs: ["capt_1"] })).toEqual({
      action: "done",
    })
  })

  it("opens a new session when a rollback canceled the captured payment, or the session is gone", () => {
    expect(planCapture({ ...base, session_status: "authorized", payment: captured({ canceled: true }) }).action).toBe("rebind")
    expect(planCapture({ ...base, session_status: "authorized" }).action).toBe("rebind")
    expect(planCapture({ ...base, session_status: null }).action).toBe("rebind")
  })

  it("asks a person when Medusa captured another amount", () => {
    const plan = planCapture({ ...base, session_status: "authorized", payment: captured({ captures: [{ id: "c", amount: 400 }] }) })
    expect(plan).toEqual({ action: "attention", reason: expect.stringContaining("400 of 1000") })
  })

  it("property: done implies captured in full and known to the order", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ id: fc.string({ minLength: 1, maxLength: 4 }), amount: fc.integer({ min: 1, max: 500 }) }), { maxLength: 3 }),
        fc.array(fc.string({ minLength: 1, maxLength: 4 }), { maxLength: 4 }),
        fc.boolean(),
        (captures, refs, canceled) => {
          const amount = captures.reduce((s, c) => s + c.amount, 0) || 1
          const plan = planCapture({ amount, session_status: "authorized", payment: { id: "p", canceled, captures }, order_transaction_refs: refs })
          if (plan.action !== "done") return true
          return !canceled && captures.every((c) => refs.includes(c.id)) && captures.reduce((s, c) => s + c.amount, 0) === amount
        }
      )
    )
  })
})

describe("captureRetryDelayMs", () => {
  it("backs off from 30 s to at most an hour", () => {
    expect(captureRetryDelayMs(1)).toBe(30_000)
    expect(captureRetryDelayMs(2)).toBe(60_000)
    expect(captureRetryDelayMs(50)).toBe(60 * 60_000)
  })
})
