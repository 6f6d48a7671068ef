"use strict"
// Request validation for the ATOL Online emulator.
//
// v4 (FFD 1.05): ATOL's own JSON schemas (schema/v4/request/*.json, draft-04)
// checked with Ajv, after a few documented adjustments made to the in-memory
// copy only (the files on disk stay byte-identical to ATOL's).
// v5 (FFD 1.2): no public schema exists, so it is derived here from the v4 one
// plus the v5 differences listed in /work/shared/research/fiscal-atol.md §7–8.
// Both: the arithmetic a register enforces (sum = price × quantity, total,
// payments) is checked after the schema, and reported as error 32 as well.

const fs = require("node:fs")
const path = require("node:path")
const Ajv = require("ajv-draft-04").default
const { isAtolDate, isAtolDateTime, decimalPlaces, toMinor, kopecksToNumber } = require("./format")

const SCHEMA_DIR = path.join(__dirname, "schema", "v4")

function loadSchema(rel) {
  return JSON.parse(fs.readFileSync(path.join(SCHEMA_DIR, rel), "utf8"))
}

const OPERATIONS = {
  v4: ["sell", "sell_refund", "sell_correction", "buy", "buy_refund", "buy_correction"],
  v5: [
    "sell",
    "sell_refund",
    "sell_correction",
    "buy",
    "buy_refund",
    "buy_correction",
    "sell_refund_correction",
    "buy_refund_correction",
  ],
}

function isCorrection(operation) {
  return operation.endsWith("_correction")
}

// VAT rates that appeared after ATOL published the v4 schema (5 %, 7 % for USN
// from 2025; 22 % from 01.01.2026). See the schema README: a copy that has to
// accept such receipts must widen `vat.type`, and say so — this is that copy.
const NEW_VAT_TYPES = ["vat5", "vat7", "vat105", "vat107", "vat22", "vat122"]
// vat18/vat118 are refused in sell/buy receipts since 01.04.2019 (v4 PDF p.27)
// but stay valid in corrections; the v5 enum no longer has them at all.
const RETIRED_VAT_TYPES = ["vat18", "vat118"]
const V5_VAT_TYPES = ["none", "vat0", "vat10", "vat110", "vat20", "vat120", ...NEW_VAT_TYPES]

// Register limits from the v4 PDF (p.17–33), tighter than the schema file.
const MAX_PRICE = 42949672.95 // schema says 42949673
const MAX_QUANTITY = 99999.999 // schema says 100000
const MAX_ITEM_SUM_KOPECKS = 4294967295n
const NAME_MAX = 128 // the schema sets no maxLength on items[].name

const PAYMENT_METHODS = [
  "full_prepayment",
  "prepayment",
  "advance",
  "full_payment",
  "partial_payment",
  "credit",
  "credit_payment",
]
const SNO = ["osn", "usn_income", "usn_income_outcome", "envd", "esn", "patent"]
// FFD 1.2 tag 2108.
const V5_MEASURES = [0, 10, 11, 12, 20, 21, 22, 30, 31, 32, 40, 41, 42, 50, 51, 70, 71, 72, 73, 80, 81, 82, 83, 255]
// FFD 1.2 tag 1212: 1–27 and 30–33 (28 and 29 are not assigned).
const V5_PAYMENT_OBJECTS = [...Array.from({ length: 27 }, (_, i) => i + 1), 30, 31, 32, 33]
const PAYMENT_TYPES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]

function clone(x) {
  return JSON.parse(JSON.stringify(x))
}

/** Visit every object node of a schema (depth first). */
function walk(node, visit) {
  if (Array.isArray(node)) {
    node.forEach((n) => walk(n, visit))
  } else if (node && typeof node === "object") {
    visit(node)
    Object.values(node).forEach((n) => walk(n, visit))
  }
}

