/**
 * The demo/test host's settings, from environment variables with documented defaults
 * (README "Settings"). Only the dev host reads these; a store passes its own plugin options.
 */
export const hostSettings = () => {
  const port = Number(process.env.PORT || 9000)
  const publicUrl = process.env.IN_STORE_PUBLIC_URL || `http://localhost:${port}`
  return {
    port,
    publicUrl,
    databaseUrl: process.env.DATABASE_URL,
    jwtSecret: process.env.JWT_SECRET || "supersecret",
    cookieSecret: process.env.COOKIE_SECRET || "supersecret",
    adminEmail: process.env.ADMIN_EMAIL || "admin@example.com",
    adminPassword: process.env.ADMIN_PASSWORD || "supersecret",
    pluginOptions: {
      public_url: publicUrl,
      link_ttl_seconds: Number(process.env.IN_STORE_LINK_TTL_SECONDS || 900),
      terminals: process.env.IN_STORE_TERMINALS
        ? JSON.parse(process.env.IN_STORE_TERMINALS)
        : [
            {
              id: "counter-1",
              name: "Касса 1 / Counter 1",
              format: "custom-scheme",
              scheme: "kassa-api",
              secret: process.env.IN_STORE_TERMINAL_SECRET || "demo-counter-1-secret-change-me",
              receipt_by: "store",
            },
            {
              id: "mpos-2",
              name: "mPOS 2 (own register)",
              format: "custom-scheme",
              scheme: "kassa-api",
              secret: process.env.IN_STORE_TERMINAL2_SECRET || "demo-mpos-2-secret-change-me",
              receipt_by: "terminal",
            },
          ],
    },
  }
}
