import { Client } from "pg"

/**
 * A database of its own for a suite that starts real Medusa processes, on the server the test runner
 * names with DB_* (dev/run-tests.mjs): created fresh, dropped after, queried with plain SQL.
 */
export function scratchDatabase(prefix: string) {
  const server = {
    host: process.env.DB_HOST || "localhost",
    port: Number(process.env.DB_PORT || 5432),
    user: process.env.DB_USERNAME || "postgres",
    password: process.env.DB_PASSWORD || "",
  }
  const name = `${prefix}_${process.pid}`
  const url = `postgres://${encodeURIComponent(server.user)}:${encodeURIComponent(server.password)}@${server.host}:${server.port}/${name}`
  const run = async (database: string, sql: string, params: unknown[] = []) => {
    const client = new Client({ ...server, database })
    await client.connect()
    try {
      return (await client.query(sql, params)).rows
    } finally {
      await client.end()
    }
  }
  return {
    name,
    url,
    create: async () => {
      await run("postgres", `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
      await run("postgres", `CREATE DATABASE "${name}"`)
    },
    drop: () => run("postgres", `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined),
    query: (sql: string, params: unknown[] = []) => run(name, sql, params),
  }
}
