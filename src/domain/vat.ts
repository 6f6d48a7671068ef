// Fiscal VAT codes as ATOL Online and most Russian terminal apps name them (54-FZ tag 1199).
export type VatCode =
  | "none" | "vat0" | "vat5" | "vat7" | "vat10" | "vat20" | "vat22"
  | "vat105" | "vat107" | "vat110" | "vat120" | "vat122"

export const VAT_CODES: readonly VatCode[] = [
  "none", "vat0", "vat5", "vat7", "vat10", "vat20", "vat22", "vat105", "vat107", "vat110", "vat120", "vat122",
]

export class UnmappableVatRateError extends Error {
  constructor(readonly rate: unknown) {
    super(`Tax rate ${String(rate)} % has no fiscal VAT code (expected none, 0, 5, 7, 10, 20 or 22)`)
    this.name = "UnmappableVatRateError"
  }
}

const MAPPED_RATES = [5, 7, 10, 20, 22] as const

export interface VatCodeOptions {
  /** Prices include tax (the 54-FZ receipt is always tax-inclusive); kept for callers, does not change the code. */
  inclusive?: boolean
  /** Use the calculated ("расчётная") form vat1NN, as prepayments and advances require. */
  calculated?: boolean
}

export function vatCodeForRate(ratePercent: number | null | undefined, opts: VatCodeOptions = {}): VatCode {
  if (ratePercent === null || ratePercent === undefined) return "none"
  if (ratePercent === 0) return "vat0"
  const rate = MAPPED_RATES.find((r) => r === ratePercent)
  if (rate === undefined) throw new UnmappableVatRateError(ratePercent)
  return (opts.calculated ? `vat${100 + rate}` : `vat${rate}`) as VatCode
}

/** Rate in percent behind a code; 0 for none/vat0. */
export function vatRatePercent(code: VatCode): number {
  if (!VAT_CODES.includes(code)) throw new Error(`Unknown VAT code ${JSON.stringify(code)}`)
  if (code === "none") return 0
  const n = Number(code.slice(3))
  return n > 100 ? n - 100 : n
}

/** VAT contained in a tax-inclusive total: total × r / (100 + r), rounded half-up (away from zero). */
export function vatAmount(total: number, code: VatCode): number {
  if (!Number.isSafeInteger(total)) throw new Error(`total must be a safe integer number of minor units, got ${total}`)
  const rate = BigInt(vatRatePercent(code))
  if (rate === 0n) return 0
  const magnitude = BigInt(Math.abs(total))
  const divisor = 100n + rate
  const rounded = (2n * magnitude * rate + divisor) / (2n * divisor)
  return Number(total < 0 ? -rounded : rounded)
}

/** What the order tells about a line's tax, for choosing its fiscal VAT code. */
export interface VatFacts {
  /** Sum of the line's tax rates in percent; null when the line has no tax lines. */
  rate: number | null
  /** Product type value and id (either may match an override). */
  product_type?: Array<string | null | undefined>
  /** Product tag values and ids. */
  product_tags?: Array<string | null | undefined>
}

/** Store-configured codes that beat the rate mapping: a product type first, then a tag. */
export interface VatOverrides {
  product_types?: Record<string, VatCode>
  product_tags?: Record<string, VatCode>
}

/**
 * The fiscal VAT code of a line: an override for its product type or tag when configured (e.g. books at
 * 10 % sold under a 22 % region rate), else its Medusa tax rate mapped by value. Unmappable → throws.
 */
export function resolveVatCode(facts: VatFacts, overrides: VatOverrides = {}): VatCode {
  const pick = (keys: VatFacts["product_type"], table: Record<string, VatCode> | undefined) => {
    if (!table) return undefined
    for (const key of keys ?? []) {
      if (key && Object.prototype.hasOwnProperty.call(table, key)) return table[key]
    }
    return undefined
  }
  return pick(facts.product_type, overrides.product_types) ?? pick(facts.product_tags, overrides.product_tags) ?? vatCodeForRate(facts.rate)
}
