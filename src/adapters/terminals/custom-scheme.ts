import { buildCustomSchemeLink, parseCustomSchemeLink, verifyCallback } from "../../domain"
import type { TerminalAdapter } from "./types"

/** Our own signed protocol (CONTRACT §3–§4): `<scheme>://payNow?order=…&callback=…&sig=…`. */
export const customSchemeAdapter: TerminalAdapter = {
  format: "custom-scheme",
  buildLink(terminal, request) {
    return buildCustomSchemeLink({
      scheme: terminal.scheme,
      secret: terminal.secret,
      callbackUrl: request.callback_url,
      order: {
        v: 1,
        payment_id: request.payment_id,
        order_id: request.order_id,
        display_id: request.display_id,
        amount: request.amount,
        currency: request.currency,
        expires_at: request.expires_at,
        lines: request.lines,
        receipt_by: request.receipt_by,
      },
    })
  },
  readLink(link) {
    const parsed = parseCustomSchemeLink(link)
    return { order: { ...parsed.order }, callback_url: parsed.callbackUrl, sig: parsed.sig }
  },
  verifyResult(terminal, paymentId, params, sig) {
    return verifyCallback(terminal.secret, paymentId, sig === undefined ? params : { ...params, sig })
  },
}
