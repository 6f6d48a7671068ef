"use strict"
// ATOL Online emulator: a real HTTP server speaking API v4 (FFD 1.05) and
// v5 (FFD 1.2) as described in /work/shared/research/fiscal-atol.md.
// Plain Node `http`, CommonJS, no framework.

const http = require("node:http")
const crypto = require("node:crypto")
const { formatAtolTimestamp, toMinor, kopecksToNumber, uuid } = require("./format")
const { OPERATIONS, compile, validateAtolRequest, vatProblem } = require("./validate")

const DEFAULT_GROUPS = Object.freeze([
  Object.freeze({
    group_code: "in-store-demo-v5",
    login: "demo-v5",
    password: "demo-password",
    inn: "5544332219",
    payment_address: "https://shop.example.com",
    api_version: "v5",
  }),
  Object.freeze({
    group_code: "in-store-demo-v4",
    login: "demo-v4",
    password: "demo-password",
    inn: "5544332219",
    payment_address: "https://shop.example.com",
    api_version: "v4",
  }),
])

const TOKEN_TTL_MS = 24 * 60 * 60 * 1000
const MAX_BODY_BYTES = 1024 * 1024
const REPORT_INTERVAL_MS = 1000 // 1 report request per second per register
const FNS_SITE = "www.nalog.gov.ru"

// ATOL error codes the emulator answers with (v4 PDF §8.1, fiscal-atol.md §6):
// code → [HTTP status, text, registration `status` where the table gives one].
const API_ERRORS = {
  10: [401, "Не передан токен авторизации"],
  11: [401, "Срок действия переданного токена истёк"],
  12: [401, "Неверный логин или пароль"],
  13: [400, "Ошибка валидации запроса"],
  20: [401, "Переданный код группы не соответствует токену"],
  21: [401, "Код группы не поддерживается данной версией протокола"],
  30: [400, "Не найден документ с переданным uuid", "fail"],
  31: [400, "Операция не поддерживается", null],
  32: [400, "Ошибка валидации входящего чека", "fail"],
  33: [400, "Документ с переданными значениями external_id и group_code уже существует", "wait"],
  34: [200, "Нет информации, попробуйте позднее", "wait"],
  40: [400, "Некорректный запрос"],
  41: [415, "Неподдерживаемый Content-Type, ожидается application/json; charset=utf-8"],
  50: [500, "Ошибка конфигурации сервера"],
}

function apiError(code, text) {
  return { error_id: uuid(), code, text: text || API_ERRORS[code][1], type: "system" }
}

