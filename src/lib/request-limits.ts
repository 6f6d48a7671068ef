import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { recordTooLargeRequest } from "./callback-events"

/**
 * Sizes the public callback routes accept. A result the protocol allows (15 parameters of at most 256
 * characters) takes at most about 30 KB even with every character percent-encoded; realistic ones under 1 KB.
 */
export const TERMINAL_RESULT_LIMITS = { bodyBytes: 32 * 1024, queryBytes: 8 * 1024 }
/** ATOL's callback body is only a hint (the report is fetched from ATOL), and is a few KB. */
export const ATOL_CALLBACK_LIMITS = { bodyBytes: 64 * 1024 }

/** Byte length of the raw (still encoded) query string. */
export function queryBytes(url: string): number {
  const start = url.indexOf("?")
  return start < 0 ? 0 : Buffer.byteLength(url.slice(start + 1), "utf8")
}

/**
 * 413 before anything is parsed or stored: a query string over the limit, or a declared body over the limit of a
 * type the body parser does not read (JSON, form and text bodies over the limit never get here: Medusa's
 * parser answers 413 itself). Kept as an aggregated `too_large` event when the path names a known payment.
 */
export async function refuseOversizedTerminalResult(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  const limits = TERMINAL_RESULT_LIMITS
  const query = queryBytes(req.originalUrl ?? req.url)
  const declared = Number(req.headers["content-length"] ?? 0)
  const what =
    query > limits.queryBytes
      ? `query string of ${query} bytes (at most ${limits.queryBytes})`
      : declared > limits.bodyBytes
        ? `body of ${declared} bytes (at most ${limits.bodyBytes})`
        : null
  if (!what) return next()
  await recordTooLargeRequest(req.scope, req.params.id, `Refused unread: ${what}`)
  res.status(413).json({ type: "payload_too_large", message: `The request is too large: ${what}` })
}

/**
 * 400 for a path Express cannot decode (`/hooks/in-store/%E0`): its own decoding of `:id` throws an error
 * Medusa's handler turns into a 500. Mounted without params, so it runs before that decoding.
 */
export function refuseUndecodablePath(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  const path = (req.originalUrl ?? req.url).split("?")[0]
  try {
    path.split("/").forEach((segment) => decodeURIComponent(segment))
  } catch {
    res.status(400).json({ type: "invalid_data", message: "The path is not valid percent-encoded UTF-8" })
    return
  }
  next()
}
