"use strict"
// Small pure helpers shared by the emulator and its validator: ATOL's timestamp
// format, decimal-place counting and exact conversion to integer minor units.

const crypto = require("node:crypto")

// ATOL's servers run on Moscow time (UTC+3, no DST since 2014). Every
// `timestamp` and `receipt_datetime` ATOL returns is `dd.mm.yyyy HH:MM:SS`
// (fiscal-atol.md §2), so the emulator formats its clock the same way.
const MOSCOW_OFFSET_MS = 3 * 60 * 60 * 1000

function pad(n, width = 2) {
  return String(n).padStart(width, "0")
}

/** `dd.mm.yyyy HH:MM:SS` in Moscow time. */
function formatAtolTimestamp(date = new Date()) {
  const d = new Date(date.getTime() + MOSCOW_OFFSET_MS)
  return (
    `${pad(d.getUTCDate())}.${pad(d.getUTCMonth() + 1)}.${d.getUTCFullYear()} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
  )
}

const DATE_TIME_RE = /^(\d{2})\.(\d{2})\.(\d{4}) (\d{2}):(\d{2}):(\d{2})$/
const DATE_RE = /^(\d{2})\.(\d{2})\.(\d{4})$/

function validCalendarDate(dd, mm, yyyy) {
  const day = Number(dd)
  const month = Number(mm)
  const year = Number(yyyy)
  if (month < 1 || month > 12 || day < 1) return false
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate()
  return day <= daysInMonth
}

/** True for a real date-time written as `dd.mm.yyyy HH:MM:SS`. */
function isAtolDateTime(value) {
  const m = DATE_TIME_RE.exec(value)
  if (!m) return false
  if (!validCalendarDate(m[1], m[2], m[3])) return false
  return Number(m[4]) <= 23 && Number(m[5]) <= 59 && Number(m[6]) <= 59
}

/** True for a real date written as `dd.mm.yyyy` (correction base_date). */
function isAtolDate(value) {
  const m = DATE_RE.exec(value)
  return Boolean(m) && validCalendarDate(m[1], m[2], m[3])
}

/**
 * Number of decimal places of a JSON number, read from its shortest
 * round-trip decimal form (what `String(x)` prints). 19.99 → 2, 1.005 → 3,
 * 1e-7 → 7. This is why `multipleOf: 0.01` is not left to Ajv: with binary
 * floats 19.99 / 0.01 is not an integer and a valid price would be rejected.
 */
function decimalPlaces(x) {
  if (typeof x !== "number" || !Number.isFinite(x)) return Infinity
  const m = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(Math.abs(x)))
  if (!m) return Infinity
  const fraction = m[2] ? m[2].length : 0
  const exponent = m[3] ? Number(m[3]) : 0
  return Math.max(0, fraction - exponent)
}

/**
 * Exact integer in 1/10^places units (kopecks for 2, thousandths for 3), as a
 * BigInt. Only call it for numbers already known to have ≤ `places` decimals:
 * then x·10^places is within float noise of an integer and rounding is exact.
 */
function toMinor(x, places) {
  return BigInt(Math.round(x * 10 ** places))
}

/** Kopecks (BigInt) → rubles as a JSON number with at most 2 decimals. */
function kopecksToNumber(k) {
  const negative = k < 0n
  const abs = negative ? -k : k
  const s = `${abs / 100n}.${pad(Number(abs % 100n))}`
  return (negative ? -1 : 1) * Number(s)
}

function uuid() {
  return crypto.randomUUID()
}

module.exports = {
  formatAtolTimestamp,
  isAtolDateTime,
  isAtolDate,
  decimalPlaces,
  toMinor,
  kopecksToNumber,
  uuid,
}
