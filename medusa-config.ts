import { defineConfig, loadEnv } from "@medusajs/framework/utils"
import { hostSettings } from "./dev/host-settings"

loadEnv(process.env.NODE_ENV || "development", process.cwd())

// The development/test host: it loads the plugin from its own src/ (README "Settings").
const settings = hostSettings()

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: settings.databaseUrl,
    http: {
      storeCors: process.env.STORE_CORS || "http://localhost:8000",
      adminCors: process.env.ADMIN_CORS || `http://localhost:${settings.port},http://localhost:5173`,
      authCors: process.env.AUTH_CORS || `http://localhost:${settings.port},http://localhost:5173`,
      jwtSecret: settings.jwtSecret,
      cookieSecret: settings.cookieSecret,
    },
  },
  admin: {
    disable: process.env.MEDUSA_ADMIN_DISABLE === "true",
  },
  modules: [
    { resolve: "./src/modules/in-store", options: settings.pluginOptions },
    {
      resolve: "@medusajs/medusa/payment",
      options: {
        providers: [{ resolve: "./src/providers/payment-in-store", id: "in-store" }],
      },
    },
    {
      resolve: "@medusajs/medusa/fulfillment",
      options: {
        providers: [
          { resolve: "@medusajs/medusa/fulfillment-manual", id: "manual" },
          { resolve: "./src/providers/fulfillment-pickup", id: "pickup" },
        ],
      },
    },
  ],
})

