"use strict"
// YooKassa API v3 emulator (SBP QR payments) for the demo and the tests. See README.md and index.d.ts.

const { startYookassaEmulator, DEFAULT_SHOPS, nspkPayload } = require("./emulator")
const { checkCreatePayment, checkCreateRefund, checkReceipt } = require("./validate")

module.exports = { startYookassaEmulator, DEFAULT_SHOPS, nspkPayload, checkCreatePayment, checkCreateRefund, checkReceipt }