/**
 * The in-memory adjustments to ATOL's v4 schema (the JSON files are untouched):
 * 1. `vat.type` enums widened with NEW_VAT_TYPES (see the schema README).
 * 2. `multipleOf: 0.01` / `0.001` replaced by our `decimals: 2` / `3` keyword,
 *    which counts decimal places of the number as written instead of dividing
 *    binary floats (Ajv's multipleOf rejects a valid 19.99).
 * 3. PDF limits the schema lacks or rounds: items[].name 1–128 characters,
 *    items 1–100, price ≤ 42 949 672.95, quantity ≤ 99 999.999,
 *    external_id not empty, `timestamp` in `dd.mm.yyyy HH:MM:SS`,
 *    correction base_date in `dd.mm.yyyy`.
 * 4. A readable message for the client's "email or phone" anyOf.
 */
function adjustV4(schema, kind) {
  const s = clone(schema)
  walk(s, (node) => {
    if (Array.isArray(node.enum) && node.enum.includes("vat20")) {
      node.enum = [...node.enum, ...NEW_VAT_TYPES.filter((v) => !node.enum.includes(v))]
    }
    if (node.multipleOf === 0.01) {
      delete node.multipleOf
      node.decimals = 2
    } else if (node.multipleOf === 0.001) {
      delete node.multipleOf
      node.decimals = 3
    }
  })
  s.properties.timestamp.format = "atol-datetime"
  s.properties.external_id.minLength = 1
  if (kind === "sell") {
    const receipt = s.properties.receipt
    receipt.properties.items.maxItems = 100
    const item = receipt.properties.items.items
    item.properties.name.minLength = 1
    item.properties.name.maxLength = NAME_MAX
    s.definitions.number_price.maximum = MAX_PRICE
    s.definitions.number_three_format.maximum = MAX_QUANTITY
    receipt.properties.client["x-error"] = "email or phone is required"
  } else {
    s.properties.correction.properties.correction_info.properties.base_date.format = "atol-date"
  }
  return s
}

const str = (maxLength, minLength) => ({
  type: "string",
  ...(minLength !== undefined ? { minLength } : {}),
  ...(maxLength !== undefined ? { maxLength } : {}),
})

