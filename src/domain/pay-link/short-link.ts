// The short QR URL (docs/protocol.md §1.2): a random token standing for one pending payment's full link.

/** 128 random bits in base64url, no padding. */
export const LINK_TOKEN_BYTES = 16
export const LINK_TOKEN_PATTERN = /^[A-Za-z0-9_-]{22}$/

export type ShortLinkGoneReason = "expired" | "paid" | "failed" | "canceled"

export type ShortLinkState = { usable: true } | { usable: false; reason: ShortLinkGoneReason; message: string }

/** A short link lives exactly as long as its pay link: pending and before `expires_at`. */
export function shortLinkState(
  payment: { status: string; expires_at: Date | string },
  nowMs: number
): ShortLinkState {
  if (payment.status !== "pending") {
    const reason = (["paid", "failed", "canceled"].includes(payment.status) ? payment.status : "expired") as ShortLinkGoneReason
    return { usable: false, reason, message: `The pay link is no longer valid: the payment is ${payment.status}` }
  }
  const expiresMs = new Date(payment.expires_at).getTime()
  if (Number.isNaN(expiresMs) || nowMs > expiresMs) {
    const when = Number.isNaN(expiresMs) ? String(payment.expires_at) : new Date(expiresMs).toISOString()
    return { usable: false, reason: "expired", message: `The pay link expired at ${when}` }
  }
  return { usable: true }
}
