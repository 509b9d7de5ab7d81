import { sql, type Kysely } from "kysely";

/**
 * Cluster-level set-up that migrations cannot do as the table owner: the roles, schema
 * rights and extensions. Idempotent; runs as the connecting user before migrations.
 * Every step is skipped when already in place, so a managed server where an
 * administrator ran the statements once (docs/operations.md) needs no extra rights.
 *
 *   hearth_owner   owns the tables; migrations run as it
 *   hearth_app     what requests use: not the owner, no BYPASSRLS
 *   hearth_worker  the outbox worker's role: reads and updates the outbox, nothing else
 *   hearth_auth    reads and writes password hashes, nothing else
 *
 * None of them can log in. On a server, the app connects with its own LOGIN role that is
 * a NOINHERIT member of hearth_app, hearth_worker and hearth_auth only, and migrations with
 * a login that may become hearth_owner (MIGRATION_DATABASE_URL; docs/operations.md).
 */
const ROLES = ["hearth_owner", "hearth_app", "hearth_worker", "hearth_auth"] as const;

export async function bootstrap(db: Kysely<any>) {
  for (const role of ROLES) {
    const exists = await sql<{ ok: boolean }>`select exists (select from pg_roles where rolname = ${role}) as ok`.execute(db);
    if (!exists.rows[0]?.ok) {
      await sql`
        do $$ begin
          execute format('create role %I nologin nosuperuser nobypassrls', ${sql.lit(role)});
        exception when duplicate_object or unique_violation then null;
        end $$;`.execute(db);
    }
    const member = await sql<{ ok: boolean }>`
      select current_user = ${role} or pg_has_role(current_user, ${role}, 'MEMBER') as ok`.execute(db);
    if (!member.rows[0]?.ok) {
      try {
        await sql`
          do $$ begin
            execute format('grant %I to %I', ${sql.lit(role)}, current_user);
          exception when duplicate_object or unique_violation then null;
          end $$;`.execute(db);
      } catch (error) {
        throw new Error(
          `The database user must be a member of ${role}. Ask an administrator to run the set-up in docs/operations.md.`,
          { cause: error },
        );
      }
    }
  }
  const rights = await sql<{ ok: boolean }>`
    select has_schema_privilege('hearth_owner', 'public', 'CREATE')
       and has_schema_privilege('hearth_app', 'public', 'USAGE')
       and has_schema_privilege('hearth_worker', 'public', 'USAGE')
       and has_schema_privilege('hearth_auth', 'public', 'USAGE') as ok`.execute(db);
  if (!rights.rows[0]?.ok) {
    await sql`grant usage, create on schema public to hearth_owner`.execute(db);
    await sql`grant usage on schema public to hearth_app, hearth_worker, hearth_auth`.execute(db);
  }
  // No temporary tables for the app roles: a temp table shadows a public one for the rest
  // of a pooled connection's life. TEMP is granted to PUBLIC by default, per database;
  // revoking it needs the database owner (or an administrator: docs/operations.md).
  const temp = await sql<{ ok: boolean }>`
    select not has_database_privilege('hearth_app', current_database(), 'TEMP') as ok`.execute(db);
  if (!temp.rows[0]?.ok) {
    try {
      await sql`
        do $$ begin
          execute format('revoke temporary on database %I from public', current_database());
        end $$;`.execute(db);
      const after = await sql<{ ok: boolean }>`
        select not has_database_privilege('hearth_app', current_database(), 'TEMP') as ok`.execute(db);
      if (!after.rows[0]?.ok) throw new Error("revoke had no effect (not the database owner)");
    } catch (error) {
      throw new Error(
        "The app role must not create temporary tables. Ask an administrator to run the set-up in docs/operations.md.",
        { cause: error },
      );
    }
  }
  for (const name of ["btree_gist", "pgcrypto"]) {
    const ext = await sql<{ ok: boolean }>`select exists (select from pg_extension where extname = ${name}) as ok`.execute(db);
    if (!ext.rows[0]?.ok) await sql.raw(`create extension if not exists ${name}`).execute(db);
  }
  await markSearchLeakproof(db);
}

/**
 * Directory search uses its GIN index under RLS only if `tsvector @@ tsquery` is leakproof
 * (ADR 051): PostgreSQL runs a query's non-leakproof conditions after the policies, never
 * inside an index scan. ts_match_vq raises no error that depends on a row's value (only on
 * the query's depth), so it is marked leakproof. That needs a superuser: when the login is
 * not one, the search still works (slower: every org row is filtered) and an administrator
 * runs the statement once (docs/operations.md).
 */
export async function markSearchLeakproof(db: Kysely<any>) {
  const fn = await sql<{ ok: boolean; su: boolean }>`
    select proleakproof as ok, (select rolsuper from pg_roles where rolname = current_user) as su
    from pg_proc where oid = 'pg_catalog.ts_match_vq(tsvector, tsquery)'::regprocedure`.execute(db);
  const row = fn.rows[0];
  if (!row || row.ok || !row.su) return;
  await sql`alter function pg_catalog.ts_match_vq(tsvector, tsquery) leakproof`.execute(db);
}
