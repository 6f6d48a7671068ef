export * from "./ledger"
export * from "./decide"
