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
import { AbstractPaymentProvider, PaymentActions, PaymentSessionStatus } from "@medusajs/framework/utils"

/** What the plugin writes into the session once a terminal result is verified. */
export interface VerifiedTerminalResult {
  transaction_id: string
  amount: number
  currency: string
  verified_at: string
}

type SessionData = Record<string, unknown> & { verified_result?: VerifiedTerminalResult }

/**
 * The money moves on the terminal, not here: a session waits in `pending_authorization` until the
 * plugin has verified the terminal's result (signed callback, vendor API), then authorizes as captured.
 */
class InStorePaymentProviderService extends AbstractPaymentProvider {
  static identifier = "in-store"

  // Public so ModuleProvider accepts the class (the base constructor is protected).
  constructor(container: Record<string, unknown>, options: Record<string, unknown> = {}) {
    super(container, options)
  }

  async initiatePayment(input: InitiatePaymentInput): Promise<InitiatePaymentOutput> {
    const data = (input.data ?? {}) as SessionData
    return {
      id: String(data.in_store_payment_id ?? data.session_id ?? ""),
      data: { ...data },
      status: PaymentSessionStatus.PENDING_AUTHORIZATION,
    }
  }

  async authorizePayment(input: AuthorizePaymentInput): Promise<AuthorizePaymentOutput> {
    const data = (input.data ?? {}) as SessionData
    return { data, status: statusOf(data) }
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
    const data = (input.data ?? {}) as SessionData
    return { data, status: statusOf(data) }
  }

  async refundPayment(input: RefundPaymentInput): Promise<RefundPaymentOutput> {
    // The card money is returned on the terminal; we keep the record the fiscal refund is built from.
    const data = (input.data ?? {}) as SessionData
    const refunds = Array.isArray(data.refunds) ? data.refunds : []
    return {
      data: { ...data, refunds: [...refunds, { amount: String(input.amount), at: new Date().toISOString() }] },
    }
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

function statusOf(data: SessionData) {
  return data.verified_result ? PaymentSessionStatus.CAPTURED : PaymentSessionStatus.PENDING_AUTHORIZATION
}

export default InStorePaymentProviderService
