import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { CallbackVerdict } from "../domain"
import { aggregateKeyFor, boundedText, boundParams, describeTruncation } from "../domain/untrusted-input"
import { IN_STORE_MODULE } from "../modules/in-store"
import type InStoreModuleService from "../modules/in-store/service"

/** Every verdict a callback event can carry; `too_large` is given before the request is read. */
export type RecordedVerdict = CallbackVerdict | "too_large"

const MAX_MESSAGE_CHARS = 1024

/** How many events the seller's views load: signed results and aggregated unauthenticated rows apart. */
export const SELLER_VIEW_LIMITS = { signed: 200, unauthenticated: 20 }

// Ids this plugin makes (isp_01…): anything else cannot name a payment, and is not sent to the database.
const PAYMENT_ID = /^[A-Za-z0-9_-]{1,64}$/

export interface PaymentRef {
  id: string
  order_id: string | null
  terminal_id: string | null
}

export interface CallbackEventInput {
  verdict: RecordedVerdict
  http_status: number
  params: Record<string, unknown>
  message?: string | null
  /** a refund result: the refund it named, once known to be this payment's */
  in_store_refund_id?: string | null
}

/**
 * Keeps a result for the seller. Whatever was received is made storable and bounded first; unauthenticated
 * requests add to one row per payment, verdict and minute instead of a row each.
 */
export async function recordCallbackEvent(
  inStore: InStoreModuleService,
  payment: PaymentRef,
  event: CallbackEventInput,
  receivedAt: Date = new Date()
): Promise<void> {
  const { params, truncation } = boundParams(event.params)
  const notes = [event.message, truncation ? describeTruncation(truncation) : null].filter(Boolean).join(" · ")
  const message = notes ? boundedText(notes, MAX_MESSAGE_CHARS) : null
  const row = {
    in_store_payment_id: payment.id,
    order_id: payment.order_id ?? null,
    terminal_id: payment.terminal_id ?? null,
    http_status: event.http_status,
    params,
    message,
    received_at: receivedAt,
  }
  // Given while nothing in the request was proven: aggregated.
  if (event.verdict === "bad_signature" || event.verdict === "too_large") {
    await inStore.recordAggregatedCallbackEvent({
      ...row,
      verdict: event.verdict,
      aggregate_key: aggregateKeyFor(payment.id, event.verdict, receivedAt),
    })
    return
  }
  await inStore.createCallbackEvents({
    ...row,
    verdict: event.verdict,
    authenticated: true,
    in_store_refund_id: event.in_store_refund_id ?? null,
  })
}

/**
 * A request refused for its size before it was read: kept (aggregated) when the path names a known payment.
 * Never throws — the 413 is the answer whatever happens here.
 */
export async function recordTooLargeRequest(container: MedusaContainer, paymentId: string, what: string): Promise<void> {
  if (!PAYMENT_ID.test(paymentId)) return
  try {
    const inStore: InStoreModuleService = container.resolve(IN_STORE_MODULE)
    const [payment] = await inStore.listInStorePayments({ id: paymentId }, { select: ["id", "order_id", "terminal_id"] })
    if (!payment) return
    await recordCallbackEvent(inStore, payment, { verdict: "too_large", http_status: 413, params: {}, message: what })
  } catch (error) {
    container.resolve(ContainerRegistrationKeys.LOGGER).warn(`in-store payment ${paymentId}: could not record a too-large request: ${(error as Error).message}`)
  }
}

/** True when `id` can be a payment id at all (path parameters are outside input too). */
export const isPossiblePaymentId = (id: unknown): id is string => typeof id === "string" && PAYMENT_ID.test(id)

/**
 * The events the seller sees: the newest signed results and, apart, the few newest aggregated unauthenticated
 * rows — so no amount of unsigned junk can push a signed result out of the view. Newest first.
 */
export async function listCallbackEventsForSeller(
  inStore: InStoreModuleService,
  filter: { order_id: string } | { in_store_payment_id: string },
  limits: { signed: number; unauthenticated: number } = SELLER_VIEW_LIMITS
) {
  const [signed, unauthenticated] = await Promise.all([
    inStore.listCallbackEvents({ ...filter, authenticated: true }, { order: { received_at: "DESC" }, take: limits.signed }),
    inStore.listCallbackEvents({ ...filter, authenticated: false }, { order: { received_at: "DESC" }, take: limits.unauthenticated }),
  ])
  const latest = (e: { received_at: Date | string; last_received_at?: Date | string | null }) =>
    new Date(e.last_received_at ?? e.received_at).getTime()
  return [...signed, ...unauthenticated].sort((a, b) => latest(b) - latest(a))
}
