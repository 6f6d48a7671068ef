import { defineRouteConfig } from "@medusajs/admin-sdk"
import { Receipt } from "@medusajs/icons"
import { Button, Container, Drawer, Heading, Table, Text, toast } from "@medusajs/ui"
import { Link, useSearchParams } from "react-router-dom"
import { Field } from "../../components/field"
import { FilterSelect } from "../../components/filters"
import { JsonBlock } from "../../components/json-block"
import { Pager } from "../../components/pager"
import { ReceiptDetails } from "../../components/receipt-details"
import { ReceiptStatusBadge } from "../../components/status"
import { useFiscalReceipts, useRetryFiscalReceipt } from "../../lib/api"
import { formatDateTime, formatMinor, useLocaleText } from "../../lib/format"
import type { FiscalReceipt, ReceiptStatus } from "../../lib/types"

const STATUSES: ReceiptStatus[] = ["pending", "sent", "done", "failed"]
const LIMIT = 20

const FiscalReceiptsPage = () => {
  const { t, locale } = useLocaleText()
  const [params, setParams] = useSearchParams()
  const status = params.get("status") ?? undefined
  const offset = Number(params.get("offset") ?? 0) || 0
  const selected = params.get("id")
  const { data, isLoading, error } = useFiscalReceipts({ status, limit: LIMIT, offset })
  const retry = useRetryFiscalReceipt()

  const update = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params)
    for (const [k, v] of Object.entries(changes)) v === undefined ? next.delete(k) : next.set(k, v)
    setParams(next, { replace: true })
  }
  const onRetry = (id: string) =>
    retry.mutate(id, {
      onSuccess: () => toast.success(t("inStore.widget.retried")),
      onError: (e) => toast.error((e as Error).message),
    })
  const receipts = data?.fiscal_receipts ?? []
  const current = receipts.find((r) => r.id === selected)

  return (
    <Container className="divide-y p-0" data-testid="fiscal-receipts-page">
      <div className="flex flex-wrap items-center justify-between gap-4 px-6 py-4">
        <div>
          <Heading>{t("inStore.receipts.title")}</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            {t("inStore.receipts.subtitle")}
          </Text>
        </div>
        <FilterSelect
          value={status}
          onChange={(v) => update({ status: v, offset: undefined })}
          allLabel={t("inStore.receipts.allStatuses")}
          options={STATUSES.map((s) => ({ value: s, label: t(`inStore.receiptStatus.${s}`) }))}
          testId="filter-receipt-status"
        />
      </div>
      {error ? (
        <Text size="small" className="text-ui-fg-subtle px-6 py-8 text-center">
          {(error as any)?.status === 404 ? t("inStore.receipts.notYet") : (error as Error).message}
        </Text>
      ) : (
        <Table>
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell>{t("inStore.payments.created")}</Table.HeaderCell>
              <Table.HeaderCell>{t("inStore.payments.order")}</Table.HeaderCell>
              <Table.HeaderCell>{t("inStore.receipts.kind")}</Table.HeaderCell>
              <Table.HeaderCell className="text-right">{t("inStore.receipts.total")}</Table.HeaderCell>
              <Table.HeaderCell>{t("inStore.fiscal.fd")}</Table.HeaderCell>
              <Table.HeaderCell className="text-right">{t("inStore.receipts.attempts")}</Table.HeaderCell>
              <Table.HeaderCell className="text-right">{t("inStore.payments.status")}</Table.HeaderCell>
              <Table.HeaderCell />
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {receipts.map((r) => (
              <Table.Row key={r.id} className="cursor-pointer" onClick={() => update({ id: r.id })} data-testid="fiscal-receipt-row">
                <Table.Cell>{formatDateTime(r.created_at, locale)}</Table.Cell>
                <Table.Cell>
                  <Link to={`/orders/${r.order_id}`} onClick={(e) => e.stopPropagation()} className="text-ui-fg-interactive">
                    {r.order_id.slice(-8)}
                  </Link>
                </Table.Cell>
                <Table.Cell>{t(`inStore.receipts.kinds.${r.kind}`, { defaultValue: r.kind })}</Table.Cell>
                <Table.Cell className="text-right">{formatMinor(Number(r.total), r.currency_code, locale)}</Table.Cell>
                <Table.Cell className="font-mono">{String((r.fiscal as any)?.fd ?? (r.fiscal as any)?.fiscal_document_number ?? "—")}</Table.Cell>
                <Table.Cell className="text-right">{r.attempts}</Table.Cell>
                <Table.Cell className="text-right">
                  <ReceiptStatusBadge status={r.status} />
                </Table.Cell>
                <Table.Cell className="text-right">
                  {r.status === "failed" ? (
                    <Button
                      size="small"
                      variant="secondary"
                      onClick={(e) => {
                        e.stopPropagation()
                        onRetry(r.id)
                      }}
                      isLoading={retry.isPending && retry.variables === r.id}
                      data-testid="fiscal-receipt-retry"
                    >
                      {t("inStore.widget.retry")}
                    </Button>
                  ) : null}
                </Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
      {!isLoading && data && !receipts.length ? (
        <Text size="small" className="text-ui-fg-subtle px-6 py-8 text-center">
          {t("inStore.receipts.empty")}
        </Text>
      ) : null}
      {data ? <Pager count={data.count} limit={LIMIT} offset={offset} onOffset={(o) => update({ offset: String(o) })} /> : null}
      <ReceiptDrawer receipt={current} onClose={() => update({ id: undefined })} onRetry={onRetry} retrying={retry.isPending} />
    </Container>
  )
}

function ReceiptDrawer({
  receipt,
  onClose,
  onRetry,
  retrying,
}: {
  receipt?: FiscalReceipt
  onClose: () => void
  onRetry: (id: string) => void
  retrying: boolean
}) {
  const { t, locale } = useLocaleText()
  return (
    <Drawer open={Boolean(receipt)} onOpenChange={(open) => !open && onClose()}>
      <Drawer.Content>
        <Drawer.Header>
          <Drawer.Title>
            {t("inStore.receipts.details")}
            {receipt ? ` · ${t(`inStore.receipts.kinds.${receipt.kind}`, { defaultValue: receipt.kind })}` : ""}
          </Drawer.Title>
        </Drawer.Header>
        <Drawer.Body className="flex flex-col gap-y-6 overflow-y-auto">
          {receipt ? (
            <>
              <ReceiptDetails receipt={receipt} onRetry={() => onRetry(receipt.id)} retrying={retrying} />
              <div className="grid grid-cols-2 gap-3">
                <Field label="ID" value={receipt.id} mono />
                <Field label="external_id" value={receipt.external_id} mono />
                <Field label="uuid" value={receipt.uuid ?? undefined} mono />
                <Field label={t("inStore.receipts.total")} value={formatMinor(Number(receipt.total), receipt.currency_code, locale)} />
                <Field label={t("inStore.receipts.attempts")} value={String(receipt.attempts)} />
                <Field label={t("inStore.receipts.nextAttempt")} value={formatDateTime(receipt.next_attempt_at, locale)} />
                <Field label={t("inStore.fiscal.time")} value={formatDateTime(receipt.registered_at, locale)} />
                <Field label="API" value={[receipt.provider, receipt.api_version].filter(Boolean).join(" ")} />
              </div>
              <div className="flex flex-col gap-y-2">
                <Text size="small" weight="plus">
                  {t("inStore.receipts.request")}
                </Text>
                <JsonBlock value={receipt.request} testId="fiscal-receipt-request" />
              </div>
              <div className="flex flex-col gap-y-2">
                <Text size="small" weight="plus">
                  {t("inStore.receipts.response")}
                </Text>
                <JsonBlock value={receipt.response} testId="fiscal-receipt-response" />
              </div>
            </>
          ) : null}
        </Drawer.Body>
      </Drawer.Content>
    </Drawer>
  )
}

export const config = defineRouteConfig({
  label: "inStore.nav.receipts",
  translationNs: "translation",
  icon: Receipt,
  rank: 11,
})

export default FiscalReceiptsPage
