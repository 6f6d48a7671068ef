import type { PluginOptions } from "../options"

/** Where a terminal app sends the result of one payment (CONTRACT §3). */
export function callbackUrl(options: PluginOptions, paymentId: string): string {
  return `${options.public_url}/hooks/in-store/${encodeURIComponent(paymentId)}`
}

/** The short URL the QR carries instead of the full link, which grows with the order (docs/protocol.md §1.2). */
export function shortLinkUrl(options: PluginOptions, linkToken: string): string {
  return `${options.public_url}/hooks/in-store/links/${linkToken}`
}

/** Where an SBP terminal's acquirer sends its notifications (one route per terminal: its credentials verify them). */
export function acquirerNotificationUrl(options: PluginOptions, terminalId: string): string {
  return `${options.public_url}/hooks/in-store/acquirers/${encodeURIComponent(terminalId)}`
}
