import { ArrowUpRightOnBox } from "@medusajs/icons"
import { Button, Copy, Text, toast, usePrompt } from "@medusajs/ui"
import { useQueryClient } from "@tanstack/react-query"
import { useState } from "react"
import { keys, useCancelRefund, useRefundQr, useRetryFiscalReceipt } from "../lib/api"
import { formatDateTime, formatMinor, formatTime, useLocaleText } from "../lib/format"
import { waitsOnTerminal } from "../lib/refund-state"
import type { InStorePayment, InStoreRefund, PaymentReceipt } from "../lib/types"
import { Countdown } from "./pending-payment"
import { QrOverlay } from "./qr"
import { ReceiptDetails } from "./receipt-details"
import { RefundForm } from "./refund-form"
import { RefundStatusBadge } from "./status"

/**
 * "Mug × 1, Shipping × 1": what a refund returns money for, in one line. Money returned with no goods spreads over
 * the lines as fractional quantities, so it says so first ("Amount only… · Mug × 0.167").
 */
export function useRefundLinesSummary(refund: InStoreRefund): string {
  const { t } = useLocaleText()
  const lines = refund.lines.map((line) => `${line.title} × ${line.quantity}`).join(", ")
  const amountOnly = refund.basis === "amount" || refund.lines.some((line) => !Number.isInteger(line.quantity))
  return amountOnly ? [t("inStore.refunds.amountOnlyLine"), lines].filter(Boolean).join(" · ") : lines || t("inStore.refunds.amountOnlyLine")
}

// The backend reports an error as text or as { code, message }; the seller reads it as one line.
const errorText = (error: InStoreRefund["error"]): string | null => {
  if (!error) return null
  if (typeof error === "string") return error
  return [error.code, error.message ?? error.text].filter((x) => x !== undefined && x !== null && x !== "").join(" · ")
}

/** The Refunds part of a paid payment on the card: the Refund action, a pending refund's link, and every refund. */
export function RefundsSection({ payment, orderId }: { payment: InStorePayment; orderId: string }) {
  const { t, locale } = useLocaleText()
  const queryClient = useQueryClient()
  const [formOpen, setFormOpen] = useState(false)
  const openForm = () => {
    // The card stops polling once all is final; a return made in Medusa since then must still be offered.
    queryClient.invalidateQueries({ queryKey: keys.orderPayments(orderId) })
    setFormOpen(true)
  }
  const refunds = payment.refunds ?? []
  const options = payment.refund_options ?? null
  // Only a terminal's refund waits on a link; an acquirer's pending one is being recorded and shows as a row.
  const pending = refunds.find(waitsOnTerminal)
  // Nothing to show before the payment is captured in Medusa and while it has no refunds.
  if (!refunds.length && !options) return null
  const canRefund = Boolean(options && options.refundable_amount > 0 && !refunds.some((r) => r.status === "pending"))

  return (
    <div className="flex flex-col gap-y-3 px-6 py-4" data-testid="in-store-refunds" data-payment-id={payment.id}>
      <div className="flex items-center justify-between gap-x-2">
        <div className="flex flex-col">
          <Text size="small" weight="plus">
            {t("inStore.refunds.title")}
          </Text>
          {options ? (
            <Text size="xsmall" className="text-ui-fg-subtle" data-testid="in-store-refundable" data-minor={options.refundable_amount}>
              {options.refundable_amount > 0
                ? t("inStore.refunds.refundable", { amount: formatMinor(options.refundable_amount, payment.currency_code, locale) })
                : t("inStore.refunds.nothingRefundable")}
            </Text>
          ) : null}
        </div>
        {canRefund ? (
          <Button size="small" variant="secondary" onClick={openForm} data-testid="in-store-refund">
            {t("inStore.refunds.refund")}
          </Button>
        ) : null}
      </div>

      {pending ? <PendingRefund refund={pending} orderId={orderId} /> : null}

      {refunds
        .filter((r) => r !== pending)
        .map((refund) => (
          <RefundRow key={refund.id} refund={refund} />
        ))}

      {options ? <RefundForm open={formOpen} onOpenChange={setFormOpen} payment={payment} options={options} orderId={orderId} /> : null}
    </div>
  )
}

