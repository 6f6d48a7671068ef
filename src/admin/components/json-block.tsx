/** Pretty JSON for the receipt sent and the register's answer. */
export function JsonBlock({ value, testId }: { value: unknown; testId?: string }) {
  return (
    <pre
      className="bg-ui-bg-subtle border-ui-border-base txt-compact-xsmall max-h-[420px] overflow-auto rounded-md border p-3 font-mono"
      data-testid={testId}
    >
      {value === undefined || value === null ? "—" : JSON.stringify(value, null, 2)}
    </pre>
  )
}
