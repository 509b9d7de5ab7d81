import { Kysely, Migrator, PostgresDialect, sql } from "kysely";
import { config } from "#app/config.server";
import { bootstrap } from "#db/bootstrap";
import { migrations } from "#db/migrations/index";
import { createPgPool, type DbHandle } from "./db.server";

const provider = { getMigrations: async () => migrations };

/**
 * Bring the schema up to date. Tables are created as `hearth_owner`, so the app role
 * (`hearth_app`) is never their owner and row-level security always applies to it.
 * On PostgreSQL, bootstrap and migrations use their own connection:
 * `MIGRATION_DATABASE_URL` (a login that may become hearth_owner), or the app's own
 * `DATABASE_URL` when unset (development, tests).
 */
export async function migrateToLatest(handle: DbHandle, opts: { migrationUrl?: string } = {}): Promise<string[]> {
  if (handle.kind === "pg") {
    const url = opts.migrationUrl ?? config().MIGRATION_DATABASE_URL ?? handle.databaseUrl!;
    const adminDb = new Kysely<any>({ dialect: new PostgresDialect({ pool: createPgPool(url, { max: 1, statement_timeout: false, connectionTimeoutMillis: 30_000 }) }) });
    try {
      await bootstrap(adminDb);
    } finally {
      await adminDb.destroy();
    }
    const pool = createPgPool(url, { max: 1, statement_timeout: false, connectionTimeoutMillis: 30_000 });
    pool.on("connect", (client) => {
      void client.query("set role hearth_owner");
    });
    const ownerDb = new Kysely<any>({ dialect: new PostgresDialect({ pool }) });
    try {
      return await run(ownerDb);
    } finally {
      await ownerDb.destroy();
    }
  }
  await bootstrap(handle.db);
  await sql`set role hearth_owner`.execute(handle.db);
  try {
    return await run(handle.db);
  } finally {
    await sql`reset role`.execute(handle.db);
  }
}

async function run(db: Kysely<any>): Promise<string[]> {
  // Strict order: a migration numbered below one already applied is refused (number new ones
  // above the highest on main when they land; see CONTRIBUTING "Adding a feature").
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === "Error");
  if (error || failed) {
    const message = failed ? `migration ${failed.migrationName} failed` : "migration failed";
    throw new Error(message, { cause: error });
  }
  return (results ?? []).map((r) => r.migrationName);
}

/** Names of known migrations that have not been applied (empty when current). */
export async function pendingMigrations(db: Kysely<any>): Promise<string[]> {
  const rows = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
  const applied = new Set(rows.rows.map((r) => r.name));
  return Object.keys(migrations).filter((name) => !applied.has(name));
}
