import { StatusBadge } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import { waitsOnTerminal } from "../lib/refund-state"
import type { InStoreRefund, InStoreStatus, ReceiptStatus, RefundStatus, Verdict } from "../lib/types"

const PAYMENT_COLORS: Record<InStoreStatus, "green" | "red" | "orange" | "grey"> = {
  pending: "orange",
  paid: "green",
  failed: "red",
  canceled: "grey",
  expired: "grey",
}

const RECEIPT_COLORS: Record<ReceiptStatus, "green" | "red" | "orange" | "blue"> = {
  pending: "orange",
  sent: "blue",
  done: "green",
  failed: "red",
}

export function PaymentStatusBadge({ status }: { status: InStoreStatus }) {
  const { t } = useTranslation()
  return (
    <StatusBadge color={PAYMENT_COLORS[status] ?? "grey"} data-testid="in-store-status" data-status={status}>
      {t(`inStore.status.${status}`, { defaultValue: status })}
    </StatusBadge>
  )
}

const REFUND_COLORS: Record<RefundStatus, "green" | "red" | "orange" | "blue" | "grey"> = {
  pending: "orange",
  confirmed: "blue",
  done: "green",
  failed: "red",
  canceled: "grey",
  expired: "grey",
}

/** A refund's state; a pending refund that waits for no terminal (an acquirer's) is labelled as being recorded. */
export function RefundStatusBadge({ refund }: { refund: Pick<InStoreRefund, "status" | "via"> }) {
  const { t } = useTranslation()
  const { status } = refund
  const label = status === "pending" && !waitsOnTerminal(refund) ? "recording" : status
  return (
    <StatusBadge color={REFUND_COLORS[status] ?? "grey"} data-testid="in-store-refund-status" data-status={status} data-label={label}>
      {t(`inStore.refundStatus.${label}`, { defaultValue: status })}
    </StatusBadge>
  )
}

export function ReceiptStatusBadge({ status, testId = "in-store-receipt-status" }: { status: ReceiptStatus; testId?: string }) {
  const { t } = useTranslation()
  return (
    <StatusBadge color={RECEIPT_COLORS[status] ?? "grey"} data-testid={testId} data-status={status}>
      {t(`inStore.receiptStatus.${status}`, { defaultValue: status })}
    </StatusBadge>
  )
}

export function VerdictText({ verdict }: { verdict: Verdict }) {
  const { t } = useTranslation()
  return <>{t(`inStore.verdict.${verdict}`, { defaultValue: verdict })}</>
}

/** Verdicts the seller must see: the result was refused, so money may have moved without the order knowing. */
export const isRejected = (verdict: Verdict) => verdict !== "accepted" && verdict !== "duplicate"
