import { z } from "@medusajs/framework/zod"

/** Link formats a terminal can speak; each has one adapter file in src/adapters/terminals. */
export const TERMINAL_FORMATS = ["custom-scheme"] as const
export const RECEIPT_BY = ["store", "terminal", "none"] as const

const terminalSchema = z.object({
  id: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, "must be 1-64 letters, digits, '-' or '_'"),
  name: z.string().min(1).max(100).optional(),
  format: z.enum(TERMINAL_FORMATS).default("custom-scheme"),
  secret: z.string().min(16, "must be at least 16 characters (it signs links and callbacks)"),
  scheme: z
    .string()
    .regex(/^[a-z][a-z0-9+.-]*$/, "must be a URL scheme such as kassa-api")
    .default("kassa-api"),
  receipt_by: z.enum(RECEIPT_BY).default("store"),
})

export const pluginOptionsSchema = z
  .object({
    public_url: z
      .string()
      .url("must be an absolute URL such as https://shop.example.com")
      .transform((url) => url.replace(/\/+$/, "")),
    link_ttl_seconds: z.number().int().min(60).max(7 * 24 * 3600).default(900),
    callback_tolerance_seconds: z.number().int().min(30).max(3600).default(300),
    terminals: z.array(terminalSchema).min(1, "configure at least one terminal"),
    default_terminal_id: z.string().optional(),
  })
  .superRefine((options, ctx) => {
    const seen = new Set<string>()
    options.terminals.forEach((terminal, index) => {
      if (seen.has(terminal.id)) {
        ctx.addIssue({ code: "custom", path: ["terminals", index, "id"], message: `duplicate terminal id "${terminal.id}"` })
      }
      seen.add(terminal.id)
    })
    if (options.default_terminal_id && !seen.has(options.default_terminal_id)) {
      ctx.addIssue({ code: "custom", path: ["default_terminal_id"], message: "names no configured terminal" })
    }
  })

export type PluginOptionsInput = z.input<typeof pluginOptionsSchema>
export type PluginOptions = z.output<typeof pluginOptionsSchema>
export type TerminalConfig = PluginOptions["terminals"][number]

export class InvalidPluginOptionsError extends Error {}

/** Parses the plugin options; a bad option throws an error that names it (e.g. `terminals[0].secret`). */
export function parsePluginOptions(raw: unknown): PluginOptions {
  const result = pluginOptionsSchema.safeParse(raw ?? {})
  if (result.success) {
    return result.data
  }
  const problems = result.error.issues.map((issue) => {
    const path = issue.path.reduce<string>(
      (acc, key) => (typeof key === "number" ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)),
      ""
    )
    return `option "${path || "(root)"}": ${issue.message}`
  })
  throw new InvalidPluginOptionsError(`medusa-in-store-payment: invalid plugin options: ${problems.join("; ")}`)
}
