import { cardPollInterval, LIVE_INTERVAL_MS, RECEIPT_ROW_WAIT_MS, SETTLING_INTERVAL_MS } from "./poll"
import type { InStorePayment, InStoreRefund, PaymentReceipt } from "./types"

const receipt = (status: PaymentReceipt["status"]) => ({ id: "fr_1", status, provider: "atol" }) as PaymentReceipt

const payment = (over: Partial<InStorePayment> = {}): InStorePayment =>
  ({
    id: "isp_1",
    status: "paid",
    receipt_by: "store",
    captured_at: "2026-12-03T10:00:00.000Z",
    receipt: receipt("done"),
    refunds: [],
    ...over,
  }) as InStorePayment

const NOW = Date.parse("2026-12-03T10:00:00.000Z")
const refund = (over: Partial<InStoreRefund> = {}): InStoreRefund =>
  ({ id: "isr_1", status: "done", receipt: receipt("done"), terminal_receipt: null, confirmed_at: new Date(NOW - 2000).toISOString(), created_at: new Date(NOW - 60_000).toISOString(), ...over }) as InStoreRefund

describe("the order card's polling", () => {
  it("is fast while a pay link or a refund link waits for the terminal", () => {
    expect(cardPollInterval([payment({ status: "pending", receipt: null })])).toBe(LIVE_INTERVAL_MS)
    expect(cardPollInterval([payment({ refunds: [refund({ status: "pending", receipt: null })] })])).toBe(LIVE_INTERVAL_MS)
  })

  it("settles while a payment waits for its capture or its receipt", () => {
    expect(cardPollInterval([payment({ captured_at: null })])).toBe(SETTLING_INTERVAL_MS)
    expect(cardPollInterval([payment({ receipt: receipt("sent") })])).toBe(SETTLING_INTERVAL_MS)
  })

  it("settles while a confirmed refund waits for Medusa, and while its receipt is being registered", () => {
    expect(cardPollInterval([payment({ refunds: [refund({ status: "confirmed", receipt: null })] })])).toBe(SETTLING_INTERVAL_MS)
    expect(cardPollInterval([payment({ refunds: [refund({ receipt: receipt("pending") })] })])).toBe(SETTLING_INTERVAL_MS)
    // An SBP refund whose money moved but whose record failed midway waits for the job, not for a terminal.
    expect(cardPollInterval([payment({ refunds: [refund({ status: "pending", via: "acquirer", receipt: null })] })])).toBe(SETTLING_INTERVAL_MS)
  })

  // The card once read a refund just marked done, before its receipt row was written, and stopped asking:
  // the receipt was registered, but the seller never saw it without a reload.
  it("keeps asking for a done refund of a store-registered payment whose receipt row is not written yet", () => {
    expect(cardPollInterval([payment({ refunds: [refund({ receipt: null })] })], NOW)).toBe(SETTLING_INTERVAL_MS)
    // …but not forever: a receipt row that never comes (fiscal switched off since) stops the asking after a while.
    expect(cardPollInterval([payment({ refunds: [refund({ receipt: null })] })], NOW + RECEIPT_ROW_WAIT_MS)).toBe(false)
  })

  it("stops once all is final, and never waits for a store receipt the store does not register", () => {
    expect(cardPollInterval([])).toBe(false)
    expect(cardPollInterval([payment({ refunds: [refund()] })], NOW)).toBe(false)
    expect(cardPollInterval([payment({ refunds: [refund({ receipt: receipt("failed") })] })])).toBe(false)
    const terminalPrinted = refund({ receipt: null, terminal_receipt: { fn: "1", fd: "2", fp: "3", fiscal_time: "t" } })
    expect(cardPollInterval([payment({ receipt_by: "terminal", receipt: null, refunds: [terminalPrinted] })])).toBe(false)
    expect(cardPollInterval([payment({ status: "canceled", receipt: null })])).toBe(false)
  })
})
