import type { LoaderOptions } from "@medusajs/framework/types"
import { parsePluginOptions } from "../../../options"

/** Refuses start-up on bad plugin options, naming the option. */
export default async function validateOptionsLoader({ options }: LoaderOptions) {
  parsePluginOptions(options)
}
