import type { SbpTerminalConfig } from "../../options"
import { paymasterAcquirer } from "./paymaster"
import { tbankAcquirer } from "./tbank"
import { yookassaAcquirer } from "./yookassa"
import type { AcquirerAdapter, AcquirerId } from "./types"

export * from "./types"

const ADAPTERS: Record<AcquirerId, AcquirerAdapter> = {
  tbank: tbankAcquirer,
  yookassa: yookassaAcquirer,
  paymaster: paymasterAcquirer,
}

export function acquirerFor(terminal: SbpTerminalConfig): AcquirerAdapter {
  return ADAPTERS[terminal.acquirer]
}
