import type { TerminalResultOutcome } from "./handle-terminal-result"

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!)

/** The short page a browser sees when a terminal app switches back to it (Accept: text/html). */
export function renderResultPage(outcome: TerminalResultOutcome, payment?: { status: string; display_id?: string | null }) {
  const ok = outcome.http === 200
  const title = ok
    ? payment?.status === "paid"
      ? "Оплачено / Paid"
      : `Статус / Status: ${payment?.status ?? "—"}`
    : "Платёж не принят / Payment not accepted"
  const detail = ok ? `Заказ / Order #${payment?.display_id ?? ""}` : outcome.message ?? ""
  return `<!doctype html><html lang="ru"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escape(title)}</title>
<style>body{font-family:system-ui,sans-serif;display:grid;place-items:center;min-height:90vh;margin:0}main{text-align:center}h1{color:${ok ? "#15803d" : "#b91c1c"}}</style></head>
<body><main><h1>${escape(title)}</h1><p>${escape(detail)}</p><p data-http-status="${outcome.http}">${outcome.http}${outcome.verdict ? ` · ${escape(outcome.verdict)}` : ""}</p></main></body></html>`
}
