import * as payLink from "./index"
import { buildCustomSchemeLink, parseCustomSchemeLink, verifyCustomSchemeLink } from "./custom-scheme"

describe("pay-link index", () => {
  it("re-exports the custom-scheme format", () => {
    expect(payLink.buildCustomSchemeLink).toBe(buildCustomSchemeLink)
    expect(payLink.parseCustomSchemeLink).toBe(parseCustomSchemeLink)
    expect(payLink.verifyCustomSchemeLink).toBe(verifyCustomSchemeLink)
  })
})
