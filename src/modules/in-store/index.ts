import { Module } from "@medusajs/framework/utils"
import InStoreModuleService from "./service"
import validateOptionsLoader from "./loaders/validate-options"

export const IN_STORE_MODULE = "in_store"

export default Module(IN_STORE_MODULE, {
  service: InStoreModuleService,
  loaders: [validateOptionsLoader],
})
