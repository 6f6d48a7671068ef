import { Button, Checkbox, Drawer, Input, Label, RadioGroup, Text, Textarea, toast } from "@medusajs/ui"
import { useEffect, useMemo, useState } from "react"
import { useCreateRefund } from "../lib/api"
import { formatMinor, toMinor, useLocaleText } from "../lib/format"
import type { InStorePayment, RefundOptions, RefundRequest } from "../lib/types"

type Mode = "return" | "items" | "amount"

/** The seller's typed amount ("299,99" or "299.99") in minor units, or null when it is not a positive number. */
export function parseMajorAmount(text: string, currency: string): number | null {
  const normalized = text.trim().replace(/\s/g, "").replace(",", ".")
  if (!/^\d+(\.\d+)?$/.test(normalized)) return null
  const minor = toMinor(Number(normalized), currency)
  return minor >= 1 ? minor : null
}

/**
 * What to refund: the items of a Medusa return, chosen items (and the shipping), or an amount with no goods
 * returned. The backend computes the exact amount; the form shows its estimate and the refundable limit.
 */
export function RefundForm({
  open,
  onOpenChange,
  payment,
  options,
  orderId,
}: {
  open: boolean
  onOpenChange: (open: boolean) => void
  payment: InStorePayment
  options: RefundOptions
  orderId: string
}) {
  const { t, locale } = useLocaleText()
  const currency = payment.currency_code
  const create = useCreateRefund(orderId, payment.id)
  const [mode, setMode] = useState<Mode>(options.returns.length ? "return" : "items")
  const [returnId, setReturnId] = useState<string | undefined>(options.returns[0]?.id)
  const [quantities, setQuantities] = useState<Record<string, number>>({})
  const [shipping, setShipping] = useState(false)
  const [amountText, setAmountText] = useState("")
  const [note, setNote] = useState("")

  // Each opening starts clean: a previous attempt's choice or error does not linger.
  useEffect(() => {
    if (!open) return
    setQuantities({})
    setShipping(false)
    setAmountText("")
    setNote("")
    create.reset()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open])

  // On opening, and when the fresh options (asked for on opening) bring a return: start from the newest return.
  const returnIds = options.returns.map((r) => r.id).join(",")
  useEffect(() => {
    if (!open) return
    setMode(options.returns.length ? "return" : "items")
    setReturnId(options.returns[0]?.id)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, returnIds])

  const request = useMemo((): RefundRequest | null => {
    const withNote = note.trim() ? { note: note.trim() } : {}
    if (mode === "return") return returnId ? { return_id: returnId, ...withNote } : null
    if (mode === "amount") {
      const amount = parseMajorAmount(amountText, currency)
      return amount ? { amount, ...withNote } : null
    }
    const items = Object.entries(quantities)
      .filter(([, quantity]) => quantity > 0)
      .map(([item_id, quantity]) => ({ item_id, quantity }))
    if (!items.length && !shipping) return null
    return { items, ...(shipping ? { shipping: true } : {}), ...withNote }
  }, [mode, returnId, amountText, quantities, shipping, note, currency])

  // An estimate at item prices; the backend's amount (discounts spread over lines) is what is refunded.
  const estimate = useMemo((): number | null => {
    if (!request) return null
    if ("return_id" in request) return options.returns.find((r) => r.id === request.return_id)?.amount ?? null
    if ("amount" in request) return request.amount
    const itemsTotal = request.items.reduce(
      (sum, { item_id, quantity }) => sum + quantity * (options.items.find((i) => i.item_id === item_id)?.unit_price ?? 0),
      0
    )
    return Math.min(options.refundable_amount, itemsTotal + (request.shipping ? options.shipping_refundable : 0))
  }, [request, options])

  const overLimit = request && "amount" in request && request.amount > options.refundable_amount
  const onSubmit = () => {
    if (!request || overLimit) return
    create.mutate(request, {
      onSuccess: () => {
        toast.success(t("inStore.refunds.created"))
        onOpenChange(false)
      },
    })
  }

  return (
    <Drawer open={open} onOpenChange={onOpenChange}>
      <Drawer.Content data-testid="in-store-refund-form">
        <Drawer.Header>
          <Drawer.Title>
            {t("inStore.refunds.formTitle", { order: payment.display_id ?? payment.order_id })}
          </Drawer.Title>
        </Drawer.Header>
        <Drawer.Body className="flex flex-col gap-y-6 overflow-y-auto">
          <div className="flex items-baseline justify-between">
            <Text size="small" className="text-ui-fg-subtle">
              {t("inStore.refunds.refundableLabel")}
            </Text>
            <Text size="large" weight="plus" data-testid="in-store-refund-form-refundable" data-minor={options.refundable_amount}>
              {formatMinor(options.refundable_amount, currency, locale)}
            </Text>
          </div>

          <RadioGroup value={mode} onValueChange={(v) => setMode(v as Mode)} className="flex flex-col gap-y-2">
            {options.returns.length ? (
              <RadioGroup.ChoiceBox
                value="return"
                label={t("inStore.refunds.modes.return")}
                description={t("inStore.refunds.modes.returnHint")}
                data-testid="in-store-refund-mode-return"
              />
            ) : null}
            <RadioGroup.ChoiceBox
              value="items"
              label={t("inStore.refunds.modes.items")}
              description={t("inStore.refunds.modes.itemsHint")}
              data-testid="in-store-refund-mode-items"
            />
            <RadioGroup.ChoiceBox
              value="amount"
              label={t("inStore.refunds.modes.amount")}
              description={t("inStore.refunds.modes.amountHint")}
              data-testid="in-store-refund-mode-amount"
            />
          </RadioGroup>

          {mode === "return" ? (
            <RadioGroup value={returnId} onValueChange={setReturnId} className="flex flex-col gap-y-2">
              {options.returns.map((ret) => (
                <RadioGroup.ChoiceBox
                  key={ret.id}
                  value={ret.id}
                  label={`${t("inStore.refunds.return", { id: ret.display_id ?? ret.id })} · ${formatMinor(ret.amount, currency, locale)}`}
                  description={`${t(`inStore.refunds.returnStatus.${ret.status}`, { defaultValue: ret.status })} · ${ret.items
                    .map((i) => `${i.title} × ${i.quantity}`)
                    .join(", ")}`}
                  data-testid="in-store-refund-return"
                />
              ))}
            </RadioGroup>
          ) : null}

          {mode === "items" ? (
            <div className="flex flex-col gap-y-3">
              {options.items.map((item) => (
                <div key={item.item_id} className="flex items-center justify-between gap-x-4" data-testid="in-store-refund-item" data-item-id={item.item_id}>
                  <div className="flex min-w-0 flex-col">
                    <Label htmlFor={`refund-qty-${item.item_id}`} size="small">
                      {item.title}
                    </Label>
                    <Text size="xsmall" className="text-ui-fg-subtle">
                      {formatMinor(item.unit_price, currency, locale)} ·{" "}
                      {t("inStore.refunds.quantityLeft", { left: item.quantity_refundable, sold: item.quantity_sold })}
                    </Text>
                  </div>
                  <Input
                    id={`refund-qty-${item.item_id}`}
                    type="number"
                    size="small"
                    className="w-20 shrink-0"
                    min={0}
                    max={item.quantity_refundable}
                    step={1}
                    disabled={item.quantity_refundable <= 0}
                    value={quantities[item.item_id] ?? 0}
                    onChange={(e) => {
                      const wanted = Math.floor(Number(e.target.value) || 0)
                      setQuantities((q) => ({ ...q, [item.item_id]: Math.max(0, Math.min(item.quantity_refundable, wanted)) }))
                    }}
                    data-testid="in-store-refund-quantity"
                  />
                </div>
              ))}
              {options.shipping_refundable > 0 ? (
                <div className="flex items-center gap-x-2">
                  <Checkbox id="refund-shipping" checked={shipping} onCheckedChange={(c) => setShipping(c === true)} data-testid="in-store-refund-shipping" />
                  <Label htmlFor="refund-shipping" size="small">
                    {t("inStore.refunds.shipping", { amount: formatMinor(options.shipping_refundable, currency, locale) })}
                  </Label>
                </div>
              ) : null}
            </div>
          ) : null}

          {mode === "amount" ? (
            <div className="flex flex-col gap-y-1">
              <Label htmlFor="refund-amount" size="small">
                {t("inStore.refunds.amountLabel", { currency: currency.toUpperCase() })}
              </Label>
              <Input
                id="refund-amount"
                inputMode="decimal"
                placeholder="0.00"
                value={amountText}
                onChange={(e) => setAmountText(e.target.value)}
                data-testid="in-store-refund-amount-input"
              />
              {overLimit ? (
                <Text size="xsmall" className="text-ui-fg-error">
                  {t("inStore.refunds.overLimit")}
                </Text>
              ) : null}
            </div>
          ) : null}

          <div className="flex flex-col gap-y-1">
            <Label htmlFor="refund-note" size="small">
              {t("inStore.refunds.note")}
            </Label>
            <Textarea id="refund-note" maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} data-testid="in-store-refund-note" />
          </div>

          <div className="flex items-baseline justify-between">
            <Text size="small" className="text-ui-fg-subtle">
              {t("inStore.refunds.toRefund")}
            </Text>
            <Text size="large" weight="plus" data-testid="in-store-refund-estimate" data-minor={estimate ?? ""}>
              {estimate !== null ? `${mode === "items" ? "≈ " : ""}${formatMinor(estimate, currency, locale)}` : "—"}
            </Text>
          </div>

          {create.error ? (
            <Text size="small" className="text-ui-fg-error" data-testid="in-store-refund-form-error">
              {(create.error as Error).message}
            </Text>
          ) : null}
        </Drawer.Body>
        <Drawer.Footer>
          <Drawer.Close asChild>
            <Button variant="secondary">{t("inStore.refunds.close")}</Button>
          </Drawer.Close>
          <Button onClick={onSubmit} disabled={!request || Boolean(overLimit)} isLoading={create.isPending} data-testid="in-store-refund-submit">
            {t("inStore.refunds.submit")}
          </Button>
        </Drawer.Footer>
      </Drawer.Content>
    </Drawer>
  )
}
