import { createHmac, timingSafeEqual } from "node:crypto"

/** `key=value` pairs sorted by the UTF-8 bytes of the key, values raw, joined with `&` (CONTRACT §4). */
export function canonicalString(params: Record<string, string>): string {
  return Object.keys(params)
    .map((key) => ({ key, bytes: Buffer.from(key, "utf8") }))
    .sort((a, b) => Buffer.compare(a.bytes, b.bytes))
    .map(({ key }) => `${key}=${params[key]}`)
    .join("&")
}

export function hmacSha256Hex(secret: string, message: string): string {
  return createHmac("sha256", Buffer.from(secret, "utf8")).update(message, "utf8").digest("hex")
}

const SHA256_HEX = /^[0-9a-fA-F]{64}$/

/** Constant-time check of a hex HMAC-SHA256; anything malformed is simply false. */
export function verifyHmacHex(secret: string, message: string, signature: string | undefined): boolean {
  if (typeof signature !== "string" || !SHA256_HEX.test(signature)) return false
  const expected = createHmac("sha256", Buffer.from(secret, "utf8")).update(message, "utf8").digest()
  const given = Buffer.from(signature, "hex")
  return given.length === expected.length && timingSafeEqual(given, expected)
}

// The path's payment id is part of what is signed, so a result cannot be replayed onto another payment.
function callbackMessage(paymentId: string, params: Record<string, string>): string {
  const { sig: _sig, ...signed } = params
  return canonicalString({ ...signed, payment_id: paymentId })
}

export function signCallback(secret: string, paymentId: string, params: Record<string, string>): string {
  return hmacSha256Hex(secret, callbackMessage(paymentId, params))
}

/** A `payment_id` parameter that disagrees with the path never verifies. */
export function verifyCallback(secret: string, paymentId: string, params: Record<string, string>): boolean {
  if (params.payment_id !== undefined && params.payment_id !== paymentId) return false
  return verifyHmacHex(secret, callbackMessage(paymentId, params), params.sig)
}

export function isTimestampFresh(tsSeconds: number, nowMs: number, toleranceSeconds = 300): boolean {
  if (!Number.isFinite(tsSeconds) || !Number.isFinite(nowMs) || !(toleranceSeconds >= 0)) return false
  return Math.abs(nowMs - tsSeconds * 1000) <= toleranceSeconds * 1000
}
