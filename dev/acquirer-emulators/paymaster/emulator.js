"use strict"
// PayMaster API v2 emulator (https://paymaster.ru/docs/ru/api): payments by SBP with a dynamic NSPK QR, cancel,
// refunds, notifications. A real Node `http` server, CommonJS, no framework. Choices where the docs are silent are
// listed in README.md.

const { listen, readLimitedBody } = require("../http")
const http = require("node:http")
const crypto = require("node:crypto")

const DEFAULT_MERCHANTS = Object.freeze([Object.freeze({ merchant_id: "demo-merchant", token: "demo-paymaster-token" })])
const SBP_MIN_KOPECKS = 10_00
const SBP_MAX_KOPECKS = 1_000_000_00
const DEFAULT_EXPIRY_MS = 60 * 60 * 1000
const NSPK_BANK = "100000000222"
const MAX_BODY_BYTES = 256 * 1024
const PAGE_SIZE = 50
const VAT_TYPES = ["None", "Vat0", "Vat5", "Vat7", "Vat10", "Vat20", "Vat22", "Vat105", "Vat107", "Vat110", "Vat120", "Vat122"]
const PAYMENT_SUBJECTS = ["Commodity", "Excise", "Job", "Service", "Gambling", "Lottery", "IntellectualActivity", "Payment", "AgentFee", "PropertyRights", "NonOperatingIncome", "InsurancePayment", "SalesTax", "ResortFee", "Other"]
const RECEIPT_METHODS = ["FullPrepayment", "PartialPrepayment", "Advance", "FullPayment", "PartialPayment", "Credit"]
const FAULT_KEYS = ["notifications_lost", "api_down", "slow_ms", "reject_next"]

const defaultFaults = () => ({ notifications_lost: false, api_down: 0, slow_ms: 0, reject_next: false })
const clone = (x) => (x === undefined ? undefined : JSON.parse(JSON.stringify(x)))
const isRecord = (x) => typeof x === "object" && x !== null && !Array.isArray(x)

/** Decimal rubles (number or string) → integer kopecks, or null when it is not an exact kopeck amount. */
function kopecks(value) {
  const text = typeof value === "number" ? (Number.isFinite(value) ? String(value) : "") : typeof value === "string" ? value.trim() : ""
  const m = /^(\d{1,13})(?:\.(\d{1,4}))?$/.exec(text)
  if (!m) return null
  const frac = (m[2] || "").padEnd(4, "0")
  if (frac.slice(2) !== "00") return null
  return Number(m[1]) * 100 + Number(frac.slice(0, 2))
}
const rubles = (k) => Number((k / 100).toFixed(2))

// CRC-16/CCITT-FALSE of the link before "&crc=": the emulator's own checksum (NSPK's algorithm is unpublished).
function crc16(text) {
  let crc = 0xffff
  for (const byte of Buffer.from(text, "utf8")) {
    crc ^= byte << 8
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff
  }
  return crc.toString(16).toUpperCase().padStart(4, "0")
}

function nspkPayload(amountKopecks) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
  let id = "AD"
  for (let i = 0; i < 30; i++) id += alphabet[crypto.randomInt(alphabet.length)]
  const head = `https://qr.nspk.ru/${id}?type=02&bank=${NSPK_BANK}&sum=${amountKopecks}&cur=RUB`
  return `${head}&crc=${crc16(head)}`
}

function normaliseFaults(partial, current) {
  if (!isRecord(partial)) throw new Error("faults must be an object")
  const next = { ...current }
  for (const [key, value] of Object.entries(partial)) {
    if (!FAULT_KEYS.includes(key)) throw new Error(`unknown fault ${key} (known: ${FAULT_KEYS.join(", ")})`)
    if (key === "notifications_lost" || key === "reject_next") {
      if (typeof value !== "boolean") throw new Error(`fault ${key} must be a boolean`)
      next[key] = value
    } else if (key === "api_down") {
      if (typeof value === "boolean") next.api_down = value ? true : 0
      else if (Number.isInteger(value) && value >= 0) next.api_down = value
      else throw new Error("fault api_down must be a non-negative integer or a boolean")
    } else {
      if (!Number.isInteger(value) || value < 0) throw new Error("fault slow_ms must be a non-negative integer")
      next.slow_ms = value
    }
  }
  return next
}

