import type { IOrderModuleService, IPaymentModuleService, MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { currencyExponent, planCapture, toMinorUnits, type CaptureFacts, type CaptureStep } from "../domain"
import { IN_STORE_MODULE } from "../modules/in-store"
import type InStoreModuleService from "../modules/in-store/service"
import { rawDecimal } from "./order-snapshot"

export interface CaptureState {
  in_store_payment_id: string
  order_id: string
  payment_collection_id: string
  payment_session_id: string | null
  amount: number
  currency_code: string
  facts: CaptureFacts
  plan: CaptureStep
}

/** Reads what Medusa recorded for a paid in-store payment (its session, payment, captures, order transactions). */
export async function readCaptureState(container: MedusaContainer, inStorePaymentId: string): Promise<CaptureState> {
  const inStore: InStoreModuleService = container.resolve(IN_STORE_MODULE)
  const payments: IPaymentModuleService = container.resolve(Modules.PAYMENT)
  const orders: IOrderModuleService = container.resolve(Modules.ORDER)
  const record = await inStore.retrieveInStorePayment(inStorePaymentId)
  if (record.status !== "paid" || !record.payment_collection_id) {
    throw new Error(`In-store payment ${record.id} is ${record.status}, not paid`)
  }
  const exponent = currencyExponent(record.currency_code)
  const sessions = record.payment_session_id
    ? await payments.listPaymentSessions({ id: record.payment_session_id }, { relations: ["payment", "payment.captures"] })
    : []
  const session = sessions[0] as any
  const payment = session?.payment && !session.payment.deleted_at ? session.payment : null
  const captures = (payment?.captures ?? []).map((capture: any) => ({
    id: capture.id as string,
    amount: toMinorUnits(rawDecimal(capture.amount, capture.raw_amount), exponent),
  }))
  const transactions = captures.length
    ? await orders.listOrderTransactions(
        { order_id: record.order_id, reference: "capture", reference_id: captures.map((c: { id: string }) => c.id) },
        { select: ["id", "reference_id"] }
      )
    : []
  const facts: CaptureFacts = {
    amount: Number(record.amount),
    session_status: session?.status ?? null,
    payment: payment ? { id: payment.id, canceled: !!payment.canceled_at, captures } : null,
    order_transaction_refs: transactions.map((t) => t.reference_id as string),
  }
  return {
    in_store_payment_id: record.id,
    order_id: record.order_id,
    payment_collection_id: record.payment_collection_id,
    payment_session_id: record.payment_session_id ?? null,
    amount: Number(record.amount),
    currency_code: record.currency_code,
    facts,
    plan: planCapture(facts),
  }
}
