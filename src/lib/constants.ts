/** Our payment provider as Medusa registers it: `pp_{identifier}_{id}`. */
export const IN_STORE_PROVIDER_ID = "pp_in-store_in-store"

/** Key for Medusa's Locking module: one result at a time per in-store payment. */
export const paymentLockKey = (id: string) => `in-store-payment:${id}`
