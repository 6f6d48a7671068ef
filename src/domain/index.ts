// Pure domain layer: no Medusa imports, no I/O; money is integer minor units.
export * from "./money"
export * from "./vat"
export * from "./lines"
export * from "./signature"
export * from "./callback-params"
export * from "./state"
export * from "./pay-link"
