import { Button, Select, Text, toast } from "@medusajs/ui"
import { useEffect, useState } from "react"
import { useCollectInStore, useTerminals } from "../lib/api"
import { useLocaleText } from "../lib/format"

// Each counter's browser keeps its own terminal.
const STORAGE_KEY = "medusa-in-store-payment:terminal"

function rememberedTerminal(): string | null {
  try {
    return window.localStorage.getItem(STORAGE_KEY)
  } catch {
    return null
  }
}

export function CollectForm({ orderId, disabledReason, again }: { orderId: string; disabledReason?: string; again: boolean }) {
  const { t } = useLocaleText()
  const { data: terminalData } = useTerminals()
  const terminals = terminalData?.terminals ?? []
  const [terminalId, setTerminalId] = useState<string | undefined>(undefined)
  const collect = useCollectInStore(orderId)

  useEffect(() => {
    if (terminalId || !terminals.length) return
    const stored = rememberedTerminal()
    setTerminalId(terminals.some((x) => x.id === stored) ? stored! : terminalData?.default_terminal_id ?? terminals[0].id)
  }, [terminals, terminalData, terminalId])

  const choose = (id: string) => {
    setTerminalId(id)
    try {
      window.localStorage.setItem(STORAGE_KEY, id)
    } catch {}
  }

  const reason = disabledReason ?? (terminalData && !terminals.length ? t("inStore.widget.disabled.noTerminals") : undefined)
  const onCollect = () =>
    collect.mutate(terminalId, {
      onError: (e) => toast.error((e as Error).message),
    })

  return (
    <div className="flex flex-col gap-y-3 px-6 py-4" data-testid="in-store-collect-form">
      {terminals.length > 1 && !reason ? (
        <div className="flex items-center justify-between gap-x-4">
          <Text size="small" className="text-ui-fg-subtle">
            {t("inStore.widget.terminal")}
          </Text>
          <div className="w-[60%]">
            <Select size="small" value={terminalId} onValueChange={choose} disabled={Boolean(reason)}>
              <Select.Trigger data-testid="in-store-terminal">
                <Select.Value />
              </Select.Trigger>
              <Select.Content>
                {terminals.map((x) => (
                  <Select.Item key={x.id} value={x.id}>
                    {x.name}
                  </Select.Item>
                ))}
              </Select.Content>
            </Select>
          </div>
        </div>
      ) : null}
      <Button
        className="w-full"
        onClick={onCollect}
        disabled={Boolean(reason) || !terminalId}
        isLoading={collect.isPending}
        data-testid="in-store-collect"
      >
        {again && !reason ? t("inStore.widget.newAttempt") : t("inStore.widget.collect")}
      </Button>
      {reason ? (
        <Text size="small" className="text-ui-fg-subtle" data-testid="in-store-disabled-reason">
          {reason}
        </Text>
      ) : null}
    </div>
  )
}
