import { signCallback } from "../signature"
import { buildRefundLink, parseRefundLink, verifyRefundLink, type LinkRefund } from "./refund-link"
import { parseRefundResultParams } from "../callback-params"
import { decideRefundResult } from "../refunds/decide"

// docs/protocol.md §6.4: the test vectors a terminal app checks its implementation against.
const SECRET = "demo-counter-1-secret-change-me"
const CALLBACK = "https://shop.example.com/hooks/in-store/isp_01TESTVECTOR"
const refund: LinkRefund = {
  v: 1, op: "refund", refund_id: "isr_01TESTVECTOR", payment_id: "isp_01TESTVECTOR", order_id: "order_01TESTVECTOR",
  display_id: "2", original_txn: "T-1", amount: 29999, currency: "RUB", expires_at: "2026-12-03T10:30:00.000Z",
  lines: [{ title: "Кружка керамическая 350 мл / Ceramic mug", quantity: 1, unit_price: 29999, total: 29999, vat: "vat22", payment_object: "commodity", payment_method: "full_payment", reference: "ordli_01" }],
  receipt_by: "store",
}
const VECTOR_LINK = "instorepay://refund?refund=eyJ2IjoxLCJvcCI6InJlZnVuZCIsInJlZnVuZF9pZCI6Imlzcl8wMVRFU1RWRUNUT1IiLCJwYXltZW50X2lkIjoiaXNwXzAxVEVTVFZFQ1RPUiIsIm9yZGVyX2lkIjoib3JkZXJfMDFURVNUVkVDVE9SIiwiZGlzcGxheV9pZCI6IjIiLCJvcmlnaW5hbF90eG4iOiJULTEiLCJhbW91bnQiOjI5OTk5LCJjdXJyZW5jeSI6IlJVQiIsImV4cGlyZXNfYXQiOiIyMDI2LTEyLTAzVDEwOjMwOjAwLjAwMFoiLCJsaW5lcyI6W3sidGl0bGUiOiLQmtGA0YPQttC60LAg0LrQtdGA0LDQvNC40YfQtdGB0LrQsNGPIDM1MCDQvNC7IC8gQ2VyYW1pYyBtdWciLCJxdWFudGl0eSI6MSwidW5pdF9wcmljZSI6Mjk5OTksInRvdGFsIjoyOTk5OSwidmF0IjoidmF0MjIiLCJwYXltZW50X29iamVjdCI6ImNvbW1vZGl0eSIsInBheW1lbnRfbWV0aG9kIjoiZnVsbF9wYXltZW50IiwicmVmZXJlbmNlIjoib3JkbGlfMDEifV0sInJlY2VpcHRfYnkiOiJzdG9yZSJ9&callback=https%3A%2F%2Fshop.example.com%2Fhooks%2Fin-store%2Fisp_01TESTVECTOR&sig=5d3bdbb215d33e38ae041f35620ceda2a6e2da6c52b9d64cb1c9da322da1dac4"

describe("refund link (protocol §6)", () => {
  it("matches the published test vector and round-trips", () => {
    const link = buildRefundLink({ scheme: "instorepay", secret: SECRET, callbackUrl: CALLBACK, refund })
    expect(link).toBe(VECTOR_LINK)
    expect(parseRefundLink(link)).toMatchObject({ scheme: "instorepay", refund, callbackUrl: CALLBACK })
    expect(verifyRefundLink(link, SECRET)).toBe(true)
    expect(verifyRefundLink(link, "another-secret")).toBe(false)
    expect(verifyRefundLink(link.replace("sig=5", "sig=6"), SECRET)).toBe(false)
  })

  it("is not a pay link, and a pay link is not a refund link", () => {
    expect(() => parseRefundLink(VECTOR_LINK.replace("://refund?", "://payNow?"))).toThrow(/refund link/)
    expect(() => buildRefundLink({ scheme: "instorepay", secret: SECRET, callbackUrl: CALLBACK, refund: { ...refund, original_txn: "" } })).toThrow(/original_txn/)
  })

  it("signs the refund result as published", () => {
    const params = { op: "refund", refund_id: "isr_01TESTVECTOR", status: "succeeded", amount: "29999", currency: "RUB", txn: "R-1", original_txn: "T-1", ts: "1796292000" }
    expect(signCallback(SECRET, "isp_01TESTVECTOR", params)).toBe("5d7d852c0c7f3eb5e0252110ed1737590adc12c11bc582e71c4cae58f89657e2")
    const parsed = parseRefundResultParams(params)
    expect(parsed.ok).toBe(true)
  })
})

describe("decideRefundResult", () => {
  const facts = { status: "pending" as const, amount: 29999, currency_code: "rub", original_txn: "T-1", expires_at: "2026-12-03T10:30:00.000Z" }
  const ok = { op: "refund" as const, refund_id: "isr_1", status: "succeeded" as const, amount: 29999, currency: "RUB", txn: "R-1", original_txn: "T-1", ts: 1796292000 }
  it("confirms once, then treats the same result as a retry and any other as a conflict", () => {
    expect(decideRefundResult(facts, ok)).toEqual({ verdict: "accepted", http: 200, next: "confirmed" })
    const done = { ...facts, status: "done" as const, transaction_id: "R-1" }
    expect(decideRefundResult(done, ok)).toEqual({ verdict: "duplicate", http: 200 })
    expect(decideRefundResult(done, { ...ok, txn: "R-2" })).toEqual({ verdict: "conflict", http: 409 })
    expect(decideRefundResult({ ...facts, status: "canceled" }, ok)).toEqual({ verdict: "conflict", http: 409 })
  })
  it("refuses another amount, currency or original transaction without a change", () => {
    expect(decideRefundResult(facts, { ...ok, amount: 30000 })).toEqual({ verdict: "amount_mismatch", http: 422 })
    expect(decideRefundResult(facts, { ...ok, currency: "USD" })).toEqual({ verdict: "amount_mismatch", http: 422 })
    expect(decideRefundResult(facts, { ...ok, original_txn: "T-2" })).toEqual({ verdict: "unknown_transaction", http: 422 })
  })
  it("honours a result made before the deadline, and expires on one made after", () => {
    expect(decideRefundResult(facts, { ...ok, ts: Date.parse(facts.expires_at) / 1000 + 1 })).toEqual({ verdict: "conflict", http: 409, next: "expired" })
    expect(decideRefundResult(facts, { ...ok, status: "failed" })).toEqual({ verdict: "accepted", http: 200, next: "failed" })
  })
})
