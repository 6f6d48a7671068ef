// The terminal simulator: a small web page for the demo and the browser test that stands in for a
// terminal app. Dev only: it lives under dev/, which neither `medusa plugin:build` nor the package ships.
//   node dev/terminal-simulator/server.js [--port 9100]     (or started by dev/host.js)
const fs = require("node:fs")
const http = require("node:http")
const path = require("node:path")
const { demoTerminals, readLink, resolveLink, resultFor } = require("./terminal")

const PAGE = path.join(__dirname, "page.html")

function readBody(req) {
  return new Promise((resolve, reject) => {
    let size = 0
    const chunks = []
    req.on("data", (chunk) => {
      size += chunk.length
      if (size > 256 * 1024) reject(new Error("body too large"))
      else chunks.push(chunk)
    })
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")))
    req.on("error", reject)
  })
}

const send = (res, status, body, type = "application/json; charset=utf-8") => {
  res.writeHead(status, { "content-type": type, "cache-control": "no-store" })
  res.end(typeof body === "string" ? body : JSON.stringify(body))
}

/**
 * @param {{ port?: number, host?: string, terminals?: object[], log?: (line: string) => void }} opts
 * @returns {Promise<{ url: string, stop: () => Promise<void> }>}
 */
/**
 * @param {{ port?: number, host?: string, terminals?: object[], log?: Function,
 *           acquirers?: Record<string, string> }} opts  acquirers: name → the emulator's origin (its /__control/ surface)
 */
async function startTerminalSimulator({ port = 0, host = "127.0.0.1", terminals = demoTerminals(), log = () => {}, acquirers = {} } = {}) {
  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url, "http://simulator")
      if (req.method === "GET" && (url.pathname === "/" || url.pathname === "/index.html")) {
        return send(res, 200, fs.readFileSync(PAGE, "utf8"), "text/html; charset=utf-8")
      }
      if (req.method === "GET" && url.pathname === "/health") return send(res, 200, { ok: true })
      if (req.method === "POST" && url.pathname === "/api/read") {
        // A pay or refund link, or a QR's short URL that the store answers with one.
        const { link } = JSON.parse((await readBody(req)) || "{}")
        return send(res, 200, readLink(await resolveLink(link), terminals))
      }
      if (req.method === "POST" && url.pathname === "/api/result") {
        const { link, outcome } = JSON.parse((await readBody(req)) || "{}")
        const { callback, params } = resultFor(outcome, await resolveLink(link), terminals)
        // A terminal app posts its result to the store itself (CONTRACT §4); so does this server.
        const started = Date.now()
        const answer = await fetch(callback, {
          method: "POST",
          headers: { "content-type": "application/json", accept: "application/json" },
          body: JSON.stringify(params),
        })
        const text = await answer.text()
        let body
        try {
          body = JSON.parse(text)
        } catch {
          body = text
        }
        const elapsed = Date.now() - started
        log(`${outcome} → ${callback} → ${answer.status} in ${elapsed} ms`)
        return send(res, 200, { callback, sent: params, http_status: answer.status, elapsed_ms: elapsed, answer: body })
      }
      if (req.method === "POST" && url.pathname === "/api/sbp-pay") {
        // The banking app: whichever acquirer issued this QR is told it was paid, and notifies the store itself.
        const { qr_payload } = JSON.parse((await readBody(req)) || "{}")
        if (!/^https:\/\/qr\.nspk\.ru\//.test(String(qr_payload || ""))) return send(res, 400, { message: "qr_payload must be an SBP link (https://qr.nspk.ru/…)" })
        for (const [name, origin] of Object.entries(acquirers)) {
          const answer = await fetch(`${origin}/__control/pay`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ qr_payload }),
          })
          if (answer.ok) {
            const payment = await answer.json()
            log(`SBP QR paid at ${name}`)
            return send(res, 200, { paid: true, acquirer: name, payment: { ...payment, acquirer_payment_id: payment.acquirer_payment_id ?? payment.id } })
          }
        }
        return send(res, 404, { paid: false, message: "No acquirer knows this QR (or it can no longer be paid)" })
      }
      send(res, 404, { message: "not found" })
    } catch (error) {
      send(res, 400, { message: error.message })
    }
  })
  await new Promise((resolve, reject) => {
    server.once("error", reject)
    server.listen(port, host, resolve)
  })
  const address = server.address()
  return {
    url: `http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${address.port}`,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

module.exports = { startTerminalSimulator }

if (require.main === module) {
  const i = process.argv.indexOf("--port")
  const port = i > 0 ? Number(process.argv[i + 1]) : Number(process.env.SIMULATOR_PORT || 9100)
  startTerminalSimulator({ port, log: (line) => console.log(line) }).then(({ url }) =>
    console.log(`terminal simulator: ${url}`)
  )
}
