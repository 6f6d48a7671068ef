import { useTranslation } from "react-i18next"

/** The admin's language code ("ru", "enGB", "ptBR", …) as a BCP 47 tag for Intl. */
export function localeOf(language: string | undefined): string {
  return (language || "en").replace(/^([a-z]{2})([A-Z]{2})$/, "$1-$2")
}

const exponent = (currency: string) =>
  new Intl.NumberFormat("en", { style: "currency", currency: currency.toUpperCase() }).resolvedOptions()
    .maximumFractionDigits ?? 2

/** Money given in minor units (kopecks), as the plugin speaks it. */
export function formatMinor(amount: number, currency: string, locale: string): string {
  return formatMajor(amount / 10 ** exponent(currency), currency, locale)
}

/** Money given in major units, as Medusa's order totals are. */
export function formatMajor(amount: number, currency: string, locale: string): string {
  return new Intl.NumberFormat(locale, { style: "currency", currency: currency.toUpperCase(), currencyDisplay: "narrowSymbol" }).format(amount)
}

/** Minor units owed for a Medusa amount: rounded half-up once, as the plugin rounds (ADR 0003). */
export function toMinor(amount: number, currency: string): number {
  const scale = 10 ** exponent(currency)
  return Math.floor(amount * scale + 0.5 + 1e-9)
}

export function formatDateTime(value: string | null | undefined, locale: string): string {
  if (!value) return "—"
  const date = new Date(value)
  return Number.isNaN(date.getTime())
    ? String(value)
    : new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "medium" }).format(date)
}

export function formatTime(value: string | null | undefined, locale: string): string {
  if (!value) return "—"
  return new Intl.DateTimeFormat(locale, { timeStyle: "short" }).format(new Date(value))
}

/** t() plus the Intl locale of the admin user's language. */
export function useLocaleText() {
  const { t, i18n } = useTranslation()
  return { t, locale: localeOf(i18n.language) }
}
