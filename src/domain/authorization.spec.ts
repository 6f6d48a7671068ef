import fc from "fast-check"
import { decideAuthorization, type InStoreEvidence, type SessionFacts } from "./authorization"

const session: SessionFacts = { id: "payses_1", amount: "2870.97", currency_code: "rub", payment_collection_id: "pay_col_1" }
const paid: InStoreEvidence = {
  id: "isp_1",
  status: "paid",
  amount: 287097,
  currency_code: "RUB",
  payment_collection_id: "pay_col_1",
  payment_session_id: "payses_1",
}

describe("decideAuthorization", () => {
  it("captures only a paid row bound to the session, collection, amount and currency", () => {
    expect(decideAuthorization(paid, session)).toEqual({ status: "captured", in_store_payment_id: "isp_1" })
  })

  it("refuses a session no row is bound to (a storefront checkout)", () => {
    const decision = decideAuthorization(undefined, session)
    expect(decision.status).toBe("refused")
    expect((decision as any).reason).toMatch(/payses_1/)
    expect(decideAuthorization({ ...paid, payment_session_id: "payses_other" }, session).status).toBe("refused")
  })

  it("keeps a session of a pending row waiting", () => {
    expect(decideAuthorization({ ...paid, status: "pending" }, session)).toEqual({ status: "pending", in_store_payment_id: "isp_1" })
  })

  it.each(["failed", "canceled", "expired"])("refuses a %s row", (status) => {
    expect(decideAuthorization({ ...paid, status }, session).status).toBe("refused")
  })

  it("refuses another collection, currency or amount", () => {
    expect(decideAuthorization({ ...paid, payment_collection_id: "pay_col_2" }, session).status).toBe("refused")
    expect(decideAuthorization({ ...paid, currency_code: "EUR" }, session).status).toBe("refused")
    expect(decideAuthorization({ ...paid, amount: 287096 }, session).status).toBe("refused")
  })

  it("property: captured implies the session's amount equals the row's, to the minor unit", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000_00 }), fc.integer({ min: 1, max: 10_000_000_00 }), (rowAmount, sessionMinor) => {
        const decision = decideAuthorization(
          { ...paid, amount: rowAmount },
          { ...session, amount: (sessionMinor / 100).toFixed(2) }
        )
        return (decision.status === "captured") === (rowAmount === sessionMinor)
      })
    )
  })
})
