import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { isPossiblePaymentId } from "../../../../lib/callback-events"
import { handleTerminalResult, type TerminalResultOutcome } from "../../../../lib/handle-terminal-result"
import { renderResultPage } from "../../../../lib/result-page"
import { serializeInStorePayments } from "../../../../lib/serialize"
import { serializeInStoreRefunds } from "../../../../lib/refunds/serialize-refund"

const ERROR_TYPES: Record<number, string> = {
  400: "invalid_data",
  401: "unauthorized",
  404: "not_found",
  409: "conflict",
  422: "amount_mismatch",
}

/** CONTRACT §4: a terminal app's result, as GET query, JSON or form body. */
async function receive(req: MedusaRequest, res: MedusaResponse, params: Record<string, unknown>) {
  // The path is outside input too: an id this plugin cannot have made (a NUL, say) is not looked up.
  const outcome: TerminalResultOutcome = isPossiblePaymentId(req.params.id)
    ? await handleTerminalResult(req.scope, req.params.id, params)
    : { http: 404, message: "In-store payment not found" }
  const payment = outcome.payment ? (await serializeInStorePayments(req.scope, [outcome.payment]))[0] : undefined
  const refund = outcome.refund ? (await serializeInStoreRefunds(req.scope, [outcome.refund]))[0] : undefined
  res.status(outcome.http)
  if (String(req.headers.accept ?? "").includes("text/html")) {
    res.setHeader("content-type", "text/html; charset=utf-8")
    res.send(renderResultPage(outcome, payment))
    return
  }
  if (outcome.http === 200) {
    res.json({ ...(refund ? { in_store_refund: refund } : { in_store_payment: payment }), verdict: outcome.verdict })
    return
  }
  res.json({
    type: outcome.verdict === "unknown_transaction" ? "unknown_transaction" : ERROR_TYPES[outcome.http],
    message: outcome.message,
    ...(outcome.field ? { field: outcome.field } : {}),
    ...(outcome.verdict ? { verdict: outcome.verdict } : {}),
    ...(payment && !refund && outcome.http !== 401 && outcome.http !== 400 ? { in_store_payment: payment } : {}),
    ...(refund && outcome.http !== 401 && outcome.http !== 400 ? { in_store_refund: refund } : {}),
  })
}

export async function GET(req: MedusaRequest, res: MedusaResponse) {
  await receive(req, res, { ...(req.query as Record<string, unknown>) })
}

export async function POST(req: MedusaRequest, res: MedusaResponse) {
  const body = req.body && typeof req.body === "object" ? (req.body as Record<string, unknown>) : {}
  await receive(req, res, { ...(req.query as Record<string, unknown>), ...body })
}
