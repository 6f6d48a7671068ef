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
            ...sbpTerminals(),
          ],
      // The store's register: the ATOL Online emulator (dev/atol-emulator) unless ATOL_BASE_URL says otherwise.
      fiscal: {
        provider: "atol-online",
        api_version: (process.env.ATOL_API_VERSION as "v5" | "v4") || "v5",
        base_url: process.env.ATOL_BASE_URL || "http://127.0.0.1:4010/possystem",
        login: process.env.ATOL_LOGIN || `demo-${process.env.ATOL_API_VERSION || "v5"}`,
        password: process.env.ATOL_PASSWORD || "demo-password",
        group_code: process.env.ATOL_GROUP_CODE || `in-store-demo-${process.env.ATOL_API_VERSION || "v5"}`,
        company: {
          inn: process.env.ATOL_COMPANY_INN || "5544332219",
          sno: (process.env.ATOL_COMPANY_SNO as "osn") || "osn",
          email: process.env.ATOL_COMPANY_EMAIL || "shop@example.com",
          payment_address: process.env.ATOL_PAYMENT_ADDRESS || "https://shop.example.com",
        },
        handover_receipts: process.env.IN_STORE_HANDOVER_RECEIPTS !== "false",
        vat_overrides: process.env.IN_STORE_VAT_OVERRIDES ? JSON.parse(process.env.IN_STORE_VAT_OVERRIDES) : undefined,
        request_timeout_ms: Number(process.env.ATOL_REQUEST_TIMEOUT_MS || 10_000),
      },
    },
  }
}

/** SBP QR terminals, one per acquirer whose base URL is set (the demo points them at its emulators). */
function sbpTerminals() {
  const env = process.env
  const acquirers = [
    { acquirer: "tbank", ru: "Т-Банк", en: "T-Bank", url: env.TBANK_BASE_URL, receipt: env.TBANK_RECEIPT_BY,
      credentials: { terminal_key: env.TBANK_TERMINAL_KEY || "DemoTerminal", password: env.TBANK_PASSWORD || "demo-tbank-password" } },
    { acquirer: "yookassa", ru: "ЮKassa", en: "YooKassa", url: env.YOOKASSA_BASE_URL, receipt: env.YOOKASSA_RECEIPT_BY,
      credentials: { shop_id: env.YOOKASSA_SHOP_ID || "demo-shop", secret_key: env.YOOKASSA_SECRET_KEY || "demo-secret-key" } },
    { acquirer: "paymaster", ru: "PayMaster", en: "PayMaster", url: env.PAYMASTER_BASE_URL, receipt: env.PAYMASTER_RECEIPT_BY,
      credentials: { merchant_id: env.PAYMASTER_MERCHANT_ID || "demo-merchant", token: env.PAYMASTER_TOKEN || "demo-paymaster-token" } },
  ]
  return acquirers
    .filter((a) => a.url)
    .map((a) => ({
      id: `sbp-${a.acquirer}`,
      name: `СБП · ${a.ru} / SBP · ${a.en}`,
      channel: "sbp-qr",
      acquirer: a.acquirer,
      ...a.credentials,
      base_url: a.url,
      receipt_by: a.receipt || "store",
    }))
}
