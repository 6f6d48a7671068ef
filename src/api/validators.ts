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
