import type { MedusaContainer } from "@medusajs/framework/types"
import { generateEntityId, MedusaError, Modules } from "@medusajs/framework/utils"
import { randomBytes } from "node:crypto"
import { buildRefundLink, RefundRequestError, totalOf } from "../../domain"
import { IN_STORE_MODULE } from "../../modules/in-store"
import type InStoreModuleService from "../../modules/in-store/service"
import { refundLockKey } from "../constants"
import { callbackUrl } from "../urls"
import { recordRefundInMedusa } from "./record-refund"
import { refundLinesFor, type RefundBasisInput } from "./sold-lines"

export type StartRefundInput = RefundBasisInput & { note?: string }

/**
 * POST /admin/in-store-payments/:id/refunds. A terminal payment gets a signed refund link the seller opens on the
 * terminal (recorded in Medusa only when the terminal confirms); an SBP payment is refunded by its acquirer's API
 * at once, through Medusa's refund workflow (ADR 7).
 */
export async function startInStoreRefund(container: MedusaContainer, paymentId: string, input: StartRefundInput, actorId?: string) {
  const inStore: InStoreModuleService = container.resolve(IN_STORE_MODULE)
  const locking = container.resolve(Modules.LOCKING)
  const [payment] = await inStore.listInStorePayments({ id: paymentId })
  if (!payment) throw new MedusaError(MedusaError.Types.NOT_FOUND, `In-store payment ${paymentId} was not found`)
  if (payment.status !== "paid" || !payment.captured_at) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `In-store payment ${paymentId} is ${payment.status === "paid" ? "paid but not yet registered in the order" : payment.status}: only a captured payment can be refunded`
    )
  }
  const sbp = payment.acquirer_payment_id ? inStore.getSbpTerminal(payment.terminal_id) : undefined
  const terminal = sbp ? undefined : inStore.getTerminalApp(payment.terminal_id)
  if (!sbp && !terminal) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `Terminal "${payment.terminal_id}" that took payment ${paymentId} is no longer configured: refund on the terminal itself`
    )
  }
  if (terminal && !payment.transaction_id) {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `In-store payment ${paymentId} has no terminal transaction to refund`)
  }

  const created = await locking.execute(
    refundLockKey(paymentId),
    async () => {
      const pending = await inStore.listInStoreRefunds({ in_store_payment_id: paymentId, status: "pending" })
      if (pending.length) {
        throw new MedusaError(
          MedusaError.Types.CONFLICT,
          `Refund ${pending[0].id} of this payment is still waiting on the terminal: finish or cancel it first`
        )
      }
      let planned
      try {
        planned = await refundLinesFor(container, payment, input)
      } catch (error) {
        if (error instanceof RefundRequestError) throw new MedusaError(MedusaError.Types.INVALID_DATA, `${error.field}: ${error.message}`)
        throw error
      }
      const id = generateEntityId(undefined, "isr")
      const amount = totalOf(planned.lines)
      const expiresAt = new Date(Date.now() + inStore.getOptions().link_ttl_seconds * 1000)
      const common = {
        id,
        in_store_payment_id: payment.id,
        order_id: payment.order_id,
        terminal_id: payment.terminal_id,
        amount,
        currency_code: payment.currency_code,
        basis: planned.basis,
        return_id: planned.return_id,
        note: input.note ?? null,
        lines: planned.lines as any,
        expires_at: expiresAt,
        created_by: actorId ?? null,
      }
      if (sbp) return inStore.createInStoreRefunds({ ...common, via: "acquirer", status: "pending" } as any)
      const refundLink = buildRefundLink({
        scheme: terminal!.scheme,
        secret: terminal!.secret,
        callbackUrl: callbackUrl(inStore.getOptions(), payment.id),
        refund: {
          v: 1,
          op: "refund",
          refund_id: id,
          payment_id: payment.id,
          order_id: payment.order_id,
          display_id: payment.display_id ?? "",
          original_txn: payment.transaction_id!,
          amount,
          currency: payment.currency_code.toUpperCase(),
          expires_at: expiresAt.toISOString(),
          lines: planned.lines.map(({ source: _source, quantity_milli: _milli, ...line }) => line),
          receipt_by: payment.receipt_by === "terminal" ? "terminal" : payment.receipt_by === "store" ? "store" : "none",
        },
      })
      return inStore.createInStoreRefunds({
        ...common,
        via: "terminal",
        status: "pending",
        refund_link: refundLink,
        link_token: randomBytes(16).toString("base64url"),
        original_txn: payment.transaction_id,
      } as any)
    },
    { timeout: 30 }
  )
  // The acquirer moves the money inside Medusa's refund workflow (the provider's refundPayment): done or failed now.
  if (sbp) await recordRefundInMedusa(container, created.id, { failHard: true })
  return inStore.retrieveInStoreRefund(created.id)
}