/** v5 (FFD 1.2) request schemas, derived from the adjusted v4 ones. */
function buildV5(v4sell) {
  const definitions = clone(v4sell.definitions)
  definitions.item_sum = { type: "number", minimum: 0, maximum: MAX_PRICE, decimals: 2 }
  definitions.money = { type: "number", minimum: 0, maximum: 100000000, decimals: 2 }
  const r4 = v4sell.properties.receipt.properties
  const i4 = r4.items.items.properties

  const vat = {
    type: "object",
    properties: { type: { enum: V5_VAT_TYPES }, sum: { $ref: "#/definitions/money" } },
    required: ["type"],
  }
  const item = {
    type: "object",
    properties: {
      name: str(NAME_MAX, 1),
      price: { $ref: "#/definitions/number_price" },
      quantity: { $ref: "#/definitions/number_three_format" },
      sum: { $ref: "#/definitions/item_sum" },
      measure: { type: "integer", enum: V5_MEASURES },
      payment_method: { type: "string", enum: PAYMENT_METHODS },
      payment_object: { type: "integer", enum: V5_PAYMENT_OBJECTS },
      vat,
      mark_code: { type: "object", minProperties: 1 },
      mark_quantity: {
        type: "object",
        properties: { numerator: { type: "integer", minimum: 1 }, denominator: { type: "integer", minimum: 1 } },
        required: ["numerator", "denominator"],
      },
      mark_processing_mode: { type: "string", enum: ["0"] },
      sectoral_item_props: { type: "array", maxItems: 10 },
      user_data: str(64, 1),
      excise: { type: "number", minimum: 0, decimals: 2 },
      country_code: { type: "string", pattern: "^[0-9]{3}$" },
      declaration_number: str(32, 1),
      agent_info: clone(i4.agent_info),
      supplier_info: clone(i4.supplier_info),
      wholesale: { type: "boolean" },
    },
    required: ["name", "price", "quantity", "sum", "measure", "payment_method", "payment_object", "vat"],
  }
  const client = {
    type: "object",
    "x-error": "email or phone is required",
    properties: {
      email: str(64),
      phone: str(64),
      name: str(256),
      inn: { type: "string", pattern: "^([0-9]{10}|[0-9]{12})$" },
      birthdate: { type: "string", format: "atol-date" },
      citizenship: { type: "string", pattern: "^[0-9]{3}$" },
      document_code: { type: "string", pattern: "^[0-9]{2}$" },
      document_data: str(64, 1),
      address: str(256, 1),
    },
    anyOf: [
      { properties: { email: str(64, 1) }, required: ["email"] },
      { properties: { phone: str(64, 1) }, required: ["phone"] },
    ],
  }
  const company = {
    type: "object",
    properties: {
      email: str(64, 1),
      sno: { enum: SNO },
      inn: { type: "string", pattern: "^([0-9]{10}|[0-9]{12})$" },
      payment_address: str(256, 1),
      location: str(256, 1),
    },
    required: ["email", "sno", "inn", "payment_address"],
  }
  const common = {
    client,
    company,
    agent_info: clone(r4.agent_info),
    supplier_info: clone(r4.supplier_info),
    items: { type: "array", minItems: 1, maxItems: 100, items: item },
    payments: {
      type: "array",
      minItems: 1,
      maxItems: 10,
      items: {
        type: "object",
        properties: { type: { type: "integer", enum: PAYMENT_TYPES }, sum: { $ref: "#/definitions/money" } },
        required: ["type", "sum"],
      },
    },
    vats: {
      type: "array",
      minItems: 1,
      maxItems: 6,
      items: {
        type: "object",
        properties: { type: { enum: V5_VAT_TYPES }, sum: { $ref: "#/definitions/money" } },
        required: ["type", "sum"],
      },
    },
    total: { $ref: "#/definitions/money" },
    cashier: str(64, 1),
    cashier_inn: { type: "string", pattern: "^[0-9]{12}$" },
    additional_check_props: str(16, 1),
    additional_user_props: {
      type: "object",
      properties: { name: str(64, 1), value: str(256, 1) },
      required: ["name", "value"],
    },
    operating_check_props: { type: "object" },
    sectoral_check_props: { type: "array", maxItems: 10 },
    device_number: str(20, 1),
    internet: { type: "boolean" },
    cashless_payments: { type: "array" },
    timezone: { type: "integer", minimum: 1, maximum: 11 },
  }
  const envelope = (bodyKey, bodySchema) => ({
    type: "object",
    properties: {
      timestamp: { type: "string", format: "atol-datetime" },
      external_id: str(128, 1),
      service: { type: "object", properties: { callback_url: str(256) } },
      ism_optional: { type: "boolean" },
      [bodyKey]: bodySchema,
    },
    required: ["timestamp", "external_id", bodyKey],
    definitions,
  })
  const receipt = envelope("receipt", {
    type: "object",
    properties: common,
    required: ["client", "company", "items", "payments", "total"],
  })
  const correction = envelope("correction", {
    type: "object",
    properties: {
      ...common,
      correction_info: {
        type: "object",
        properties: {
          type: { enum: ["self", "instruction"] },
          base_date: { type: "string", format: "atol-date" },
          base_number: str(32, 1),
        },
        required: ["type", "base_date"],
      },
    },
    required: ["company", "correction_info", "items", "payments", "total"],
  })
  return { receipt, correction }
}

function makeAjv() {
  const ajv = new Ajv({ allErrors: false, verbose: true, strict: false, unicodeRegExp: false })
  ajv.addFormat("atol-datetime", { type: "string", validate: isAtolDateTime })
  ajv.addFormat("atol-date", { type: "string", validate: isAtolDate })
  ajv.addKeyword({
    keyword: "decimals",
    type: "number",
    schemaType: "number",
    validate: (places, data) => decimalPlaces(data) <= places,
  })
  ajv.addKeyword({ keyword: "x-error", schemaType: "string" })
  return ajv
}