// callback_url mask: http(s)://host[:port][/path?query], Cyrillic allowed
// (fiscal-atol.md §4; our own pattern for ATOL's description, not a copy).
const CALLBACK_URL_RE =
  /^https?:\/\/[0-9a-zA-Zа-яА-ЯёЁ](?:[-.\w]*[0-9a-zA-Zа-яА-ЯёЁ])?(?::[0-9]{1,5})?(?:[/?][0-9a-zA-Zа-яА-ЯёЁ\-._~:/?#[\]@!$&'()*+,;=%]*)?$/
const CALLBACK_URL_WARNING = "callback_url не соответствует маске"

const FAULT_KEYS = [
  "down",
  "http_5xx",
  "timeout",
  "slow_ms",
  "wait_polls",
  "rate_limit",
  "expire_tokens",
  "fail_next",
  "callbacks",
]

function defaultFaults(callbacks) {
  return {
    down: false,
    http_5xx: 0,
    timeout: 0,
    slow_ms: 0,
    wait_polls: 0,
    rate_limit: false,
    expire_tokens: false,
    fail_next: null,
    callbacks,
  }
}

function clone(x) {
  return x === undefined ? undefined : JSON.parse(JSON.stringify(x))
}

/** A checksum-valid 10-digit INN from 9 digits (used for the fake OFD). */
function inn10(nine) {
  const k = [2, 4, 10, 3, 5, 9, 4, 6, 8]
  const s = [...nine].reduce((acc, d, i) => acc + Number(d) * k[i], 0)
  return nine + String((s % 11) % 10)
}
const OFD_INN = inn10("770400123")

function digits(n, seed) {
  let out = ""
  let x = seed
  while (out.length < n) {
    x = (x * 1103515245 + 12345) % 2147483648
    out += String(x % 10)
  }
  return out
}

function checkGroups(groups) {
  const codes = new Set()
  for (const g of groups) {
    for (const key of ["group_code", "login", "password", "inn", "payment_address", "api_version"]) {
      if (typeof g[key] !== "string" || !g[key]) throw new Error(`atol-emulator: group ${JSON.stringify(g.group_code)} needs ${key}`)
    }
    if (g.api_version !== "v4" && g.api_version !== "v5") throw new Error(`atol-emulator: api_version must be v4 or v5`)
    if (codes.has(g.group_code)) throw new Error(`atol-emulator: duplicate group_code ${g.group_code}`)
    codes.add(g.group_code)
  }
}

function normaliseFaults(partial, current) {
  if (partial === null || typeof partial !== "object" || Array.isArray(partial)) {
    throw new Error("faults must be an object")
  }
  const next = { ...current }
  for (const [key, value] of Object.entries(partial)) {
    if (!FAULT_KEYS.includes(key)) throw new Error(`unknown fault ${key} (known: ${FAULT_KEYS.join(", ")})`)
    switch (key) {
      case "down":
      case "rate_limit":
      case "expire_tokens":
      case "callbacks":
        if (typeof value !== "boolean") throw new Error(`fault ${key} must be a boolean`)
        next[key] = value
        break
      case "http_5xx":
      case "timeout":
        if (value === true || value === false) next[key] = value ? true : 0
        else if (Number.isInteger(value) && value >= 0) next[key] = value
        else throw new Error(`fault ${key} must be a non-negative integer or a boolean`)
        break
      case "slow_ms":
      case "wait_polls":
        if (!Number.isInteger(value) || value < 0) throw new Error(`fault ${key} must be a non-negative integer`)
        next[key] = value
        break
      case "fail_next":
        if (value === null || value === false) next.fail_next = null
        else if (value && typeof value === "object" && Number.isInteger(value.code)) {
          next.fail_next = {
            code: value.code,
            text: typeof value.text === "string" ? value.text : "Ошибка обработки документа",
            type: typeof value.type === "string" ? value.type : "driver",
          }
        } else throw new Error("fault fail_next must be {code, text?, type?} or null")
        break
    }
  }
  return next
}

/** Count-or-forever fault: consume one unit, say whether it applies. */
function consume(faults, key) {
  const v = faults[key]
  if (v === true) return true
  if (typeof v === "number" && v > 0) {
    faults[key] = v - 1
    return true
  }
  return false
}

function contentTypeIsJson(req) {
  const ct = String(req.headers["content-type"] || "")
  const [type, ...params] = ct.split(";").map((s) => s.trim().toLowerCase())
  if (type !== "application/json") return false
  const charset = params.find((p) => p.startsWith("charset="))
  return !charset || /^charset="?utf-8"?$/.test(charset)
}

function documentTotal(doc) {
  const body = doc.receipt || doc.correction
  if (typeof body.total === "number") return body.total
  // v4 correction has no total: the register takes the sum of payments.
  const paid = (body.payments || []).reduce((acc, p) => acc + toMinor(p.sum || 0, 2), 0n)
  return kopecksToNumber(paid)
}

async function startAtolEmulator(options = {}) {
  const host = options.host || "127.0.0.1"
  const groups = (options.groups || DEFAULT_GROUPS).map((g) => ({ ...g }))
  checkGroups(groups)
  compile()
  const processingMs = options.processing_ms ?? 300
  const tokenTtlMs = options.token_ttl_ms ?? TOKEN_TTL_MS
  const totalToleranceKopecks = options.total_tolerance_kopecks ?? 0
  const callbacksDefault = options.callbacks !== false
  const logger = typeof options.log === "function" ? options.log : options.log ? (line) => console.log(line) : null

  const groupByCode = new Map(groups.map((g) => [g.group_code, g]))
  const registers = new Map(
    groups.map((g, i) => [
      g.group_code,
      {
        shift_number: 17 + i,
        receipts_in_shift: 0,
        fiscal_document_number: 1000 * (i + 1),
        fn_number: "9999" + digits(12, 7 + i),
        ecr_registration_number: "000" + digits(13, 31 + i),
        device_code: `EMU13.11-${i + 1}-1`,
        last_report_at: 0,
      },
    ]),
  )

  let faults = normaliseFaults(options.faults || {}, defaultFaults(callbacksDefault))
  const tokens = new Map() // token → { login, expires_at }
  let documents = new Map() // uuid → internal document
  let byExternalId = new Map() // group_code \0 external_id → uuid
  let requestLog = []
  let callbackLog = []
  const docTimers = new Set()
  const pending = new Set() // responses delayed by slow_ms or held by timeout
  const callbackAbort = new AbortController()
  const callbackPromises = new Set()
  let stopped = false
  let baseOrigin = ""

  const log = (line) => logger && logger(`[atol-emulator] ${line}`)

  // ---- documents ---------------------------------------------------------

  function publicDocument(d) {
    return clone({
      uuid: d.uuid,
      external_id: d.external_id,
      group_code: d.group_code,
      operation: d.operation,
      api_version: d.api_version,
      body: d.body,
      status: d.status,
      payload: d.payload,
      error: d.error,
      warnings: d.warnings,
      callback_url: d.callback_url,
      created_at: d.created_at,
      updated_at: d.updated_at,
      report_polls: d.report_polls,
    })
  }

  function reportBody(d) {
    const body = {
      uuid: d.uuid,
      timestamp: d.status === "wait" ? formatAtolTimestamp() : d.processed_timestamp,
      group_code: d.group_code,
      daemon_code: "emulator-agent-1",
      device_code: registers.get(d.group_code).device_code,
      external_id: d.external_id,
      callback_url: d.callback_url,
      status: d.status,
      // A document not processed yet answers 34 "try later" with status wait
      // (v4 PDF p.42, fiscal-atol.md §2).
      error: d.status === "wait" ? apiError(34) : d.error,
      payload: d.status === "done" ? d.payload : null,
    }
    if (d.warnings) body.warnings = d.warnings
    return body
  }

  function finalize(d) {
    if (d.status !== "wait" || stopped) return
    const group = groupByCode.get(d.group_code)
    const doc = d.body.receipt || d.body.correction
    let error = null
    if (d.forced_error) {
      error = d.forced_error
    } else if (doc.company.inn !== group.inn) {
      error = {
        code: 2009,
        type: "agent",
        text: `ИНН в запросе (${doc.company.inn}) не совпадает с ИНН на кассе (${group.inn})`,
      }
    } else if (doc.company.payment_address !== group.payment_address) {
      // No dedicated code is documented for this; 2007 is ATOL's agent error
      // "Некорректное значение в JSON" (fiscal-atol.md §6, register errors).
      error = {
        code: 2007,
        type: "agent",
        text: `Некорректное значение в JSON: company.payment_address (${doc.company.payment_address}) не совпадает с адресом расчётов кассы (${group.payment_address})`,
      }
    } else {
      const vat = vatProblem(d.body)
      if (vat) error = { code: 128, type: "driver", text: `Некорректная сумма налога: ${vat}` }
    }
    const now = new Date()
    d.updated_at = now.toISOString()
    d.processed_timestamp = formatAtolTimestamp(now)
    if (error) {
      d.status = "fail"
      d.error = { error_id: uuid(), ...error }
    } else {
      const reg = registers.get(d.group_code)
      reg.receipts_in_shift += 1
      reg.fiscal_document_number += 1
      d.status = "done"
      d.payload = {
        fiscal_receipt_number: reg.receipts_in_shift,
        shift_number: reg.shift_number,
        receipt_datetime: d.processed_timestamp,
        total: documentTotal(d.body),
        fn_number: reg.fn_number,
        ecr_registration_number: reg.ecr_registration_number,
        fiscal_document_number: reg.fiscal_document_number,
        // FFD tag 1077 is a 32-bit unsigned value; real ones often exceed 2^31.
        fiscal_document_attribute: 2147483648 + crypto.randomInt(0, 2147483647),
        fns_site: FNS_SITE,
        ofd_inn: OFD_INN,
        ofd_receipt_url: `${baseOrigin}/__emulator/ofd/${d.uuid}`,
      }
    }
    log(`${d.uuid} ${d.external_id} → ${d.status}${d.error ? ` (${d.error.code})` : ""}`)
    if (d.callback_url && !d.warnings && faults.callbacks) sendCallback(d)
  }

  function sendCallback(d) {
    const entry = { uuid: d.uuid, external_id: d.external_id, url: d.callback_url, status: d.status, at: new Date().toISOString(), http_status: null, ok: false, error: null }
    callbackLog.push(entry)
    // Delivered once; ATOL documents no retries, so a failure is only logged.
    const p = fetch(d.callback_url, {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8" },
      body: JSON.stringify(reportBody(d)),
      signal: typeof AbortSignal.any === "function" ? AbortSignal.any([callbackAbort.signal, AbortSignal.timeout(10000)]) : callbackAbort.signal,
    })
      .then(async (res) => {
        entry.http_status = res.status
        entry.ok = res.ok
        await res.arrayBuffer().catch(() => undefined)
      })
      .catch((err) => {
        entry.error = String((err && err.cause && err.cause.message) || (err && err.message) || err)
        log(`callback for ${d.uuid} to ${d.callback_url} failed: ${entry.error}`)
      })
      .finally(() => callbackPromises.delete(p))
    callbackPromises.add(p)
  }

  function createDocument(group, version, operation, body) {
    const callbackUrl = (body.service && body.service.callback_url) || ""
    const now = new Date()
    const d = {
      uuid: uuid(),
      external_id: body.external_id,
      group_code: group.group_code,
      operation,
      api_version: version,
      body,
      status: "wait",
      payload: null,
      error: null,
      warnings: callbackUrl && !CALLBACK_URL_RE.test(callbackUrl) ? { callback_url: CALLBACK_URL_WARNING } : undefined,
      callback_url: callbackUrl,
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
      report_polls: 0,
      forced_error: null,
      wait_polls_left: null,
      processed_timestamp: null,
    }
    if (faults.fail_next) {
      d.forced_error = faults.fail_next
      faults.fail_next = null
    }
    documents.set(d.uuid, d)
    byExternalId.set(`${group.group_code}\0${d.external_id}`, d.uuid)
    if (faults.wait_polls > 0) {
      d.wait_polls_left = faults.wait_polls
    } else {
      const t = setTimeout(() => {
        docTimers.delete(t)
        finalize(d)
      }, processingMs)
      t.unref()
      docTimers.add(t)
    }
    log(`${version} ${group.group_code}/${operation} ${d.external_id} → ${d.uuid}`)
    return d
  }

  // ---- API ---------------------------------------------------------------

  const json = (status, body, code = null) => ({ status, body, code })

  function errorAnswer(code, extra = {}, text) {
    const [status, , docStatus] = API_ERRORS[code]
    const body = { ...extra, error: apiError(code, text), timestamp: formatAtolTimestamp() }
    if (docStatus) body.status = docStatus
    return json(status, body, code)
  }

  function getToken(req, url, raw) {
    let login
    let pass
    let source
    if (req.method === "GET") {
      login = url.searchParams.get("login")
      pass = url.searchParams.get("pass")
      source = url.searchParams.get("source") ?? undefined
    } else if (req.method === "POST") {
      if (!contentTypeIsJson(req)) return errorAnswer(41)
      let body
      try {
        body = JSON.parse(raw)
      } catch {
        return errorAnswer(13, {}, "Ошибка валидации запроса: тело не является JSON")
      }
      if (!body || typeof body !== "object") return errorAnswer(13)
      ;({ login, pass, source } = body)
    } else {
      return errorAnswer(40, {}, `Некорректный запрос: метод ${req.method} не поддерживается`)
    }
    if (typeof login !== "string" || typeof pass !== "string" || !login || login.length > 100) {
      return errorAnswer(13, {}, "Ошибка валидации запроса: login и pass обязательны, login не длиннее 100 символов")
    }
    if (source !== undefined && (typeof source !== "string" || source.length > 100)) {
      return errorAnswer(13, {}, "Ошибка валидации запроса: source не длиннее 100 символов")
    }
    if (!groups.some((g) => g.login === login && g.password === pass)) return errorAnswer(12)
    // Asking again within the validity period returns the same token with its
    // original expiry (one of the two behaviours the v4 PDF allows).
    const now = Date.now()
    for (const [token, info] of tokens) {
      if (info.login === login && info.expires_at > now) {
        return json(200, { error: null, token, timestamp: formatAtolTimestamp() })
      }
    }
    const token = crypto.randomBytes(16).toString("hex")
    tokens.set(token, { login, expires_at: now + tokenTtlMs })
    return json(200, { error: null, token, timestamp: formatAtolTimestamp() })
  }

  /** Token and group checks shared by registration and report. */
  function authorise(req, url, version, groupCode) {
    const token = req.headers.token || url.searchParams.get("token")
    if (!token) return { answer: errorAnswer(10) }
    const info = tokens.get(token)
    // A token we never issued is answered like an expired one (11): the
    // client's correct reaction to either is to fetch a new token.
    if (!info || info.expires_at <= Date.now()) return { answer: errorAnswer(11) }
    const group = groupByCode.get(groupCode)
    if (!group || group.login !== info.login) return { answer: errorAnswer(20) }
    if (group.api_version !== version) {
      return {
        answer: errorAnswer(21, {}, `Группа ${groupCode} зарегистрирована для протокола ${group.api_version}, запрос пришёл в ${version}`),
      }
    }
    return { group }
  }

  function register(req, url, raw, version, groupCode, operation) {
    if (req.method !== "POST") return errorAnswer(40, {}, `Некорректный запрос: ${req.method} вместо POST`)
    const { answer, group } = authorise(req, url, version, groupCode)
    if (answer) return answer
    if (!OPERATIONS[version].includes(operation)) {
      return errorAnswer(31, {}, `Операция ${operation} не поддерживается протоколом ${version}`)
    }
    if (!contentTypeIsJson(req)) return errorAnswer(41)
    let body
    try {
      body = JSON.parse(raw)
    } catch (err) {
      // Chosen: a body that is not JSON is a failed validation of the
      // incoming document (32), like any other malformed receipt.
      return errorAnswer(32, {}, `(body): not valid JSON (${err.message})`)
    }
    const problem = validateAtolRequest(version, operation, body, { totalToleranceKopecks: totalToleranceKopecks })
    if (problem) return errorAnswer(32, {}, problem)
    const existing = byExternalId.get(`${group.group_code}\0${body.external_id}`)
    if (existing) {
      // Idempotent resend: no second document; the answer is error 33 with
      // the uuid already assigned (fiscal-atol.md §3).
      return errorAnswer(33, { uuid: existing }, `Документ с external_id ${body.external_id} уже существует в группе ${group.group_code}`)
    }
    const d = createDocument(group, version, operation, body)
    return json(200, { uuid: d.uuid, status: "wait", error: null, timestamp: formatAtolTimestamp() })
  }

  function report(req, url, version, groupCode, docUuid) {
    if (req.method !== "GET") return errorAnswer(40, {}, `Некорректный запрос: ${req.method} вместо GET`)
    const { answer } = authorise(req, url, version, groupCode)
    if (answer) return answer
    const reg = registers.get(groupCode)
    const now = Date.now()
    if (faults.rate_limit && now - reg.last_report_at < REPORT_INTERVAL_MS) {
      // ATOL documents the limit (1 report/s per register, v4 PDF p.41) but
      // no error code for breaking it. The closest documented answer is 34
      // "Нет информации, попробуйте позднее" (HTTP 200, status wait): it says
      // exactly "ask again later" and the documented client reaction (poll
      // later, never resend) is the right one for a throttled poll.
      return json(200, { uuid: docUuid, status: "wait", error: apiError(34), payload: null, timestamp: formatAtolTimestamp() }, 34)
    }
    reg.last_report_at = now
    const d = documents.get(docUuid)
    if (!d || d.group_code !== groupCode) {
      // Unknown uuid: 30 MissingUuid (HTTP 400, status fail), not 34. The
      // emulator knows every document it issued, so "unknown" is final; 34
      // means "not processed yet, never resend" and would keep a client
      // polling a uuid that does not exist.
      return errorAnswer(30, { uuid: docUuid, payload: null }, `Не найден документ с uuid ${docUuid} в группе ${groupCode}`)
    }
    d.report_polls += 1
    if (d.status === "wait" && d.wait_polls_left !== null) {
      if (d.wait_polls_left > 0) d.wait_polls_left -= 1
      else finalize(d)
    }
    const body = reportBody(d)
    return json(200, body, d.status === "wait" ? 34 : body.error ? body.error.code : null)
  }

  function route(req, url, raw) {
    const m = /^\/possystem\/(v4|v5)\/(.*)$/.exec(url.pathname)
    if (!m) return errorAnswer(40, {}, `Некорректный запрос: путь ${url.pathname} не найден`)
    const [, version, rest] = m
    let parts
    try {
      parts = rest.split("/").map((p) => decodeURIComponent(p))
    } catch {
      return errorAnswer(40, {}, `Некорректный запрос: путь ${url.pathname} не разобрать`)
    }
    if (parts.length === 1 && parts[0] === "getToken") return getToken(req, url, raw)
    if (parts.length === 3 && parts[1] === "report" && parts[0] && parts[2]) {
      return report(req, url, version, parts[0], parts[2])
    }
    if (parts.length === 2 && parts[0] && parts[1]) return register(req, url, raw, version, parts[0], parts[1])
    return errorAnswer(40, {}, `Некорректный запрос: путь ${url.pathname} не найден`)
  }

  // ---- control surface ---------------------------------------------------

  function setFaults(partial) {
    const next = normaliseFaults(partial, faults)
    if (next.expire_tokens) {
      // One-shot: every token issued so far answers 11 from now on.
      for (const info of tokens.values()) info.expires_at = 0
      next.expire_tokens = false
    }
    faults = next
    return { ...faults }
  }

  function resetFaults() {
    faults = defaultFaults(callbacksDefault)
    return { ...faults }
  }

  function reset() {
    for (const t of docTimers) clearTimeout(t)
    docTimers.clear()
    documents = new Map()
    byExternalId = new Map()
    requestLog = []
    callbackLog = []
    for (const reg of registers.values()) reg.last_report_at = 0
  }

  function listDocuments(externalId) {
    return [...documents.values()].filter((d) => externalId === undefined || d.external_id === externalId).map(publicDocument)
  }

  function registrations(externalId, groupCode) {
    let n = 0
    for (const d of documents.values()) {
      if (d.external_id === externalId && (groupCode === undefined || d.group_code === groupCode)) n += 1
    }
    return n
  }

  function control(req, url, raw) {
    const p = url.pathname.replace(/\/+$/, "")
    const get = req.method === "GET"
    const post = req.method === "POST"
    const parse = () => {
      if (!raw) return {}
      return JSON.parse(raw)
    }
    try {
      if (get && (p === "/__emulator" || p === "/__emulator/info")) {
        return json(200, { url: `${baseOrigin}/possystem`, groups, faults, processing_ms: processingMs })
      }
      if (get && p === "/__emulator/documents") {
        return json(200, listDocuments(url.searchParams.get("external_id") ?? undefined))
      }
      const one = /^\/__emulator\/documents\/([^/]+)$/.exec(p)
      if (get && one) {
        const d = documents.get(decodeURIComponent(one[1]))
        return d ? json(200, publicDocument(d)) : json(404, { error: "no such document" })
      }
      if (get && p === "/__emulator/registrations") {
        const externalId = url.searchParams.get("external_id") || ""
        return json(200, { external_id: externalId, count: registrations(externalId) })
      }
      if (get && p === "/__emulator/requests") return json(200, requestLog)
      if (get && p === "/__emulator/callbacks") return json(200, callbackLog)
      if (get && p === "/__emulator/faults") return json(200, faults)
      if (post && p === "/__emulator/faults") return json(200, setFaults(parse()))
      if (post && p === "/__emulator/faults/reset") return json(200, resetFaults())
      if (post && p === "/__emulator/reset") {
        reset()
        return json(200, { ok: true })
      }
      const ofd = /^\/__emulator\/ofd\/([^/]+)$/.exec(p)
      if (get && ofd) {
        const d = documents.get(decodeURIComponent(ofd[1]))
        if (!d || d.status !== "done") return json(404, { error: "no such fiscal receipt" })
        return json(200, { operation: d.operation, payload: d.payload, document: d.body })
      }
      return json(404, { error: `unknown emulator endpoint ${req.method} ${url.pathname}` })
    } catch (err) {
      return json(400, { error: err.message })
    }
  }

  // ---- HTTP plumbing -----------------------------------------------------

  function send(res, answer) {
    if (res.destroyed || res.writableEnded) return
    const text = JSON.stringify(answer.body)
    res.writeHead(answer.status, {
      "content-type": "application/json; charset=utf-8",
      "content-length": Buffer.byteLength(text),
    })
    res.end(text)
  }

  function readBody(req) {
    return new Promise((resolve, reject) => {
      const chunks = []
      let size = 0
      req.on("data", (c) => {
        size += c.length
        if (size > MAX_BODY_BYTES) {
          reject(new Error("body too large"))
          req.destroy()
          return
        }
        chunks.push(c)
      })
      req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")))
      req.on("error", reject)
    })
  }

  async function handle(req, res) {
    const url = new URL(req.url, "http://emulator.invalid")
    if (url.pathname.startsWith("/__emulator")) {
      let raw = ""
      try {
        raw = await readBody(req)
      } catch {
        return
      }
      return send(res, control(req, url, raw))
    }
    // Only the path is logged: tokens and passwords may ride in the query.
    const entry = { method: req.method, path: url.pathname, status: null, code: null, at: new Date().toISOString() }
    requestLog.push(entry)
    if (faults.down) {
      entry.dropped = true
      req.socket.destroy()
      return
    }
    let raw
    try {
      raw = await readBody(req)
    } catch {
      entry.dropped = true
      return
    }
    let answer
    if (consume(faults, "http_5xx")) {
      answer = errorAnswer(50)
    } else {
      try {
        answer = route(req, url, raw)
      } catch (err) {
        log(`internal error: ${err && err.stack}`)
        answer = errorAnswer(50, {}, `Ошибка сервера: ${err && err.message}`)
      }
    }
    entry.status = answer.status
    entry.code = answer.code
    if (consume(faults, "timeout")) {
      // Processed, but the answer never comes: the socket stays open until
      // the client gives up or stop() is called.
      entry.held = true
      entry.status = null
      pending.add(res)
      res.on("close", () => pending.delete(res))
      return
    }
    if (faults.slow_ms > 0) {
      pending.add(res)
      const t = setTimeout(() => {
        pending.delete(res)
        send(res, answer)
      }, faults.slow_ms)
      res.on("close", () => {
        clearTimeout(t)
        pending.delete(res)
      })
      return
    }
    send(res, answer)
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err) => {
      log(`handler crashed: ${err && err.stack}`)
      if (!res.headersSent) send(res, errorAnswer(50))
    })
  })
  server.keepAliveTimeout = 1000

  await new Promise((resolve, reject) => {
    server.once("error", reject)
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject)
      resolve()
    })
  })
  const address = server.address()
  const hostForUrl = address.family === "IPv6" ? `[${address.address}]` : address.address
  baseOrigin = `http://${hostForUrl}:${address.port}`

  async function stop() {
    if (stopped) return
    stopped = true
    for (const t of docTimers) clearTimeout(t)
    docTimers.clear()
    for (const res of pending) res.destroy()
    pending.clear()
    callbackAbort.abort()
    await Promise.allSettled([...callbackPromises])
    await new Promise((resolve) => {
      server.close(() => resolve())
      server.closeAllConnections()
    })
  }

  return {
    url: `${baseOrigin}/possystem`,
    origin: baseOrigin,
    port: address.port,
    groups: groups.map((g) => ({ ...g })),
    stop,
    setFaults,
    resetFaults,
    faults: () => ({ ...faults }),
    reset,
    documents: listDocuments,
    document: (id) => (documents.has(id) ? publicDocument(documents.get(id)) : undefined),
    registrations,
    requests: () => clone(requestLog),
    callbacksSent: () => clone(callbackLog),
    processPending: () => {
      for (const d of documents.values()) finalize(d)
    },
  }
}

module.exports = { startAtolEmulator, DEFAULT_GROUPS }
