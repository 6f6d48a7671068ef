import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { paymentQr, renderQrSvg } from "../../../../../lib/serialize"
import { IN_STORE_MODULE } from "../../../../../modules/in-store"
import type InStoreModuleService from "../../../../../modules/in-store/service"

/** The one place a QR is drawn: the seller's screen asks for it once per pending payment (docs/admin.md). */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const inStore: InStoreModuleService = req.scope.resolve(IN_STORE_MODULE)
  const [payment] = await inStore.listInStorePayments({ id: req.params.id })
  if (!payment) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `In-store payment ${req.params.id} was not found`)
  }
  const qr = paymentQr(inStore.getOptions(), payment)
  if (!qr) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `In-store payment ${payment.id} has no QR (it was created before short QR URLs)`)
  }
  res.json({ qr: { ...qr, svg: await renderQrSvg(qr) } })
}