/** Problems with an SBP payment body, as PayMaster's `errors` list; [] when valid. */
function validatePayment(body, merchantId) {
  const errors = []
  if (!isRecord(body)) return ["Request body must be a JSON object."]
  if (typeof body.merchantId !== "string" || !body.merchantId) errors.push("Specify required MerchantId value.")
  if (body.testMode !== undefined && typeof body.testMode !== "boolean") errors.push("TestMode must be a boolean.")
  if (body.dualMode === true) errors.push("DualMode is not available for SBP.")
  const invoice = body.invoice
  if (!isRecord(invoice) || typeof invoice.description !== "string" || !invoice.description.trim()) errors.push("Specify required Invoice.Description value.")
  else {
    if (invoice.orderNo !== undefined && (typeof invoice.orderNo !== "string" || invoice.orderNo.length > 50)) errors.push("Invoice.OrderNo must be a string of at most 50 characters.")
    if (invoice.expires !== undefined && (typeof invoice.expires !== "string" || Number.isNaN(Date.parse(invoice.expires)))) errors.push("Invoice.Expires must be an ISO 8601 date.")
    else if (invoice.expires !== undefined && Date.parse(invoice.expires) <= Date.now()) errors.push("Invoice.Expires must be in the future.")
  }
  let amount = null
  if (!isRecord(body.amount)) errors.push("Specify required Amount value.")
  else {
    amount = kopecks(body.amount.value)
    if (amount === null) errors.push("Amount.Value must be a decimal with at most 2 significant fraction digits.")
    if (body.amount.currency !== "RUB") errors.push("Amount.Currency must be RUB for SBP.")
    if (amount !== null && (amount < SBP_MIN_KOPECKS || amount > SBP_MAX_KOPECKS)) errors.push("Amount.Value must be from 10 to 1000000 RUB for SBP.")
  }
  const method = isRecord(body.paymentData) ? body.paymentData.paymentMethod : undefined
  if (typeof method !== "string" || method.toLowerCase() !== "sbp") errors.push("PaymentData.PaymentMethod must be SBP (the emulator speaks SBP only).")
  if (body.protocol !== undefined) {
    const cb = isRecord(body.protocol) ? body.protocol.callbackUrl : null
    if (cb !== undefined && (typeof cb !== "string" || !/^https?:\/\/[^\s]+$/.test(cb))) errors.push("Protocol.CallbackUrl must be an http(s) URL.")
  }
  if (body.receipt !== undefined) errors.push(...validateReceipt(body.receipt, amount))
  return errors
}

function validateReceipt(receipt, amount) {
  const errors = []
  if (!isRecord(receipt)) return ["Receipt must be an object."]
  const client = receipt.client
  if (!isRecord(client) || !((typeof client.email === "string" && client.email) || (typeof client.phone === "string" && /^\d{10,15}$/.test(client.phone)))) {
    errors.push("Receipt.Client needs an email or a phone (digits only).")
  }
  if (!Array.isArray(receipt.items) || receipt.items.length === 0 || receipt.items.length > 100) return [...errors, "Receipt.Items must hold 1 to 100 items."]
  let sum = 0
  receipt.items.forEach((item, i) => {
    const at = `Receipt.Items[${i}]`
    if (!isRecord(item)) return errors.push(`${at} must be an object.`)
    if (typeof item.name !== "string" || !item.name.trim() || item.name.length > 128) errors.push(`${at}.Name must be 1 to 128 characters.`)
    const price = kopecks(item.price)
    if (price === null) errors.push(`${at}.Price must be a decimal with at most 2 fraction digits.`)
    const milli = typeof item.quantity === "number" ? Math.round(item.quantity * 1000) : NaN
    if (!(milli > 0) || Math.abs(milli / 1000 - item.quantity) > 1e-9) errors.push(`${at}.Quantity must be positive with at most 3 decimals.`)
    if (!VAT_TYPES.includes(item.vatType)) errors.push(`${at}.VatType must be one of ${VAT_TYPES.join(", ")}.`)
    if (!PAYMENT_SUBJECTS.includes(item.paymentSubject)) errors.push(`${at}.PaymentSubject is not in the dictionary.`)
    if (!RECEIPT_METHODS.includes(item.paymentMethod)) errors.push(`${at}.PaymentMethod is not in the dictionary.`)
    // price × quantity rounded to the kopeck, as a register computes the item sum (tag 1043)
    if (price !== null && milli > 0) sum += Math.floor((price * milli + 500) / 1000)
  })
  if (errors.length === 0 && amount !== null && sum !== amount) errors.push(`Receipt.Items add up to ${rubles(sum)}, Amount.Value is ${rubles(amount)}.`)
  return errors
}

