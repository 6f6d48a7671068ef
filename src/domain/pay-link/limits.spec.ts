import QRCode from "qrcode"
import { MAX_PAY_LINK_LENGTH, MAX_QR_PAYLOAD_BYTES, MAX_QR_VERSION, payLinkSizeProblem } from "./limits"

const shortUrl = `https://shop.example.com/hooks/in-store/links/${"A".repeat(22)}`

describe("payLinkSizeProblem", () => {
  it("accepts a link at the limit with a short QR payload", () => {
    expect(payLinkSizeProblem({ payLinkLength: MAX_PAY_LINK_LENGTH, qrPayload: shortUrl, lineCount: 400 })).toBeNull()
  })

  it("refuses a link one character over the limit, naming sizes and lines", () => {
    const problem = payLinkSizeProblem({ payLinkLength: MAX_PAY_LINK_LENGTH + 1, qrPayload: shortUrl, lineCount: 812 })
    expect(problem).toBe(
      `The pay link would be ${MAX_PAY_LINK_LENGTH + 1} characters long, more than the ${MAX_PAY_LINK_LENGTH} ` +
        "the in-store protocol allows (812 lines): split the order or shorten its item titles"
    )
  })

  it("refuses a QR payload a version-10 QR cannot hold, counting UTF-8 bytes", () => {
    const ascii = "https://" + "a".repeat(MAX_QR_PAYLOAD_BYTES - 8)
    expect(payLinkSizeProblem({ payLinkLength: 100, qrPayload: ascii, lineCount: 1 })).toBeNull()
    expect(payLinkSizeProblem({ payLinkLength: 100, qrPayload: ascii + "a", lineCount: 1 })).toMatch(
      /QR payload would be 214 bytes, more than the 213 a version-10 QR holds: the plugin option public_url is too long/
    )
    // 103 Cyrillic letters are 206 bytes: same character count as an accepted ASCII payload would allow, but too many bytes
    expect(payLinkSizeProblem({ payLinkLength: 100, qrPayload: "https://" + "д".repeat(103), lineCount: 1 })).toMatch(/214 bytes/)
  })

  it("matches the qrcode library: the byte limit is exactly where version 10 at M ends", () => {
    for (const payload of ["https://" + "a".repeat(MAX_QR_PAYLOAD_BYTES - 8), shortUrl, "http://x/" + "Zz9-_".repeat(40).slice(0, 204)]) {
      expect(Buffer.byteLength(payload)).toBeLessThanOrEqual(MAX_QR_PAYLOAD_BYTES)
      expect(QRCode.create(payload, { errorCorrectionLevel: "M" }).version).toBeLessThanOrEqual(MAX_QR_VERSION)
    }
    const over = "https://" + "a".repeat(MAX_QR_PAYLOAD_BYTES - 7)
    expect(QRCode.create(over, { errorCorrectionLevel: "M" }).version).toBe(MAX_QR_VERSION + 1)
  })
})
