/** Our payment provider as Medusa registers it: `pp_{identifier}_{id}`. */
export const IN_STORE_PROVIDER_ID = "pp_in-store_in-store"

/** Key for Medusa's Locking module: one result at a time per in-store payment. */
export const paymentLockKey = (id: string) => `in-store-payment:${id}`

/** Key for Medusa's Locking module: one refund decision at a time per in-store payment (creation and results). */
export const refundLockKey = (paymentId: string) => `in-store-refund:${paymentId}`

/** The note our refund workflow gives Medusa's refund: how the provider and recovery recognise it. */
export const refundNote = (inStoreRefundId: string) => `in_store_refund:${inStoreRefundId}`
export const IN_STORE_REFUND_NOTE = /^in_store_refund:(isr_[A-Za-z0-9]+)$/
