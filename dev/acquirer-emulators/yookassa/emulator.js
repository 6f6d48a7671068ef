"use strict"
// YooKassa API v3 emulator for SBP QR payments: a real Node `http` server, CommonJS, no framework.
// See README.md in this folder (protocol facts with sources, and the choices made where they are silent).

const { listen, readLimitedBody } = require("../http")
const http = require("node:http")
const crypto = require("node:crypto")
const { checkCreatePayment, checkCreateRefund, formatKopecks } = require("./validate")
const { createNotifier } = require("./notifier")

const DEFAULT_SHOPS = Object.freeze([Object.freeze({ shop_id: "demo-shop", secret_key: "demo-secret-key" })])
const HOUR_MS = 3600_000
const IDEMPOTENCE_TTL_MS = 24 * HOUR_MS // keys live 24 hours (https://yookassa.ru/developers/using-api/interaction-format)
const IDEMPOTENCE_KEY_RE = /^[0-9a-zA-Z+\-_.]{1,64}$/ // OpenAPI: IdempotenceKey maxLength 64
const MAX_BODY_BYTES = 1024 * 1024
// The NSPK participant id in the payload and the payer's bank are made up for the emulator.
const NSPK_BANK_ID = "100000000111"
const PAYER_BANK = Object.freeze({ bank_id: "100000000004", bic: "044525974" })
const FAULT_KEYS = ["notifications_lost", "api_down", "slow_ms", "reject_next"]

const clone = (x) => (x === undefined ? undefined : JSON.parse(JSON.stringify(x)))
const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v)

function randomUpperAlnum(length) {
  const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
  let out = ""
  for (const byte of crypto.randomBytes(length)) out += alphabet[byte % alphabet.length]
  return out
}

// CRC-16/CCITT-FALSE: our choice for the payload's `crc`; how NSPK computes it is not published (terminal-links.md §7).
function crc16(text) {
  let crc = 0xffff
  for (const byte of Buffer.from(text, "utf8")) {
    crc ^= byte << 8
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff
  }
  return crc.toString(16).toUpperCase().padStart(4, "0")
}

/** A dynamic SBP link: AD + 32 characters, type=02, the sum in kopecks. */
function nspkPayload(kopecks) {
  const base = `https://qr.nspk.ru/AD${randomUpperAlnum(32)}?type=02&bank=${NSPK_BANK_ID}&sum=${kopecks}&cur=RUB`
  return `${base}&crc=${crc16(base)}`
}

/** Keys sorted at every level, so the same body in another key order is the same request. */
function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`
  if (isObject(value)) return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(",")}}`
  return JSON.stringify(value)
}

function normaliseFaults(partial, current) {
  if (!isObject(partial)) throw new Error("faults must be an object")
  const next = { ...current }
  for (const [key, value] of Object.entries(partial)) {
    if (!FAULT_KEYS.includes(key)) throw new Error(`unknown fault ${key} (known: ${FAULT_KEYS.join(", ")})`)
    if (key === "notifications_lost" || key === "reject_next") {
      if (typeof value !== "boolean") throw new Error(`fault ${key} must be a boolean`)
      next[key] = value
    } else if (key === "api_down") {
      if (typeof value === "boolean") next.api_down = value
      else if (Number.isInteger(value) && value >= 0) next.api_down = value
      else throw new Error("fault api_down must be a boolean or a non-negative integer (the next N API calls)")
    } else {
      if (!Number.isInteger(value) || value < 0) throw new Error("fault slow_ms must be a non-negative integer")
      next.slow_ms = value
    }
  }
  return next
}

const defaultFaults = () => ({ notifications_lost: false, api_down: false, slow_ms: 0, reject_next: false })

