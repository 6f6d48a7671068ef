import { z } from "@medusajs/framework/zod"
import { ACQUIRER_CONFIG_SCHEMAS } from "./adapters/acquirers/configs"
import { ACQUIRER_IDS } from "./adapters/acquirers/types"
import { isValidInn } from "./domain/inn"
import { VAT_CODES, type VatCode } from "./domain/vat"

/** Link formats a terminal app can speak; each has one adapter file in src/adapters/terminals. */
export const TERMINAL_FORMATS = ["custom-scheme"] as const
export const RECEIPT_BY = ["store", "terminal", "none"] as const
/** Who registers the receipt of an SBP payment: the store's register, the acquirer (from the same lines), nobody. */
export const SBP_RECEIPT_BY = ["store", "acquirer", "none"] as const

const terminalId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, "must be 1-64 letters, digits, '-' or '_'")

/** A terminal app reached by a signed link (channel "terminal-app", the default). */
const terminalAppSchema = z.object({
  id: terminalId,
  name: z.string().min(1).max(100).optional(),
  channel: z.literal("terminal-app").default("terminal-app"),
  format: z.enum(TERMINAL_FORMATS).default("custom-scheme"),
  secret: z.string().min(16, "must be at least 16 characters (it signs links and callbacks)"),
  scheme: z
    .string()
    .regex(/^[a-z][a-z0-9+.-]*$/, "must be a URL scheme such as kassa-api")
    .default("kassa-api"),
  receipt_by: z.enum(RECEIPT_BY).default("store"),
})

/** A dynamic SBP QR from the store's acquirer (channel "sbp-qr"): its credentials are the acquirer's own options. */
const sbpTerminalSchema = z
  .object({
    id: terminalId,
    name: z.string().min(1).max(100).optional(),
    channel: z.literal("sbp-qr"),
    acquirer: z.enum(ACQUIRER_IDS, { error: `must be one of ${ACQUIRER_IDS.join(", ")}` }),
    receipt_by: z.enum(SBP_RECEIPT_BY).default("store"),
    /** A payment the acquirer confirms after the link was canceled or expired is refunded through it. */
    refund_late_payments: z.boolean().default(true),
    /** How often a waiting QR's status is read from the acquirer when no notification came. */
    poll_interval_ms: z.number().int().min(1000).max(60_000).default(3000),
  })
  .catchall(z.unknown())
  .transform((terminal, ctx) => {
    const credentials = ACQUIRER_CONFIG_SCHEMAS[terminal.acquirer].safeParse(terminal)
    if (!credentials.success) {
      for (const issue of credentials.error.issues) ctx.addIssue({ code: "custom", path: issue.path, message: issue.message })
      return z.NEVER
    }
    return {
      id: terminal.id,
      name: terminal.name,
      channel: terminal.channel,
      acquirer: terminal.acquirer,
      receipt_by: terminal.receipt_by,
      refund_late_payments: terminal.refund_late_payments,
      poll_interval_ms: terminal.poll_interval_ms,
      acquirer_config: credentials.data as Record<string, unknown>,
    }
  })

export type TerminalAppConfig = z.output<typeof terminalAppSchema>
export type SbpTerminalConfig = z.output<typeof sbpTerminalSchema>
export type TerminalConfig = TerminalAppConfig | SbpTerminalConfig

/** Each terminal by its channel, each problem reported with its full path (`terminals[1].password`). */
const terminalsSchema = z
  .array(z.unknown())
  .min(1, "configure at least one terminal")
  .transform((raw, ctx): TerminalConfig[] =>
    raw.map((terminal, index) => {
      const channel = (terminal as { channel?: unknown } | null)?.channel ?? "terminal-app"
      const schema = channel === "sbp-qr" ? sbpTerminalSchema : channel === "terminal-app" ? terminalAppSchema : null
      if (!schema) {
        ctx.addIssue({ code: "custom", path: [index, "channel"], message: 'must be "terminal-app" or "sbp-qr"' })
        return z.NEVER
      }
      const parsed = schema.safeParse(terminal)
      if (!parsed.success) {
        for (const issue of parsed.error.issues) ctx.addIssue({ code: "custom", path: [index, ...issue.path], message: issue.message })
        return z.NEVER
      }
      return parsed.data
    })
  )

