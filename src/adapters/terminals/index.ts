import type { TerminalAppConfig as TerminalConfig } from "../../options"
import { customSchemeAdapter } from "./custom-scheme"
import type { TerminalAdapter } from "./types"

export type { PayRequest, SignedLinkParts, TerminalAdapter } from "./types"

const ADAPTERS: Record<TerminalConfig["format"], TerminalAdapter> = {
  "custom-scheme": customSchemeAdapter,
}

export function terminalAdapterFor(terminal: TerminalConfig): TerminalAdapter {
  return ADAPTERS[terminal.format]
}
