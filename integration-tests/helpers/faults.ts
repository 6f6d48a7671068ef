/** Runs one SQL statement on the database under test (knex's `raw`, or a scratch database's `query`). */
export type RunSql = (sql: string) => Promise<unknown>

export interface Fault {
  /** the trigger's name (and its counter's, `<name>_seq`) */
  name: string
  table: string
  /** INSERT, UPDATE, … */
  event?: string
  /** how many matching rows fail before writes pass again */
  times?: number
  /** a trigger condition on NEW / OLD */
  when?: string
  /** the error's message; by default `injected fault <name>_seq` */
  message?: string
}

/**
 * A failure injected into one of Medusa's (or our) writes: a trigger raising for the first `times` matching rows.
 * The counter is a sequence, so the failing transaction's rollback does not reset it. Returns its removal.
 */
export async function injectFault(run: RunSql, { name, table, event = "INSERT", times = 1_000_000, when = "true", message }: Fault) {
  await run(`
    CREATE OR REPLACE FUNCTION in_store_test_fault() RETURNS trigger AS $$
    BEGIN
      IF nextval(TG_ARGV[0]::regclass) <= TG_ARGV[1]::bigint THEN
        RAISE EXCEPTION '%', TG_ARGV[2];
      END IF;
      RETURN NEW;
    END $$ LANGUAGE plpgsql`)
  await run(`CREATE SEQUENCE ${name}_seq`)
  const text = (message ?? `injected fault ${name}_seq`).replace(/'/g, "''")
  await run(
    `CREATE TRIGGER ${name} BEFORE ${event} ON "${table}" FOR EACH ROW WHEN (${when}) EXECUTE FUNCTION in_store_test_fault('${name}_seq', '${times}', '${text}')`
  )
  return () => run(`DROP TRIGGER IF EXISTS ${name} ON "${table}"; DROP SEQUENCE IF EXISTS ${name}_seq;`).then(() => undefined)
}
