import type { PayLine } from "../../domain"
import type { TerminalAppConfig as TerminalConfig } from "../../options"

/** What every terminal app is asked to charge, whatever its link format. */
export interface PayRequest {
  payment_id: string
  order_id: string
  display_id: string
  amount: number
  currency: string
  expires_at: string
  lines: PayLine[]
  receipt_by: TerminalConfig["receipt_by"]
  callback_url: string
}

/** What a built link carries, for a terminal app that fetched it through the short QR URL. */
export interface SignedLinkParts {
  /** the order payload exactly as signed (already decoded from the link) */
  order: Record<string, unknown>
  callback_url: string
  sig: string
}

/** One per terminal app format; the only place that knows the app's link and result shapes. */
export interface TerminalAdapter {
  readonly format: TerminalConfig["format"]
  buildLink(terminal: TerminalConfig, request: PayRequest): string
  /** Splits a link this adapter built into its signed parts. */
  readLink(link: string): SignedLinkParts
  /** True when the result parameters are authentic for this payment. */
  verifyResult(terminal: TerminalConfig, paymentId: string, params: Record<string, string>, sig?: string): boolean
}
