import { ModuleProvider, Modules } from "@medusajs/framework/utils"
import InStorePickupFulfillmentService from "./service"

export default ModuleProvider(Modules.FULFILLMENT, { services: [InStorePickupFulfillmentService] })
