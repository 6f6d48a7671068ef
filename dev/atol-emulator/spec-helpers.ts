// Shared helpers for the emulator's own specs: a tiny ATOL client over fetch.
import http from "node:http"
import type { AtolEmulator } from "./index"

export type Answer = { status: number; body: any }

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

export function atol(emu: AtolEmulator) {
  const call = async (path: string, init: RequestInit = {}): Promise<Answer> => {
    const res = await fetch(`${emu.url}${path}`, init)
    const text = await res.text()
    return { status: res.status, body: text ? JSON.parse(text) : null }
  }
  const token = async (version: "v4" | "v5", login = `demo-${version}`, pass = "demo-password") =>
    call(`/${version}/getToken`, {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8" },
      body: JSON.stringify({ login, pass }),
    })
  const mustToken = async (version: "v4" | "v5") => {
    const a = await token(version)
    if (a.status !== 200) throw new Error(`getToken ${a.status} ${JSON.stringify(a.body)}`)
    return a.body.token as string
  }
  const register = (
    version: "v4" | "v5",
    group: string,
    operation: string,
    body: unknown,
    tok: string,
    init: RequestInit = {},
  ) =>
    call(`/${version}/${group}/${operation}`, {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8", token: tok },
      body: JSON.stringify(body),
      ...init,
    })
  const report = (version: "v4" | "v5", group: string, uuid: string, tok: string) =>
    call(`/${version}/${group}/report/${uuid}`, { headers: { token: tok } })
  /** Poll report (≈ every 20 ms) until the document leaves `wait`. */
  const settle = async (version: "v4" | "v5", group: string, uuid: string, tok: string, limitMs = 3000) => {
    const deadline = Date.now() + limitMs
    for (;;) {
      const a = await report(version, group, uuid, tok)
      if (a.body?.status !== "wait") return a
      if (Date.now() > deadline) throw new Error(`still wait after ${limitMs} ms`)
      await sleep(20)
    }
  }
  return { call, token, mustToken, register, report, settle }
}

/** A local HTTP server that records the JSON bodies POSTed to it. */
export async function callbackSink(status = 200) {
  const received: Array<{ path: string; headers: http.IncomingHttpHeaders; body: any }> = []
  const waiters: Array<() => void> = []
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on("data", (c) => chunks.push(c))
    req.on("end", () => {
      received.push({ path: req.url || "", headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString("utf8")) })
      res.writeHead(status).end("ok")
      waiters.splice(0).forEach((w) => w())
    })
  })
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r))
  const port = (server.address() as { port: number }).port
  return {
    url: `http://127.0.0.1:${port}/atol/callback?order=1`,
    received,
    next: () => new Promise<void>((r) => waiters.push(r)),
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r())
        server.closeAllConnections()
      }),
  }
}
