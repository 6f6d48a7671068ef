import type { SbpTerminalConfig, TerminalConfig } from "../../options"

// The payment provider lives in the Payment Module's container and cannot resolve the in-store module, yet a
// refund of an SBP payment must reach the acquirer with the terminal's credentials. The in-store module
// registers its validated SBP terminals here when it loads, in the same process; configuration, not state.
const terminals = new Map<string, SbpTerminalConfig>()

export function rememberSbpTerminals(all: TerminalConfig[]): void {
  for (const terminal of all) if (terminal.channel === "sbp-qr") terminals.set(terminal.id, terminal)
}

export function sbpTerminalById(id: string): SbpTerminalConfig | undefined {
  return terminals.get(id)
}
