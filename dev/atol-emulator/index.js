"use strict"
// ATOL Online emulator (API v4 / FFD 1.05 and v5 / FFD 1.2) for the demo and
// the integration tests. See README.md in this folder and index.d.ts.

const { startAtolEmulator, DEFAULT_GROUPS } = require("./emulator")
const { validateAtolRequest, OPERATIONS } = require("./validate")
const { formatAtolTimestamp } = require("./format")
const { sampleV5Sell, sampleV4Sell } = require("./samples")

module.exports = {
  startAtolEmulator,
  DEFAULT_GROUPS,
  validateAtolRequest,
  OPERATIONS,
  formatAtolTimestamp,
  sampleV5Sell,
  sampleV4Sell,
}