let compiled = null
function validators() {
  if (compiled) return compiled
  const ajv = makeAjv()
  const v4sell = adjustV4(loadSchema("request/sell.json"), "sell")
  const v4correction = adjustV4(loadSchema("request/correction.json"), "correction")
  const v5 = buildV5(v4sell)
  compiled = {
    v4: { receipt: ajv.compile(v4sell), correction: ajv.compile(v4correction) },
    v5: { receipt: ajv.compile(v5.receipt), correction: ajv.compile(v5.correction) },
    schemas: { v4: { receipt: v4sell, correction: v4correction }, v5 },
  }
  return compiled
}

/** "/receipt/items/0/name" → "receipt.items[0].name" */
function fieldPath(instancePath, extra) {
  const parts = instancePath.split("/").slice(1)
  if (extra !== undefined) parts.push(String(extra))
  let out = ""
  for (const raw of parts) {
    const p = raw.replace(/~1/g, "/").replace(/~0/g, "~")
    out += /^\d+$/.test(p) ? `[${p}]` : out ? `.${p}` : p
  }
  return out || "(body)"
}

const FORMAT_TEXT = {
  "atol-datetime": "must be a date-time written as dd.mm.yyyy HH:MM:SS",
  "atol-date": "must be a date written as dd.mm.yyyy",
}

function describeAjvError(err) {
  const p = err.params || {}
  switch (err.keyword) {
    case "required":
      return `${fieldPath(err.instancePath, p.missingProperty)}: is required`
    case "maxLength":
      return `${fieldPath(err.instancePath)}: longer than ${p.limit} characters`
    case "minLength":
      return `${fieldPath(err.instancePath)}: ${p.limit === 1 ? "must not be empty" : `shorter than ${p.limit} characters`}`
    case "maximum":
    case "minimum":
      return `${fieldPath(err.instancePath)}: must be ${p.comparison} ${p.limit}`
    case "type":
      return `${fieldPath(err.instancePath)}: must be ${p.type}`
    case "enum":
      return `${fieldPath(err.instancePath)}: must be one of ${p.allowedValues.map((v) => JSON.stringify(v)).join(", ")}`
    case "pattern":
      return `${fieldPath(err.instancePath)}: does not match ${p.pattern}`
    case "format":
      return `${fieldPath(err.instancePath)}: ${FORMAT_TEXT[p.format] || `must match format ${p.format}`}`
    case "decimals":
      return `${fieldPath(err.instancePath)}: must have at most ${err.schema} decimal places`
    case "minItems":
      return `${fieldPath(err.instancePath)}: must have at least ${p.limit} item(s)`
    case "maxItems":
      return `${fieldPath(err.instancePath)}: must have at most ${p.limit} items`
    case "minProperties":
      return `${fieldPath(err.instancePath)}: must not be empty`
    default:
      return `${fieldPath(err.instancePath)}: ${err.message}`
  }
}

/** One message for Ajv's (first) failure, naming the field path. */
function ajvErrorText(errors) {
  // For an anyOf that carries our `x-error`, Ajv first lists the failures of
  // each branch ("email is required", "phone is required"); the anyOf error
  // itself says what is actually wrong.
  const custom = errors.find((e) => e.keyword === "anyOf" && e.parentSchema && e.parentSchema["x-error"])
  if (custom) return `${fieldPath(custom.instancePath)}: ${custom.parentSchema["x-error"]}`
  return describeAjvError(errors[0])
}

// ---- register arithmetic -------------------------------------------------

function itemVatTypes(doc) {
  const out = []
  ;(Array.isArray(doc.items) ? doc.items : []).forEach((it, i) => {
    if (it && it.vat && typeof it.vat.type === "string") out.push([`items[${i}].vat.type`, it.vat.type])
  })
  ;(Array.isArray(doc.vats) ? doc.vats : []).forEach((v, i) => {
    if (v && typeof v.type === "string") out.push([`vats[${i}].type`, v.type])
  })
  return out
}

