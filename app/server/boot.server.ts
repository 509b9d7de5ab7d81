import { sql } from "kysely";
import { config } from "#app/config.server";
import { closeDb, getDbHandle } from "#app/db/db.server";
import { migrateToLatest } from "#app/db/migrate.server";
import { withPlatform, withWorker } from "#app/db/tenant.server";
import { startOutboxWorker } from "#app/server/worker.server";
import { logger } from "#app/lib/logger.server";
import { DEMO_PASSWORD } from "#db/seed/demo-accounts";
import { STANDARDS_ORG_ID } from "#db/migrations/0040_standards";

/**
 * Row-level security is silently off for superusers, BYPASSRLS roles and table owners.
 * Refuse to serve if the request role is any of these.
 */
export async function assertAppRoleIsUnprivileged() {
  const row = await withPlatform({}, async (tx) =>
    (
      await sql<{ user: string; superuser: boolean; bypass: boolean; owns: number }>`
        select current_user as user, r.rolsuper as superuser, r.rolbypassrls as bypass,
          (select count(*)::int from pg_class c where c.relowner = r.oid and c.relnamespace = 'public'::regnamespace) as owns
        from pg_roles r where r.rolname = current_user`.execute(tx)
    ).rows[0],
  );
  if (!row || row.user !== "hearth_app" || row.superuser || row.bypass || row.owns > 0) {
    throw new Error(`Request role is privileged (${JSON.stringify(row)}); refusing to start.`);
  }
}

/**
 * On PostgreSQL the login itself should be unprivileged too: a superuser or a member of
 * hearth_owner can `RESET ROLE` / `SET ROLE hearth_owner` out of the request role, and a
 * member of hearth_worker can read queued emails — reset and invitation links (the worker
 * has its own login, WORKER_DATABASE_URL; ADR 010). Warns
 * (the default development set-up connects as postgres); docs/operations.md has the set-up.
 */
export async function checkDatabaseLogin(): Promise<{ login: string; privileged: boolean } | null> {
  if ((await getDbHandle()).kind !== "pg") return null;
  const row = await withPlatform({}, async (tx) =>
    (
      await sql<{ login: string; privileged: boolean }>`
        select session_user as login,
          r.rolsuper or pg_has_role(session_user, 'hearth_owner', 'MEMBER')
            or pg_has_role(session_user, 'hearth_worker', 'MEMBER') as privileged
        from pg_roles r where r.rolname = session_user`.execute(tx)
    ).rows[0],
  );
  if (row?.privileged) {
    logger().warn(
      { login: row.login },
      "DATABASE_URL logs in as a superuser or a member of hearth_owner or hearth_worker: SQL run as the app could leave the request role or read reset links. Use an unprivileged login, and WORKER_DATABASE_URL for the worker (docs/operations.md, Database roles).",
    );
  }
  return row ?? null;
}

export type BootResult = { seeded: boolean; stopWorker?: () => Promise<void> };

export async function boot(opts: { seed?: boolean; worker?: boolean } = {}): Promise<BootResult> {
  const c = config();
  const handle = await getDbHandle();
  const applied = await migrateToLatest(handle);
  if (applied.length) logger().info({ applied }, "migrations applied");
  await assertAppRoleIsUnprivileged();
  await checkDatabaseLogin();
  let seeded = false;
  if (opts.seed ?? c.SEED_ON_EMPTY === "1") {
    if (await isEmpty()) {
      // Loaded only when seeding: the seed and faker (a devDependency) stay out of the
      // production server's import graph.
      const { seedDemo } = await import("#db/seed/demo");
      await seedDemo();
      seeded = true;
    }
  }
  const stopWorker = (opts.worker ?? c.WORKER === "1") ? startOutboxWorker() : undefined;
  return { seeded, stopWorker };
}

/**
 * True while no operator or certifier has been created: the worker role may count orgs (an
 * anonymous request transaction sees none, RLS). The built-in standards org that migration
 * 0040 creates is not someone's data, so it does not count (a fresh database still seeds).
 */
export async function isEmpty(): Promise<boolean> {
  const orgs = await withWorker((tx) =>
    tx.selectFrom("org").select(sql<number>`count(*)::int`.as("n")).where("id", "!=", STANDARDS_ORG_ID).executeTakeFirstOrThrow());
  return orgs.n === 0;
}

export async function shutdown(result: BootResult | undefined) {
  await result?.stopWorker?.();
  await closeDb();
}

export { DEMO_PASSWORD };
