import type { PluginOptions } from "../options"

/** Where a terminal app sends the result of one payment (CONTRACT §3). */
export function callbackUrl(options: PluginOptions, paymentId: string): string {
  return `${options.public_url}/hooks/in-store/${encodeURIComponent(paymentId)}`
}
