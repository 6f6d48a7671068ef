import { signCallback } from "../../src/domain"
import { hostSettings } from "../../dev/host-settings"

export const terminalSecret = (id = "counter-1") =>
  hostSettings().pluginOptions.terminals.find((t: { id: string }) => t.id === id)!.secret as string

/** What a terminal app sends back: parameters plus CONTRACT §4's signature. */
export function signedResult(paymentId: string, params: Record<string, string | number>, terminalId = "counter-1") {
  const asStrings = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)]))
  const withTs = { ts: String(Math.floor(Date.now() / 1000)), ...asStrings }
  return { ...withTs, sig: signCallback(terminalSecret(terminalId), paymentId, withTs) }
}

export const succeeded = (payment: { id: string; amount: number; currency_code: string }, extra: Record<string, string | number> = {}) =>
  signedResult(payment.id, {
    status: "succeeded",
    amount: payment.amount,
    currency: payment.currency_code,
    txn: `TXN-${payment.id.slice(-6)}`,
    card_mask: "220220******1234",
    rrn: "123456789012",
    ...extra,
  })
