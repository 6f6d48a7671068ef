import type { InStoreRefund } from "./types"

type RefundState = Pick<InStoreRefund, "status" | "via">

/** A terminal's refund link still waiting for the terminal's result. */
export const waitsOnTerminal = (refund: RefundState) => refund.status === "pending" && refund.via !== "acquirer"

/**
 * Money returned, its record in Medusa unfinished: a terminal's confirmed refund, or an acquirer's refund still
 * pending (it is pending only between its money moving and Medusa recording it; a failure there is a job's work).
 */
export const beingRecorded = (refund: RefundState) => refund.status === "confirmed" || (refund.status === "pending" && refund.via === "acquirer")
