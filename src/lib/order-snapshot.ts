import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import {
  currencyExponent,
  fromMinorUnits,
  resolveVatCode,
  toMinorUnits,
  UnmappableVatRateError,
  type SourceLine,
  type VatCode,
  type VatFacts,
  type VatOverrides,
} from "../domain"

/** An order as the plugin needs it, in integer minor units: the one place Medusa's BigNumbers are converted. */
export interface OrderSnapshot {
  id: string
  display_id: string
  status: string
  currency_code: string
  email: string | null
  phone: string | null
  /** what the order still owes (Medusa's summary.pending_difference), rounded half-up once */
  owed: number
  /** the order's total (what it costs after promotions), rounded half-up once */
  total: number
  lines: SourceLine[]
}

export const ORDER_SNAPSHOT_FIELDS = [
  "id",
  "display_id",
  "status",
  "currency_code",
  "email",
  "total",
  "summary.*",
  "shipping_address.phone",
  "billing_address.phone",
  "customer.phone",
  "items.*",
  "items.tax_lines.rate",
  "items.variant.product.type.value",
  "items.variant.product.type.id",
  "items.variant.product.tags.value",
  "items.variant.product.tags.id",
  "shipping_methods.*",
  "shipping_methods.tax_lines.rate",
]

/** BigNumber as query returns it: a number, or { value: "…" } in raw_* fields. */
export function rawDecimal(value: unknown, raw?: unknown): string | number {
  const r = raw as { value?: string } | undefined
  if (r && typeof r.value === "string") return r.value
  if (typeof value === "number" || typeof value === "string") return value
  const v = value as { value?: string; raw_?: { value?: string }; numeric?: number } | null
  if (v && typeof v.value === "string") return v.value
  if (v && typeof v.raw_?.value === "string") return v.raw_.value
  if (v && typeof v.numeric === "number") return v.numeric
  throw new Error(`Expected an amount from Medusa, got ${JSON.stringify(value)}`)
}

// Medusa's 20-digit decimals carry binary noise ("899.9910000000000132"); cut it at 8 places before the
// one rounding to the currency, so a true half (x.xx5) is not turned into x.xx4999… and rounded down.
const NOISE_DIGITS = 8
function toCurrencyMinor(decimal: string | number, exponent: number): number {
  return toMinorUnits(fromMinorUnits(toMinorUnits(decimal, NOISE_DIGITS), NOISE_DIGITS), exponent)
}

/**
 * A line's fiscal VAT code. When it has none and the caller cannot do without (the terminal prints the
 * receipt), that is an error now; otherwise the line carries null and why, and the receipt reports it.
 */
function vatFor(facts: VatFacts, overrides: VatOverrides, what: string, vatRequired: boolean): Pick<SourceLine, "vat" | "vat_problem"> {
  try {
    return { vat: resolveVatCode(facts, overrides) }
  } catch (error) {
    if (!(error instanceof UnmappableVatRateError)) throw error
    const problem = `${what}: ${error.message}; map it with the fiscal.vat_overrides option or fix the tax rate`
    if (vatRequired) throw new MedusaError(MedusaError.Types.INVALID_DATA, problem)
    return { vat: null, vat_problem: problem }
  }
}

const rateOf = (rates: Array<{ rate?: number | null }> | undefined) =>
  rates?.length ? rates.reduce((sum, line) => sum + Number(line.rate ?? 0), 0) : null

export async function loadOrderSnapshot(
  container: MedusaContainer,
  orderId: string,
  { vatRequired, vatOverrides = {} }: { vatRequired: boolean; vatOverrides?: VatOverrides }
): Promise<OrderSnapshot> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "order", fields: ORDER_SNAPSHOT_FIELDS, filters: { id: orderId } })
  const order = data[0] as any
  if (!order) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Order with id "${orderId}" was not found`)
  }
  const exponent = currencyExponent(order.currency_code)
  const minor = (value: unknown, raw?: unknown) => toCurrencyMinor(rawDecimal(value, raw), exponent)

  // Query returns relations in no fixed order: by id (time-ordered), so the link, the sale's receipt and a refund
  // built at different times list (and allocate over) the lines in the same order.
  const byId = (a: any, b: any) => (String(a.id) < String(b.id) ? -1 : String(a.id) > String(b.id) ? 1 : 0)
  const items: SourceLine[] = [...(order.items ?? [])].sort(byId).map((item: any) => {
    const title = String(item.product_title ?? item.title ?? "").trim()
    return {
      title: title || item.title,
      quantity: Number(rawDecimal(item.quantity, item.raw_quantity)),
      list_unit_price: minor(item.unit_price, item.raw_unit_price),
      total: minor(item.total, item.raw_total),
      ...vatFor(
        {
          rate: rateOf(item.tax_lines),
          product_type: [item.variant?.product?.type?.value, item.variant?.product?.type?.id, item.product_type_id],
          product_tags: (item.variant?.product?.tags ?? []).flatMap((tag: any) => [tag?.value, tag?.id]),
        },
        vatOverrides,
        `Item "${item.title}"`,
        vatRequired
      ),
      payment_object: "commodity",
      reference: item.id,
    }
  })
  const shipping: SourceLine[] = [...(order.shipping_methods ?? [])]
    .sort(byId)
    .map((method: any) => {
      const total = minor(method.total, method.raw_total)
      return {
        title: method.name,
        quantity: 1,
        list_unit_price: total,
        total,
        ...vatFor({ rate: rateOf(method.tax_lines) }, vatOverrides, `Shipping "${method.name}"`, vatRequired),
        payment_object: "service" as const,
        reference: method.id,
      }
    })
    .filter((line: SourceLine) => line.total > 0)

  const summary = order.summary ?? {}
  return {
    id: order.id,
    display_id: String(order.display_id ?? ""),
    status: order.status,
    currency_code: String(order.currency_code).toUpperCase(),
    email: order.email ?? null,
    phone: order.shipping_address?.phone ?? order.billing_address?.phone ?? order.customer?.phone ?? null,
    owed: minor(summary.pending_difference, summary.raw_pending_difference),
    total: minor(order.total, order.raw_total),
    lines: [...items, ...shipping],
  }
}
