// The plugin's admin routes through the JS SDK, with react-query as the admin itself uses it.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { backendUrl, sdk } from "./sdk"
import type { FiscalReceipt, InStorePayment, InStoreRefund, Paged, PaymentQrImage, Pickup, RefundRequest, Terminal } from "./types"

export const keys = {
  all: ["in-store"] as const,
  order: (orderId: string) => ["in-store", "order", orderId] as const,
  orderPayments: (orderId: string) => ["in-store", "order-payments", orderId] as const,
  terminals: ["in-store", "terminals"] as const,
  payments: (query: object) => ["in-store", "payments", query] as const,
  payment: (id: string) => ["in-store", "payment", id] as const,
  paymentQr: (id: string) => ["in-store", "payment-qr", id] as const,
  refundQr: (id: string) => ["in-store", "refund-qr", id] as const,
  receipts: (query: object) => ["in-store", "fiscal-receipts", query] as const,
  pickup: (orderId: string) => ["in-store", "pickup", orderId] as const,
}

export { LIVE_INTERVAL_MS, SETTLING_INTERVAL_MS } from "./poll"

const clean = (query: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined && v !== ""))

export function useOrderDue(orderId: string) {
  return useQuery({
    queryKey: keys.order(orderId),
    queryFn: () =>
      sdk.admin.order.retrieve(orderId, {
        fields: "id,display_id,status,canceled_at,currency_code,payment_status,total,+summary",
      }),
    select: (data) => data.order,
  })
}

export function useTerminals() {
  return useQuery({
    queryKey: keys.terminals,
    queryFn: () => sdk.client.fetch<{ terminals: Terminal[]; default_terminal_id: string }>("/admin/in-store/terminals"),
    staleTime: 5 * 60 * 1000,
  })
}

export function useOrderInStorePayments(orderId: string, interval: (payments: InStorePayment[]) => number | false) {
  return useQuery({
    queryKey: keys.orderPayments(orderId),
    queryFn: () =>
      sdk.client.fetch<{ in_store_payments: InStorePayment[] }>(`/admin/orders/${orderId}/in-store-payments`),
    select: (data) => data.in_store_payments,
    refetchInterval: (query) => interval(query.state.data?.in_store_payments ?? []),
  })
}

export function useCollectInStore(orderId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (terminalId: string | undefined) =>
      sdk.client.fetch<{ in_store_payment: InStorePayment }>(`/admin/orders/${orderId}/in-store-payments`, {
        method: "POST",
        body: terminalId ? { terminal_id: terminalId } : {},
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.orderPayments(orderId) }),
  })
}

export function useCancelInStorePayment(orderId?: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (id: string) =>
      sdk.client.fetch<{ in_store_payment: InStorePayment }>(`/admin/in-store-payments/${id}/cancel`, { method: "POST" }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: orderId ? keys.orderPayments(orderId) : keys.all }),
  })
}

export function useCreateRefund(orderId: string, paymentId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (body: RefundRequest) =>
      sdk.client.fetch<{ in_store_refund: InStoreRefund }>(`/admin/in-store-payments/${paymentId}/refunds`, {
        method: "POST",
        body,
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.orderPayments(orderId) }),
  })
}

export function useCancelRefund(orderId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (id: string) =>
      sdk.client.fetch<{ in_store_refund: InStoreRefund }>(`/admin/in-store-refunds/${id}/cancel`, { method: "POST" }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.orderPayments(orderId) }),
  })
}

/**
 * A pending refund's QR as SVG markup, drawn once by the server. The route answers image/svg+xml (the refund
 * contract) or JSON `{ qr: { svg } }` as a payment's QR route does; both are taken.
 */
export function useRefundQr(refundId: string, enabled: boolean) {
  return useQuery({
    queryKey: keys.refundQr(refundId),
    queryFn: async () => {
      const answer = await fetch(backendUrl(`/admin/in-store-refunds/${refundId}/qr`), { credentials: "include" })
      if (!answer.ok) throw new Error(`QR: HTTP ${answer.status}`)
      if ((answer.headers.get("content-type") ?? "").includes("json")) {
        const body = (await answer.json()) as { qr: PaymentQrImage }
        return body.qr.svg
      }
      return answer.text()
    },
    enabled,
    staleTime: Infinity,
  })
}

export function useInStorePayments(query: { status?: string; terminal_id?: string; limit: number; offset: number }) {
  return useQuery({
    queryKey: keys.payments(query),
    queryFn: () =>
      sdk.client.fetch<Paged & { in_store_payments: InStorePayment[] }>("/admin/in-store-payments", { query: clean(query) }),
    placeholderData: (previous) => previous,
  })
}

export function useInStorePayment(id: string | null) {
  return useQuery({
    queryKey: keys.payment(id ?? ""),
    queryFn: () => sdk.client.fetch<{ in_store_payment: InStorePayment }>(`/admin/in-store-payments/${id}`),
    select: (data) => data.in_store_payment,
    enabled: Boolean(id),
  })
}

/** The QR image of a payment's short URL, drawn by the server once: it never changes for a payment. */
export function usePaymentQr(id: string, enabled: boolean) {
  return useQuery({
    queryKey: keys.paymentQr(id),
    queryFn: () => sdk.client.fetch<{ qr: PaymentQrImage }>(`/admin/in-store-payments/${id}/qr`),
    select: (data) => data.qr,
    enabled,
    staleTime: Infinity,
  })
}

export function useFiscalReceipts(query: { status?: string; order_id?: string; limit: number; offset: number }) {
  return useQuery({
    queryKey: keys.receipts(query),
    queryFn: () =>
      sdk.client.fetch<Paged & { fiscal_receipts: FiscalReceipt[] }>("/admin/fiscal-receipts", { query: clean(query) }),
    placeholderData: (previous) => previous,
    refetchInterval: (q) =>
      q.state.data?.fiscal_receipts.some((r) => r.status === "pending" || r.status === "sent") ? 2000 : false,
  })
}

export function useRetryFiscalReceipt() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (id: string) =>
      sdk.client.fetch<{ fiscal_receipt: FiscalReceipt }>(`/admin/fiscal-receipts/${id}/retry`, { method: "POST" }),
    // Both the receipts page and any order widget showing this receipt.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.all }),
  })
}

export function usePickup(orderId: string, interval: (pickup: Pickup | undefined) => number | false) {
  return useQuery({
    queryKey: keys.pickup(orderId),
    queryFn: () => sdk.client.fetch<{ pickup: Pickup }>(`/admin/orders/${orderId}/pickup`),
    select: (data) => data.pickup,
    refetchInterval: (query) => interval(query.state.data?.pickup),
  })
}

export function useHandOver(orderId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (code: string | undefined) =>
      sdk.client.fetch<{ pickup: Pickup }>(`/admin/orders/${orderId}/pickup/handover`, {
        method: "POST",
        body: code ? { code } : {},
      }),
    onSuccess: () => {
      queryClient.invalidateQueries({ queryKey: keys.pickup(orderId) })
      // Medusa's own order page sections show the fulfillment as delivered.
      queryClient.invalidateQueries({ queryKey: ["orders"] })
    },
  })
}
