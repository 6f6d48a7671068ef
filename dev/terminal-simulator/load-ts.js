// Loads a dependency-free TypeScript file from plain Node (the dev scripts are JavaScript): one source of
// truth for the demo terminals (dev/host-settings.ts) and the callback signature (src/domain/signature.ts).
const fs = require("node:fs")
const Module = require("node:module")
const path = require("node:path")

const cache = new Map()

/** `require` for a .ts file whose own imports are Node built-ins or packages only. */
function requireTs(file) {
  const filename = path.resolve(file)
  if (cache.has(filename)) return cache.get(filename)
  const ts = require("typescript")
  const { outputText } = ts.transpileModule(fs.readFileSync(filename, "utf8"), {
    fileName: filename,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2021, esModuleInterop: true },
  })
  const m = new Module(filename, module)
  m.filename = filename
  m.paths = Module._nodeModulePaths(path.dirname(filename))
  m._compile(outputText, filename)
  cache.set(filename, m.exports)
  return m.exports
}

module.exports = { requireTs }
