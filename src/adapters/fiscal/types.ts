import type { AtolAnswer, RegistrationOutcome, ReportOutcome } from "../../domain"

/** One kind of outside system: a fiscal register the store sends receipts to. One file per vendor. */
export interface FiscalRegister {
  readonly provider: string
  readonly apiVersion: string
  /** Sends one document; resending the same external_id must never create a second one. */
  register(operation: string, body: Record<string, unknown>): Promise<{ outcome: RegistrationOutcome; answer: AtolAnswer }>
  /** Asks what became of a registered document. */
  report(uuid: string): Promise<{ outcome: ReportOutcome; answer: AtolAnswer }>
}
