import * as domain from "./index"

describe("domain index", () => {
  it("exports the public API", () => {
    for (const name of [
      "currencyExponent", "toMinorUnits", "fromMinorUnits", "allocateByLargestRemainder",
      "buildPayLines", "vatCodeForRate", "vatAmount", "UnmappableVatRateError",
      "canonicalString", "hmacSha256Hex", "verifyHmacHex", "signCallback", "verifyCallback", "isTimestampFresh",
      "buildCustomSchemeLink", "parseCustomSchemeLink", "verifyCustomSchemeLink",
      "parseCallbackParams", "decideCallback", "canCancel", "isFinal", "shouldExpire",
    ]) {
      expect(typeof (domain as Record<string, unknown>)[name]).toBe("function")
    }
  })
})
