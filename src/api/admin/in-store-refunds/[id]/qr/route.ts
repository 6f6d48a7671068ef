import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { paymentQr, renderQrSvg } from "../../../../../lib/serialize"
import { IN_STORE_MODULE } from "../../../../../modules/in-store"
import type InStoreModuleService from "../../../../../modules/in-store/service"

/** The QR of a pending refund's short URL (the terminal scans it to get the signed refund link). */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const inStore: InStoreModuleService = req.scope.resolve(IN_STORE_MODULE)
  const [refund] = await inStore.listInStoreRefunds({ id: req.params.id })
  if (!refund) throw new MedusaError(MedusaError.Types.NOT_FOUND, `In-store refund ${req.params.id} was not found`)
  const qr = refund.status === "pending" && refund.link_token ? paymentQr(inStore.getOptions(), { link_token: refund.link_token }) : null
  if (!qr) throw new MedusaError(MedusaError.Types.NOT_FOUND, `In-store refund ${refund.id} is ${refund.status}: it has no QR`)
  res.json({ qr: { ...qr, svg: await renderQrSvg(qr) } })
}
