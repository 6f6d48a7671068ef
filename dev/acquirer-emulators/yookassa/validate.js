"use strict"
// Request checks of the YooKassa emulator: what POST /v3/payments and /v3/refunds accept.
// Field rules from YooKassa's OpenAPI (https://yookassa.ru/developers/api; copy: Wolframko/yookassarb,
// yookassa-openapi-specification.yaml @ a64fd746) and https://yookassa.ru/developers/54fz/parameters-values.
// Each check answers null or { parameter, description } for a 400 invalid_request.

// SBP limits: 1 RUB … 1 000 000 RUB (https://yookassa.ru/developers/payment-acceptance/integration-scenarios/manual-integration/other/sbp;
// an older copy of that page said 700 000, so the limit is an option).
const SBP_MIN_KOPECKS = 100n
const SBP_MAX_KOPECKS = 100_000_000n

const PAYMENT_SUBJECTS = new Set([
  "commodity", "excise", "job", "service", "gambling_bet", "gambling_prize", "lottery", "lottery_prize",
  "intellectual_activity", "payment", "agent_commission", "property_right", "non_operating_gain", "insurance_premium",
  "sales_tax", "resort_fee", "composite", "another", "fine", "tax", "lien", "cost", "pension_insurance_without_payouts",
  "pension_insurance_with_payouts", "health_insurance_without_payouts", "health_insurance_with_payouts",
  "health_insurance", "casino", "agent_withdrawals", "non_marked_excise", "marked_excise", "marked", "non_marked",
])
const PAYMENT_MODES = new Set(["full_prepayment", "partial_prepayment", "advance", "full_payment", "partial_payment", "credit", "credit_payment"])
const MEASURES = new Set([
  "piece", "gram", "kilogram", "ton", "centimeter", "decimeter", "meter", "square_centimeter", "square_decimeter",
  "square_meter", "milliliter", "liter", "cubic_meter", "kilowatt_hour", "gigacalorie", "day", "hour", "minute",
  "second", "kilobyte", "megabyte", "gigabyte", "terabyte", "another",
])
const MAX_RECEIPT_ITEMS = 100

const problem = (parameter, description) => ({ parameter, description })
const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v)

/** "1234.56" → 123456n; the API wants a string with exactly the currency's two decimals ("always fractional"). */
function kopecksOf(value) {
  if (typeof value !== "string" || !/^\d{1,12}\.\d{2}$/.test(value)) return null
  return BigInt(value.replace(".", ""))
}

function formatKopecks(k) {
  const s = k.toString().padStart(3, "0")
  return `${s.slice(0, -2)}.${s.slice(-2)}`
}

function checkAmount(amount, parameter, currency = "RUB") {
  if (!isObject(amount)) return { error: problem(parameter, `${parameter} must be an object {value, currency}`) }
  const kopecks = kopecksOf(amount.value)
  if (kopecks === null) return { error: problem(`${parameter}.value`, `${parameter}.value must be a string with two decimals, e.g. "100.00"`) }
  if (amount.currency !== currency) return { error: problem(`${parameter}.currency`, `${parameter}.currency must be ${currency}`) }
  return { kopecks }
}

function checkMetadata(metadata) {
  if (metadata === undefined) return null
  if (!isObject(metadata)) return problem("metadata", "metadata must be an object of string values")
  const keys = Object.keys(metadata)
  if (keys.length > 16) return problem("metadata", "metadata holds at most 16 keys")
  for (const key of keys) {
    if (key.length > 32) return problem("metadata", `metadata key ${key} is longer than 32 characters`)
    const v = metadata[key]
    if (v !== null && (typeof v !== "string" || v.length > 512)) return problem(`metadata.${key}`, "metadata values are strings of at most 512 characters")
  }
  return null
}

/** Quantity as thousandths (the API: a number, at most 3 decimals, at most 99999.999). */
function thousandthsOf(quantity) {
  if (typeof quantity !== "number" || !Number.isFinite(quantity) || quantity <= 0 || quantity > 99999.999) return null
  const t = Math.round(quantity * 1000)
  return Math.abs(t / 1000 - quantity) < 1e-9 ? BigInt(t) : null
}

