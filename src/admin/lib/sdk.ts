import Medusa from "@medusajs/js-sdk"

// __BACKEND_URL__ is defined by the admin's bundler, for a plugin's admin code as for the host's.
declare const __BACKEND_URL__: string | undefined

const baseUrl = __BACKEND_URL__ || "/"

export const sdk = new Medusa({
  baseUrl,
  auth: { type: "session" },
})

/** An absolute path on the backend, for what the browser fetches itself (an <img>). */
export const backendUrl = (path: string) => `${baseUrl.replace(/\/+$/, "")}${path}`
