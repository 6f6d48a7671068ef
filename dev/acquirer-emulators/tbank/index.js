// T-Bank internet acquiring API v2 emulator (SBP QR part): Init, GetQr, GetState, Cancel, signed notifications.
// A real HTTP server, strict like the bank: a request T-Bank would refuse is refused with its error code (HTTP 200,
// Success false). Facts: research/acquirers-sbp.md (T-Bank's OpenAPI v1.80, developer.tbank.ru/eacq). Choices where
// the docs are silent are listed in README.md. CommonJS, no dependencies, so the demo and tests load it as it is.
const http = require("node:http")
const crypto = require("node:crypto")
const { listen, readLimitedBody } = require("../http")

const DEFAULT_TERMINALS = [{ terminal_key: "DemoTerminal", password: "demo-tbank-password" }]
const SBP_MIN = 1000 // 10 RUB in kopecks
const SBP_MAX = 100000000 // 1,000,000 RUB
const FINAL = new Set(["CONFIRMED", "CANCELED", "DEADLINE_EXPIRED", "REJECTED", "REFUNDED", "PARTIAL_REFUNDED"])

/** The token as T-Bank computes it: root scalars + Password, sorted by key, values concatenated, SHA-256 hex. */
function token(params, password) {
  const signed = { Password: password }
  for (const [k, v] of Object.entries(params)) {
    if (k === "Token" || v === null || v === undefined || typeof v === "object") continue
    signed[k] = typeof v === "boolean" ? String(v) : String(v)
  }
  const joined = Object.keys(signed).sort().map((k) => signed[k]).join("")
  return crypto.createHash("sha256").update(joined, "utf8").digest("hex")
}

const fail = (code, message, details) => ({ Success: false, ErrorCode: String(code), Message: message, Details: details || "" })
const randomAlnum = (n) => {
  const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
  let out = ""
  for (const b of crypto.randomBytes(n)) out += alphabet[b % alphabet.length]
  return out
}

function defaultFaults() {
  return { notifications_lost: false, api_down: 0, slow_ms: 0, reject_next: false }
}