async function startPaymasterEmulator(options = {}) {
  const host = options.host || "127.0.0.1"
  const merchants = (options.merchants || DEFAULT_MERCHANTS).map((m) => ({ ...m }))
  for (const m of merchants) if (!m.merchant_id || !m.token) throw new Error("paymaster-emulator: each merchant needs merchant_id and token")
  const idempotencyMode = options.idempotency || "replay"
  if (!["replay", "reject"].includes(idempotencyMode)) throw new Error("paymaster-emulator: idempotency must be replay or reject")
  const notificationAttempts = options.notification_attempts ?? 3
  const notificationRetryMs = options.notification_retry_ms ?? 200
  const logger = typeof options.log === "function" ? options.log : options.log ? (l) => console.log(l) : null
  const log = (line) => logger && logger(`[paymaster-emulator] ${line}`)

  let faults = normaliseFaults(options.faults || {}, defaultFaults())
  const payments = new Map() // id → payment (internal)
  const refunds = new Map()
  const idempotency = new Map() // merchant \0 key → { fingerprint, answer }
  const requestLog = []
  const notificationLog = []
  const timers = new Set()
  const pendingResponses = new Set()
  const deliveries = new Set()
  const abort = new AbortController()
  let nextPaymentId = 100001
  let nextRefundId = 5001
  let stopped = false

  const later = (ms, fn) => {
    const t = setTimeout(() => {
      timers.delete(t)
      if (!stopped) fn()
    }, ms)
    t.unref()
    timers.add(t)
  }

  // ---- payments ----------------------------------------------------------------------------------------------

  /** What the API shows of a payment (docs "Получение информации о платеже"). */
  function publicPayment(p) {
    const out = {
      id: p.id,
      created: p.created,
      testMode: p.testMode,
      status: p.status,
      resultCode: p.resultCode,
      merchantId: p.merchantId,
      amount: { value: rubles(p.amount), currency: "RUB" },
      invoice: clone(p.invoice),
      paymentData: { paymentMethod: "SBP", ...(p.payer ? { paymentInstrumentTitle: p.payer } : {}) },
    }
    if (p.message) out.message = p.message
    // the QR stays on offer only while it can be paid
    if (p.status === "Pending") out.confirmation = { type: "External", paymentUrl: p.qr_payload }
    return out
  }

  function internalView(p) {
    return { ...publicPayment(p), qr_payload: p.qr_payload, callback_url: p.callbackUrl, refunded: p.refunded, expires: p.expires }
  }

  function setStatus(p, status, resultCode, message) {
    p.status = status
    p.resultCode = resultCode
    p.message = message || null
    log(`${p.id} → ${status}${message ? ` (${message})` : ""}`)
    notify(p)
  }

  /** Lazily, too: a read after the expiry sees Cancelled even if the timer has not fired yet. */
  function expireIfDue(p) {
    if (p.status === "Pending" && Date.parse(p.expires) <= Date.now()) setStatus(p, "Cancelled", "PaymentExpired", "Payment expired")
  }

  function createPayment(merchant, body) {
    const errors = validatePayment(body, merchant.merchant_id)
    if (errors.length) return apiError(400, "validation_error", "One or many validation errors. See 'errors' list.", errors)
    if (body.merchantId !== merchant.merchant_id) return apiError(403, "not_authorized", `The token has no rights for merchant ${body.merchantId}.`)
    const amount = kopecks(body.amount.value)
    const id = String(nextPaymentId++)
    const invoice = { description: body.invoice.description, ...(body.invoice.orderNo !== undefined ? { orderNo: body.invoice.orderNo } : {}) }
    const expires = body.invoice.expires ? new Date(body.invoice.expires).toISOString() : new Date(Date.now() + DEFAULT_EXPIRY_MS).toISOString()
    invoice.expires = expires
    const p = {
      id, created: new Date().toISOString(), testMode: body.testMode === true, status: "Pending", resultCode: "Success", message: null,
      merchantId: merchant.merchant_id, amount, invoice, expires, callbackUrl: (body.protocol && body.protocol.callbackUrl) || null,
      receipt: body.receipt ? clone(body.receipt) : null, qr_payload: nspkPayload(amount), payer: null, refunded: 0,
    }
    payments.set(id, p)
    later(Math.max(0, Date.parse(expires) - Date.now()), () => expireIfDue(p))
    log(`${id} created: ${rubles(amount)} RUB, orderNo ${invoice.orderNo ?? "-"}`)
    return ok(publicPayment(p))
  }

  function findOwn(merchant, id) {
    const p = payments.get(id)
    if (!p || p.merchantId !== merchant.merchant_id) return null
    expireIfDue(p)
    return p
  }

  function cancelPayment(merchant, id) {
    const p = findOwn(merchant, id)
    if (!p) return notFound("payment", id)
    if (p.status === "Cancelled") return ok(null) // cancelling twice changes nothing
    if (p.status !== "Pending") return apiError(400, "invalid_operation", `Payment ${id} is ${p.status} and cannot be cancelled.`)
    setStatus(p, "Cancelled", "CancelledByUser", "Cancelled by the merchant")
    return ok(null)
  }

  function listOf(items, url) {
    const start = Date.parse(url.searchParams.get("start") || "")
    const end = Date.parse(url.searchParams.get("end") || "")
    if (Number.isNaN(start) || Number.isNaN(end)) return apiError(400, "validation_error", "One or many validation errors. See 'errors' list.", ["Specify Start and End dates."])
    const inPeriod = items.filter((x) => Date.parse(x.created) >= start && Date.parse(x.created) <= end)
    const offset = Number(url.searchParams.get("cursor") || 0) || 0
    const page = inPeriod.slice(offset, offset + PAGE_SIZE)
    return ok({ items: page, ...(offset + PAGE_SIZE < inPeriod.length ? { cursor: String(offset + PAGE_SIZE) } : {}) })
  }

  // ---- refunds -----------------------------------------------------------------------------------------------

  function publicRefund(r) {
    return { id: r.id, created: r.created, status: r.status, paymentId: r.paymentId, amount: { value: rubles(r.amount), currency: "RUB" } }
  }

  function createRefund(merchant, body) {
    const errors = []
    if (!isRecord(body)) errors.push("Request body must be a JSON object.")
    else {
      if (typeof body.paymentId !== "string" || !body.paymentId) errors.push("Specify required PaymentId value.")
      if (!isRecord(body.amount) || kopecks(body.amount.value) === null || kopecks(body.amount.value) === 0) errors.push("Specify a positive Amount.Value with at most 2 fraction digits.")
      else if (body.amount.currency !== "RUB") errors.push("Amount.Currency must be RUB.")
    }
    // A payment whose receipt PayMaster registered gets its refund's receipt in the same shape, adding up to the refund.
    if (errors.length === 0 && body.receipt !== undefined) errors.push(...validateReceipt(body.receipt, kopecks(body.amount.value)))
    if (errors.length) return apiError(400, "validation_error", "One or many validation errors. See 'errors' list.", errors)
    const p = findOwn(merchant, body.paymentId)
    if (!p) return notFound("payment", body.paymentId)
    if (p.status !== "Settled") return apiError(400, "invalid_operation", `Payment ${p.id} is ${p.status}; only a Settled payment can be refunded.`)
    const amount = kopecks(body.amount.value)
    if (amount > p.amount - p.refunded) {
      return apiError(400, "invalid_operation", `Refund ${rubles(amount)} is more than the ${rubles(p.amount - p.refunded)} left on payment ${p.id}.`)
    }
    p.refunded += amount
    const r = {
      id: String(nextRefundId++), created: new Date().toISOString(), status: "Success", paymentId: p.id, amount, merchantId: merchant.merchant_id,
      receipt: body.receipt ? clone(body.receipt) : null,
    }
    refunds.set(r.id, r)
    log(`refund ${r.id}: ${rubles(amount)} RUB of payment ${p.id}`)
    return ok(publicRefund(r))
  }

  // ---- the customer's side -----------------------------------------------------------------------------------

  function resolvePayment(idOrQrPayload) {
    const key = String(idOrQrPayload || "")
    const p = payments.get(key) || [...payments.values()].find((x) => x.qr_payload === key)
    if (!p) throw new Error(`no payment ${key}`)
    expireIfDue(p)
    return p
  }

  /** The customer scans and confirms in the bank app. A dynamic QR carries its sum; another amount is refused. */
  function pay(idOrQrPayload, opts = {}) {
    const p = resolvePayment(idOrQrPayload)
    if (p.status !== "Pending") throw new Error(`payment ${p.id} is ${p.status}, not payable`)
    if (opts.amount !== undefined && opts.amount !== p.amount) throw new Error(`payment ${p.id} is for ${p.amount} kopecks, not ${opts.amount}`)
    if (faults.reject_next) {
      faults.reject_next = false
      setStatus(p, "Rejected", "TransactionDeclined", "Transaction declined by the payer's bank")
    } else {
      p.payer = "+7 9** ***-**-" + String(crypto.randomInt(10, 100))
      setStatus(p, "Settled", "Success", null)
    }
    return internalView(p)
  }

  function reject(id) {
    const p = resolvePayment(id)
    if (p.status !== "Pending") throw new Error(`payment ${p.id} is ${p.status}, not pending`)
    setStatus(p, "Rejected", "TransactionDeclined", "Transaction declined by the payer's bank")
    return internalView(p)
  }

  function expire(id) {
    const p = resolvePayment(id)
    if (p.status !== "Pending") throw new Error(`payment ${p.id} is ${p.status}, not pending`)
    p.expires = p.invoice.expires = new Date().toISOString()
    expireIfDue(p)
    return internalView(p)
  }

  // ---- notifications -----------------------------------------------------------------------------------------

  function notify(p) {
    if (!p.callbackUrl) return
    const body = publicPayment(p)
    delete body.confirmation
    delete body.resultCode
    delete body.message
    const entry = { payment_id: p.id, status: p.status, url: p.callbackUrl, body, attempts: [], delivered: false, lost: faults.notifications_lost }
    notificationLog.push(entry)
    if (entry.lost) return log(`notification for ${p.id} (${p.status}) lost on purpose`)
    attempt(entry, 1)
  }

  function attempt(entry, n) {
    const a = { at: new Date().toISOString(), http_status: null, error: null }
    entry.attempts.push(a)
    const d = fetch(entry.url, {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8" },
      body: JSON.stringify(entry.body),
      signal: AbortSignal.any([abort.signal, AbortSignal.timeout(10_000)]),
    })
      .then(async (res) => {
        a.http_status = res.status
        await res.arrayBuffer().catch(() => undefined)
        entry.delivered = res.status === 200
      })
      .catch((err) => {
        a.error = String((err && err.cause && err.cause.message) || (err && err.message) || err)
      })
      .then(() => {
        if (!entry.delivered && n < notificationAttempts && !stopped) later(notificationRetryMs * n, () => attempt(entry, n + 1))
      })
      .finally(() => deliveries.delete(d))
    deliveries.add(d)
  }

  // ---- HTTP --------------------------------------------------------------------------------------------------

  const ok = (body) => ({ status: 200, body })
  const apiError = (status, code, message, errors) => ({ status, body: { code, message, ...(errors ? { errors } : {}) } })
  // Chosen: 404 with code not_found; the docs' code table has no entry for an unknown id.
  const notFound = (what, id) => apiError(404, "not_found", `No ${what} ${id}.`)

  function authorise(req) {
    const m = /^Bearer (.+)$/.exec(String(req.headers.authorization || ""))
    return m ? merchants.find((x) => x.token === m[1]) || null : null
  }

  function route(req, url, raw) {
    const merchant = authorise(req)
    if (!merchant) return apiError(401, "not_authorized", "Bearer token is missing or unknown.")
    let body
    if (req.method === "POST" || req.method === "PUT") {
      if (raw) {
        try {
          body = JSON.parse(raw)
        } catch {
          return apiError(400, "validation_error", "Request body is not valid JSON.", ["Body must be JSON."])
        }
      }
    }
    const p = url.pathname.replace(/\/+$/, "")
    let m
    if (p === "/api/v2/payments" && req.method === "POST") return idempotent(req, merchant, raw, () => createPayment(merchant, body))
    if (p === "/api/v2/payments" && req.method === "GET") {
      if (url.searchParams.get("merchantId") !== merchant.merchant_id) return apiError(403, "not_authorized", "merchantId is not this token's.")
      return listOf([...payments.values()].filter((x) => x.merchantId === merchant.merchant_id).map((x) => (expireIfDue(x), publicPayment(x))), url)
    }
    if ((m = /^\/api\/v2\/payments\/([^/]+)$/.exec(p)) && req.method === "GET") {
      const pay = findOwn(merchant, decodeURIComponent(m[1]))
      return pay ? ok(publicPayment(pay)) : notFound("payment", m[1])
    }
    if ((m = /^\/api\/v2\/payments\/([^/]+)\/cancel$/.exec(p)) && req.method === "PUT") return cancelPayment(merchant, decodeURIComponent(m[1]))
    if (p === "/api/v2/refunds" && req.method === "POST") return idempotent(req, merchant, raw, () => createRefund(merchant, body))
    if (p === "/api/v2/refunds" && req.method === "GET") {
      if (url.searchParams.get("merchantId") !== merchant.merchant_id) return apiError(403, "not_authorized", "merchantId is not this token's.")
      return listOf([...refunds.values()].filter((x) => x.merchantId === merchant.merchant_id).map(publicRefund), url)
    }
    if ((m = /^\/api\/v2\/refunds\/([^/]+)$/.exec(p)) && req.method === "GET") {
      const r = refunds.get(decodeURIComponent(m[1]))
      return r && r.merchantId === merchant.merchant_id ? ok(publicRefund(r)) : notFound("refund", m[1])
    }
    return apiError(404, "not_found", `No endpoint ${req.method} ${url.pathname} (the emulator speaks payments and refunds).`)
  }

  /**
   * Idempotency-Key on POST. `replay`: the same key with the same body answers what the first call answered (no
   * second payment); another body → 409 idempotency_key_violation. `reject`: any repeat → 409, as PayMaster's code
   * table ("Нарушение уникальности ключа") suggests. Keys are per merchant; a 5xx is never remembered.
   */
  function idempotent(req, merchant, raw, run) {
    const key = req.headers["idempotency-key"]
    if (!key) return run()
    const slot = `${merchant.merchant_id}\0${key}`
    const fingerprint = crypto.createHash("sha256").update(`${req.method} ${req.url}\n${raw}`).digest("hex")
    const seen = idempotency.get(slot)
    if (seen) {
      if (idempotencyMode === "replay" && seen.fingerprint === fingerprint) return { ...clone(seen.answer), replayed: true }
      return apiError(409, "idempotency_key_violation", `Idempotency-Key ${key} was already used${seen.fingerprint === fingerprint ? "" : " with another request"}.`)
    }
    const answer = run()
    if (answer.status < 500) idempotency.set(slot, { fingerprint, answer: clone(answer) })
    return answer
  }

  function control(req, url, raw) {
    const p = url.pathname.replace(/\/+$/, "")
    const get = req.method === "GET"
    const post = req.method === "POST"
    try {
      const body = raw ? JSON.parse(raw) : {}
      if (get && p === "/__control") return ok({ url: baseOrigin, merchants: merchants.map((x) => x.merchant_id), faults })
      if (get && p === "/__control/payments") return ok(listPayments())
      if (get && p === "/__control/requests") return ok(clone(requestLog))
      if (get && p === "/__control/notifications") return ok(clone(notificationLog))
      if (get && p === "/__control/faults") return ok(faults)
      if (post && p === "/__control/faults") return ok(setFaults(body))
      const target = body.acquirer_payment_id ?? body.qr_payload
      if (post && p === "/__control/pay") return ok(pay(target, body.amount !== undefined ? { amount: body.amount } : {}))
      if (post && p === "/__control/reject") return ok(reject(target))
      if (post && p === "/__control/expire") return ok(expire(target))
      return { status: 404, body: { error: `unknown control endpoint ${req.method} ${url.pathname}` } }
    } catch (err) {
      return { status: 400, body: { error: err.message } }
    }
  }

  function send(res, answer) {
    if (res.destroyed || res.writableEnded) return
    // cancel answers an empty 200 (docs "Отмена платежа")
    const text = answer.body === null ? "" : JSON.stringify(answer.body)
    const headers = { "content-length": Buffer.byteLength(text), "access-control-allow-origin": "*" }
    if (text) headers["content-type"] = "application/json; charset=utf-8"
    res.writeHead(answer.status, headers)
    res.end(text)
  }

  const readBody = (req) => readLimitedBody(req, MAX_BODY_BYTES)

  async function handle(req, res) {
    const url = new URL(req.url, "http://emulator.invalid")
    let raw
    try {
      raw = await readBody(req)
    } catch {
      return
    }
    if (url.pathname.startsWith("/__control")) {
      if (req.method === "OPTIONS") {
        res.writeHead(204, { "access-control-allow-origin": "*", "access-control-allow-methods": "GET, POST", "access-control-allow-headers": "content-type" })
        return res.end()
      }
      return send(res, control(req, url, raw))
    }
    const entry = { method: req.method, path: url.pathname, idempotency_key: req.headers["idempotency-key"] || null, status: null, code: null, at: new Date().toISOString() }
    requestLog.push(entry)
    let answer
    if (faults.api_down === true || faults.api_down > 0) {
      if (faults.api_down !== true) faults.api_down -= 1
      answer = apiError(503, "service_unavailable", "Service is temporarily unavailable.")
    } else {
      try {
        answer = route(req, url, raw)
      } catch (err) {
        log(`internal error: ${err && err.stack}`)
        answer = apiError(500, "internal_error", String(err && err.message))
      }
    }
    entry.status = answer.status
    entry.code = answer.body && answer.body.code ? answer.body.code : null
    if (answer.replayed) entry.replayed = true
    if (faults.slow_ms > 0) {
      pendingResponses.add(res)
      const t = setTimeout(() => {
        pendingResponses.delete(res)
        send(res, answer)
      }, faults.slow_ms)
      res.on("close", () => {
        clearTimeout(t)
        pendingResponses.delete(res)
      })
      return
    }
    send(res, answer)
  }

  function setFaults(partial) {
    faults = normaliseFaults(partial, faults)
    return { ...faults }
  }

  function listPayments() {
    return [...payments.values()].map((p) => (expireIfDue(p), internalView(p)))
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err) => {
      log(`handler crashed: ${err && err.stack}`)
      if (!res.headersSent) send(res, apiError(500, "internal_error", "handler crashed"))
    })
  })
  server.keepAliveTimeout = 1000
  const baseOrigin = await listen(server, options.port ?? 0, host)
  const address = server.address()

  async function stop() {
    if (stopped) return
    stopped = true
    for (const t of timers) clearTimeout(t)
    timers.clear()
    for (const res of pendingResponses) res.destroy()
    abort.abort()
    await Promise.allSettled([...deliveries])
    await new Promise((resolve) => {
      server.close(() => resolve())
      server.closeAllConnections()
    })
  }

  return {
    url: baseOrigin,
    port: address.port,
    merchants: merchants.map((m) => ({ ...m })),
    setFaults,
    resetFaults: () => ((faults = defaultFaults()), { ...faults }),
    faults: () => ({ ...faults }),
    pay,
    reject,
    expire,
    payments: listPayments,
    payment: (id) => (payments.has(id) ? (expireIfDue(payments.get(id)), internalView(payments.get(id))) : undefined),
    refunds: () => [...refunds.values()].map(publicRefund),
    /** The receipts sent with the refunds of a payment, oldest first. */
    refundReceipts: (paymentId) => [...refunds.values()].filter((r) => r.paymentId === paymentId && r.receipt).map((r) => clone(r.receipt)),
    requests: () => clone(requestLog),
    notifications: () => clone(notificationLog),
    /** Resolves once every notification attempt under way has finished (retries scheduled later are not awaited). */
    settled: () => Promise.allSettled([...deliveries]).then(() => undefined),
    stop,
  }
}

module.exports = { startPaymasterEmulator, DEFAULT_MERCHANTS, nspkPayload, SBP_MIN_KOPECKS, SBP_MAX_KOPECKS }
