/** Our payment provider as Medusa registers it: `pp_{identifier}_{id}`. */
export const IN_STORE_PROVIDER_ID = "pp_in-store_in-store"

/** Key for Medusa's Locking module: one result at a time per in-store payment. */
export const paymentLockKey = (id: string) => `in-store-payment:${id}`

/** Key for Medusa's Locking module: one refund decision at a time per in-store payment (creation and results). */
export const refundLockKey = (paymentId: string) => `in-store-refund:${paymentId}`

/** The note our refund workflow gives Medusa's refund: how the provider and recovery recognise it. */
export const refundNote = (inStoreRefundId: string) => `in_store_refund:${inStoreRefundId}`
export const IN_STORE_REFUND_NOTE = /^in_store_refund:(isr_[A-Za-z0-9]+)$/

/** Our fulfillment provider's identifier: Medusa registers it as `in-store-pickup_{id}` (README: `in-store-pickup_pickup`). */
export const PICKUP_PROVIDER_IDENTIFIER = "in-store-pickup"

/** Stock location metadata that lets a pickup order's goods leave before it is paid ("payment at handover optional"). */
export const PAYMENT_OPTIONAL_METADATA_KEY = "in_store_payment_optional"

/** Emitted once per pickup order when every item is fulfilled and nothing is owed (docs/events.md). */
export const PICKUP_READY_EVENT = "in_store_pickup.ready"

/** Refunds that hold (or held) goods or money of the payment: everything but the ones that never moved money. */
export const HOLDING_REFUND_STATUSES = ["pending", "confirmed", "done"]
