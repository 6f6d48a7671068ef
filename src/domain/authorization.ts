import { currencyExponent, toMinorUnits } from "./money"

/** The plugin's own record of an in-store payment, as the payment provider reads it. */
export interface InStoreEvidence {
  id: string
  status: string
  /** minor units */
  amount: number
  currency_code: string
  payment_collection_id: string | null
  payment_session_id: string | null
}

/** Medusa's payment session being authorized, as stored by the Payment Module. */
export interface SessionFacts {
  id: string
  /** decimal major units, as Medusa stores it */
  amount: string | number
  currency_code: string
  payment_collection_id: string
}

export type AuthorizationDecision =
  | { status: "captured"; in_store_payment_id: string }
  | { status: "pending"; in_store_payment_id: string }
  | { status: "refused"; reason: string }

/**
 * Whether Medusa may count a payment session of our provider as paid. The only evidence is the plugin's own
 * row in `paid`, bound to this very session, collection, amount and currency; session data is never looked
 * at, because a storefront can write it.
 */
export function decideAuthorization(evidence: InStoreEvidence | undefined, session: SessionFacts): AuthorizationDecision {
  if (!evidence || evidence.payment_session_id !== session.id) {
    return {
      status: "refused",
      reason: `No in-store payment is bound to payment session ${session.id}: in-store payments are collected from the order in the admin, not at checkout`,
    }
  }
  if (evidence.status === "pending") return { status: "pending", in_store_payment_id: evidence.id }
  if (evidence.status !== "paid") {
    return { status: "refused", reason: `In-store payment ${evidence.id} is ${evidence.status}, not paid` }
  }
  if (evidence.payment_collection_id !== session.payment_collection_id) {
    return { status: "refused", reason: `In-store payment ${evidence.id} belongs to another payment collection` }
  }
  if (evidence.currency_code.toUpperCase() !== session.currency_code.toUpperCase()) {
    return { status: "refused", reason: `In-store payment ${evidence.id} is in ${evidence.currency_code}, the session in ${session.currency_code}` }
  }
  const sessionMinor = toMinorUnits(session.amount, currencyExponent(session.currency_code))
  if (sessionMinor !== evidence.amount) {
    return {
      status: "refused",
      reason: `In-store payment ${evidence.id} was paid ${evidence.amount} minor units, the session asks ${sessionMinor}`,
    }
  }
  return { status: "captured", in_store_payment_id: evidence.id }
}
