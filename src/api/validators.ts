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

export const PostPickupHandover = z
  .object({
    // the customer's handover code, checked when given (spaces and dashes are ignored)
    code: z.string().min(1).max(32).optional(),
  })
  .strict()
export type PostPickupHandoverType = z.infer<typeof PostPickupHandover>
