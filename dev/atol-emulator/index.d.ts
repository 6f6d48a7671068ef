// Public types of the ATOL Online emulator (dev/atol-emulator/index.js).

export type AtolApiVersion = "v4" | "v5"

export type AtolOperation =
  | "sell"
  | "sell_refund"
  | "sell_correction"
  | "buy"
  | "buy_refund"
  | "buy_correction"
  | "sell_refund_correction" // v5 only
  | "buy_refund_correction" // v5 only

export interface AtolGroup {
  group_code: string
  login: string
  password: string
  /** INN of the register; a receipt with another company.inn fails with 2009. */
  inn: string
  /** Payment address of the register; a mismatch fails with 2007. */
  payment_address: string
  api_version: AtolApiVersion
}

/** Two groups: in-store-demo-v5 (login demo-v5) and in-store-demo-v4 (login demo-v4), password demo-password. */
export const DEFAULT_GROUPS: readonly AtolGroup[]

export interface AtolError {
  error_id?: string
  code: number
  text: string
  type: "system" | "unknown" | "driver" | "timeout" | "agent" | "none" | string
}

export interface AtolFaults {
  /** Drop every API connection (the socket is destroyed; fetch throws). /__emulator/ stays up. */
  down: boolean
  /** Next N API requests answer HTTP 500, code 50; `true` = all until cleared. */
  http_5xx: number | boolean
  /** Next N API requests are processed but never answered (socket held until the client aborts or stop()); `true` = all. */
  timeout: number | boolean
  /** Delay every API answer by this many ms (the request is processed at once). */
  slow_ms: number
  /** Documents created while > 0 stay `wait` for this many report polls, then finish on the next poll. */
  wait_polls: number
  /** Enforce 1 report request per second per group; a faster one gets HTTP 200, code 34, status wait. */
  rate_limit: boolean
  /** One-shot: every token issued so far answers 401/11 from now on. Reads back as false. */
  expire_tokens: boolean
  /** The next registered document fails after queueing with this error. */
  fail_next: { code: number; text?: string; type?: string } | null
  /** POST the report to service.callback_url when a document finishes. */
  callbacks: boolean
}

export interface AtolEmulatorOptions {
  /** 0 (default) = a free port. The CLI defaults to 4010. */
  port?: number
  host?: string
  groups?: AtolGroup[]
  /** Time a document stays `wait` before it is done/fail. Default 300. */
  processing_ms?: number
  /** Default true. */
  callbacks?: boolean
  /** Token lifetime. Default 24 h. */
  token_ttl_ms?: number
  /** Accepted |total − Σ items[].sum| in kopecks (ATOL allows up to 99). Default 0 (strict). */
  total_tolerance_kopecks?: number
  /** Faults active from the start. */
  faults?: Partial<AtolFaults>
  /** true = log to console, or a line sink. */
  log?: boolean | ((line: string) => void)
}

export interface AtolPayload {
  fiscal_receipt_number: number
  shift_number: number
  receipt_datetime: string
  total: number
  fn_number: string
  ecr_registration_number: string
  fiscal_document_number: number
  fiscal_document_attribute: number
  fns_site: string
  ofd_inn: string
  ofd_receipt_url: string
}

export type AtolStatus = "wait" | "done" | "fail"

/** Body of GET .../report/{uuid} and of the callback POST. */
export interface AtolReport {
  uuid: string
  timestamp: string
  group_code: string
  daemon_code: string
  device_code: string
  external_id: string
  callback_url: string
  status: AtolStatus
  error: AtolError | null
  payload: AtolPayload | null
  warnings?: { callback_url?: string }
}

export interface AtolDocument {
  uuid: string
  external_id: string
  group_code: string
  operation: AtolOperation
  api_version: AtolApiVersion
  /** The request body as received (parsed JSON). */
  body: any
  status: AtolStatus
  payload: AtolPayload | null
  error: AtolError | null
  warnings?: { callback_url?: string }
  callback_url: string
  /** ISO-8601. */
  created_at: string
  updated_at: string
  report_polls: number
}

export interface AtolRequestLogEntry {
  method: string
  /** Path only (no query: tokens and passwords may ride there). */
  path: string
  /** HTTP status sent; null when the request was dropped (down) or held (timeout). */
  status: number | null
  /** ATOL error code in the answer, or null. Report answers for `wait` log 34. */
  code: number | null
  at: string
  dropped?: boolean
  held?: boolean
}

export interface AtolCallbackLogEntry {
  uuid: string
  external_id: string
  url: string
  status: AtolStatus
  at: string
  http_status: number | null
  ok: boolean
  error: string | null
}

export interface AtolEmulator {
  /** Base URL, e.g. http://127.0.0.1:PORT/possystem — append /v5/... or /v4/... */
  url: string
  /** http://127.0.0.1:PORT (control surface under /__emulator/). */
  origin: string
  port: number
  groups: AtolGroup[]
  /** Stops the server, releases held requests, aborts callbacks. */
  stop(): Promise<void>
  setFaults(partial: Partial<AtolFaults>): AtolFaults
  resetFaults(): AtolFaults
  faults(): AtolFaults
  /** Forget documents, request and callback logs (tokens and faults stay). */
  reset(): void
  documents(external_id?: string): AtolDocument[]
  document(uuid: string): AtolDocument | undefined
  /** Number of documents actually created for this external_id (optionally in one group). */
  registrations(external_id: string, group_code?: string): number
  requests(): AtolRequestLogEntry[]
  callbacksSent(): AtolCallbackLogEntry[]
  /** Finish every `wait` document now (ignores processing_ms / wait_polls). */
  processPending(): void
}

export function startAtolEmulator(options?: AtolEmulatorOptions): Promise<AtolEmulator>

/** Validate a registration body as the emulator does: null when valid, else "<field path>: <message>". */
export function validateAtolRequest(
  version: AtolApiVersion,
  operation: string,
  body: unknown,
  options?: { totalToleranceKopecks?: number },
): string | null

export const OPERATIONS: { v4: AtolOperation[]; v5: AtolOperation[] }

/** `dd.mm.yyyy HH:MM:SS`, Moscow time. */
export function formatAtolTimestamp(date?: Date): string

/** A valid v5 sell body for the default groups (2 × 19.99 + 150.00 at vat22, card). */
export function sampleV5Sell(envelope?: { timestamp?: string; external_id?: string; service?: { callback_url?: string } }): any

/** The same receipt as a valid v4 sell body. */
export function sampleV4Sell(envelope?: { timestamp?: string; external_id?: string; service?: { callback_url?: string } }): any
