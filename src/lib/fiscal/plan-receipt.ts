import type { MedusaContainer } from "@medusajs/framework/types"
import { generateEntityId } from "@medusajs/framework/utils"
import { buildPayLines, buildReceiptRequest, ReceiptDataError, type PayLine, type ReceiptPaymentType } from "../../domain"
import { IN_STORE_MODULE } from "../../modules/in-store"
import type InStoreModuleService from "../../modules/in-store/service"
import type { FiscalOptions, PluginOptions } from "../../options"
import { loadOrderSnapshot } from "../order-snapshot"

export type ReceiptKind = "sell" | "sell_refund" | "handover"

/** A fiscal_receipt row about to be written: with its request, or failed with why it cannot be built. */
export interface ReceiptDraft {
  id: string
  order_id: string
  in_store_payment_id: string | null
  refund_id: string | null
  kind: ReceiptKind
  operation: "sell" | "sell_refund"
  provider: string
  api_version: string
  status: "pending" | "failed"
  base_external_id: string
  external_id: string
  generation: number
  total: number
  currency_code: string
  request: Record<string, unknown> | null
  error: { code: string; text: string; field?: string } | null
  settled_at: Date
  next_attempt_at: Date | null
}

/** What a receipt is for: which order, how much of it, and how it was paid. */
export interface ReceiptSubject {
  kind: ReceiptKind
  order_id: string
  in_store_payment_id?: string | null
  refund_id?: string | null
  /** minor units the receipt covers */
  amount: number
  currency_code: string
  settled_at: Date
  /** the id the register deduplicates on: one per settlement, never reused for another */
  base_external_id: string
}

const OPERATION: Record<ReceiptKind, "sell" | "sell_refund"> = { sell: "sell", sell_refund: "sell_refund", handover: "sell" }
// The handover receipt offsets the online prepayment (type 2); money taken at the pickup point is cashless (1).
const PAYMENT_TYPE: Record<ReceiptKind, ReceiptPaymentType> = { sell: 1, sell_refund: 1, handover: 2 }

export const externalIdFor = (base: string, generation: number) => (generation > 1 ? `${base}.${generation}` : base)

export const fiscalCallbackUrl = (options: PluginOptions, receiptId: string) =>
  `${options.public_url}/hooks/fiscal/atol/${encodeURIComponent(receiptId)}`

export function requireFiscal(options: PluginOptions): FiscalOptions {
  if (!options.fiscal) throw new Error("The fiscal option is not configured: the store registers no receipts")
  return options.fiscal
}

/**
 * Builds the register request for a subject from the order as Medusa has it now: its lines, spread over
 * the amount to the kopeck, with VAT codes, the customer's contact and the company from the options.
 */
export async function buildRequestFor(
  container: MedusaContainer,
  subject: ReceiptSubject,
  receiptId: string,
  externalId: string
): Promise<Record<string, unknown>> {
  const inStore: InStoreModuleService = container.resolve(IN_STORE_MODULE)
  const options = inStore.getOptions()
  const fiscal = requireFiscal(options)
  const order = await loadOrderSnapshot(container, subject.order_id, { vatRequired: false, vatOverrides: fiscal.vat_overrides })
  let lines: PayLine[]
  if (subject.kind === "sell_refund") {
    // A refund lists what it returned, as recorded with the refund (ADR 7), never the whole order again.
    const [refund] = subject.refund_id ? await inStore.listInStoreRefunds({ medusa_refund_id: subject.refund_id }) : []
    if (!refund) throw new ReceiptDataError("items", `Refund ${subject.refund_id} has no recorded lines to list`)
    lines = refund.lines as unknown as PayLine[]
  } else {
    try {
      lines = buildPayLines(order.lines, subject.amount, "full_payment")
    } catch (error) {
      throw new ReceiptDataError("items", `The order's lines cannot carry ${subject.amount}: ${(error as Error).message}`)
    }
  }
  return buildReceiptRequest({
    api_version: fiscal.api_version,
    external_id: externalId,
    timestamp: new Date(),
    callback_url: fiscal.callbacks ? fiscalCallbackUrl(options, receiptId) : null,
    company: fiscal.company,
    client: { email: order.email, phone: order.phone },
    currency_code: subject.currency_code,
    lines,
    payment_type: PAYMENT_TYPE[subject.kind],
  })
}

/** The outbox row for a subject. A receipt that cannot be built is still written: failed, saying why. */
export async function planReceipt(container: MedusaContainer, subject: ReceiptSubject): Promise<ReceiptDraft> {
  const inStore: InStoreModuleService = container.resolve(IN_STORE_MODULE)
  const fiscal = requireFiscal(inStore.getOptions())
  const id = generateEntityId(undefined, "fr")
  const external_id = externalIdFor(subject.base_external_id, 1)
  const draft: ReceiptDraft = {
    id,
    order_id: subject.order_id,
    in_store_payment_id: subject.in_store_payment_id ?? null,
    refund_id: subject.refund_id ?? null,
    kind: subject.kind,
    operation: OPERATION[subject.kind],
    provider: fiscal.provider,
    api_version: fiscal.api_version,
    status: "pending",
    base_external_id: subject.base_external_id,
    external_id,
    generation: 1,
    total: subject.amount,
    currency_code: subject.currency_code,
    request: null,
    error: null,
    settled_at: subject.settled_at,
    next_attempt_at: new Date(),
  }
  try {
    draft.request = await buildRequestFor(container, subject, id, external_id)
  } catch (error) {
    draft.status = "failed"
    draft.next_attempt_at = null
    draft.error =
      error instanceof ReceiptDataError
        ? { code: error.code, text: error.message, field: error.field }
        : { code: "receipt_data", text: (error as Error).message }
  }
  return draft
}

/** The subject a stored receipt row stands for (to rebuild its request on a retry). */
export function subjectOf(row: any): ReceiptSubject {
  return {
    kind: row.kind,
    order_id: row.order_id,
    in_store_payment_id: row.in_store_payment_id,
    refund_id: row.refund_id,
    amount: Number(row.total),
    currency_code: row.currency_code,
    settled_at: new Date(row.settled_at),
    base_external_id: row.base_external_id,
  }
}