async function startTbankEmulator(options = {}) {
  const terminals = options.terminals || DEFAULT_TERMINALS
  const notifyRetryMs = options.notify_retry_ms ?? 300
  const notifyAttempts = options.notify_attempts ?? 5
  const log = options.log === true ? (l) => console.log(`[tbank] ${l}`) : typeof options.log === "function" ? options.log : () => {}
  let faults = { ...defaultFaults(), ...(options.faults || {}) }
  let nextPaymentId = 700000 + Math.floor(Math.random() * 1000)
  const payments = new Map() // PaymentId → payment
  const requests = []
  const notifications = []
  const timers = new Set()

  const terminalOf = (key) => terminals.find((t) => t.terminal_key === key)

  function expireIfDue(p) {
    if (!FINAL.has(p.Status) && p.due && Date.now() > p.due.getTime()) setStatus(p, "DEADLINE_EXPIRED")
  }

  function setStatus(p, status) {
    p.Status = status
    p.history.push({ status, at: new Date().toISOString() })
    notify(p)
  }

  function notify(p, attempt = 1) {
    if (!p.NotificationURL) return
    if (faults.notifications_lost) {
      notifications.push({ PaymentId: p.PaymentId, Status: p.Status, lost: true })
      return
    }
    const terminal = terminalOf(p.TerminalKey)
    const body = {
      TerminalKey: p.TerminalKey,
      OrderId: p.OrderId,
      Success: !["REJECTED", "AUTH_FAIL"].includes(p.Status),
      Status: p.Status,
      PaymentId: Number(p.PaymentId),
      ErrorCode: p.Status === "REJECTED" ? "1051" : "0",
      Amount: p.Status === "PARTIAL_REFUNDED" || p.Status === "REFUNDED" ? p.Amount - p.refunded : p.Amount,
      ...(p.Pan ? { Pan: p.Pan } : {}),
    }
    body.Token = token(body, terminal.password)
    const record = { PaymentId: p.PaymentId, Status: p.Status, attempt, answer: null }
    notifications.push(record)
    fetch(p.NotificationURL, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) })
      .then(async (res) => {
        record.answer = `${res.status} ${(await res.text()).slice(0, 100)}`
        // T-Bank wants exactly "OK"; anything else is sent again (hourly in life, quickly here).
        if (record.answer !== "200 OK") retry()
      })
      .catch((e) => {
        record.answer = `error ${e.message}`
        retry()
      })
    function retry() {
      if (attempt >= notifyAttempts) return
      const t = setTimeout(() => {
        timers.delete(t)
        notify(p, attempt + 1)
      }, notifyRetryMs)
      timers.add(t)
    }
  }

  function find(idOrPayload) {
    const key = String(idOrPayload)
    if (payments.has(key)) return payments.get(key)
    for (const p of payments.values()) if (p.qr && key.startsWith(p.qr.split("?")[0])) return p
    return null
  }

  function pay(idOrPayload, opts = {}) {
    const p = find(idOrPayload)
    if (!p) throw new Error(`tbank emulator: no payment ${idOrPayload}`)
    expireIfDue(p)
    if (FINAL.has(p.Status)) throw new Error(`tbank emulator: payment ${p.PaymentId} is ${p.Status}`)
    if (faults.reject_next) {
      faults.reject_next = false
      setStatus(p, "REJECTED")
      return p
    }
    p.Pan = opts.payer || "+7 (916) ***-**-67"
    setStatus(p, "CONFIRMED")
    return p
  }

  // The receipt of Init (sale) or Cancel (refund): items priced in kopecks, quantities with at most 3 decimals,
  // each Amount = Price × Quantity rounded to the kopeck (the register's tag 1043), adding up to the operation.
  function receiptProblem(receipt, operationAmount) {
    const items = receipt && Array.isArray(receipt.Items) ? receipt.Items : null
    if (!items || !items.length) return fail(309, "Неверные параметры чека.", "Receipt.Items")
    for (const item of items) {
      const milli = typeof item.Quantity === "number" ? Math.round(item.Quantity * 1000) : NaN
      if (!(milli > 0) || Math.abs(milli / 1000 - item.Quantity) > 1e-9 || item.Quantity > 99999.999) {
        return fail(309, "Неверные параметры чека.", `Receipt.Items: Quantity must be positive with at most 3 decimals (${item.Name})`)
      }
      if (!Number.isSafeInteger(item.Price) || !Number.isSafeInteger(item.Amount) || Math.floor((item.Price * milli + 500) / 1000) !== item.Amount) {
        return fail(309, "Неверные параметры чека.", `Receipt.Items: Price × Quantity must equal Amount (${item.Name})`)
      }
      if (typeof item.Name !== "string" || !item.Name || item.Name.length > 128) return fail(309, "Неверные параметры чека.", "Receipt.Items: Name 1-128")
      if (typeof item.Tax !== "string" || !item.Tax) return fail(309, "Неверные параметры чека.", `Receipt.Items: Tax (${item.Name})`)
    }
    const sum = items.reduce((s, i) => s + i.Amount, 0)
    if (sum !== operationAmount) return fail(308, "Сумма позиций чека не равна сумме платежа.", `items ${sum} ≠ Amount ${operationAmount}`)
    if (!receipt.Taxation) return fail(309, "Неверные параметры чека.", "Receipt.Taxation")
    if (!receipt.Email && !receipt.Phone) return fail(309, "Неверные параметры чека.", "Receipt: Email or Phone")
    return null
  }

  const api = {
    Init(body, terminal) {
      if (!Number.isSafeInteger(body.Amount) || body.Amount <= 0) return fail(9999, "Неверные параметры.", "Amount must be a positive integer of kopecks")
      if (body.Amount < SBP_MIN || body.Amount > SBP_MAX) return fail(3016, "Сумма операции вне лимитов СБП.", "Amount")
      if (typeof body.OrderId !== "string" || !body.OrderId || body.OrderId.length > 36) return fail(9999, "Неверные параметры.", "OrderId: 1-36 characters")
      if (body.Description !== undefined && (typeof body.Description !== "string" || body.Description.length > 140)) return fail(9999, "Неверные параметры.", "Description ≤ 140")
      let due = null
      if (body.RedirectDueDate !== undefined) {
        if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/.test(body.RedirectDueDate)) return fail(9999, "Неверные параметры.", "RedirectDueDate format")
        due = new Date(body.RedirectDueDate)
        if (due.getTime() < Date.now() + 55_000) return fail(9999, "Неверные параметры.", "RedirectDueDate must be at least a minute ahead")
      }
      if (body.Receipt !== undefined) {
        const problem = receiptProblem(body.Receipt, body.Amount)
        if (problem) return problem
      }
      // Chosen: a repeated Init for the same terminal, OrderId and Amount answers the payment already opened.
      for (const p of payments.values()) {
        if (p.TerminalKey === terminal.terminal_key && p.OrderId === body.OrderId && !FINAL.has(p.Status)) {
          if (p.Amount !== body.Amount) return fail(8, "Неверный статус транзакции.", "OrderId already used with another Amount")
          return { Success: true, ErrorCode: "0", TerminalKey: p.TerminalKey, Status: p.Status, PaymentId: p.PaymentId, OrderId: p.OrderId, Amount: p.Amount, PaymentURL: p.PaymentURL }
        }
      }
      const PaymentId = String(nextPaymentId++)
      const p = {
        PaymentId,
        TerminalKey: terminal.terminal_key,
        OrderId: body.OrderId,
        Amount: body.Amount,
        Description: body.Description || "",
        NotificationURL: body.NotificationURL || null,
        Receipt: body.Receipt || null,
        refundReceipts: [],
        due: due || new Date(Date.now() + 24 * 3600_000),
        Status: "NEW",
        refunded: 0,
        qr: null,
        history: [{ status: "NEW", at: new Date().toISOString() }],
        PaymentURL: `${server.url}/pay/${PaymentId}`,
      }
      payments.set(PaymentId, p)
      return { Success: true, ErrorCode: "0", TerminalKey: p.TerminalKey, Status: "NEW", PaymentId, OrderId: p.OrderId, Amount: p.Amount, PaymentURL: p.PaymentURL }
    },
    GetQr(body, terminal) {
      const p = payments.get(String(body.PaymentId))
      if (!p || p.TerminalKey !== terminal.terminal_key) return fail(7, "Неверный статус транзакции.", "PaymentId")
      if (body.DataType !== undefined && !["PAYLOAD", "IMAGE"].includes(body.DataType)) return fail(9999, "Неверные параметры.", "DataType")
      expireIfDue(p)
      if (FINAL.has(p.Status)) return fail(8, "Неверный статус транзакции.", `the payment is ${p.Status}`)
      if (!p.qr) p.qr = `https://qr.nspk.ru/AD${randomAlnum(30)}?type=02&bank=100000000004&sum=${p.Amount}&cur=RUB&crc=${randomAlnum(4)}`
      if (p.Status === "NEW") setStatusQuiet(p, "FORM_SHOWED")
      const Data = body.DataType === "IMAGE" ? `<svg xmlns="http://www.w3.org/2000/svg"><text>${p.qr}</text></svg>` : p.qr
      return { Success: true, ErrorCode: "0", TerminalKey: p.TerminalKey, OrderId: p.OrderId, PaymentId: Number(p.PaymentId), Data }
    },
    GetState(body, terminal) {
      const p = payments.get(String(body.PaymentId))
      if (!p || p.TerminalKey !== terminal.terminal_key) return fail(7, "Неверный статус транзакции.", "PaymentId")
      expireIfDue(p)
      return {
        Success: true,
        ErrorCode: "0",
        TerminalKey: p.TerminalKey,
        Status: p.Status,
        PaymentId: p.PaymentId,
        OrderId: p.OrderId,
        Amount: p.Amount - p.refunded,
      }
    },
    Cancel(body, terminal) {
      const p = payments.get(String(body.PaymentId))
      if (!p || p.TerminalKey !== terminal.terminal_key) return fail(7, "Неверный статус транзакции.", "PaymentId")
      expireIfDue(p)
      const original = p.Amount - p.refunded
      if (["NEW", "FORM_SHOWED"].includes(p.Status)) {
        setStatus(p, "CANCELED")
        return { Success: true, ErrorCode: "0", TerminalKey: p.TerminalKey, Status: "CANCELED", PaymentId: p.PaymentId, OrderId: p.OrderId, OriginalAmount: original, NewAmount: 0 }
      }
      if (["CONFIRMED", "PARTIAL_REFUNDED"].includes(p.Status)) {
        const amount = body.Amount === undefined ? original : body.Amount
        if (!Number.isSafeInteger(amount) || amount <= 0 || amount > original) {
          return fail(9999, "Неверные параметры.", `Amount must be 1..${original}`)
        }
        // A refund receipt ("возврат прихода") in Init's shape, its items adding up to the refund.
        if (body.Receipt !== undefined) {
          const problem = receiptProblem(body.Receipt, amount)
          if (problem) return problem
          p.refundReceipts.push({ Amount: amount, Receipt: body.Receipt })
        }
        p.refunded += amount
        setStatus(p, p.refunded === p.Amount ? "REFUNDED" : "PARTIAL_REFUNDED")
        return { Success: true, ErrorCode: "0", TerminalKey: p.TerminalKey, Status: p.Status, PaymentId: p.PaymentId, OrderId: p.OrderId, OriginalAmount: original, NewAmount: original - amount }
      }
      return fail(8, "Неверный статус транзакции.", `the payment is ${p.Status}`)
    },
  }

  function setStatusQuiet(p, status) {
    p.Status = status
    p.history.push({ status, at: new Date().toISOString() })
  }

  const readBody = (req) => readLimitedBody(req, 1024 * 1024)
  const send = (res, status, body) => {
    res.writeHead(status, { "content-type": "application/json; charset=utf-8" })
    res.end(JSON.stringify(body))
  }

  async function handle(req, res) {
    const url = new URL(req.url, "http://x")
    const text = await readBody(req)
    if (url.pathname.startsWith("/__control/")) return control(url, req, res, text)
    const method = url.pathname.replace(/^\/v2\//, "")
    let body
    try {
      body = text ? JSON.parse(text) : {}
    } catch {
      return send(res, 200, fail(9999, "Неверные параметры.", "the body is not JSON"))
    }
    requests.push({ method, body, at: new Date().toISOString() })
    if (faults.slow_ms) await new Promise((r) => setTimeout(r, faults.slow_ms))
    if (faults.api_down) {
      if (typeof faults.api_down === "number") faults.api_down -= 1
      return send(res, 503, { error: "Service Unavailable (emulator fault)" })
    }
    if (req.method !== "POST" || !api[method]) return send(res, 404, fail(9999, "Метод не найден.", method))
    if (!String(req.headers["content-type"] || "").includes("application/json")) return send(res, 200, fail(9999, "Неверные параметры.", "Content-Type must be application/json"))
    const terminal = terminalOf(body.TerminalKey)
    if (!terminal) return send(res, 200, fail(205, "Терминал не найден.", "TerminalKey"))
    if (typeof body.Token !== "string" || body.Token !== token(body, terminal.password)) return send(res, 200, fail(204, "Неверный токен. Проверьте пару TerminalKey/SecretKey.", "Token"))
    log(`${method} ${JSON.stringify(body).slice(0, 200)}`)
    send(res, 200, api[method](body, terminal))
  }

  function control(url, req, res, text) {
    let body = {}
    try {
      body = text ? JSON.parse(text) : {}
    } catch {
      return send(res, 400, { error: "body must be JSON" })
    }
    try {
      switch (`${req.method} ${url.pathname}`) {
        case "POST /__control/pay":
          return send(res, 200, view(pay(body.acquirer_payment_id || body.qr_payload, body)))
        case "POST /__control/reject": {
          const p = find(body.acquirer_payment_id || body.qr_payload)
          if (!p) return send(res, 404, { error: "no such payment" })
          setStatus(p, "REJECTED")
          return send(res, 200, view(p))
        }
        case "POST /__control/expire": {
          const p = find(body.acquirer_payment_id || body.qr_payload)
          if (!p) return send(res, 404, { error: "no such payment" })
          setStatus(p, "DEADLINE_EXPIRED")
          return send(res, 200, view(p))
        }
        case "POST /__control/faults":
          faults = { ...faults, ...body }
          return send(res, 200, faults)
        case "GET /__control/payments":
          return send(res, 200, { payments: [...payments.values()].map(view) })
        default:
          return send(res, 404, { error: "unknown control route" })
      }
    } catch (e) {
      return send(res, 409, { error: e.message })
    }
  }

  const view = (p) => ({
    acquirer_payment_id: p.PaymentId,
    order_id: p.OrderId,
    amount: p.Amount,
    refunded: p.refunded,
    status: p.Status,
    qr_payload: p.qr,
    receipt: p.Receipt,
    refund_receipts: p.refundReceipts,
    history: p.history,
  })

  const server = http.createServer((req, res) => {
    handle(req, res).catch((e) => send(res, 500, { error: e.message }))
  })
  server.url = await listen(server, options.port || 0, options.host || "127.0.0.1")

  return {
    url: `${server.url}/v2`,
    terminals,
    setFaults: (partial) => (faults = { ...faults, ...partial }),
    clearFaults: () => (faults = defaultFaults()),
    pay,
    reject: (id) => setStatus(find(id), "REJECTED"),
    expire: (id) => setStatus(find(id), "DEADLINE_EXPIRED"),
    payments: () => [...payments.values()].map(view),
    payment: (id) => (find(id) ? view(find(id)) : null),
    requests: () => requests.slice(),
    notifications: () => notifications.slice(),
    token,
    stop: () =>
      new Promise((resolve) => {
        for (const t of timers) clearTimeout(t)
        server.closeAllConnections?.()
        server.close(() => resolve())
      }),
  }
}

module.exports = { startTbankEmulator, tbankEmulatorToken: token, DEFAULT_TBANK_TERMINALS: DEFAULT_TERMINALS }
