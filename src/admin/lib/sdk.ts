import Medusa from "@medusajs/js-sdk"

// __BACKEND_URL__ is defined by the admin's bundler, for a plugin's admin code as for the host's.
declare const __BACKEND_URL__: string | undefined

export const sdk = new Medusa({
  baseUrl: __BACKEND_URL__ || "/",
  auth: { type: "session" },
})
