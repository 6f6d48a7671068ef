import { defineWidgetConfig } from "@medusajs/admin-sdk"
import { Container, Heading, Text } from "@medusajs/ui"
import type { AdminOrder, DetailWidgetProps } from "@medusajs/framework/types"
import { useQueryClient } from "@tanstack/react-query"
import { useEffect, useRef } from "react"
import { CollectForm } from "../components/collect-form"
import { CallbackEventRow } from "../components/callback-events"
import { PaidPayment } from "../components/paid-payment"
import { PendingPayment } from "../components/pending-payment"
import { RefundsSection } from "../components/refunds"
import { PickupSection } from "../components/pickup-section"
import { isRejected, PaymentStatusBadge } from "../components/status"
import { keys, useOrderDue, useOrderInStorePayments } from "../lib/api"
import { formatDateTime, formatMinor, toMinor, useLocaleText } from "../lib/format"
import type { InStorePayment } from "../lib/types"
import { cardPollInterval } from "../lib/poll"

// What changes the order itself: a payment closing, its capture in Medusa, and a refund recorded in Medusa.
const orderSignature = (p: InStorePayment) =>
  `${p.status}|${p.captured_at ?? ""}|${(p.refunds ?? []).map((r) => `${r.id}:${r.status}`).join(",")}`

const CollectInStoreWidget = ({ data }: DetailWidgetProps<AdminOrder>) => {
  const { t, locale } = useLocaleText()
  const queryClient = useQueryClient()
  const orderId = data.id
  const { data: order } = useOrderDue(orderId)
  const { data: payments = [], error } = useOrderInStorePayments(orderId, cardPollInterval)

  // When a payment is paid and captured, the order page's own sections (payments, totals) refresh too.
  const seen = useRef(new Map<string, string>())
  useEffect(() => {
    let changed = false
    for (const p of payments) {
      const before = seen.current.get(p.id)
      if (before && before !== orderSignature(p)) changed = true
      seen.current.set(p.id, orderSignature(p))
    }
    if (changed) {
      queryClient.invalidateQueries({ queryKey: ["orders"] })
      queryClient.invalidateQueries({ queryKey: keys.order(orderId) })
    }
  }, [payments, orderId, queryClient])

  const source = order ?? data
  const currency = source.currency_code
  const pendingDifference = Number((source as any).summary?.pending_difference ?? 0)
  // Paid on the terminal but not yet captured in Medusa: Medusa still counts it as owed; the seller must not.
  const registering = payments.filter((p) => p.status === "paid" && !p.captured_at)
  const registeringMinor = registering.reduce((sum, p) => sum + p.amount, 0)
  const owedMinor = currency ? Math.max(0, toMinor(pendingDifference, currency) - registeringMinor) : 0
  const canceled = source.status === "canceled" || Boolean((source as any).canceled_at)

  const pending = payments.find((p) => p.status === "pending")
  const lastPaid = payments.find((p) => p.status === "paid")
  const latest = payments[0]
  const shown = pending ?? lastPaid
  const lastClosed = !pending && latest && latest !== lastPaid && latest.status !== "paid" ? latest : undefined
  const rejected = payments.flatMap((p) =>
    (p.callback_events ?? []).filter((e) => isRejected(e.verdict)).map((event) => ({ event, payment: p }))
  )
  const earlier = payments.filter((p) => p !== shown && p !== lastClosed).slice(0, 5)
  const disabledReason = canceled
    ? t("inStore.widget.disabled.canceled")
    : owedMinor <= 0
      ? t("inStore.widget.disabled.nothingOwed")
      : undefined

  return (
    <Container className="divide-y p-0" data-testid="in-store-widget">
      <div className="flex items-center justify-between px-6 py-4">
        <Heading level="h2">{t("inStore.widget.title")}</Heading>
        {pending || latest ? <PaymentStatusBadge status={(pending ?? latest).status} /> : null}
      </div>

      <div className="flex items-center justify-between px-6 py-4">
        <Text size="small" className="text-ui-fg-subtle">
          {t("inStore.widget.owes")}
        </Text>
        <Text size="large" weight="plus" data-testid="in-store-owed" data-minor={owedMinor}>
          {currency ? formatMinor(owedMinor, currency, locale) : "—"}
        </Text>
      </div>

      {error ? (
        <div className="px-6 py-4">
          <Text size="small" className="text-ui-fg-error">
            {t("inStore.widget.loadError", { message: (error as Error).message })}
          </Text>
        </div>
      ) : null}

      {pending ? <PendingPayment payment={pending} orderId={orderId} /> : null}
      {!pending && lastPaid ? <PaidPayment payment={lastPaid} /> : null}

      {payments
        .filter((p) => p.status === "paid")
        .map((p) => (
          <RefundsSection key={p.id} payment={p} orderId={orderId} />
        ))}

      {lastClosed ? (
        <div className="flex flex-col gap-y-1 px-6 py-4" data-testid="in-store-last-closed">
          <Text size="small">
            {t(`inStore.status.${lastClosed.status}`)} · {formatMinor(lastClosed.amount, lastClosed.currency_code, locale)}
          </Text>
          {lastClosed.result?.message ? (
            <Text size="xsmall" className="text-ui-fg-subtle">
              {lastClosed.result.message}
            </Text>
          ) : null}
        </div>
      ) : null}

      {!pending && !(registering.length && owedMinor <= 0) ? (
        <CollectForm orderId={orderId} disabledReason={disabledReason} again={Boolean(latest)} />
      ) : null}

      <PickupSection orderId={orderId} />

      {rejected.length ? (
        <div className="flex flex-col gap-y-2 px-6 py-4" data-testid="in-store-rejected">
          <Text size="small" weight="plus" className="text-ui-fg-error">
            {t("inStore.widget.rejectedTitle")}
          </Text>
          <Text size="xsmall" className="text-ui-fg-subtle">
            {t("inStore.widget.rejectedHint")}
          </Text>
          <ul className="flex flex-col gap-y-3">
            {rejected.map(({ event, payment }) => (
              <CallbackEventRow key={event.id} event={event} payment={payment} />
            ))}
          </ul>
        </div>
      ) : null}

      {earlier.length ? (
        <div className="flex flex-col gap-y-1 px-6 py-4">
          <Text size="small" weight="plus">
            {t("inStore.widget.earlier")}
          </Text>
          {earlier.map((p) => (
            <div key={p.id} className="flex items-center justify-between gap-x-2">
              <Text size="xsmall" className="text-ui-fg-subtle">
                {formatDateTime(p.created_at, locale)} · {formatMinor(p.amount, p.currency_code, locale)}
              </Text>
              <Text size="xsmall">{t(`inStore.status.${p.status}`)}</Text>
            </div>
          ))}
        </div>
      ) : null}
    </Container>
  )
}

export const config = defineWidgetConfig({
  zone: "order.details.side",
  id: "medusa-in-store-payment:collect-in-store",
})

export default CollectInStoreWidget
