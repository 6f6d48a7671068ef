import { ModuleProvider, Modules } from "@medusajs/framework/utils"
import InStorePaymentProviderService from "./service"

export default ModuleProvider(Modules.PAYMENT, { services: [InStorePaymentProviderService] })
