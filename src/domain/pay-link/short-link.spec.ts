import { randomBytes } from "node:crypto"
import { LINK_TOKEN_BYTES, LINK_TOKEN_PATTERN, shortLinkState } from "./short-link"

const expiresAt = "2026-11-23T10:30:00.000Z"
const at = (iso: string) => new Date(iso).getTime()

describe("shortLinkState", () => {
  it("is usable while pending, up to and including expires_at", () => {
    expect(shortLinkState({ status: "pending", expires_at: expiresAt }, at("2026-11-23T10:00:00.000Z"))).toEqual({ usable: true })
    expect(shortLinkState({ status: "pending", expires_at: new Date(expiresAt) }, at(expiresAt))).toEqual({ usable: true })
  })

  it("is gone as expired one millisecond after expires_at, even while the row is still pending", () => {
    expect(shortLinkState({ status: "pending", expires_at: expiresAt }, at(expiresAt) + 1)).toEqual({
      usable: false,
      reason: "expired",
      message: "The pay link expired at 2026-11-23T10:30:00.000Z",
    })
  })

  it.each(["paid", "failed", "canceled", "expired"])("is gone once the payment is %s, naming the status", (status) => {
    expect(shortLinkState({ status, expires_at: expiresAt }, at("2026-11-23T10:00:00.000Z"))).toEqual({
      usable: false,
      reason: status,
      message: `The pay link is no longer valid: the payment is ${status}`,
    })
  })

  it("treats an unreadable expires_at as expired rather than usable", () => {
    expect(shortLinkState({ status: "pending", expires_at: "not a date" }, 0)).toMatchObject({ usable: false, reason: "expired" })
  })
})

describe("link tokens", () => {
  it("128 random bits encode to exactly the accepted 22 base64url characters", () => {
    for (let i = 0; i < 200; i++) expect(randomBytes(LINK_TOKEN_BYTES).toString("base64url")).toMatch(LINK_TOKEN_PATTERN)
    expect(LINK_TOKEN_BYTES * 8).toBeGreaterThanOrEqual(128)
  })

  it.each(["", "short", "A".repeat(21), "A".repeat(23), "A".repeat(21) + "=", "A".repeat(21) + "/", "../" + "A".repeat(19)])(
    "rejects %p",
    (token) => expect(token).not.toMatch(LINK_TOKEN_PATTERN)
  )
})