async function startYookassaEmulator(options = {}) {
  const host = options.host || "127.0.0.1"
  const shops = new Map((options.shops || DEFAULT_SHOPS).map((s) => [s.shop_id, s.secret_key]))
  const expireMs = options.expire_ms ?? HOUR_MS
  const limits = { min_kopecks: options.min_kopecks !== undefined ? BigInt(options.min_kopecks) : undefined, max_kopecks: options.max_kopecks !== undefined ? BigInt(options.max_kopecks) : undefined }
  const logger = typeof options.log === "function" ? options.log : options.log ? (line) => console.log(line) : null
  const log = (line) => logger && logger(`[yookassa-emulator] ${line}`)

  let faults = normaliseFaults(options.faults || {}, defaultFaults())
  const payments = new Map() // id → { shop_id, kopecks, refunded_kopecks, expires_at, timer, body (the public object) }
  const refunds = new Map() // id → { shop_id, body }
  const idempotence = new Map() // shop \0 key → { fingerprint, status, body, at }
  const requestLog = []
  const pendingAnswers = new Set()
  const notifier = createNotifier({
    url: options.webhook_url || null,
    attempts: options.notification_attempts ?? 3,
    retry_ms: options.notification_retry_ms ?? 50,
    lost: () => faults.notifications_lost,
    log,
  })
  let stopped = false

  // ---- payments --------------------------------------------------------------

  function transition(p, change, event) {
    Object.assign(p.body, change)
    if (p.timer && p.body.status !== "pending") {
      clearTimeout(p.timer)
      p.timer = null
    }
    log(`${p.body.id} → ${p.body.status}`)
    notifier.send(event, clone(p.body))
  }

  function cancelPayment(p, party, reason) {
    transition(p, { status: "canceled", cancellation_details: { party, reason }, ...(p.body.receipt_registration ? { receipt_registration: "canceled" } : {}) }, "payment.canceled")
  }

  /** Expiry also applies on read, so a stopped timer or a coarse clock never leaves a dead QR payable. */
  function current(p) {
    if (p.body.status === "pending" && Date.now() >= p.expires_at) cancelPayment(p, "yoo_money", "expired_on_confirmation")
    return p
  }

  function createPayment(shopId, body, kopecks) {
    const id = crypto.randomUUID()
    const now = Date.now()
    const qr = nspkPayload(kopecks)
    const p = {
      shop_id: shopId,
      qr,
      kopecks,
      refunded_kopecks: 0n,
      expires_at: now + expireMs,
      timer: null,
      body: {
        id,
        status: "pending",
        amount: { value: formatKopecks(kopecks), currency: "RUB" },
        ...(body.description !== undefined ? { description: body.description } : {}),
        recipient: { account_id: shopId, gateway_id: "100500" },
        payment_method: { type: "sbp", id, saved: false },
        created_at: new Date(now).toISOString(),
        confirmation: { type: "qr", confirmation_data: qr },
        test: true,
        paid: false,
        refundable: false,
        metadata: body.metadata || {},
        ...(body.receipt ? { receipt_registration: "pending" } : {}),
      },
    }
    p.timer = setTimeout(() => current(p), expireMs)
    p.timer.unref()
    payments.set(id, p)
    log(`created ${id} ${p.body.amount.value} RUB`)
    return p
  }

  function findPayment(idOrPayload) {
    if (typeof idOrPayload !== "string" || !idOrPayload) return undefined
    if (payments.has(idOrPayload)) return payments.get(idOrPayload)
    for (const p of payments.values()) if (p.qr === idOrPayload) return p
    return undefined
  }

  /** The customer's banking app confirms the QR: succeeded (or canceled under reject_next). */
  function pay(idOrPayload, opts = {}) {
    const p = findPayment(idOrPayload)
    if (!p) throw new Error(`no payment for ${JSON.stringify(idOrPayload)}`)
    current(p)
    if (p.body.status !== "pending") throw new Error(`payment ${p.body.id} is ${p.body.status}, the bank app cannot pay it`)
    if (opts.amount !== undefined && BigInt(opts.amount) !== p.kopecks) {
      throw new Error(`a dynamic QR is paid for its exact sum ${p.kopecks}, not ${opts.amount}`)
    }
    if (faults.reject_next) {
      faults.reject_next = false
      cancelPayment(p, "payment_network", "general_decline")
      return clone(p.body)
    }
    const now = new Date().toISOString()
    transition(p, {
      status: "succeeded",
      paid: true,
      refundable: true,
      captured_at: now,
      payment_method: { ...p.body.payment_method, sbp_operation_id: randomUpperAlnum(32), payer_bank_details: { ...PAYER_BANK } },
      ...(p.body.receipt_registration ? { receipt_registration: "succeeded" } : {}),
    }, "payment.succeeded")
    return clone(p.body)
  }

  function byId(id) {
    const p = payments.get(id)
    if (!p) throw new Error(`no payment ${JSON.stringify(id)}`)
    return current(p)
  }

  function reject(id) {
    const p = byId(id)
    if (p.body.status !== "pending") throw new Error(`payment ${id} is ${p.body.status}`)
    cancelPayment(p, "payment_network", "general_decline")
    return clone(p.body)
  }

  function expire(id) {
    const p = byId(id)
    if (p.body.status !== "pending") throw new Error(`payment ${id} is ${p.body.status}`)
    p.expires_at = Date.now()
    current(p)
    return clone(p.body)
  }

  // ---- API -------------------------------------------------------------------

  const answer = (status, body) => ({ status, body })
  const error = (status, code, description, parameter) =>
    answer(status, { type: "error", id: crypto.randomUUID(), ...(code ? { code } : {}), description, ...(parameter ? { parameter } : {}) })
  const invalid = (p) => error(400, "invalid_request", p.description, p.parameter || undefined)
  const notFound = (what) => error(404, "not_found", `${what} not found`)

  function authenticate(req) {
    const m = /^Basic\s+([A-Za-z0-9+/=]+)$/.exec(String(req.headers.authorization || ""))
    if (!m) return null
    const decoded = Buffer.from(m[1], "base64").toString("utf8")
    const colon = decoded.indexOf(":")
    if (colon < 0) return null
    const shopId = decoded.slice(0, colon)
    return shops.has(shopId) && shops.get(shopId) === decoded.slice(colon + 1) ? shopId : null
  }

  function postPayment(shopId, body) {
    const checked = checkCreatePayment(body, limits)
    if (checked.error) return invalid(checked.error)
    return answer(200, clone(createPayment(shopId, body, checked.kopecks).body))
  }

  function getPayment(shopId, id) {
    const p = payments.get(id)
    if (!p || p.shop_id !== shopId) return notFound("Payment")
    return answer(200, clone(current(p).body))
  }

  function cancelByApi(shopId, id) {
    const p = payments.get(id)
    if (!p || p.shop_id !== shopId) return notFound("Payment")
    current(p)
    // Only a held (waiting_for_capture) payment can be canceled; SBP payments are never held.
    if (p.body.status !== "waiting_for_capture") {
      return error(400, "invalid_request", `Payment ${id} is ${p.body.status}; only a payment in waiting_for_capture can be canceled`, "payment_id")
    }
    cancelPayment(p, "merchant", "canceled_by_merchant")
    return answer(200, clone(p.body))
  }

  function postRefund(shopId, body) {
    const checked = checkCreateRefund(body)
    if (checked.error) return invalid(checked.error)
    const p = payments.get(body.payment_id)
    if (!p || p.shop_id !== shopId) return error(400, "invalid_request", `Payment ${body.payment_id} not found`, "payment_id")
    current(p)
    if (p.body.status !== "succeeded") return error(400, "invalid_request", `Payment ${p.body.id} is ${p.body.status}; only a succeeded payment can be refunded`, "payment_id")
    const left = p.kopecks - p.refunded_kopecks
    if (checked.kopecks > left) {
      return error(400, "invalid_request", `Refund amount ${formatKopecks(checked.kopecks)} is above what is left to refund: ${formatKopecks(left)}`, "amount")
    }
    p.refunded_kopecks += checked.kopecks
    const refund = {
      id: crypto.randomUUID(),
      payment_id: p.body.id,
      status: "succeeded",
      created_at: new Date().toISOString(),
      amount: { value: formatKopecks(checked.kopecks), currency: "RUB" },
      ...(body.description !== undefined ? { description: body.description } : {}),
      refund_method: { type: "sbp" },
      ...(body.metadata ? { metadata: body.metadata } : {}),
      // The refund's receipt is registered with the refund (the emulator's register never fails).
      ...(body.receipt ? { receipt_registration: "succeeded" } : {}),
    }
    refunds.set(refund.id, { shop_id: shopId, body: refund, receipt: body.receipt ? clone(body.receipt) : null })
    Object.assign(p.body, { refunded_amount: { value: formatKopecks(p.refunded_kopecks), currency: "RUB" }, refundable: p.refunded_kopecks < p.kopecks })
    notifier.send("refund.succeeded", clone(refund))
    return answer(200, clone(refund))
  }

  function getRefund(shopId, id) {
    const r = refunds.get(id)
    return r && r.shop_id === shopId ? answer(200, clone(r.body)) : notFound("Refund")
  }

  /** Same key + same request → the stored answer; same key + another request → 400 (interaction-format). */
  function idempotent(shopId, key, fingerprint, run) {
    const slot = `${shopId}\0${key}`
    const seen = idempotence.get(slot)
    if (seen && Date.now() - seen.at < IDEMPOTENCE_TTL_MS) {
      if (seen.fingerprint !== fingerprint) return error(400, "invalid_request", "Idempotence key duplicated", "Idempotence-Key")
      return answer(seen.status, clone(seen.body))
    }
    const out = run()
    // A 5xx leaves the result unknown: the client must be able to repeat it with the same key.
    if (out.status < 500) idempotence.set(slot, { fingerprint, status: out.status, body: clone(out.body), at: Date.now() })
    return out
  }

  function route(req, path, raw) {
    const shopId = authenticate(req)
    if (!shopId) return error(401, "invalid_credentials", "Authentication failed: wrong shop_id or secret key")
    const parts = path.split("/").filter(Boolean).map(decodeURIComponent) // ["v3", ...]
    if (parts[0] !== "v3") return notFound("Resource")
    const [, resource, id, action] = parts
    if (req.method === "GET") {
      if (resource === "payments" && id && !action) return getPayment(shopId, id)
      if (resource === "refunds" && id && !action) return getRefund(shopId, id)
      return notFound("Resource")
    }
    if (req.method !== "POST") return error(405, null, `Method ${req.method} is not allowed`)
    const known = (resource === "payments" && !id) || (resource === "payments" && id && action === "cancel" && parts.length === 4) || (resource === "refunds" && !id)
    if (!known) return notFound("Resource")
    const contentType = String(req.headers["content-type"] || "").split(";")[0].trim().toLowerCase()
    if (contentType !== "application/json") return error(415, null, "Content-Type must be application/json")
    const key = req.headers["idempotence-key"]
    if (!key) return error(400, "invalid_request", "Idempotence-Key header is required", "Idempotence-Key")
    if (!IDEMPOTENCE_KEY_RE.test(key)) return error(400, "invalid_request", "Idempotence-Key must be 1 to 64 characters [0-9a-zA-Z+-_.]", "Idempotence-Key")
    let body = {}
    if (raw.trim()) {
      try {
        body = JSON.parse(raw)
      } catch {
        return error(400, "invalid_request", "The request body is not valid JSON")
      }
    }
    const fingerprint = `${path}\n${canonical(body)}`
    return idempotent(shopId, key, fingerprint, () => {
      if (resource === "refunds") return postRefund(shopId, body)
      if (action === "cancel") return cancelByApi(shopId, id)
      return postPayment(shopId, body)
    })
  }

  // ---- control surface (/__control/) ------------------------------------------

  function setFaults(partial) {
    faults = normaliseFaults(partial, faults)
    return { ...faults }
  }

  function control(req, path, raw) {
    const p = path.replace(/\/+$/, "")
    const body = raw.trim() ? JSON.parse(raw) : {}
    const target = () => body.acquirer_payment_id || body.qr_payload
    if (req.method === "GET" && (p === "/__control" || p === "/__control/info")) {
      return answer(200, { url: `${origin}/v3`, shops: [...shops.keys()], webhook_url: notifier.url(), faults, expire_ms: expireMs })
    }
    if (req.method === "GET" && p === "/__control/payments") return answer(200, listPayments())
    const one = /^\/__control\/payments\/([^/]+)$/.exec(p)
    if (req.method === "GET" && one) {
      const found = findPayment(decodeURIComponent(one[1]))
      return found ? answer(200, clone(current(found).body)) : answer(404, { error: "no such payment" })
    }
    if (req.method === "GET" && p === "/__control/faults") return answer(200, faults)
    if (req.method === "GET" && p === "/__control/requests") return answer(200, clone(requestLog))
    if (req.method === "GET" && p === "/__control/notifications") return answer(200, notifier.entries())
    if (req.method !== "POST") return answer(404, { error: `unknown control endpoint ${req.method} ${path}` })
    if (p === "/__control/pay") return answer(200, pay(target(), body.amount !== undefined ? { amount: body.amount } : {}))
    if (p === "/__control/reject") return answer(200, reject(target()))
    if (p === "/__control/expire") return answer(200, expire(target()))
    if (p === "/__control/faults") return answer(200, setFaults(body))
    if (p === "/__control/webhook") {
      notifier.setUrl(body.url ?? null)
      return answer(200, { webhook_url: notifier.url() })
    }
    return answer(404, { error: `unknown control endpoint ${req.method} ${path}` })
  }

  function listPayments() {
    return [...payments.values()].map((p) => clone(current(p).body))
  }

  // ---- HTTP plumbing ----------------------------------------------------------

  const CORS = { "access-control-allow-origin": "*", "access-control-allow-methods": "GET, POST, OPTIONS", "access-control-allow-headers": "content-type" }

  function send(res, out, extraHeaders = {}) {
    if (res.destroyed || res.writableEnded) return
    const text = JSON.stringify(out.body)
    res.writeHead(out.status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text), ...extraHeaders })
    res.end(text)
  }

  const readBody = (req) => readLimitedBody(req, MAX_BODY_BYTES)

  async function handle(req, res) {
    const url = new URL(req.url, "http://emulator.invalid")
    const raw = await readBody(req)
    if (url.pathname.startsWith("/__control")) {
      if (req.method === "OPTIONS") return send(res, answer(204, ""), CORS)
      let out
      try {
        out = control(req, url.pathname, raw)
      } catch (err) {
        out = answer(400, { error: err.message })
      }
      return send(res, out, CORS)
    }
    const entry = { method: req.method, path: url.pathname, idempotence_key: req.headers["idempotence-key"] || null, status: null, code: null, at: new Date().toISOString() }
    requestLog.push(entry)
    let out
    if (faults.api_down === true || faults.api_down > 0) {
      if (faults.api_down !== true) faults.api_down -= 1
      out = error(503, "internal_server_error", "Service temporarily unavailable (emulated api_down)")
    } else {
      try {
        out = route(req, url.pathname, raw)
      } catch (err) {
        log(`internal error: ${err && err.stack}`)
        out = error(500, "internal_server_error", `Internal error: ${err && err.message}`)
      }
    }
    entry.status = out.status
    entry.code = out.body && out.body.code ? out.body.code : null
    if (faults.slow_ms > 0) {
      pendingAnswers.add(res)
      const t = setTimeout(() => {
        pendingAnswers.delete(res)
        send(res, out)
      }, faults.slow_ms)
      res.on("close", () => {
        clearTimeout(t)
        pendingAnswers.delete(res)
      })
      return
    }
    send(res, out)
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err) => {
      log(`handler crashed: ${err && err.stack}`)
      if (!res.headersSent) send(res, error(500, "internal_server_error", "Internal error"))
    })
  })
  server.keepAliveTimeout = 1000
  const origin = await listen(server, options.port ?? 0, host)
  const address = server.address()

  async function stop() {
    if (stopped) return
    stopped = true
    for (const p of payments.values()) if (p.timer) clearTimeout(p.timer)
    for (const res of pendingAnswers) res.destroy()
    pendingAnswers.clear()
    await notifier.stop()
    await new Promise((resolve) => {
      server.close(() => resolve())
      server.closeAllConnections()
    })
  }

  return {
    url: `${origin}/v3`,
    origin,
    port: address.port,
    shops: [...shops].map(([shop_id, secret_key]) => ({ shop_id, secret_key })),
    stop,
    setFaults,
    resetFaults: () => {
      faults = defaultFaults()
      return { ...faults }
    },
    faults: () => ({ ...faults }),
    setWebhookUrl: (url) => notifier.setUrl(url),
    pay,
    reject,
    expire,
    payments: listPayments,
    payment: (idOrPayload) => {
      const p = findPayment(idOrPayload)
      return p ? clone(current(p).body) : undefined
    },
    refunds: () => [...refunds.values()].map((r) => clone(r.body)),
    /** The receipts sent with the refunds of a payment, oldest first (the API never echoes them). */
    refundReceipts: (paymentId) => [...refunds.values()].filter((r) => r.body.payment_id === paymentId && r.receipt).map((r) => clone(r.receipt)),
    requests: () => clone(requestLog),
    notifications: () => notifier.entries(),
    notificationsSettled: () => notifier.settled(),
  }
}

module.exports = { startYookassaEmulator, DEFAULT_SHOPS, nspkPayload, crc16 }
