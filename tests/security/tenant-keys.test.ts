import { sql, type Kysely } from "kysely";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "#tests/support/db";

/**
 * Tenant keys (ADR 016): every table with an org_id is keyed for distribution by org_id
 * (Citus), read from the catalog so every later table follows it.
 *
 *  - org_id is NOT NULL, and the primary key starts with org_id;
 *  - every unique index (primary key, unique constraint, unique index) and every exclusion
 *    constraint includes org_id;
 *  - every foreign key from one table with org_id to another includes org_id on both sides,
 *    in the same position (a row can never point into another org, or another shard).
 *
 * MIXED_TABLES hold platform rows too (org_id null: the platform audit chain, emails
 * with no org). They stay keyed by their own id; docs/architecture.md says how they move.
 * Only a table whose org_id is nullable may be listed.
 */
const MIXED_TABLES = new Set(["audit_event", "audit_seal", "outbox"]);

type Problem = { table: string; rule: "org_id nullable" | "primary key" | "unique" | "foreign key" | "mixed"; name: string };

export async function tenantKeyProblems(db: Kysely<any>, schema: string, mixed: ReadonlySet<string> = MIXED_TABLES): Promise<Problem[]> {
  const tables = await sql<{ oid: number; name: string; org_attnum: number; org_not_null: boolean }>`
    select c.oid::int as oid, c.relname as name, a.attnum::int as org_attnum, a.attnotnull as org_not_null
    from pg_class c
    join pg_attribute a on a.attrelid = c.oid and a.attname = 'org_id' and not a.attisdropped
    where c.relnamespace = ${schema}::regnamespace and c.relkind in ('r', 'p')
    order by c.relname`.execute(db);
  const problems: Problem[] = [];
  const tenant = new Map<number, { name: string; org: number }>();
  for (const t of tables.rows) {
    if (mixed.has(t.name)) {
      if (t.org_not_null) problems.push({ table: t.name, rule: "mixed", name: "org_id is NOT NULL: key it as a tenant table" });
      continue;
    }
    tenant.set(t.oid, { name: t.name, org: t.org_attnum });
    if (!t.org_not_null) problems.push({ table: t.name, rule: "org_id nullable", name: "org_id" });
  }
  if (!tenant.size) return problems;
  const oids = [...tenant.keys()];

  // Unique indexes (incl. primary keys and unique constraints) and exclusion constraints.
  // indkey lists key columns; 0 stands for an expression.
  const indexes = await sql<{ table_oid: number; name: string; primary: boolean; keys: number[] }>`
    select i.indrelid::int as table_oid, ic.relname as name, i.indisprimary as primary,
      (select array_agg(k::int order by n) from unnest(i.indkey::int2[]) with ordinality as u(k, n)
        where n <= i.indnkeyatts) as keys
    from pg_index i join pg_class ic on ic.oid = i.indexrelid
    where i.indrelid = any (${oids}::oid[]) and (i.indisunique or i.indisexclusion)`.execute(db);
  for (const t of oids) {
    const table = tenant.get(t)!;
    const pk = indexes.rows.find((i) => i.table_oid === t && i.primary);
    if (!pk || pk.keys[0] !== table.org) problems.push({ table: table.name, rule: "primary key", name: pk?.name ?? "(none)" });
  }
  for (const i of indexes.rows) {
    const table = tenant.get(i.table_oid)!;
    if (!i.primary && !i.keys.includes(table.org)) problems.push({ table: table.name, rule: "unique", name: i.name });
  }

  // Foreign keys between tables that both have an org_id column (mixed ones included as
  // targets: a tenant row pointing at a mixed table must say which org's row it means).
  const fks = await sql<{ from_oid: number; to_oid: number; name: string; from_keys: number[]; to_keys: number[] }>`
    select f.conrelid::int as from_oid, f.confrelid::int as to_oid, f.conname as name,
      f.conkey::int[] as from_keys, f.confkey::int[] as to_keys
    from pg_constraint f
    where f.contype = 'f' and f.conrelid = any (${oids}::oid[])`.execute(db);
  const orgColumn = new Map(tables.rows.map((t) => [t.oid, t.org_attnum]));
  for (const f of fks.rows) {
    const targetOrg = orgColumn.get(f.to_oid);
    if (targetOrg === undefined) continue; // a platform table (org, app_user): a reference table
    const at = f.from_keys.indexOf(tenant.get(f.from_oid)!.org);
    if (at < 0 || f.to_keys[at] !== targetOrg) problems.push({ table: tenant.get(f.from_oid)!.name, rule: "foreign key", name: f.name });
  }
  return problems;
}

const t = useTestDatabase();

describe("tenant keys (ready for distribution by org_id)", () => {
  it("every table with an org_id is keyed by it: primary key, unique indexes, foreign keys", async () => {
    const count = await sql<{ n: number }>`
      select count(*)::int as n from pg_attribute a join pg_class c on c.oid = a.attrelid
      where c.relnamespace = 'public'::regnamespace and c.relkind = 'r' and a.attname = 'org_id'`.execute(t.db);
    expect(count.rows[0]!.n).toBeGreaterThan(10);
    expect(await tenantKeyProblems(t.db, "public")).toEqual([]);
  });

  it("flags each broken rule in planted tables (so the check above can fail)", async () => {
    const s = `keys_probe_${Math.random().toString(36).slice(2, 8)}`;
    await sql.raw(`
      create schema ${s};
      create table ${s}.good (org_id uuid not null, id uuid not null, code text, primary key (org_id, id), unique (org_id, code));
      -- primary key without org_id
      create table ${s}.pk_by_id (org_id uuid not null, id uuid primary key);
      -- org_id second in the primary key
      create table ${s}.pk_org_second (org_id uuid not null, id uuid not null, primary key (id, org_id));
      -- org_id may be null
      create table ${s}.nullable_org (org_id uuid, id uuid not null, unique (org_id, id));
      -- a global unique constraint, and a global unique index on an expression
      create table ${s}.global_unique (org_id uuid not null, id uuid not null, email text, slug text,
        primary key (org_id, id), constraint global_unique_email_key unique (email));
      create unique index global_unique_slug_key on ${s}.global_unique (lower(slug));
      -- a foreign key between tenant tables without org_id, and one that pairs org_id with id
      create table ${s}.fk_by_id (org_id uuid not null, id uuid not null, good_id uuid, other_id uuid,
        primary key (org_id, id),
        constraint fk_by_id_good_fk foreign key (good_id, org_id) references ${s}.good (org_id, id),
        constraint fk_by_id_other_fk foreign key (other_id) references ${s}.pk_by_id (id));
      -- a mixed table whose org_id is NOT NULL is a tenant table in disguise
      create table ${s}.not_mixed (org_id uuid not null, id uuid primary key);
    `).execute(t.db);
    try {
      const problems = await tenantKeyProblems(t.db, s, new Set(["not_mixed"]));
      expect(problems.map((p) => `${p.table} ${p.rule} ${p.name}`).sort()).toEqual(
        [
          "fk_by_id foreign key fk_by_id_good_fk",
          "fk_by_id foreign key fk_by_id_other_fk",
          "global_unique unique global_unique_email_key",
          "global_unique unique global_unique_slug_key",
          "not_mixed mixed org_id is NOT NULL: key it as a tenant table",
          "nullable_org org_id nullable org_id",
          "nullable_org primary key (none)",
          "pk_by_id primary key pk_by_id_pkey",
          "pk_org_second primary key pk_org_second_pkey",
        ].sort(),
      );
    } finally {
      await sql.raw(`drop schema ${s} cascade`).execute(t.db);
    }
  });
});
