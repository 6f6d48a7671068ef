import { currencyExponent, fromMinorUnits } from "./money"

/** What the seller is doing with a pickup order's goods; each one is behind the payment gate. */
export type PickupOperation = "fulfill" | "ship" | "hand_over"

export interface PickupGateFacts {
  /** the order's shipping method belongs to an in-store pickup option */
  is_pickup: boolean
  order_display_id: string
  /** still owed in minor units: Medusa's pending difference minus paid-not-captured in-store payments */
  owed: number
  currency_code: string
  /** the stock location lets the goods leave before payment ("payment at handover optional") */
  payment_optional: boolean
}

export type PickupGateDecision =
  | { allowed: true; reason: "not_pickup" | "paid" | "payment_optional" }
  | { allowed: false; owed: number; message: string }

const OPERATION_TEXT: Record<PickupOperation, string> = {
  fulfill: "its goods cannot be fulfilled",
  ship: "its goods cannot be marked shipped",
  hand_over: "its goods cannot be handed over",
}

/** "2 870,97 RUB": thousands grouped by spaces, comma decimals, the Russian way, as the seller reads it on the receipt. */
export function formatMoney(minor: number, currencyCode: string): string {
  const currency = currencyCode.toUpperCase()
  const decimal = fromMinorUnits(minor, currencyExponent(currency))
  const [whole, fraction] = decimal.replace(/^-/, "").split(".")
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, " ")
  return `${minor < 0 ? "-" : ""}${grouped}${fraction ? `,${fraction}` : ""} ${currency}`
}

/** The gate: a pickup order's goods leave the counter only when nothing is owed, unless the location relaxes it. */
export function decidePickupGate(facts: PickupGateFacts, operation: PickupOperation): PickupGateDecision {
  if (!facts.is_pickup) return { allowed: true, reason: "not_pickup" }
  if (facts.owed <= 0) return { allowed: true, reason: "paid" }
  if (facts.payment_optional) return { allowed: true, reason: "payment_optional" }
  return {
    allowed: false,
    owed: facts.owed,
    message:
      `Order #${facts.order_display_id} still owes ${formatMoney(facts.owed, facts.currency_code)}: ` +
      `${OPERATION_TEXT[operation]} until it is paid (Collect in store takes the payment)`,
  }
}

export type PickupState = "not_ready" | "ready" | "handed_over"

/** Ready means the customer may come: every item fulfilled and nothing owed. */
export function pickupStateOf(facts: { owed: number; all_fulfilled: boolean; handed_over: boolean }): PickupState {
  if (facts.handed_over) return "handed_over"
  return facts.all_fulfilled && facts.owed <= 0 ? "ready" : "not_ready"
}

export const HANDOVER_CODE_DIGITS = 6

/** A short code the customer tells the seller; `randomInt(n)` gives 0 … n-1 (crypto.randomInt in production). */
export function generateHandoverCode(randomInt: (max: number) => number): string {
  let code = ""
  for (let i = 0; i < HANDOVER_CODE_DIGITS; i++) code += String(randomInt(10))
  return code
}

/** What a seller may type: spaces, dashes and full-width digits are forgiven. */
export function normalizeHandoverCode(input: string): string {
  return input
    .normalize("NFKC")
    .replace(/[\s\-‐-―]/g, "")
}

export const isHandoverCode = (code: string) => new RegExp(`^\\d{${HANDOVER_CODE_DIGITS}}$`).test(code)

/** "123 456": how the admin and a notification show it, easy to read aloud. */
export const formatHandoverCode = (code: string) => (isHandoverCode(code) ? `${code.slice(0, 3)} ${code.slice(3)}` : code)

/** Compares every digit, so the time taken does not say how many matched. */
export function handoverCodeMatches(expected: string, given: string): boolean {
  const typed = normalizeHandoverCode(given)
  if (!isHandoverCode(expected) || typed.length !== expected.length) return false
  let difference = 0
  for (let i = 0; i < expected.length; i++) difference |= expected.charCodeAt(i) ^ typed.charCodeAt(i)
  return difference === 0
}
