import { sql, type Kysely } from "kysely";

/**
 * Cluster-level set-up that migrations cannot do as the table owner: the two roles,
 * schema rights and extensions. Idempotent; runs as the connecting (admin) user before
 * migrations. On a managed server an administrator runs the same statements once
 * (docs/operations.md).
 */
export async function bootstrap(db: Kysely<any>) {
  await sql`
    do $$ begin
      if not exists (select from pg_roles where rolname = 'hearth_owner') then
        create role hearth_owner nologin;
      end if;
    exception when duplicate_object or unique_violation then null;
    end $$;
  `.execute(db);
  await sql`
    do $$ begin
      if not exists (select from pg_roles where rolname = 'hearth_app') then
        create role hearth_app nologin nobypassrls nosuperuser;
      end if;
    exception when duplicate_object or unique_violation then null;
    end $$;
  `.execute(db);
  await sql`
    do $$ begin
      if current_user not in ('hearth_owner', 'hearth_app') then
        execute format('grant hearth_owner, hearth_app to %I', current_user);
      end if;
    exception when duplicate_object or unique_violation then null;
    end $$;
  `.execute(db);
  await sql`grant usage, create on schema public to hearth_owner`.execute(db);
  await sql`grant usage on schema public to hearth_app`.execute(db);
  await sql`create extension if not exists btree_gist`.execute(db);
}
