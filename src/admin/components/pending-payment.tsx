import { ArrowUpRightOnBox } from "@medusajs/icons"
import { Button, Copy, Text, usePrompt } from "@medusajs/ui"
import { useEffect, useState } from "react"
import { useCancelInStorePayment, usePaymentQr } from "../lib/api"
import { formatMinor, formatTime, useLocaleText } from "../lib/format"
import type { InStorePayment } from "../lib/types"
import { QrOverlay } from "./qr"

export function PendingPayment({ payment, orderId }: { payment: InStorePayment; orderId: string }) {
  const { t, locale } = useLocaleText()
  const prompt = usePrompt()
  const cancel = useCancelInStorePayment(orderId)
  const [large, setLarge] = useState(false)
  // The list the card polls carries only the QR's payload; its image is drawn by the server once.
  const qrImage = usePaymentQr(payment.id, Boolean(payment.qr))
  const svg = qrImage.data?.svg

  const onCancel = async () => {
    const confirmed = await prompt({
      title: t("inStore.widget.cancelConfirmTitle"),
      description: t("inStore.widget.cancelConfirmText"),
      confirmText: t("inStore.widget.cancelConfirm"),
      cancelText: t("inStore.widget.keep"),
    })
    if (confirmed) cancel.mutate(payment.id)
  }

  return (
    <div className="flex flex-col gap-y-4 px-6 py-4" data-testid="in-store-pending" data-payment-id={payment.id}>
      <div className="flex items-baseline justify-between">
        <Text size="small" className="text-ui-fg-subtle">
          {t("inStore.widget.amount")}
        </Text>
        <Text size="xlarge" weight="plus" data-testid="in-store-amount" data-minor={payment.amount}>
          {formatMinor(payment.amount, payment.currency_code, locale)}
        </Text>
      </div>

      {payment.acquirer ? (
        <div className="flex items-center justify-between" data-testid="in-store-acquirer" data-acquirer={payment.acquirer}>
          <Text size="small" weight="plus">
            {t("inStore.widget.sbpVia", { acquirer: t(`inStore.acquirers.${payment.acquirer}`) })}
          </Text>
          <Countdown until={payment.expires_at} />
        </div>
      ) : null}

      {payment.qr && !qrImage.isError ? (
        <button
          type="button"
          onClick={() => setLarge(true)}
          disabled={!svg}
          title={t("inStore.widget.showLargeQr")}
          className="mx-auto block w-full cursor-zoom-in rounded-lg bg-white p-3 shadow-elevation-card-rest"
          data-testid="in-store-qr"
          data-qr-version={payment.qr.version}
          data-qr-payload={payment.qr.payload}
        >
          {svg ? (
            <div className="aspect-square w-full [&>svg]:h-full [&>svg]:w-full" data-testid="in-store-qr-svg" dangerouslySetInnerHTML={{ __html: svg }} />
          ) : (
            <div className="bg-ui-bg-component aspect-square w-full animate-pulse rounded" />
          )}
        </button>
      ) : null}
      <Text size="xsmall" className="text-ui-fg-subtle text-center">
        {t(payment.acquirer ? "inStore.widget.sbpScanHint" : "inStore.widget.scanHint")}
      </Text>

      {payment.pay_link ? (
        <div className="flex gap-x-2">
          {/* An SBP QR is for the customer's phone: nothing to open on the seller's device, only to copy and send. */}
          {!payment.acquirer ? (
            <Button asChild className="flex-1">
              <a href={payment.pay_link} data-testid="in-store-pay-link">
                <ArrowUpRightOnBox />
                {t("inStore.widget.openInApp")}
              </a>
            </Button>
          ) : null}
          <Button variant="secondary" asChild>
            <Copy content={payment.pay_link} title={t("inStore.widget.copyLink")} data-testid="in-store-copy-link" />
          </Button>
        </div>
      ) : null}

      <div className="flex items-center justify-between gap-x-2">
        <Text size="xsmall" className="text-ui-fg-subtle" data-testid="in-store-waiting">
          <span className="bg-ui-tag-orange-icon mr-2 inline-block h-2 w-2 animate-pulse rounded-full align-middle" />
          {t(payment.acquirer ? "inStore.widget.sbpWaiting" : "inStore.widget.waiting")}
          {payment.expires_at ? ` · ${t("inStore.widget.validUntil", { time: formatTime(payment.expires_at, locale) })}` : ""}
        </Text>
        <Button size="small" variant="secondary" className="shrink-0 whitespace-nowrap" onClick={onCancel} isLoading={cancel.isPending} data-testid="in-store-cancel">
          {t("inStore.widget.cancel")}
        </Button>
      </div>

      {large && svg ? (
        <QrOverlay
          svg={svg}
          caption={formatMinor(payment.amount, payment.currency_code, locale)}
          closeLabel={t("inStore.widget.closeQr")}
          onClose={() => setLarge(false)}
        />
      ) : null}
    </div>
  )
}

/** Time left on a link or QR, ticking every second: the store refuses its result after it. */
export function Countdown({ until, testId = "in-store-countdown" }: { until: string | null; testId?: string }) {
  const { t } = useLocaleText()
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(timer)
  }, [])
  if (!until) return null
  const left = Math.max(0, Math.round((new Date(until).getTime() - now) / 1000))
  const text = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, "0")}`
  return (
    <Text size="small" className={left < 60 ? "text-ui-fg-error" : "text-ui-fg-subtle"} data-testid={testId} data-seconds={left}>
      {t("inStore.widget.expiresIn", { time: text })}
    </Text>
  )
}
