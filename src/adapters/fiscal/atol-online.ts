import { classifyRegistration, classifyReport, type AtolAnswer } from "../../domain"
import type { FiscalOptions } from "../../options"
import type { FiscalRegister } from "./types"

const TOKEN_LIFETIME_MS = 24 * 3600_000
// Renew a little before ATOL's 24 h so a token never expires between our check and its use.
const TOKEN_MARGIN_MS = 10 * 60_000
const REPORT_SPACING_MS = 1_000

/**
 * ATOL Online API v5 (FFD 1.2) or v4 (FFD 1.05): getToken, {group}/{operation}, {group}/report/{uuid}.
 * The token is cached until it expires and fetched again after an expired-token answer (10/11), once.
 * Report requests go at most once a second per register group from this process.
 */
export class AtolOnlineRegister implements FiscalRegister {
  readonly provider = "atol-online"
  readonly apiVersion: string
  private token: { value: string; expiresAt: number } | null = null
  private tokenRequest: Promise<string> | null = null
  private reportQueue: Promise<unknown> = Promise.resolve()
  private lastReportAt = 0

  constructor(private readonly options: FiscalOptions) {
    this.apiVersion = options.api_version
  }

  private url(path: string) {
    return `${this.options.base_url}/${this.options.api_version}/${path}`
  }

  private async call(method: "GET" | "POST", path: string, body?: unknown, token?: string): Promise<AtolAnswer> {
    try {
      const response = await fetch(this.url(path), {
        method,
        headers: {
          ...(body !== undefined ? { "Content-Type": "application/json; charset=utf-8" } : {}),
          ...(token ? { Token: token } : {}),
        },
        body: body !== undefined ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(this.options.request_timeout_ms),
      })
      const text = await response.text()
      let parsed: unknown = null
      try {
        parsed = text ? JSON.parse(text) : null
      } catch {
        parsed = { error: { code: `http_${response.status}`, text: text.slice(0, 500) } }
      }
      return { http: response.status, body: parsed }
    } catch (error) {
      const e = error as Error & { cause?: { code?: string } }
      return { network: e.name === "TimeoutError" ? `no answer within ${this.options.request_timeout_ms} ms` : `${e.message}${e.cause?.code ? ` (${e.cause.code})` : ""}` }
    }
  }

  /** A valid token, fetching one when there is none; concurrent callers share one getToken request. */
  private async getToken(forceNew = false): Promise<string | AtolAnswer> {
    if (forceNew) this.token = null
    if (this.token && this.token.expiresAt > Date.now()) return this.token.value
    if (!this.tokenRequest) {
      this.tokenRequest = (async () => {
        const answer = await this.call("POST", "getToken", { login: this.options.login, pass: this.options.password, source: "medusa-in-store-payment" })
        if ("http" in answer && answer.http === 200 && typeof answer.body?.token === "string" && !answer.body.error) {
          this.token = { value: answer.body.token, expiresAt: Date.now() + TOKEN_LIFETIME_MS - TOKEN_MARGIN_MS }
          return answer.body.token as string
        }
        throw Object.assign(new Error("getToken failed"), { answer })
      })().finally(() => {
        this.tokenRequest = null
      })
    }
    try {
      return await this.tokenRequest
    } catch (error) {
      return (error as { answer: AtolAnswer }).answer
    }
  }

  /** Runs `send` with a token; on an expired/missing-token answer, once more with a fresh one. */
  private async withToken<T extends { kind: string }>(send: (token: string) => Promise<AtolAnswer>, classify: (a: AtolAnswer) => T) {
    for (let round = 0; round < 2; round++) {
      const token = await this.getToken(round > 0)
      if (typeof token !== "string") {
        // getToken itself failed: wrong credentials (12) stop a registration, the rest is retried later.
        return { outcome: classify(token), answer: token }
      }
      const answer = await send(token)
      const outcome = classify(answer)
      if (outcome.kind !== "token") return { outcome, answer }
      if (round > 0) return { outcome: classify({ network: "the register refused a freshly issued token" }), answer }
    }
    throw new Error("unreachable")
  }

  register(operation: string, body: Record<string, unknown>) {
    return this.withToken((token) => this.call("POST", `${encodeURIComponent(this.options.group_code)}/${operation}`, body, token), classifyRegistration)
  }

  report(uuid: string) {
    const run = () =>
      this.withToken(async (token) => {
        const wait = this.lastReportAt + REPORT_SPACING_MS - Date.now()
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
        this.lastReportAt = Date.now()
        return this.call("GET", `${encodeURIComponent(this.options.group_code)}/report/${encodeURIComponent(uuid)}`, undefined, token)
      }, classifyReport)
    // One report at a time, spaced by a second: ATOL's limit per register.
    const next = this.reportQueue.then(run, run)
    this.reportQueue = next.catch(() => undefined)
    return next
  }
}
