import { Text } from "@medusajs/ui"
import { formatDateTime, formatMinor, useLocaleText } from "../lib/format"
import type { CallbackEvent, InStorePayment } from "../lib/types"
import { VerdictText } from "./status"

/** Unsigned requests are kept as one row a minute with a count (see the API's serializeCallbackEvent). */
type ReceivedEvent = CallbackEvent & { repeat_count?: number; last_received_at?: string | null }

/** One received result: verdict, time, and — for a wrong amount — what was sent against what was due. */
export function CallbackEventRow({ event, payment }: { event: ReceivedEvent; payment: InStorePayment }) {
  const { t, locale } = useLocaleText()
  const repeats = event.repeat_count ?? 1
  const sent = Number(event.params?.amount)
  const currency = event.params?.currency || payment.currency_code
  // A refund result is due the refund's amount, not the payment's.
  const isRefund = event.params?.op === "refund"
  const refund = isRefund ? payment.refunds?.find((r) => r.id === event.params?.refund_id) : undefined
  const due = isRefund ? refund : payment
  const mismatch =
    event.verdict === "amount_mismatch" && Number.isFinite(sent) && due
      ? t("inStore.widget.sentAmount", {
          sent: safeMoney(sent, currency, locale),
          expected: formatMinor(due.amount, due.currency_code, locale),
        })
      : null
  return (
    <li
      className="flex flex-col gap-y-0.5"
      data-testid="in-store-callback-event"
      data-verdict={event.verdict}
      data-op={isRefund ? "refund" : "payment"}
    >
      <div className="flex items-center justify-between gap-x-2">
        <Text size="small" weight="plus">
          {isRefund ? <span className="text-ui-fg-subtle font-normal">{t("inStore.widget.refundResult")} · </span> : null}
          <VerdictText verdict={event.verdict} />
          <span className="text-ui-fg-muted font-normal"> · HTTP {event.http_status}</span>
          {repeats > 1 ? (
            <span
              className="text-ui-fg-muted font-normal"
              data-testid="in-store-callback-event-repeats"
              title={t("inStore.widget.repeatsTitle", {
                count: repeats,
                time: formatDateTime(event.last_received_at ?? event.received_at, locale),
              })}
            >
              {" "}
              {t("inStore.widget.repeats", { count: repeats })}
            </span>
          ) : null}
        </Text>
        <Text size="xsmall" className="text-ui-fg-subtle">
          {formatDateTime(event.received_at, locale)}
        </Text>
      </div>
      {mismatch ? <Text size="small">{mismatch}</Text> : null}
      {event.params?.txn ? (
        <Text size="xsmall" className="text-ui-fg-subtle font-mono">
          txn {event.params.txn}
          {event.params.card_mask ? ` · ${event.params.card_mask}` : ""}
        </Text>
      ) : null}
      {event.message ? (
        <Text size="xsmall" className="text-ui-fg-subtle">
          {event.message}
        </Text>
      ) : null}
    </li>
  )
}

function safeMoney(minor: number, currency: string, locale: string) {
  try {
    return formatMinor(minor, currency, locale)
  } catch {
    return `${minor} ${currency}`
  }
}
