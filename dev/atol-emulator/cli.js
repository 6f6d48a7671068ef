#!/usr/bin/env node
"use strict"
// Run the ATOL Online emulator until Ctrl-C:
//   node dev/atol-emulator/cli.js [--port 4010] [--host 127.0.0.1] [--processing-ms 300] [--no-callbacks] [--quiet]

const { startAtolEmulator } = require("./index")

function parseArgs(argv) {
  const out = { port: 4010, host: "127.0.0.1", processing_ms: 300, callbacks: true, log: true }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    const value = () => {
      const v = arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : argv[++i]
      if (v === undefined) throw new Error(`${arg} needs a value`)
      return v
    }
    const name = arg.split("=")[0]
    if (name === "--port") out.port = Number(value())
    else if (name === "--host") out.host = value()
    else if (name === "--processing-ms") out.processing_ms = Number(value())
    else if (name === "--no-callbacks") out.callbacks = false
    else if (name === "--quiet") out.log = false
    else if (name === "--help" || name === "-h") {
      console.log("usage: node dev/atol-emulator/cli.js [--port 4010] [--host 127.0.0.1] [--processing-ms 300] [--no-callbacks] [--quiet]")
      process.exit(0)
    } else throw new Error(`unknown argument ${arg}`)
  }
  if (!Number.isInteger(out.port) || out.port < 0 || out.port > 65535) throw new Error("--port must be 0..65535")
  if (!Number.isInteger(out.processing_ms) || out.processing_ms < 0) throw new Error("--processing-ms must be >= 0")
  return out
}

async function main() {
  const args = parseArgs(process.argv.slice(2))
  const emulator = await startAtolEmulator(args)
  console.log(`ATOL Online emulator listening: ${emulator.url}`)
  console.log(`  control: ${emulator.origin}/__emulator/ (documents, requests, callbacks, faults, reset)`)
  for (const g of emulator.groups) {
    console.log(
      `  ${g.api_version}  ${emulator.url}/${g.api_version}/  group_code=${g.group_code} login=${g.login} password=${g.password} inn=${g.inn} payment_address=${g.payment_address}`,
    )
  }
  let stopping = false
  const shutdown = () => {
    if (stopping) return
    stopping = true
    emulator.stop().then(() => process.exit(0))
  }
  process.on("SIGINT", shutdown)
  process.on("SIGTERM", shutdown)
}

main().catch((err) => {
  console.error(`atol-emulator: ${err.message}`)
  process.exit(1)
})
