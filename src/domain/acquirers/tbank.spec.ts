import fc from "fast-check"
import { checkTbankNotification, tbankDueDate, tbankReceipt, tbankStatus, tbankToken } from "./tbank"

describe("tbankToken", () => {
  it("matches T-Bank's published test vector", () => {
    expect(
      tbankToken(
        {
          TerminalKey: "MerchantTerminalKey",
          Amount: 19200,
          OrderId: "21090",
          Description: "Подарочная карта на 1000 рублей",
          DATA: { Phone: "+71234567890" },
          Receipt: { Items: [] },
        },
        "usaf8fw8fsw21g"
      )
    ).toBe("0024a00af7c350a3a67ca168ce06502aa72772456662e38696d48b56ee9c97d9")
  })

  it("signs booleans as true/false and skips nulls and the Token itself", () => {
    const a = tbankToken({ TerminalKey: "T", Success: true, Pan: null, Token: "x" }, "p")
    expect(a).toBe(tbankToken({ TerminalKey: "T", Success: "true" }, "p"))
  })
})

describe("checkTbankNotification", () => {
  const password = "demo-tbank-password"
  const signed = (fields: Record<string, unknown>) => ({ ...fields, Token: tbankToken(fields, password) })
  const base = { TerminalKey: "DemoTerminal", OrderId: "isp_1", Success: true, Status: "CONFIRMED", PaymentId: "700001", ErrorCode: "0", Amount: 287097 }

  it("accepts T-Bank's signed notification for this terminal", () => {
    const check = checkTbankNotification(signed(base), "DemoTerminal", password)
    expect(check).toMatchObject({ ok: true, notification: { PaymentId: "700001", Amount: 287097 } })
  })

  it("refuses a changed field, another terminal, a missing token, or junk, naming the field", () => {
    expect(checkTbankNotification({ ...signed(base), Amount: 1 }, "DemoTerminal", password)).toMatchObject({ ok: false, field: "Token" })
    expect(checkTbankNotification(signed({ ...base, TerminalKey: "Other" }), "DemoTerminal", password)).toMatchObject({ ok: false, field: "TerminalKey" })
    expect(checkTbankNotification(base, "DemoTerminal", password)).toMatchObject({ ok: false, field: "Token" })
    expect(checkTbankNotification("OK", "DemoTerminal", password)).toMatchObject({ ok: false, field: "(body)" })
  })

  it("property: any change to a signed scalar field is refused", () => {
    fc.assert(
      fc.property(fc.constantFrom("OrderId", "Status", "PaymentId", "ErrorCode"), fc.string({ minLength: 1, maxLength: 10 }), (field, value) => {
        const body = signed(base) as Record<string, unknown>
        if (String(body[field]) === value) return true
        return checkTbankNotification({ ...body, [field]: value }, "DemoTerminal", password).ok === false
      })
    )
  })
})

describe("tbankStatus", () => {
  it("maps final statuses and treats the rest as pending", () => {
    expect(tbankStatus("CONFIRMED")).toBe("succeeded")
    expect(tbankStatus("DEADLINE_EXPIRED")).toBe("canceled")
    expect(tbankStatus("REJECTED")).toBe("failed")
    expect(tbankStatus("PARTIAL_REFUNDED")).toBe("partially_refunded")
    for (const s of ["NEW", "FORM_SHOWED", "AUTHORIZING", "CONFIRMING", "ANYTHING"]) expect(tbankStatus(s)).toBe("pending")
  })
})

describe("tbankDueDate and tbankReceipt", () => {
  it("writes Moscow time with +03:00", () => {
    expect(tbankDueDate("2026-12-03T16:00:00.000Z")).toBe("2026-12-03T19:00:00+03:00")
  })

  it("lists the lines in kopecks, summing to the amount", () => {
    const receipt = tbankReceipt(
      [
        { title: "Кружка", quantity: 3, unit_price: 44910, total: 134730, vat: "vat22", payment_object: "commodity", payment_method: "full_payment" },
        { title: "Доставка", quantity: 1, unit_price: 35050, total: 35050, vat: "none", payment_object: "service", payment_method: "full_payment" },
      ] as any,
      { email: "a@b.ru", phone: null },
      "osn",
      169780
    )
    expect(receipt).toMatchObject({ Email: "a@b.ru", Taxation: "osn" })
    expect(receipt.Items.reduce((s: number, i: any) => s + i.Amount, 0)).toBe(169780)
    expect(receipt.Items[1]).toMatchObject({ Tax: "none", PaymentObject: "service" })
  })

  it("lists a refund's fractional quantity with the register's rounding, and refuses what it cannot state truly", () => {
    const mug = { title: "Кружка", quantity: 0.333, unit_price: 30030, total: 10000, vat: "vat22", payment_object: "commodity", payment_method: "full_payment" }
    expect(tbankReceipt([mug] as any, { email: null, phone: "+79161234567" }, "osn", 10000).Items[0]).toMatchObject({ Quantity: 0.333, Price: 30030, Amount: 10000 })
    // A tax rate with no fiscal code is never sent as "none"; a sum the register would compute otherwise is never sent.
    expect(() => tbankReceipt([{ ...mug, vat: null }] as any, { email: "a@b.ru", phone: null }, "osn", 10000)).toThrow(/VAT/)
    expect(() => tbankReceipt([{ ...mug, total: 10001 }] as any, { email: "a@b.ru", phone: null }, "osn", 10001)).toThrow(/≠ 10001/)
    expect(() => tbankReceipt([mug] as any, { email: null, phone: null }, "osn", 10000)).toThrow(/e-mail nor a phone/)
  })
})
