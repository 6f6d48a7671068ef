export * from "./custom-scheme"
