import { Text, toast } from "@medusajs/ui"
import { useRetryFiscalReceipt } from "../lib/api"
import { formatDateTime, formatMinor, useLocaleText } from "../lib/format"
import type { InStorePayment } from "../lib/types"
import { Field } from "./field"
import { ReceiptDetails } from "./receipt-details"

export function PaidPayment({ payment }: { payment: InStorePayment }) {
  const { t, locale } = useLocaleText()
  const retry = useRetryFiscalReceipt()
  const result = payment.result ?? {}
  const onRetry = () =>
    payment.receipt?.id &&
    retry.mutate(payment.receipt.id, {
      onSuccess: () => toast.success(t("inStore.widget.retried")),
      onError: (e) => toast.error((e as Error).message),
    })

  return (
    <div className="flex flex-col gap-y-4 px-6 py-4" data-testid="in-store-paid" data-payment-id={payment.id}>
      {!payment.captured_at ? (
        <div className="flex flex-col gap-y-1" data-testid="in-store-registering">
          <Text size="small" weight="plus">
            {t("inStore.widget.registering")}
          </Text>
          {payment.capture_error ? (
            <Text size="xsmall" className="text-ui-fg-error" data-testid="in-store-capture-error">
              {t("inStore.widget.registeringFailed", { message: payment.capture_error })}
            </Text>
          ) : null}
        </div>
      ) : null}
      <div className="grid grid-cols-2 gap-x-4 gap-y-2">
        <Field label={t("inStore.widget.amount")} value={formatMinor(payment.amount, payment.currency_code, locale)} />
        <Field label={t("inStore.widget.paidAt")} value={formatDateTime(payment.paid_at, locale)} testId="in-store-paid-at" />
        <Field label={t("inStore.widget.transaction")} value={payment.transaction_id} mono testId="in-store-transaction" />
        <Field label={t("inStore.widget.card")} value={result.card_mask} mono testId="in-store-card" />
        {result.rrn ? <Field label={t("inStore.widget.rrn")} value={result.rrn} mono /> : null}
        {result.auth_code ? <Field label={t("inStore.widget.authCode")} value={result.auth_code} mono /> : null}
      </div>
      {payment.receipt ? (
        <ReceiptDetails receipt={payment.receipt} onRetry={onRetry} retrying={retry.isPending} />
      ) : payment.receipt_by === "none" ? (
        <Text size="small" className="text-ui-fg-subtle">
          {t("inStore.widget.noReceipt")}
        </Text>
      ) : null}
    </div>
  )
}