export const isSbpTerminal = (terminal: TerminalConfig | undefined): terminal is SbpTerminalConfig => terminal?.channel === "sbp-qr"

const vatCode = z.enum(VAT_CODES as unknown as [VatCode, ...VatCode[]])

/** The store's cloud register (CONTRACT §5): where receipts of `receipt_by: store` terminals go. */
const fiscalSchema = z.object({
  provider: z.literal("atol-online").default("atol-online"),
  api_version: z.enum(["v5", "v4"]).default("v5"),
  base_url: z
    .string()
    .url("must be an absolute URL such as https://online.atol.ru/possystem")
    .default("https://online.atol.ru/possystem")
    .transform((url) => url.replace(/\/+$/, "").replace(/\/(v4|v5)$/, "")),
  login: z.string({ error: "required: the register's API login" }).min(1).max(100),
  password: z.string({ error: "required: the register's API password" }).min(1),
  group_code: z.string({ error: "required: the register group code" }).min(1).max(100),
  company: z.object(
    {
      inn: z
        .string({ error: "required: the company's INN (10 or 12 digits)" })
        .regex(/^(\d{10}|\d{12})$/, "must be 10 or 12 digits")
        .refine(isValidInn, "has a wrong check digit"),
      sno: z.enum(["osn", "usn_income", "usn_income_outcome", "esn", "patent"], {
        error: "must be one of osn, usn_income, usn_income_outcome, esn, patent (the taxation system)",
      }),
      email: z.string({ error: "required: the company's e-mail printed on receipts" }).email("must be an e-mail address").max(64),
      payment_address: z.string({ error: "required: the settlement place (the shop's site URL)" }).min(1).max(256),
      location: z.string().min(1).max(256).optional(),
    },
    { error: "required: company { inn, sno, email, payment_address }" }
  ),
  /** Give ATOL a callback URL (it is only a hint: every result is confirmed by polling the report). */
  callbacks: z.boolean().default(true),
  vat_overrides: z
    .object({
      product_types: z.record(z.string(), vatCode).default({}),
      product_tags: z.record(z.string(), vatCode).default({}),
    })
    .default({ product_types: {}, product_tags: {} }),
  /** Issue the second, prepayment-offset receipt at handover for orders paid online. */
  handover_receipts: z.boolean().default(false),
  request_timeout_ms: z.number().int().min(1000).max(120_000).default(10_000),
})

export const pluginOptionsSchema = z
  .object({
    public_url: z
      .string()
      .url("must be an absolute URL such as https://shop.example.com")
      .transform((url) => url.replace(/\/+$/, "")),
    link_ttl_seconds: z.number().int().min(60).max(7 * 24 * 3600).default(900),
    callback_tolerance_seconds: z.number().int().min(30).max(3600).default(300),
    terminals: terminalsSchema,
    default_terminal_id: z.string().optional(),
    fiscal: fiscalSchema.optional(),
  })
  .superRefine((options, ctx) => {
    const seen = new Set<string>()
    options.terminals.forEach((terminal, index) => {
      if (seen.has(terminal.id)) {
        ctx.addIssue({ code: "custom", path: ["terminals", index, "id"], message: `duplicate terminal id "${terminal.id}"` })
      }
      seen.add(terminal.id)
    })
    const storeRegisters = options.terminals.findIndex((terminal) => terminal.receipt_by === "store")
    if (storeRegisters >= 0 && !options.fiscal) {
      ctx.addIssue({
        code: "custom",
        path: ["fiscal"],
        message: `required: terminals[${storeRegisters}] ("${options.terminals[storeRegisters].id}") has receipt_by "store", so the store's register (ATOL Online login, group_code, company INN…) must be configured`,
      })
    }
    if (options.default_terminal_id && !seen.has(options.default_terminal_id)) {
      ctx.addIssue({ code: "custom", path: ["default_terminal_id"], message: "names no configured terminal" })
    }
  })

export type PluginOptionsInput = z.input<typeof pluginOptionsSchema>
export type PluginOptions = z.output<typeof pluginOptionsSchema>
export type FiscalOptions = NonNullable<PluginOptions["fiscal"]>

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
