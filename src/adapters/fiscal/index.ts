import type { FiscalOptions } from "../../options"
import { AtolOnlineRegister } from "./atol-online"
import type { FiscalRegister } from "./types"

export type { FiscalRegister } from "./types"

// One client per configuration, so its token cache and report pacing are shared by every caller.
const registers = new Map<string, FiscalRegister>()

export function fiscalRegisterFor(options: FiscalOptions): FiscalRegister {
  const key = JSON.stringify([options.provider, options.base_url, options.api_version, options.login, options.group_code])
  let register = registers.get(key)
  if (!register) {
    register = new AtolOnlineRegister(options)
    registers.set(key, register)
  }
  return register
}
