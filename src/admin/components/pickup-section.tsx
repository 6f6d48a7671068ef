import { Badge, Button, Input, Text, toast } from "@medusajs/ui"
import { useState } from "react"
import { SETTLING_INTERVAL_MS, useHandOver, usePickup } from "../lib/api"
import { formatDateTime, formatMinor, useLocaleText } from "../lib/format"
import type { Pickup } from "../lib/types"

const STATE_COLOR = { not_ready: "orange", ready: "green", handed_over: "grey" } as const

// Until handed over, the state follows payments and Medusa's fulfillment actions made elsewhere on the page.
const pollInterval = (pickup: Pickup | undefined) => (pickup?.is_pickup && pickup.state !== "handed_over" ? SETTLING_INTERVAL_MS : false)

/** The pickup part of the Collect in store card: whether the goods may leave, and the Hand over button. */
export function PickupSection({ orderId }: { orderId: string }) {
  const { t, locale } = useLocaleText()
  const { data: pickup } = usePickup(orderId, pollInterval)
  const handOver = useHandOver(orderId)
  const [code, setCode] = useState("")
  if (!pickup?.is_pickup) return null

  const onHandOver = () =>
    handOver.mutate(code.trim() || undefined, {
      onSuccess: () => toast.success(t("inStore.pickup.handedOverToast")),
      onError: (e) => toast.error((e as Error).message),
    })
  const by = pickup.handover?.handed_over_by
  return (
    <div className="flex flex-col gap-y-3 px-6 py-4" data-testid="in-store-pickup" data-state={pickup.state}>
      <div className="flex items-center justify-between gap-x-2">
        <Text size="small" weight="plus">
          {t("inStore.pickup.title")}
          {pickup.location ? ` · ${pickup.location.name}` : ""}
        </Text>
        <Badge size="2xsmall" color={STATE_COLOR[pickup.state]} data-testid="in-store-pickup-state">
          {t(`inStore.pickup.state.${pickup.state}`)}
        </Badge>
      </div>
      {pickup.handover_code ? (
        <div className="flex items-center justify-between">
          <Text size="small" className="text-ui-fg-subtle">
            {t("inStore.pickup.code")}
          </Text>
          <Text size="small" weight="plus" className="font-mono" data-testid="in-store-pickup-code">
            {pickup.handover_code}
          </Text>
        </div>
      ) : null}
      {!pickup.gate.allowed ? (
        <Text size="small" className="text-ui-fg-error" data-testid="in-store-pickup-blocked" title={pickup.gate.message}>
          {t("inStore.pickup.blocked", { amount: formatMinor(pickup.owed, pickup.currency_code, locale), collect: t("inStore.widget.collect") })}
        </Text>
      ) : pickup.gate.reason === "payment_optional" && pickup.owed > 0 ? (
        <Text size="small" className="text-ui-fg-subtle" data-testid="in-store-pickup-optional">
          {t("inStore.pickup.paymentOptional")}
        </Text>
      ) : null}
      {pickup.state === "not_ready" && pickup.gate.allowed && !pickup.all_fulfilled ? (
        <Text size="small" className="text-ui-fg-subtle" data-testid="in-store-pickup-unfulfilled">
          {t("inStore.pickup.notFulfilled")}
        </Text>
      ) : null}
      {pickup.handover ? (
        <Text size="small" data-testid="in-store-pickup-handed-over">
          {t("inStore.pickup.handedOver", {
            time: formatDateTime(pickup.handover.handed_over_at, locale),
            who: by ? by.name ?? by.email ?? by.id : t("inStore.pickup.bySystem"),
          })}
          {pickup.handover.code_checked ? ` · ${t("inStore.pickup.codeChecked")}` : ""}
        </Text>
      ) : null}
      {pickup.can_hand_over ? (
        <div className="flex items-center gap-x-2">
          <Input
            size="small"
            placeholder={t("inStore.pickup.codePlaceholder")}
            value={code}
            onChange={(e) => setCode(e.target.value)}
            data-testid="in-store-pickup-code-input"
          />
          <Button size="small" variant="primary" onClick={onHandOver} isLoading={handOver.isPending} data-testid="in-store-hand-over">
            {t("inStore.pickup.handOver")}
          </Button>
        </div>
      ) : null}
    </div>
  )
}
