"use strict"
// Valid registration bodies for the default groups, for tests and the demo.
// Each call returns a fresh object; pass overrides for the envelope fields.

const { formatAtolTimestamp } = require("./format")

const COMPANY = {
  email: "shop@example.com",
  sno: "osn",
  inn: "5544332219",
  payment_address: "https://shop.example.com",
}

/** v5 (FFD 1.2) sell: 2 × 19.99 tea at 22 % + 1 × 150.00 mug, paid by card. */
function sampleV5Sell(envelope = {}) {
  return {
    timestamp: formatAtolTimestamp(),
    external_id: `sample-v5-${Date.now()}-${Math.random().toString(16).slice(2)}`,
    ...envelope,
    receipt: {
      client: { email: "buyer@example.com" },
      company: { ...COMPANY },
      items: [
        { name: "Чай листовой", price: 19.99, quantity: 2, sum: 39.98, measure: 0, payment_method: "full_payment", payment_object: 1, vat: { type: "vat22", sum: 7.21 } },
        { name: "Кружка", price: 150, quantity: 1, sum: 150, measure: 0, payment_method: "full_payment", payment_object: 1, vat: { type: "vat22", sum: 27.05 } },
      ],
      payments: [{ type: 1, sum: 189.98 }],
      vats: [{ type: "vat22", sum: 34.26 }],
      total: 189.98,
    },
  }
}

/** v4 (FFD 1.05) sell with the same content (string payment_object, measurement_unit). */
function sampleV4Sell(envelope = {}) {
  return {
    timestamp: formatAtolTimestamp(),
    external_id: `sample-v4-${Date.now()}-${Math.random().toString(16).slice(2)}`,
    ...envelope,
    receipt: {
      client: { email: "buyer@example.com" },
      company: { ...COMPANY },
      items: [
        { name: "Чай листовой", price: 19.99, quantity: 2, sum: 39.98, measurement_unit: "шт", payment_method: "full_payment", payment_object: "commodity", vat: { type: "vat22" } },
        { name: "Кружка", price: 150, quantity: 1, sum: 150, measurement_unit: "шт", payment_method: "full_payment", payment_object: "commodity", vat: { type: "vat22" } },
      ],
      payments: [{ type: 1, sum: 189.98 }],
      total: 189.98,
    },
  }
}

module.exports = { sampleV5Sell, sampleV4Sell }
