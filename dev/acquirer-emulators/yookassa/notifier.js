"use strict"
// Notifications of the YooKassa emulator: POST {type: "notification", event, object} to the URL set in the
// "cabinet" (https://yookassa.ru/developers/using-api/webhooks: any answer but HTTP 200 is resent; YooKassa keeps
// trying for 24 hours, the emulator a few times at short intervals). Every delivery is kept in a ledger.

const DELIVERY_TIMEOUT_MS = 5000

function createNotifier({ url, attempts, retry_ms: retryMs, lost, log }) {
  let webhookUrl = url
  const ledger = []
  const inFlight = new Set()
  const abort = new AbortController()
  const sleep = (ms) => new Promise((resolve) => {
    const t = setTimeout(resolve, ms)
    abort.signal.addEventListener("abort", () => {
      clearTimeout(t)
      resolve()
    }, { once: true })
  })

  async function deliver(entry, body) {
    for (let attempt = 1; attempt <= attempts && !abort.signal.aborted; attempt++) {
      const record = { at: new Date().toISOString(), http_status: null, error: null }
      entry.attempts.push(record)
      try {
        const res = await fetch(entry.url, {
          method: "POST",
          headers: { "content-type": "application/json; charset=utf-8" },
          body: JSON.stringify(body),
          signal: AbortSignal.any([abort.signal, AbortSignal.timeout(DELIVERY_TIMEOUT_MS)]),
        })
        record.http_status = res.status
        await res.arrayBuffer().catch(() => undefined)
        if (res.status === 200) {
          entry.delivered = true
          return
        }
      } catch (err) {
        record.error = String((err && err.cause && err.cause.message) || (err && err.message) || err)
      }
      log(`notification ${entry.event} ${entry.object_id} attempt ${attempt} failed: ${record.error || `HTTP ${record.http_status}`}`)
      if (attempt < attempts) await sleep(retryMs)
    }
  }

  /** Queues one notification; `object` is the payment or refund as it is at the moment of the event. */
  function send(event, object) {
    const entry = {
      event,
      object_id: object.id,
      payment_id: event.startsWith("refund.") ? object.payment_id : object.id,
      url: webhookUrl,
      delivered: false,
      skipped: null,
      attempts: [],
      at: new Date().toISOString(),
    }
    ledger.push(entry)
    if (!webhookUrl) entry.skipped = "no webhook URL set"
    else if (lost()) entry.skipped = "notifications_lost fault"
    if (entry.skipped) return
    const p = deliver(entry, { type: "notification", event, object }).finally(() => inFlight.delete(p))
    inFlight.add(p)
  }

  return {
    send,
    url: () => webhookUrl,
    setUrl: (next) => {
      if (next !== null && (typeof next !== "string" || !/^https?:\/\//.test(next))) throw new Error("webhook url must be http(s)://… or null")
      webhookUrl = next
      return webhookUrl
    },
    entries: () => JSON.parse(JSON.stringify(ledger)),
    /** Resolves when every notification queued so far has been delivered or given up. */
    settled: async () => {
      while (inFlight.size) await Promise.allSettled([...inFlight])
    },
    stop: async () => {
      abort.abort()
      await Promise.allSettled([...inFlight])
    },
  }
}

module.exports = { createNotifier }
