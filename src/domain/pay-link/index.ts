export * from "./custom-scheme"
export * from "./limits"
export * from "./short-link"
export * from "./refund-link"
