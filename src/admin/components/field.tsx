import { Text, clx } from "@medusajs/ui"
import type { ReactNode } from "react"

/** A label over a value, as the admin's own detail sections show them. */
export function Field({ label, value, mono, testId }: { label: string; value?: ReactNode; mono?: boolean; testId?: string }) {
  return (
    <div className="flex min-w-0 flex-col">
      <Text size="xsmall" className="text-ui-fg-subtle">
        {label}
      </Text>
      <Text size="small" className={clx("break-all", mono && "font-mono")} data-testid={testId}>
        {value ?? "—"}
      </Text>
    </div>
  )
}
