import type {
  AuthorizePaymentInput,
  AuthorizePaymentOutput,
  CancelPaymentInput,
  CancelPaymentOutput,
  CapturePaymentInput,
  CapturePaymentOutput,
  DeletePaymentInput,
  DeletePaymentOutput,
  GetPaymentStatusInput,
  GetPaymentStatusOutput,
  InitiatePaymentInput,
  InitiatePaymentOutput,
  ProviderWebhookPayload,
  RefundPaymentInput,
  RefundPaymentOutput,
  RetrievePaymentInput,
  RetrievePaymentOutput,
  UpdatePaymentInput,
  UpdatePaymentOutput,
  WebhookActionResult,
} from "@medusajs/framework/types"
import { AbstractPaymentProvider, MedusaError, PaymentActions, PaymentSessionStatus } from "@medusajs/framework/utils"
import { currencyExponent, decideAuthorization, toMinorUnits } from "../../domain"
import { rawDecimal } from "../../lib/order-snapshot"
import { isAwaitingSession, readAcquiredPayment, readEvidence, readOwnRefund } from "./evidence"
import { buttonRefundLines, refundAtAcquirer, type ProviderRefundEntry } from "./acquirer-refund"

/**
 * The money moves on the terminal (or at the acquirer), not here. A session of this provider is made only by
 * the plugin's Collect in store workflow, and it is authorized — as captured — only when the plugin's own
 * record says paid for this very session (ADR 5): a storefront cannot pay with it.
 */
class InStorePaymentProviderService extends AbstractPaymentProvider {
  static identifier = "in-store"

  // Public so ModuleProvider accepts the class (the base constructor is protected).
  constructor(container: Record<string, unknown>, options: Record<string, unknown> = {}) {
    super(container, options)
  }

