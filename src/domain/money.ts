// Money inside the domain is an integer number of minor units (kopecks for RUB) held in a JS number.

// ISO 4217 minor-unit digits for currencies that differ from the usual 2.
const EXPONENT_BY_CURRENCY: Record<string, number> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0,
  RWF: 0, UGX: 0, UYI: 0, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  CLF: 4, UYW: 4,
}

export function currencyExponent(currencyCode: string): number {
  return EXPONENT_BY_CURRENCY[String(currencyCode).trim().toUpperCase()] ?? 2
}

function assertExponent(exponent: number): void {
  if (!Number.isInteger(exponent) || exponent < 0 || exponent > 20) {
    throw new Error(`Currency exponent must be an integer from 0 to 20, got ${exponent}`)
  }
}

export function assertMinorUnits(value: number, what = "amount"): void {
  if (!Number.isSafeInteger(value)) {
    throw new Error(`${what} must be a safe integer number of minor units, got ${value}`)
  }
}

const DECIMAL = /^([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/

// 15 significant digits identify any double that came from a short decimal and drop float noise (0.1+0.2).
function numberToDecimalString(value: number): string {
  if (!Number.isFinite(value)) {
    throw new Error(`Cannot convert ${value} to minor units: not a finite number`)
  }
  return value.toPrecision(15)
}

/** Decimal major units → integer minor units, rounded half-up (away from zero) once, on the digits. */
export function toMinorUnits(value: number | string, exponent: number): number {
  assertExponent(exponent)
  let text: string
  if (typeof value === "number") text = numberToDecimalString(value)
  else if (typeof value === "string") text = value.trim()
  else throw new Error(`Cannot convert ${typeof value} to minor units: expected a number or a decimal string`)

  const match = DECIMAL.exec(text)
  if (!match || (match[2] + (match[3] ?? "")).length === 0) {
    throw new Error(`Cannot convert ${JSON.stringify(value)} to minor units: not a decimal number`)
  }
  const [, sign, intDigits, fracDigits = "", exp = "0"] = match
  const shift = Number(exp) + exponent
  if (!Number.isSafeInteger(shift) || Math.abs(shift) > 400) {
    throw new Error(`Cannot convert ${JSON.stringify(value)} to minor units: exponent out of range`)
  }
  const digits = intDigits + fracDigits
  const point = intDigits.length + shift // position of the decimal point inside `digits` after scaling
  const kept = point <= 0 ? "0" : point >= digits.length ? digits + "0".repeat(point - digits.length) : digits.slice(0, point)
  const firstDropped = point < 0 ? 0 : point < digits.length ? Number(digits[point]) : 0
  let magnitude = BigInt(kept) + (firstDropped >= 5 ? 1n : 0n)
  if (sign === "-") magnitude = -magnitude
  const result = Number(magnitude)
  if (!Number.isSafeInteger(result) || BigInt(result) !== magnitude) {
    throw new Error(`Cannot convert ${JSON.stringify(value)} to minor units: too large`)
  }
  return result === 0 ? 0 : result
}

/** Integer minor units → decimal string in major units ("3050.48"). */
export function fromMinorUnits(minor: number, exponent: number): string {
  assertExponent(exponent)
  assertMinorUnits(minor)
  const digits = Math.abs(minor).toString().padStart(exponent + 1, "0")
  const sign = minor < 0 ? "-" : ""
  if (exponent === 0) return sign + digits
  return `${sign}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`
}

/**
 * Splits an integer total in proportion to non-negative integer weights so the parts sum exactly to it.
 * Each part is the floor or ceiling of its exact share; leftover units go to the largest remainders,
 * ties to the larger weight, then the lower index. All-zero weights split evenly.
 */
export function allocateByLargestRemainder(total: number, weights: number[]): number[] {
  assertMinorUnits(total, "total")
  weights.forEach((w, i) => {
    if (!Number.isSafeInteger(w) || w < 0) {
      throw new Error(`weights[${i}] must be a non-negative safe integer, got ${w}`)
    }
  })
  if (weights.length === 0) {
    if (total === 0) return []
    throw new Error(`Cannot allocate ${total} across no parts`)
  }
  const effective = weights.every((w) => w === 0) ? weights.map(() => 1) : weights
  const big = effective.map(BigInt)
  const sumWeights = big.reduce((a, b) => a + b, 0n)
  const magnitude = BigInt(Math.abs(total))
  const floors = big.map((w) => (magnitude * w) / sumWeights)
  const remainders = big.map((w) => (magnitude * w) % sumWeights)
  let leftover = Number(magnitude - floors.reduce((a, b) => a + b, 0n))
  const order = effective
    .map((_, i) => i)
    .sort((a, b) =>
      remainders[a] !== remainders[b]
        ? remainders[b] > remainders[a] ? 1 : -1
        : effective[b] - effective[a] || a - b
    )
  for (const i of order) {
    if (leftover === 0) break
    floors[i] += 1n
    leftover--
  }
  return floors.map((part) => Number(total < 0 ? -part : part))
}
