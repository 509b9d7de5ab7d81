import { sql, type Kysely } from "kysely";

/**
 * Tenant keys ready for a distributed PostgreSQL (Citus, distributed by org_id; ADR 016).
 *
 * Every tenant table (an org_id column that is NOT NULL) is keyed by org_id first:
 *  - its primary key is (org_id, id): the separate unique (org_id, id) that composite
 *    foreign keys pointed at is dropped, and those foreign keys now reference the
 *    primary key (same columns, so their definitions are unchanged);
 *  - every unique constraint and unique index includes org_id: an invitation's token is
 *    unique per org (tokens are 160 random bits; the link lookup by token alone keeps a
 *    plain index).
 *
 * Done for every such table present, not a fixed list, so a table added by an earlier
 * migration gets the same key. tests/security/tenant-keys.test.ts reads the catalog and
 * fails on any table that breaks these rules.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    do $$
    declare
      t record;
      fk record;
      saved text[] := '{}';
    begin
      -- Tenant tables still keyed by id alone.
      for t in
        select c.oid, c.relname, pk.conname as pkey
        from pg_class c
        join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
        join pg_attribute o on o.attrelid = c.oid and o.attname = 'org_id' and o.attnotnull and not o.attisdropped
        join pg_attribute i on i.attrelid = c.oid and i.attname = 'id' and not i.attisdropped
        join pg_constraint pk on pk.conrelid = c.oid and pk.contype = 'p' and pk.conkey = array[i.attnum]
        where c.relkind = 'r'
      loop
        -- Foreign keys that point at this table's unique (org_id, id): dropped now,
        -- recreated below against the new primary key.
        for fk in
          select f.conrelid::regclass::text as tbl, f.conname, pg_get_constraintdef(f.oid) as def
          from pg_constraint f
          join pg_constraint u on u.conindid = f.conindid and u.conrelid = t.oid and u.contype = 'u'
          join pg_attribute a1 on a1.attrelid = t.oid and a1.attname = 'org_id'
          join pg_attribute a2 on a2.attrelid = t.oid and a2.attname = 'id'
          where f.contype = 'f' and f.confrelid = t.oid
            and u.conkey = array[a1.attnum, a2.attnum]
        loop
          saved := saved || format('alter table %s add constraint %I %s', fk.tbl, fk.conname, fk.def);
          execute format('alter table %s drop constraint %I', fk.tbl, fk.conname);
        end loop;
        -- The redundant unique (org_id, id), then the new key.
        for fk in
          select u.conname from pg_constraint u
          join pg_attribute a1 on a1.attrelid = t.oid and a1.attname = 'org_id'
          join pg_attribute a2 on a2.attrelid = t.oid and a2.attname = 'id'
          where u.conrelid = t.oid and u.contype = 'u' and u.conkey = array[a1.attnum, a2.attnum]
        loop
          execute format('alter table %I drop constraint %I', t.relname, fk.conname);
        end loop;
        execute format('alter table %I drop constraint %I, add constraint %I primary key (org_id, id)',
          t.relname, t.pkey, t.relname || '_pkey');
      end loop;
      for i in 1 .. coalesce(array_length(saved, 1), 0) loop
        execute saved[i];
      end loop;
    end $$;

    -- An invitation's token: unique per org; the link is looked up by token alone.
    alter table invite drop constraint invite_token_hash_key;
    alter table invite add constraint invite_token_hash_key unique (org_id, token_hash);
    create index invite_token_hash_idx on invite (token_hash);
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error("0010_tenant_keys cannot be reverted; restore a backup instead.");
}
