import { Select } from "@medusajs/ui"

const ALL = "__all"

/** A filter select whose first entry means "no filter". */
export function FilterSelect({
  value,
  onChange,
  allLabel,
  options,
  testId,
}: {
  value?: string
  onChange: (value: string | undefined) => void
  allLabel: string
  options: { value: string; label: string }[]
  testId?: string
}) {
  return (
    <div className="w-[200px]">
      <Select size="small" value={value ?? ALL} onValueChange={(v) => onChange(v === ALL ? undefined : v)}>
        <Select.Trigger data-testid={testId}>
          <Select.Value />
        </Select.Trigger>
        <Select.Content>
          <Select.Item value={ALL}>{allLabel}</Select.Item>
          {options.map((o) => (
            <Select.Item key={o.value} value={o.value}>
              {o.label}
            </Select.Item>
          ))}
        </Select.Content>
      </Select>
    </div>
  )
}
