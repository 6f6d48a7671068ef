// Size limits of the in-store protocol (docs/protocol.md §1.1): what a link and its QR may grow to.

/**
 * Longest full custom-scheme link the protocol allows, in characters. Android hands the link to the
 * terminal app inside an Intent through Binder, whose 1 MiB transaction buffer is shared by the whole
 * process and which carries strings as UTF-16: 128 Ki characters is 256 KiB there, well under the
 * TransactionTooLargeException range, and far under Chrome's 2 MB URL cap.
 */
export const MAX_PAY_LINK_LENGTH = 131_072

/** Largest QR version a phone or terminal camera still reads at arm's length from a screen. */
export const MAX_QR_VERSION = 10

/** Bytes a version-10 QR holds at error correction M in byte mode (ISO/IEC 18004 table 7). */
export const MAX_QR_PAYLOAD_BYTES = 213

/** Why a pay link of this size cannot be handed to a terminal, or null when it can. */
export function payLinkSizeProblem(input: { payLinkLength: number; qrPayload: string; lineCount: number }): string | null {
  if (input.payLinkLength > MAX_PAY_LINK_LENGTH) {
    return (
      `The pay link would be ${input.payLinkLength} characters long, more than the ${MAX_PAY_LINK_LENGTH} ` +
      `the in-store protocol allows (${input.lineCount} lines): split the order or shorten its item titles`
    )
  }
  const qrBytes = Buffer.byteLength(input.qrPayload, "utf8")
  if (qrBytes > MAX_QR_PAYLOAD_BYTES) {
    return (
      `The QR payload would be ${qrBytes} bytes, more than the ${MAX_QR_PAYLOAD_BYTES} a version-${MAX_QR_VERSION} QR ` +
      `holds: the plugin option public_url is too long`
    )
  }
  return null
}
