// What an unauthenticated request sends is stored only through these functions: PostgreSQL's text and jsonb
// cannot hold NUL or a lone UTF-16 surrogate (the insert fails, the caller sees a 500), and an outsider must not
// decide how much of the seller's log one request takes.

export const REPLACEMENT_CHARACTER = "\uFFFD"

// A high surrogate not followed by a low one, a low one not preceded by a high one, or NUL.
const UNSTORABLE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|\u0000/g
const UNSTORABLE_TEST = new RegExp(UNSTORABLE.source)

/** True when PostgreSQL's text and jsonb can hold the string as it is. */
export function isStorableText(text: string): boolean {
  return !UNSTORABLE_TEST.test(text)
}

/** The string with every lone surrogate and NUL replaced by U+FFFD; everything else unchanged. */
export function storableText(text: string): string {
  return text.replace(UNSTORABLE, REPLACEMENT_CHARACTER)
}

/** At most `maxChars` code points (a surrogate pair is never split). */
export function truncateText(text: string, maxChars: number): { text: string; truncated: boolean } {
  if (text.length <= maxChars) return { text, truncated: false }
  const points = [...text]
  if (points.length <= maxChars) return { text, truncated: false }
  return { text: points.slice(0, maxChars).join(""), truncated: true }
}

/** Storable and at most `maxChars` code points. */
export function boundedText(text: string, maxChars: number): string {
  return truncateText(storableText(text), maxChars).text
}

export interface ParamLimits {
  /** code points per value */
  maxValueChars: number
  /** code points per name */
  maxKeyChars: number
  /** number of names kept */
  maxKeys: number
  /** UTF-8 bytes of the whole object as JSON */
  maxTotalBytes: number
}

/** What is kept of an unauthenticated request: enough to recognise it, never enough to bury the seller's view. */
export const UNTRUSTED_PARAM_LIMITS: ParamLimits = { maxValueChars: 256, maxKeyChars: 64, maxKeys: 32, maxTotalBytes: 4096 }

export interface ParamTruncation {
  keys_received: number
  keys_kept: number
  values_shortened: number
}

export interface BoundedParams {
  params: Record<string, string>
  /** null when the parameters were kept whole */
  truncation: ParamTruncation | null
}

const jsonBytes = (text: string) => Buffer.byteLength(JSON.stringify(text), "utf8")

// Numbers and booleans as their text; anything else as a short description, since its shape was not asked for.
function valueText(value: unknown): string {
  if (typeof value === "string") return value
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value)
  if (value === null || value === undefined) return ""
  return Array.isArray(value) ? "[array]" : `[${typeof value}]`
}

// The longest prefix (in code points) whose JSON string form takes at most `budget` bytes.
function fitToBytes(text: string, budget: number): string {
  let used = 2 // the quotes
  let end = 0
  for (const point of text) {
    const cost = jsonBytes(point) - 2
    if (used + cost > budget) break
    used += cost
    end += point.length
  }
  return text.slice(0, end)
}

// Own-property write, so a "__proto__" name stays data.
function put(record: Record<string, string>, key: string, value: string): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true })
}

/**
 * The parameters as they may be stored: storable text only, names and values shortened, at most `maxKeys`
 * names and `maxTotalBytes` of JSON in all (names are kept in the order received; what does not fit is dropped).
 */
export function boundParams(input: Record<string, unknown>, limits: ParamLimits = UNTRUSTED_PARAM_LIMITS): BoundedParams {
  const params: Record<string, string> = {}
  const entries = input && typeof input === "object" ? Object.entries(input) : []
  let total = 2 // "{}"
  let kept = 0
  let shortened = 0
  for (const [rawKey, rawValue] of entries) {
    if (kept >= limits.maxKeys) break
    const key = boundedText(rawKey, limits.maxKeyChars)
    if (Object.prototype.hasOwnProperty.call(params, key)) continue // two names equal once shortened: keep the first
    const whole = storableText(valueText(rawValue))
    let value = truncateText(whole, limits.maxValueChars).text
    const separator = kept === 0 ? 1 : 2 // ":" and, after the first, ","
    const room = limits.maxTotalBytes - total - jsonBytes(key) - separator
    if (room < 2) break
    if (jsonBytes(value) > room) value = fitToBytes(value, room)
    if (value !== whole) shortened++
    put(params, key, value)
    total += jsonBytes(key) + jsonBytes(value) + separator
    kept++
  }
  const truncation = kept < entries.length || shortened > 0
    ? { keys_received: entries.length, keys_kept: kept, values_shortened: shortened }
    : null
  return { params, truncation }
}

/** One line for the seller: what of the request was not kept. */
export function describeTruncation(truncation: ParamTruncation, limits: ParamLimits = UNTRUSTED_PARAM_LIMITS): string {
  return (
    `Stored in part: ${truncation.keys_kept} of ${truncation.keys_received} parameters kept, ` +
    `${truncation.values_shortened} shortened (at most ${limits.maxKeys} parameters, ` +
    `${limits.maxValueChars} characters each, ${limits.maxTotalBytes} bytes in all)`
  )
}

/**
 * Unauthenticated requests for one payment fold into one row per verdict and minute (UTC), so a flood adds
 * a row a minute, not a row a request.
 */
export function aggregateKeyFor(paymentId: string, verdict: string, receivedAt: Date): string {
  const minute = new Date(Math.floor(receivedAt.getTime() / 60_000) * 60_000).toISOString().slice(0, 16)
  return `${paymentId}|${verdict}|${minute}`
}