/** The 54-FZ receipt of a payment: contacts, items, codes, and Σ price × quantity = the payment amount. */
function checkReceipt(receipt, paymentKopecks, currency) {
  if (!isObject(receipt)) return problem("receipt", "receipt must be an object")
  const customer = receipt.customer
  const email = isObject(customer) && typeof customer.email === "string" && /^[^@\s]+@[^@\s]+$/.test(customer.email)
  const phone = isObject(customer) && typeof customer.phone === "string" && /^\d{10,15}$/.test(customer.phone)
  if (!email && !phone) return problem("receipt.customer", "receipt.customer needs an email or a phone (E.164 digits, e.g. 79000000000)")
  if (receipt.tax_system_code !== undefined && !(Number.isInteger(receipt.tax_system_code) && receipt.tax_system_code >= 1 && receipt.tax_system_code <= 6)) {
    return problem("receipt.tax_system_code", "receipt.tax_system_code must be an integer from 1 to 6")
  }
  if (!Array.isArray(receipt.items) || receipt.items.length === 0 || receipt.items.length > MAX_RECEIPT_ITEMS) {
    return problem("receipt.items", `receipt.items must hold 1 to ${MAX_RECEIPT_ITEMS} items`)
  }
  let total = 0n
  for (let i = 0; i < receipt.items.length; i++) {
    const item = receipt.items[i]
    const at = `receipt.items[${i}]`
    if (!isObject(item)) return problem(at, `${at} must be an object`)
    if (typeof item.description !== "string" || item.description.length === 0 || [...item.description].length > 128) {
      return problem(`${at}.description`, `${at}.description must be 1 to 128 characters`)
    }
    const thousandths = thousandthsOf(item.quantity)
    if (thousandths === null) return problem(`${at}.quantity`, `${at}.quantity must be a positive number with at most 3 decimals`)
    const price = checkAmount(item.amount, `${at}.amount`, currency)
    if (price.error) return price.error
    if (!(Number.isInteger(item.vat_code) && item.vat_code >= 1 && item.vat_code <= 12)) return problem(`${at}.vat_code`, `${at}.vat_code must be an integer from 1 to 12`)
    if (item.payment_subject !== undefined && !PAYMENT_SUBJECTS.has(item.payment_subject)) return problem(`${at}.payment_subject`, `${at}.payment_subject is not a known value`)
    if (item.payment_mode !== undefined && !PAYMENT_MODES.has(item.payment_mode)) return problem(`${at}.payment_mode`, `${at}.payment_mode is not a known value`)
    if (item.measure !== undefined && !MEASURES.has(item.measure)) return problem(`${at}.measure`, `${at}.measure is not a known value`)
    // price × quantity rounded half up to the kopeck, as the register computes the item sum
    total += (price.kopecks * thousandths * 2n + 1000n) / 2000n
  }
  if (total !== paymentKopecks) {
    return problem("receipt.items", `the items add up to ${formatKopecks(total)}, the payment amount is ${formatKopecks(paymentKopecks)}`)
  }
  return null
}

/** POST /v3/payments as the emulator supports it: a one-stage SBP payment confirmed by a QR. */
function checkCreatePayment(body, limits = {}) {
  const min = limits.min_kopecks ?? SBP_MIN_KOPECKS
  const max = limits.max_kopecks ?? SBP_MAX_KOPECKS
  if (!isObject(body)) return { error: problem(null, "The request body must be a JSON object") }
  const amount = checkAmount(body.amount, "amount")
  if (amount.error) return amount
  if (amount.kopecks < min || amount.kopecks > max) {
    return { error: problem("amount.value", `An SBP payment must be from ${formatKopecks(min)} to ${formatKopecks(max)} RUB`) }
  }
  if (!isObject(body.payment_method_data) || body.payment_method_data.type !== "sbp") {
    return { error: problem("payment_method_data.type", "The emulator accepts payment_method_data.type sbp only") }
  }
  if (!isObject(body.confirmation) || body.confirmation.type !== "qr") {
    return { error: problem("confirmation.type", "The emulator accepts confirmation.type qr only") }
  }
  if (body.capture !== true) return { error: problem("capture", "SBP payments are one-stage: capture must be true") }
  if (body.description !== undefined && (typeof body.description !== "string" || [...body.description].length > 128)) {
    return { error: problem("description", "description must be a string of at most 128 characters") }
  }
  const metadata = checkMetadata(body.metadata)
  if (metadata) return { error: metadata }
  if (body.receipt !== undefined) {
    const receipt = checkReceipt(body.receipt, amount.kopecks, "RUB")
    if (receipt) return { error: receipt }
  }
  return { kopecks: amount.kopecks }
}

/**
 * POST /v3/refunds: payment_id, an amount and, for a payment whose receipt YooKassa registered, the refund's
 * receipt (same rules as a payment's, its items adding up to the refund); whether the payment allows the refund
 * is the emulator's business.
 */
function checkCreateRefund(body) {
  if (!isObject(body)) return { error: problem(null, "The request body must be a JSON object") }
  if (typeof body.payment_id !== "string" || !body.payment_id) return { error: problem("payment_id", "payment_id is required") }
  const amount = checkAmount(body.amount, "amount")
  if (amount.error) return amount
  if (amount.kopecks <= 0n) return { error: problem("amount.value", "A refund must be above 0.00") }
  if (body.description !== undefined && (typeof body.description !== "string" || body.description.length > 250)) {
    return { error: problem("description", "description must be a string of at most 250 characters") }
  }
  const metadata = checkMetadata(body.metadata)
  if (metadata) return { error: metadata }
  if (body.receipt !== undefined) {
    const receipt = checkReceipt(body.receipt, amount.kopecks, "RUB")
    if (receipt) return { error: receipt }
  }
  return { kopecks: amount.kopecks }
}

module.exports = { checkCreatePayment, checkCreateRefund, checkReceipt, kopecksOf, formatKopecks, SBP_MIN_KOPECKS, SBP_MAX_KOPECKS }