  async initiatePayment(input: InitiatePaymentInput): Promise<InitiatePaymentOutput> {
    const id = typeof input.data?.in_store_payment_id === "string" ? input.data.in_store_payment_id : ""
    // Not a checkout option: only the plugin's workflow opens sessions, for a row that waits for one.
    if (!id || !(await isAwaitingSession(this.container, id))) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, NOT_A_CHECKOUT_OPTION)
    }
    return { id, data: { in_store_payment_id: id }, status: PaymentSessionStatus.PENDING_AUTHORIZATION }
  }

  async authorizePayment(input: AuthorizePaymentInput): Promise<AuthorizePaymentOutput> {
    return this.statusFromEvidence(input.data ?? {}, input.context?.idempotency_key)
  }

  async capturePayment(input: CapturePaymentInput): Promise<CapturePaymentOutput> {
    return { data: input.data ?? {} }
  }

  async cancelPayment(input: CancelPaymentInput): Promise<CancelPaymentOutput> {
    return { data: { ...(input.data ?? {}), canceled_at: new Date().toISOString() } }
  }

  async deletePayment(input: DeletePaymentInput): Promise<DeletePaymentOutput> {
    return { data: input.data ?? {} }
  }

  async getPaymentStatus(input: GetPaymentStatusInput): Promise<GetPaymentStatusOutput> {
    return this.statusFromEvidence(input.data ?? {}, input.context?.idempotency_key)
  }

  /** The session's status from the plugin's own record; a session nothing binds to is an error, never paid. */
  private async statusFromEvidence(data: Record<string, unknown>, sessionId: string | undefined) {
    if (!sessionId) return { data: { ...data, error: NOT_A_CHECKOUT_OPTION }, status: PaymentSessionStatus.ERROR }
    const { evidence, session } = await readEvidence(this.container, sessionId)
    const decision = session
      ? decideAuthorization(evidence, session)
      : ({ status: "refused", reason: `Payment session ${sessionId} was not found` } as const)
    if (decision.status === "captured") {
      return { data: { ...data, in_store_payment_id: decision.in_store_payment_id }, status: PaymentSessionStatus.CAPTURED }
    }
    if (decision.status === "pending") return { data, status: PaymentSessionStatus.PENDING_AUTHORIZATION }
    return { data: { ...data, error: decision.reason }, status: PaymentSessionStatus.ERROR }
  }

  /**
   * ADR 7: money goes back through the channel that took it, and Medusa records a refund only once it moved.
   * - Our own refund workflow (the card's Refund action): a terminal's refund is already confirmed on the terminal;
   *   an SBP payment's is made here, at its acquirer.
   * - Medusa's own Refund button: an SBP payment is refunded at its acquirer (money moves, or Medusa records
   *   nothing); a terminal payment is refused, naming the card's Refund action — the provider cannot reach a terminal.
   */
  async refundPayment(input: RefundPaymentInput): Promise<RefundPaymentOutput> {
    const data = input.data ?? {}
    const refunds: ProviderRefundEntry[] = Array.isArray(data.refunds) ? (data.refunds as ProviderRefundEntry[]) : []
    // Medusa passes its refund's id as the idempotency key.
    const medusaRefundId = input.context?.idempotency_key
    const entry: ProviderRefundEntry = { amount: String(rawDecimal(input.amount)), at: new Date().toISOString(), medusa_refund_id: medusaRefundId }
    const inStorePaymentId = typeof data.in_store_payment_id === "string" ? data.in_store_payment_id : null
    const acquired = inStorePaymentId ? await readAcquiredPayment(this.container, inStorePaymentId) : undefined
    const own = await readOwnRefund(this.container, medusaRefundId)
    if (own) {
      entry.in_store_refund_id = own.id
      const minor = toMinorUnits(rawDecimal(input.amount), currencyExponent(own.currency_code))
      const ready = own.via === "terminal" ? own.status === "confirmed" : own.status === "pending" && !!acquired
      if (!ready || own.in_store_payment_id !== inStorePaymentId || own.amount !== minor) {
        throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `In-store refund ${own.id} is ${own.status}: nothing to record`)
      }
      if (own.via === "acquirer") {
        Object.assign(entry, await refundAtAcquirer(this.container, acquired!, minor, { idempotencyKey: own.id, lines: own.lines }))
      }
      return { data: { ...data, refunds: [...refunds, entry] } }
    }
    if (!acquired) throw new MedusaError(MedusaError.Types.NOT_ALLOWED, REFUND_ON_THE_CARD)
    const minor = toMinorUnits(rawDecimal(input.amount), currencyExponent(acquired.currency_code))
    entry.lines = await buttonRefundLines(this.container, acquired, refunds, minor)
    Object.assign(entry, await refundAtAcquirer(this.container, acquired, minor, { idempotencyKey: medusaRefundId, lines: entry.lines }))
    return { data: { ...data, refunds: [...refunds, entry] } }
  }

  async retrievePayment(input: RetrievePaymentInput): Promise<RetrievePaymentOutput> {
    return { data: input.data ?? {} }
  }

  async updatePayment(input: UpdatePaymentInput): Promise<UpdatePaymentOutput> {
    // No status: the session stays pending_authorization until Medusa's authorize step asks us.
    return { data: input.data ?? {} }
  }

  async getWebhookActionAndData(_payload: ProviderWebhookPayload["payload"]): Promise<WebhookActionResult> {
    // Results arrive on /hooks/in-store/:id, which can answer terminals with 401/409/422.
    return { action: PaymentActions.NOT_SUPPORTED }
  }
}

const NOT_A_CHECKOUT_OPTION =
  "The in-store payment provider is not a checkout option: the seller collects the order in store from the admin (Collect in store)"

const REFUND_ON_THE_CARD =
  "This payment was taken on a card terminal: the money can only go back on the terminal. Use Refund on the order's Collect in store card (it makes the terminal's refund link, and the refund appears here once the terminal confirms it)"

export default InStorePaymentProviderService
