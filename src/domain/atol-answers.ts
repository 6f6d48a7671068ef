// What an answer of ATOL Online means for the outbox (research/fiscal-atol.md §3, §6): accepted, try the
// token again, retry later with the same external_id, or stop and show a person.

/** An HTTP answer (status + parsed JSON body, if any) or a transport failure (refused, reset, timeout). */
export type AtolAnswer = { http: number; body: any } | { network: string }

export interface AtolError {
  code: string | number
  text: string
  type?: string
}

export type RegistrationOutcome =
  | { kind: "accepted"; uuid: string; duplicate: boolean }
  | { kind: "token" }
  | { kind: "retry"; error: AtolError }
  | { kind: "final"; error: AtolError }

export type ReportOutcome =
  | { kind: "done"; payload: Record<string, unknown> }
  | { kind: "wait" }
  | { kind: "token" }
  | { kind: "retry"; error: AtolError }
  /** the register refused the document; `reissue`: it was never fiscalised and may go again under a new external_id */
  | { kind: "failed"; error: AtolError; reissue: boolean }

// Configuration or data the register will refuse again until a person changes something.
const FINAL_CODES = new Set([12, 13, 14, 20, 21, 30, 31, 32, 40, 41])
const TOKEN_CODES = new Set([10, 11])

function errorOf(answer: AtolAnswer): AtolError {
  if ("network" in answer) return { code: "network", text: answer.network }
  const e = answer.body?.error
  if (e && typeof e === "object") return { code: e.code ?? answer.http, text: String(e.text ?? ""), ...(e.type ? { type: e.type } : {}) }
  return { code: `http_${answer.http}`, text: `HTTP ${answer.http} without an ATOL error body` }
}

/** POST {group}/{operation} */
export function classifyRegistration(answer: AtolAnswer): RegistrationOutcome {
  if ("network" in answer) return { kind: "retry", error: errorOf(answer) }
  const body = answer.body ?? {}
  const code = Number(body.error?.code)
  if (answer.http === 200 && !body.error && typeof body.uuid === "string" && body.uuid) {
    return { kind: "accepted", uuid: body.uuid, duplicate: false }
  }
  // 33: this external_id is already registered; the answer carries its uuid. The safe resend paid off.
  if (code === 33 && typeof body.uuid === "string" && body.uuid) return { kind: "accepted", uuid: body.uuid, duplicate: true }
  if (TOKEN_CODES.has(code)) return { kind: "token" }
  if (FINAL_CODES.has(code)) return { kind: "final", error: errorOf(answer) }
  // 0, 1, 50, 5xx, 429, a 33 without uuid, anything unknown: resend later with the same external_id.
  return { kind: "retry", error: errorOf(answer) }
}

/** GET {group}/report/{uuid} (and the callback body, which has the same shape) */
export function classifyReport(answer: AtolAnswer): ReportOutcome {
  if ("network" in answer) return { kind: "retry", error: errorOf(answer) }
  const body = answer.body ?? {}
  const code = Number(body.error?.code)
  if (TOKEN_CODES.has(code)) return { kind: "token" }
  if (answer.http === 200 && body.status === "done" && body.payload && typeof body.payload === "object") {
    return { kind: "done", payload: body.payload }
  }
  // 34 (not processed yet) comes as HTTP 200 with status wait: poll again, never resend.
  if (answer.http === 200 && (body.status === "wait" || code === 34)) return { kind: "wait" }
  if (answer.http === 200 && body.status === "fail") {
    // A queue timeout (type timeout) means no register took it: it may go again under a new external_id.
    return { kind: "failed", error: errorOf(answer), reissue: body.error?.type === "timeout" }
  }
  return { kind: "retry", error: errorOf(answer) }
}

/** The fiscal attributes a person or a customer needs from a `done` payload. */
export function fiscalDataOf(payload: Record<string, any>) {
  return {
    fn: payload.fn_number ?? null,
    fd: payload.fiscal_document_number ?? null,
    fp: payload.fiscal_document_attribute ?? null,
    receipt_datetime: payload.receipt_datetime ?? null,
    fiscal_receipt_number: payload.fiscal_receipt_number ?? null,
    shift_number: payload.shift_number ?? null,
    total: payload.total ?? null,
    ecr_registration_number: payload.ecr_registration_number ?? null,
    fns_site: payload.fns_site ?? null,
    ofd_inn: payload.ofd_inn ?? null,
    ofd_receipt_url: payload.ofd_receipt_url ?? null,
  }
}
