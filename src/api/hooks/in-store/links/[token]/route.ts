import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { terminalAdapterFor } from "../../../../../adapters/terminals"
import { currencyExponent, fromMinorUnits, LINK_TOKEN_PATTERN, parseRefundLink, shortLinkState } from "../../../../../domain"
import { IN_STORE_MODULE } from "../../../../../modules/in-store"
import type InStoreModuleService from "../../../../../modules/in-store/service"

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!)

function page(title: string, body: string): string {
  return `<!doctype html><html lang="ru"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${escape(title)}</title>
<style>body{font-family:system-ui,sans-serif;display:grid;place-items:center;min-height:90vh;margin:0}main{text-align:center;padding:1rem}a.open{display:inline-block;padding:1rem 1.5rem;border-radius:.5rem;background:#111827;color:#fff;font-size:1.25rem;text-decoration:none}</style></head>
<body><main>${body}</main></body></html>`
}

/**
 * docs/protocol.md §1.2: what the QR points at. A terminal app (JSON) gets the full signed link and its order; a
 * browser (a camera app opened the QR) gets a page that opens the terminal app with the full link.
 */
export async function GET(req: MedusaRequest, res: MedusaResponse) {
  const wantsHtml = req.accepts(["application/json", "text/html"]) === "text/html"
  // It hands out a signed link that dies on payment: never cached, never leaked onward.
  res.setHeader("cache-control", "no-store")
  res.setHeader("referrer-policy", "no-referrer")
  res.setHeader("vary", "Accept")

  const token = req.params.token
  const inStore: InStoreModuleService = req.scope.resolve(IN_STORE_MODULE)
  const [payment] = LINK_TOKEN_PATTERN.test(token) ? await inStore.listInStorePayments({ link_token: token }) : []
  if (!payment) {
    const [refund] = LINK_TOKEN_PATTERN.test(token) ? await inStore.listInStoreRefunds({ link_token: token }) : []
    if (refund) return answerRefund(res, wantsHtml, refund)
    return answer(res, wantsHtml, 404, { type: "not_found", message: "Unknown pay link" })
  }
  const terminal = inStore.getTerminalApp(payment.terminal_id)
  const state = shortLinkState(payment, Date.now())
  if (!state.usable || !terminal) {
    const gone = state.usable
      ? { reason: "terminal_removed", message: `Terminal "${payment.terminal_id}" is no longer configured` }
      : { reason: state.reason, message: state.message }
    return answer(res, wantsHtml, 410, { type: "gone", ...gone, payment_id: payment.id })
  }

  if (wantsHtml) {
    const amount = `${fromMinorUnits(Number(payment.amount), currencyExponent(payment.currency_code))} ${payment.currency_code}`
    const title = `Заказ / Order #${payment.display_id ?? ""}`
    res.status(200).setHeader("content-type", "text/html; charset=utf-8")
    res.send(
      page(
        title,
        `<h1>${escape(title)}</h1><p data-amount="${Number(payment.amount)}">${escape(amount)}</p>` +
          `<p><a class="open" id="open" data-testid="open-in-terminal" href="${escape(payment.pay_link)}">Открыть в приложении терминала / Open in terminal app</a></p>` +
          // One attempt on load; the button stays for browsers that want a tap before leaving for an app.
          `<script>location.href=document.getElementById("open").href</script>`
      )
    )
    return
  }
  const signed = terminalAdapterFor(terminal).readLink(payment.pay_link)
  res.status(200).json({
    payment_id: payment.id,
    pay_link: payment.pay_link,
    order: signed.order,
    callback: signed.callback_url,
    sig: signed.sig,
    expires_at: new Date(payment.expires_at).toISOString(),
  })
}

/** protocol §6.1: a refund's short URL answers like a payment's, with the signed refund link. */
function answerRefund(res: MedusaResponse, html: boolean, refund: any) {
  const expired = new Date(refund.expires_at).getTime() <= Date.now()
  if (refund.status !== "pending" || expired) {
    const reason = refund.status === "pending" ? "expired" : refund.status
    return answer(res, html, 410, { type: "gone", reason, message: `Refund ${refund.id} is ${reason}`, refund_id: refund.id })
  }
  if (html) {
    const title = `Возврат / Refund ${refund.id}`
    res.status(200).setHeader("content-type", "text/html; charset=utf-8")
    res.send(
      page(
        title,
        `<h1>${escape(title)}</h1><p data-amount="${Number(refund.amount)}">${escape(`${fromMinorUnits(Number(refund.amount), currencyExponent(refund.currency_code))} ${refund.currency_code}`)}</p>` +
          `<p><a class="open" id="open" data-testid="open-in-terminal" href="${escape(refund.refund_link)}">Открыть в приложении терминала / Open in terminal app</a></p>` +
          `<script>location.href=document.getElementById("open").href</script>`
      )
    )
    return
  }
  const signed = parseRefundLink(refund.refund_link)
  res.status(200).json({
    refund_id: refund.id,
    payment_id: refund.in_store_payment_id,
    refund_link: refund.refund_link,
    refund: signed.refund,
    callback: signed.callbackUrl,
    sig: signed.sig,
    expires_at: new Date(refund.expires_at).toISOString(),
  })
}

function answer(res: MedusaResponse, html: boolean, status: 404 | 410, body: { type: string; message: string; reason?: string; payment_id?: string; refund_id?: string }) {
  res.status(status)
  if (!html) {
    res.json(body)
    return
  }
  const title = status === 404 ? "Ссылка не найдена / Unknown pay link" : "Ссылка больше не действует / This pay link is no longer valid"
  res.setHeader("content-type", "text/html; charset=utf-8")
  res.send(page(title, `<h1>${escape(title)}</h1><p data-reason="${escape(body.reason ?? body.type)}">${escape(body.message)}</p>`))
}
