import { z } from "@medusajs/framework/zod"

export const PostCollectInStore = z
  .object({
    terminal_id: z.string().min(1).max(64).optional(),
  })
  .strict()
export type PostCollectInStoreType = z.infer<typeof PostCollectInStore>

export const GetInStorePaymentsParams = z
  .object({
    status: z.enum(["pending", "paid", "failed", "canceled", "expired"]).optional(),
    terminal_id: z.string().optional(),
    order_id: z.string().optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict()
export type GetInStorePaymentsParamsType = z.infer<typeof GetInStorePaymentsParams>

export const GetFiscalReceiptsParams = z
  .object({
    status: z.enum(["pending", "sent", "done", "failed"]).optional(),
    kind: z.enum(["sell", "sell_refund", "handover"]).optional(),
    order_id: z.string().optional(),
    in_store_payment_id: z.string().optional(),
    late: z.enum(["true", "false"]).transform((v) => v === "true").optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict()
export type GetFiscalReceiptsParamsType = z.infer<typeof GetFiscalReceiptsParams>

export const PostOrderFiscalReceipt = z
  .object({
    kind: z.literal("handover", { error: 'must be "handover" (sell and refund receipts are issued by themselves)' }),
  })
  .strict()
export type PostOrderFiscalReceiptType = z.infer<typeof PostOrderFiscalReceipt>

const positiveMinorUnits = z.number().int("must be an integer number of minor units").positive("must be positive").max(Number.MAX_SAFE_INTEGER)
const refundNoteField = { note: z.string().max(500).optional() }

/** What to refund: a Medusa return's items, chosen items (and the shipping), or money with no goods back. */
export const PostInStoreRefund = z.union(
  [
    z.object({ return_id: z.string().min(1).max(64), ...refundNoteField }).strict(),
    z
      .object({
        items: z
          .array(z.object({ item_id: z.string().min(1).max(64), quantity: z.number().int().positive() }).strict())
          .max(500)
          .default([]),
        shipping: z.boolean().optional(),
        ...refundNoteField,
      })
      .strict()
      .refine((body) => body.items.length > 0 || body.shipping, { message: "name at least one item, or shipping: true", path: ["items"] }),
    z.object({ amount: positiveMinorUnits, ...refundNoteField }).strict(),
  ],
  { error: "give one of: return_id; items (and/or shipping); amount (minor units, no goods returned)" }
)
export type PostInStoreRefundType = z.infer<typeof PostInStoreRefund>

export const PostPickupHandover = z
  .object({
    // the customer's handover code, checked when given (spaces and dashes are ignored)
    code: z.string().min(1).max(32).optional(),
  })
  .strict()
export type PostPickupHandoverType = z.infer<typeof PostPickupHandover>
