import { paymasterConfigSchema } from "./paymaster"
import { tbankConfigSchema } from "./tbank"
import { yookassaConfigSchema } from "./yookassa"
import type { AcquirerId } from "./types"

/** The options each acquirer's terminal needs, validated at start-up with its own schema. */
export const ACQUIRER_CONFIG_SCHEMAS: Record<AcquirerId, { safeParse: (value: unknown) => any }> = {
  tbank: tbankConfigSchema,
  yookassa: yookassaConfigSchema,
  paymaster: paymasterConfigSchema,
}
