export * from "./create-in-store-payment"
export * from "./complete-in-store-payment"
export * from "./close-in-store-payment"
