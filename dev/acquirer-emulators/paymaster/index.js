"use strict"
// PayMaster API v2 emulator (SBP QR payments) for the demo and the tests. See README.md and index.d.ts.
const { startPaymasterEmulator, DEFAULT_MERCHANTS, nspkPayload, SBP_MIN_KOPECKS, SBP_MAX_KOPECKS } = require("./emulator")

module.exports = { startPaymasterEmulator, DEFAULT_MERCHANTS, nspkPayload, SBP_MIN_KOPECKS, SBP_MAX_KOPECKS }
