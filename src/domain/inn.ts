// Russian taxpayer number (ИНН): 10 digits for organisations, 12 for individual entrepreneurs, with
// check digits; a wrong INN makes every receipt fail at the register (ATOL error 2009), so catch it early.
const WEIGHTS_10 = [2, 4, 10, 3, 5, 9, 4, 6, 8]
const WEIGHTS_11 = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8]
const WEIGHTS_12 = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]

const checkDigit = (digits: number[], weights: number[]) =>
  (weights.reduce((sum, weight, i) => sum + weight * digits[i], 0) % 11) % 10

export function isValidInn(inn: string): boolean {
  if (!/^(\d{10}|\d{12})$/.test(inn)) return false
  const d = [...inn].map(Number)
  if (d.length === 10) return checkDigit(d, WEIGHTS_10) === d[9]
  return checkDigit(d, WEIGHTS_11) === d[10] && checkDigit(d, WEIGHTS_12) === d[11]
}
