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
