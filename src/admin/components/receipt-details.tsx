import { Button, Text } from "@medusajs/ui"
import { useLocaleText, formatDateTime } from "../lib/format"
import type { PaymentReceipt } from "../lib/types"
import { ReceiptStatusBadge } from "./status"
import { Field } from "./field"

// The store's register reports fiscal data as { fn, fd, fp, receipt_datetime, ofd_receipt_url }; a terminal's
// own register as fn, fd, fp, fiscal_time on the receipt itself. Both are shown the same way.
const pick = (receipt: PaymentReceipt, ...names: string[]): string | undefined => {
  for (const name of names) {
    const value = (receipt.fiscal as Record<string, unknown> | null | undefined)?.[name] ?? (receipt as any)[name]
    if (value !== undefined && value !== null && value !== "") return String(value)
  }
  return undefined
}

export function ReceiptDetails({
  receipt,
  onRetry,
  retrying,
  testIdPrefix = "in-store",
}: {
  receipt: PaymentReceipt
  onRetry?: () => void
  retrying?: boolean
  /** Keeps a refund's receipt apart from its payment's on the same card. */
  testIdPrefix?: string
}) {
  const { t, locale } = useLocaleText()
  const fn = pick(receipt, "fn", "fn_number")
  const fd = pick(receipt, "fd", "fiscal_document_number")
  const fp = pick(receipt, "fp", "fiscal_document_attribute")
  const time = pick(receipt, "receipt_datetime", "fiscal_time", "registered_at")
  const ofd = pick(receipt, "ofd_receipt_url")
  return (
    <div className="flex flex-col gap-y-2" data-testid={`${testIdPrefix}-receipt`}>
      <div className="flex items-center justify-between gap-x-2">
        <Text size="small" weight="plus">
          {t("inStore.widget.receipt")}
          {receipt.provider ? (
            <span className="text-ui-fg-subtle font-normal">
              {" · "}
              {t(`inStore.fiscal.providers.${receipt.provider}`, { defaultValue: receipt.provider })}
            </span>
          ) : null}
        </Text>
        <ReceiptStatusBadge status={receipt.status} testId={`${testIdPrefix}-receipt-status`} />
      </div>
      {fn || fd || fp ? (
        <div className="grid grid-cols-2 gap-x-4 gap-y-1" data-testid={`${testIdPrefix}-fiscal`}>
          <Field label={t("inStore.fiscal.fn")} value={fn} mono />
          <Field label={t("inStore.fiscal.fd")} value={fd} mono />
          <Field label={t("inStore.fiscal.fp")} value={fp} mono />
          <Field label={t("inStore.fiscal.time")} value={time ? formatDateTime(time, locale) : undefined} />
        </div>
      ) : null}
      {ofd ? (
        <a href={ofd} target="_blank" rel="noreferrer" className="text-ui-fg-interactive txt-compact-small">
          {t("inStore.fiscal.ofd")}
        </a>
      ) : null}
      {receipt.late ? (
        <Text size="small" className="text-ui-fg-error">
          {t("inStore.fiscal.late")}
        </Text>
      ) : null}
      {receipt.error ? (
        <Text size="small" className="text-ui-fg-error" data-testid={`${testIdPrefix}-receipt-error`}>
          {t("inStore.fiscal.error")}: {receipt.error.code !== undefined ? `${receipt.error.code} · ` : ""}
          {receipt.error.text}
        </Text>
      ) : null}
      {receipt.status === "failed" && receipt.id && onRetry ? (
        <div>
          <Button size="small" variant="secondary" onClick={onRetry} isLoading={retrying} data-testid={`${testIdPrefix}-receipt-retry`}>
            {t("inStore.widget.retry")}
          </Button>
        </div>
      ) : null}
    </div>
  )
}
