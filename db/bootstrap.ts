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
  const ext = await sql<{ ok: boolean }>`select exists (select from pg_extension where extname = 'btree_gist') as ok`.execute(db);
  if (!ext.rows[0]?.ok) await sql`create extension if not exists btree_gist`.execute(db);
}