/**
 * The checks a register performs (v4 PDF p.17–33, FFD 1.2 rule 1043 = 1079 × 1023):
 * - every item's sum equals price × quantity rounded half-up to the kopeck,
 *   exactly (PDF v5.12+ no longer turns a difference into a discount);
 * - price × quantity and sum are at most 42 949 672.95;
 * - total equals the sum of item sums. The v4 PDF (p.33) lets ATOL round the
 *   total by up to 99 kopecks; the emulator is strict by default (tolerance 0)
 *   so a client bug shows up here, and `totalToleranceKopecks` (up to 99)
 *   restores ATOL's leniency;
 * - payments add up to the total exactly (a register fails 052/066 otherwise);
 * - v4: every item has `vat.type` (tag 1199 is mandatory; the schema file does
 *   not require it); vat18/vat118 are refused outside corrections;
 * - v5: an item with mark_code has quantity 1.
 * Returns "<field path>: <message>" or null.
 */
function registerRules(version, operation, body, options = {}) {
  const key = isCorrection(operation) ? "correction" : "receipt"
  const doc = body[key]
  const tolerance = BigInt(Math.min(99, Math.max(0, options.totalToleranceKopecks || 0)))

  if (!isCorrection(operation)) {
    for (const [field, type] of itemVatTypes(doc)) {
      if (RETIRED_VAT_TYPES.includes(type)) {
        return `${key}.${field}: ${type} is not accepted in receipts since 01.04.2019 (use vat20/vat22 or the calculated rate)`
      }
    }
  }

  let itemsTotal = null
  if (Array.isArray(doc.items)) {
    itemsTotal = 0n
    for (let i = 0; i < doc.items.length; i++) {
      const it = doc.items[i]
      const at = `${key}.items[${i}]`
      if (typeof it.sum !== "number") return `${at}.sum: must be a number`
      if (version === "v4") {
        if (!it.vat || typeof it.vat !== "object") return `${at}.vat: is required`
        if (typeof it.vat.type !== "string") return `${at}.vat.type: is required`
      }
      if (version === "v5" && it.mark_code && it.quantity !== 1) {
        return `${at}.quantity: must be 1 for an item with mark_code`
      }
      const price = toMinor(it.price, 2)
      const quantity = toMinor(it.quantity, 3)
      const expected = (price * quantity + 500n) / 1000n
      if (expected > MAX_ITEM_SUM_KOPECKS) return `${at}: price × quantity exceeds 42949672.95`
      const sum = toMinor(it.sum, 2)
      if (sum > MAX_ITEM_SUM_KOPECKS) return `${at}.sum: must be <= 42949672.95`
      if (sum !== expected) {
        return `${at}.sum: must equal price × quantity rounded to kopecks = ${kopecksToNumber(expected)} (got ${it.sum})`
      }
      itemsTotal += sum
    }
  }

  const hasTotal = typeof doc.total === "number"
  const total = hasTotal ? toMinor(doc.total, 2) : null
  if (hasTotal && itemsTotal !== null) {
    const diff = itemsTotal > total ? itemsTotal - total : total - itemsTotal
    if (diff > tolerance) {
      return (
        `${key}.total: must equal the sum of items[].sum = ${kopecksToNumber(itemsTotal)} (got ${doc.total}` +
        (tolerance > 0n ? `, tolerance ${tolerance} kopecks)` : ")")
      )
    }
  }

  if (Array.isArray(doc.payments)) {
    const nullSums = doc.payments.filter((p) => p.sum === null).length
    if (nullSums > 0 && !(doc.payments.length === 1 && hasTotal)) {
      const i = doc.payments.findIndex((p) => p.sum === null)
      return `${key}.payments[${i}].sum: must be a number (only a single payment may omit its sum)`
    }
    if (hasTotal && nullSums === 0) {
      const paid = doc.payments.reduce((acc, p) => acc + toMinor(p.sum, 2), 0n)
      if (paid !== total) {
        return `${key}.payments: sum of payments[].sum = ${kopecksToNumber(paid)} must equal total = ${doc.total}`
      }
    }
  }
  return null
}