/** One refund as a line of the card (or of the payments page's drawer). */
export function RefundRow({ refund }: { refund: InStoreRefund }) {
  const { t, locale } = useLocaleText()
  const retry = useRetryFiscalReceipt()
  const summary = useRefundLinesSummary(refund)
  const error = errorText(refund.error)
  const onRetry = () =>
    refund.receipt?.id &&
    retry.mutate(refund.receipt.id, {
      onSuccess: () => toast.success(t("inStore.widget.retried")),
      onError: (e) => toast.error((e as Error).message),
    })
  // The terminal's own register printed the refund receipt: shown like a store receipt that is done.
  const terminalReceipt: PaymentReceipt | null = refund.terminal_receipt
    ? { status: "done", provider: "terminal", ...refund.terminal_receipt }
    : null

  return (
    <div
      className="bg-ui-bg-subtle flex flex-col gap-y-2 rounded-lg px-3 py-2"
      data-testid="in-store-refund-row"
      data-refund-id={refund.id}
      data-status={refund.status}
    >
      <div className="flex items-center justify-between gap-x-2">
        <Text size="small" weight="plus" data-testid="in-store-refund-amount" data-minor={refund.amount}>
          −{formatMinor(refund.amount, refund.currency_code, locale)}
        </Text>
        <RefundStatusBadge refund={refund} />
      </div>
      <Text size="xsmall" className="text-ui-fg-subtle">
        {formatDateTime(refund.created_at, locale)}
        {refund.via === "acquirer" ? ` · ${t("inStore.refunds.viaAcquirer")}` : ""}
      </Text>
      <Text size="xsmall" data-testid="in-store-refund-lines">
        {summary}
      </Text>
      {refund.note ? (
        <Text size="xsmall" className="text-ui-fg-subtle">
          {refund.note}
        </Text>
      ) : null}
      {refund.transaction_id ? (
        <Text size="xsmall" className="text-ui-fg-subtle font-mono" data-testid="in-store-refund-transaction">
          {t("inStore.widget.transaction")}: {refund.transaction_id}
        </Text>
      ) : null}
      {error ? (
        <Text size="xsmall" className="text-ui-fg-error" data-testid="in-store-refund-error">
          {error}
        </Text>
      ) : null}
      {refund.receipt ? (
        <ReceiptDetails receipt={refund.receipt} onRetry={onRetry} retrying={retry.isPending} testIdPrefix="in-store-refund" />
      ) : terminalReceipt ? (
        <ReceiptDetails receipt={terminalReceipt} testIdPrefix="in-store-refund" />
      ) : null}
    </div>
  )
}

/** A refund waiting for the terminal: its QR and link, the time left, and Cancel. */
function PendingRefund({ refund, orderId }: { refund: InStoreRefund; orderId: string }) {
  const { t, locale } = useLocaleText()
  const prompt = usePrompt()
  const cancel = useCancelRefund(orderId)
  const [large, setLarge] = useState(false)
  const qrPayload = refund.qr?.payload ?? refund.qr_url ?? null
  const qrImage = useRefundQr(refund.id, Boolean(qrPayload))
  // An <img> of the server's SVG: shown as a picture, never run as markup in the admin page.
  const qrSrc = qrImage.data ? `data:image/svg+xml;charset=utf-8,${encodeURIComponent(qrImage.data)}` : undefined
  const amount = formatMinor(refund.amount, refund.currency_code, locale)
  const summary = useRefundLinesSummary(refund)

  const onCancel = async () => {
    const confirmed = await prompt({
      title: t("inStore.refunds.cancelConfirmTitle"),
      description: t("inStore.refunds.cancelConfirmText"),
      confirmText: t("inStore.refunds.cancel"),
      cancelText: t("inStore.widget.keep"),
    })
    if (confirmed) cancel.mutate(refund.id, { onError: (e) => toast.error((e as Error).message) })
  }

  return (
    <div className="flex flex-col gap-y-3" data-testid="in-store-refund-pending" data-refund-id={refund.id}>
      <div className="flex items-baseline justify-between gap-x-2">
        <Text size="large" weight="plus" data-testid="in-store-refund-amount" data-minor={refund.amount}>
          −{amount}
        </Text>
        <RefundStatusBadge refund={refund} />
      </div>
      <Text size="xsmall" data-testid="in-store-refund-lines">
        {summary}
      </Text>

      {qrPayload && !qrImage.isError ? (
        <button
          type="button"
          onClick={() => setLarge(true)}
          disabled={!qrSrc}
          title={t("inStore.widget.showLargeQr")}
          className="mx-auto block w-full cursor-zoom-in rounded-lg bg-white p-3 shadow-elevation-card-rest"
          data-testid="in-store-refund-qr"
          data-qr-payload={qrPayload}
        >
          {qrSrc ? (
            <img src={qrSrc} alt={t("inStore.refunds.qrAlt")} className="aspect-square w-full" />
          ) : (
            <div className="bg-ui-bg-component aspect-square w-full animate-pulse rounded" />
          )}
        </button>
      ) : null}
      <Text size="xsmall" className="text-ui-fg-subtle text-center">
        {t("inStore.refunds.scanHint")}
      </Text>

      {refund.refund_link ? (
        <div className="flex gap-x-2">
          <Button asChild className="flex-1">
            <a href={refund.refund_link} data-testid="in-store-refund-link">
              <ArrowUpRightOnBox />
              {t("inStore.widget.openInApp")}
            </a>
          </Button>
          <Button variant="secondary" asChild>
            <Copy content={refund.refund_link} title={t("inStore.widget.copyLink")} data-testid="in-store-refund-copy-link" />
          </Button>
        </div>
      ) : null}

      <div className="flex items-center justify-between gap-x-2">
        <Text size="xsmall" className="text-ui-fg-subtle" data-testid="in-store-refund-waiting">
          <span className="bg-ui-tag-orange-icon mr-2 inline-block h-2 w-2 animate-pulse rounded-full align-middle" />
          {t("inStore.refunds.waiting")}
        </Text>
        <span className="shrink-0 whitespace-nowrap" title={refund.expires_at ? t("inStore.widget.validUntil", { time: formatTime(refund.expires_at, locale) }) : undefined}>
          <Countdown until={refund.expires_at} testId="in-store-refund-countdown" />
        </span>
      </div>
      <Button size="small" variant="secondary" onClick={onCancel} isLoading={cancel.isPending} data-testid="in-store-refund-cancel">
        {t("inStore.refunds.cancel")}
      </Button>

      {large && qrSrc ? (
        <QrOverlay imageUrl={qrSrc} caption={`−${amount}`} closeLabel={t("inStore.widget.closeQr")} onClose={() => setLarge(false)} />
      ) : null}
    </div>
  )
}
