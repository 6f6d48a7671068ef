import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { isSbpTerminal } from "../../../../options"
import { IN_STORE_MODULE } from "../../../../modules/in-store"
import type InStoreModuleService from "../../../../modules/in-store/service"

/** The configured terminals, without their secrets: the widget's terminal picker. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const inStore: InStoreModuleService = req.scope.resolve(IN_STORE_MODULE)
  const options = inStore.getOptions()
  res.json({
    terminals: options.terminals.map((terminal) => ({
      id: terminal.id,
      name: terminal.name ?? terminal.id,
      channel: terminal.channel,
      ...(isSbpTerminal(terminal) ? { acquirer: terminal.acquirer } : { format: terminal.format }),
      receipt_by: terminal.receipt_by,
    })),
    default_terminal_id: options.default_terminal_id ?? options.terminals[0].id,
  })
}