/**
 * Validate a registration body for `version`/`operation`.
 * Returns null when valid, else the ATOL-style error text naming the field.
 */
function validateAtolRequest(version, operation, body, options = {}) {
  if (!OPERATIONS[version]) throw new Error(`unknown ATOL API version ${version}`)
  if (!OPERATIONS[version].includes(operation)) return `operation ${operation} is not supported by ${version}`
  if (!body || typeof body !== "object" || Array.isArray(body)) return "(body): must be a JSON object"
  const validate = validators()[version][isCorrection(operation) ? "correction" : "receipt"]
  if (!validate(body)) return ajvErrorText(validate.errors)
  return registerRules(version, operation, body, options)
}

// ---- VAT amount check (a register-side failure, not a 32) ----------------

const VAT_RATES = {
  none: 0,
  vat0: 0,
  vat5: 5,
  vat7: 7,
  vat10: 10,
  vat18: 18,
  vat20: 20,
  vat22: 22,
  vat105: 5,
  vat107: 7,
  vat110: 10,
  vat118: 18,
  vat120: 20,
  vat122: 22,
}

/** VAT included in `sumKopecks` at `type`, rounded half-up. */
function includedVat(sumKopecks, type) {
  const rate = BigInt(VAT_RATES[type] || 0)
  if (rate === 0n) return 0n
  return (sumKopecks * rate * 2n + (100n + rate)) / (2n * (100n + rate))
}

/**
 * A wrong VAT amount passes registration and fails on the register with
 * driver error 128 "Некорректная сумма налога" (fiscal-atol.md §2 mentions a
 * wrong VAT sum accepted with `wait`, then `fail`; code 128 is that text in
 * ATOL's register error table). Item `vat.sum` may differ by 1 kopeck; a
 * receipt-level `vats[].sum` by 1 kopeck per item of that rate.
 */
function vatProblem(body) {
  const doc = body.receipt || body.correction
  if (!doc || !Array.isArray(doc.items)) return null
  const perType = new Map()
  for (let i = 0; i < doc.items.length; i++) {
    const it = doc.items[i]
    if (!it.vat || typeof it.vat.type !== "string") continue
    const sum = toMinor(it.sum, 2)
    const expected = includedVat(sum, it.vat.type)
    const acc = perType.get(it.vat.type) || { sum: 0n, count: 0n }
    perType.set(it.vat.type, { sum: acc.sum + sum, count: acc.count + 1n })
    if (typeof it.vat.sum === "number") {
      const got = toMinor(it.vat.sum, 2)
      const diff = got > expected ? got - expected : expected - got
      if (diff > 1n) return `items[${i}].vat.sum ${it.vat.sum} ≠ ${kopecksToNumber(expected)}`
    }
  }
  for (const v of Array.isArray(doc.vats) ? doc.vats : []) {
    const acc = perType.get(v.type)
    if (!acc || typeof v.sum !== "number") continue
    const expected = includedVat(acc.sum, v.type)
    const got = toMinor(v.sum, 2)
    const diff = got > expected ? got - expected : expected - got
    if (diff > acc.count) return `vats ${v.type} sum ${v.sum} ≠ ${kopecksToNumber(expected)}`
  }
  return null
}

module.exports = {
  OPERATIONS,
  NEW_VAT_TYPES,
  V5_VAT_TYPES,
  V5_MEASURES,
  V5_PAYMENT_OBJECTS,
  isCorrection,
  validateAtolRequest,
  registerRules,
  vatProblem,
  includedVat,
  fieldPath,
  /** Compile the validators now (Ajv takes a few hundred ms the first time). */
  compile: () => void validators(),
  /** The adjusted schemas actually used (for inspection and tests). */
  schemas: () => validators().schemas,
}
