import { defineRouteConfig } from "@medusajs/admin-sdk"
import { CreditCard } from "@medusajs/icons"
import { Container, Drawer, Heading, Table, Text } from "@medusajs/ui"
import { Link, useSearchParams } from "react-router-dom"
import { CallbackEventRow } from "../../components/callback-events"
import { Field } from "../../components/field"
import { FilterSelect } from "../../components/filters"
import { Pager } from "../../components/pager"
import { ReceiptDetails } from "../../components/receipt-details"
import { RefundRow } from "../../components/refunds"
import { PaymentStatusBadge, ReceiptStatusBadge, RefundStatusBadge } from "../../components/status"
import { useInStorePayment, useInStorePayments, useTerminals } from "../../lib/api"
import { formatDateTime, formatMinor, useLocaleText } from "../../lib/format"
import type { InStoreRefund, InStoreStatus } from "../../lib/types"

const STATUSES: InStoreStatus[] = ["pending", "paid", "failed", "canceled", "expired"]
const LIMIT = 20

const InStorePaymentsPage = () => {
  const { t, locale } = useLocaleText()
  const [params, setParams] = useSearchParams()
  const status = params.get("status") ?? undefined
  const terminalId = params.get("terminal_id") ?? undefined
  const offset = Number(params.get("offset") ?? 0) || 0
  const selected = params.get("id")
  const { data, isLoading, error } = useInStorePayments({ status, terminal_id: terminalId, limit: LIMIT, offset })
  const { data: terminalData } = useTerminals()

  const update = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params)
    for (const [k, v] of Object.entries(changes)) v === undefined ? next.delete(k) : next.set(k, v)
    setParams(next, { replace: true })
  }

  return (
    <Container className="divide-y p-0" data-testid="in-store-payments-page">
      <div className="flex flex-wrap items-center justify-between gap-4 px-6 py-4">
        <div>
          <Heading>{t("inStore.payments.title")}</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            {t("inStore.payments.subtitle")}
          </Text>
        </div>
        <div className="flex gap-x-2">
          <FilterSelect
            value={status}
            onChange={(v) => update({ status: v, offset: undefined })}
            allLabel={t("inStore.payments.allStatuses")}
            options={STATUSES.map((s) => ({ value: s, label: t(`inStore.status.${s}`) }))}
            testId="filter-status"
          />
          <FilterSelect
            value={terminalId}
            onChange={(v) => update({ terminal_id: v, offset: undefined })}
            allLabel={t("inStore.payments.allTerminals")}
            options={(terminalData?.terminals ?? []).map((x) => ({ value: x.id, label: x.name }))}
            testId="filter-terminal"
          />
        </div>
      </div>
      {error ? (
        <Text className="text-ui-fg-error px-6 py-4">{(error as Error).message}</Text>
      ) : (
        <Table>
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell>{t("inStore.payments.created")}</Table.HeaderCell>
              <Table.HeaderCell>{t("inStore.payments.order")}</Table.HeaderCell>
              <Table.HeaderCell className="text-right">{t("inStore.widget.amount")}</Table.HeaderCell>
              <Table.HeaderCell>{t("inStore.widget.terminal")}</Table.HeaderCell>
              <Table.HeaderCell>{t("inStore.widget.transaction")}</Table.HeaderCell>
              <Table.HeaderCell>{t("inStore.widget.receipt")}</Table.HeaderCell>
              <Table.HeaderCell>{t("inStore.refunds.column")}</Table.HeaderCell>
              <Table.HeaderCell className="text-right">{t("inStore.payments.status")}</Table.HeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {(data?.in_store_payments ?? []).map((p) => (
              <Table.Row
                key={p.id}
                className="cursor-pointer"
                onClick={() => update({ id: p.id })}
                data-testid="in-store-payment-row"
              >
                <Table.Cell>{formatDateTime(p.created_at, locale)}</Table.Cell>
                <Table.Cell>
                  <Link to={`/orders/${p.order_id}`} onClick={(e) => e.stopPropagation()} className="text-ui-fg-interactive">
                    #{p.display_id ?? p.order_id}
                  </Link>
                </Table.Cell>
                <Table.Cell className="text-right">{formatMinor(p.amount, p.currency_code, locale)}</Table.Cell>
                <Table.Cell>{p.terminal_id}</Table.Cell>
                <Table.Cell className="font-mono">{p.transaction_id ?? "—"}</Table.Cell>
                <Table.Cell>{p.receipt ? <ReceiptStatusBadge status={p.receipt.status} /> : "—"}</Table.Cell>
                <Table.Cell>
                  <RefundsCell refunds={p.refunds ?? []} />
                </Table.Cell>
                <Table.Cell className="text-right">
                  <PaymentStatusBadge status={p.status} />
                </Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
      {!isLoading && data && !data.in_store_payments.length ? (
        <Text size="small" className="text-ui-fg-subtle px-6 py-8 text-center">
          {t("inStore.payments.empty")}
        </Text>
      ) : null}
      {data ? <Pager count={data.count} limit={LIMIT} offset={offset} onOffset={(o) => update({ offset: String(o) })} /> : null}
      <PaymentDrawer id={selected} onClose={() => update({ id: undefined })} />
    </Container>
  )
}

// Money counts as refunded once the terminal or acquirer returned it (confirmed), even before Medusa records it.
const REFUNDED = new Set(["confirmed", "done"])

/** A payment's refunds in a row: the amount refunded and each refund's status, newest first. */
function RefundsCell({ refunds }: { refunds: InStoreRefund[] }) {
  const { t, locale } = useLocaleText()
  if (!refunds.length) return <>—</>
  const refunded = refunds.filter((r) => REFUNDED.has(r.status)).reduce((sum, r) => sum + r.amount, 0)
  return (
    <div className="flex flex-col gap-y-1 py-1" data-testid="in-store-payment-refunds-cell" data-count={refunds.length} data-refunded-minor={refunded}>
      <Text size="xsmall">
        {t("inStore.refunds.refunded", { amount: formatMinor(refunded, refunds[0].currency_code, locale) })}
      </Text>
      <div className="flex flex-wrap gap-1">
        {refunds.map((r) => (
          <RefundStatusBadge key={r.id} refund={r} />
        ))}
      </div>
    </div>
  )
}

function PaymentDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { t, locale } = useLocaleText()
  const { data: p } = useInStorePayment(id)
  return (
    <Drawer open={Boolean(id)} onOpenChange={(open) => !open && onClose()}>
      <Drawer.Content>
        <Drawer.Header>
          <Drawer.Title>
            {t("inStore.payments.details")} {p ? `#${p.display_id ?? ""}` : ""}
          </Drawer.Title>
        </Drawer.Header>
        <Drawer.Body className="flex flex-col gap-y-6 overflow-y-auto">
          {p ? (
            <>
              <div className="flex items-center justify-between">
                <Text size="xlarge" weight="plus">
                  {formatMinor(p.amount, p.currency_code, locale)}
                </Text>
                <PaymentStatusBadge status={p.status} />
              </div>
              <div className="grid grid-cols-2 gap-3">
                <Field label="ID" value={p.id} mono />
                <Field label={t("inStore.payments.order")} value={<Link to={`/orders/${p.order_id}`}>{p.order_id}</Link>} />
                <Field label={t("inStore.widget.terminal")} value={p.terminal_id} />
                <Field label={t("inStore.payments.created")} value={formatDateTime(p.created_at, locale)} />
                <Field label={t("inStore.widget.paidAt")} value={formatDateTime(p.paid_at, locale)} />
                <Field label={t("inStore.widget.transaction")} value={p.transaction_id} mono />
                <Field label={t("inStore.widget.card")} value={p.result?.card_mask} mono />
              </div>
              {p.receipt ? <ReceiptDetails receipt={p.receipt} /> : null}
              <div className="flex flex-col gap-y-2">
                <Text size="small" weight="plus">
                  {t("inStore.payments.lines")}
                </Text>
                {p.lines.map((line, i) => (
                  <div key={i} className="flex justify-between gap-x-4">
                    <Text size="small">
                      {line.title} <span className="text-ui-fg-subtle">× {line.quantity}</span>
                    </Text>
                    <Text size="small">{formatMinor(line.total, p.currency_code, locale)}</Text>
                  </div>
                ))}
              </div>
              <div className="flex flex-col gap-y-2" data-testid="in-store-payment-refunds">
                <Text size="small" weight="plus">
                  {t("inStore.refunds.title")}
                </Text>
                {p.refunds?.length ? (
                  p.refunds.map((refund) => <RefundRow key={refund.id} refund={refund} />)
                ) : (
                  <Text size="small" className="text-ui-fg-subtle">
                    {t("inStore.refunds.none")}
                  </Text>
                )}
              </div>
              <div className="flex flex-col gap-y-2">
                <Text size="small" weight="plus">
                  {t("inStore.payments.callbacks")}
                </Text>
                {p.callback_events?.length ? (
                  <ul className="flex flex-col gap-y-3">
                    {p.callback_events.map((e) => (
                      <CallbackEventRow key={e.id} event={e} payment={p} />
                    ))}
                  </ul>
                ) : (
                  <Text size="small" className="text-ui-fg-subtle">
                    {t("inStore.payments.noCallbacks")}
                  </Text>
                )}
              </div>
            </>
          ) : null}
        </Drawer.Body>
      </Drawer.Content>
    </Drawer>
  )
}

export const config = defineRouteConfig({
  label: "inStore.nav.payments",
  translationNs: "translation",
  icon: CreditCard,
  rank: 10,
})

export default InStorePaymentsPage
