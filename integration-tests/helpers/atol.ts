import type { AtolEmulator } from "../../dev/atol-emulator"
// eslint-disable-next-line @typescript-eslint/no-var-requires
const emulator = require("../../dev/atol-emulator")

export const { validateAtolRequest } = emulator as typeof import("../../dev/atol-emulator")

/**
 * Starts the ATOL Online emulator before the Medusa app boots (declare it before the test runner) and points
 * the dev host's fiscal options at it; stops it after the suite.
 */
export function useAtolEmulator(env: Record<string, string> = {}) {
  const ctx = {} as { atol: AtolEmulator }
  beforeAll(async () => {
    ctx.atol = await emulator.startAtolEmulator({ port: 0, processing_ms: 200 })
    Object.assign(process.env, { ATOL_BASE_URL: ctx.atol.url, ...env })
  })
  afterAll(async () => {
    await ctx.atol?.stop()
  })
  return ctx
}

/** Polls until `check` returns a truthy value (or throws with the last value seen). */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | null | false>,
  timeoutMs = 30_000,
  intervalMs = 200
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let last: unknown
  while (Date.now() < deadline) {
    try {
      const value = await check()
      if (value) return value
      last = value
    } catch (error) {
      last = error
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs))
  }
  throw new Error(`Timed out waiting for ${what}; last: ${last instanceof Error ? last.message : JSON.stringify(last)}`)
}

/** Sum of a receipt's item sums in kopecks (decimal strings, not floats, decide). */
export const kopecks = (rubles: number) => Math.round(rubles * 100)
