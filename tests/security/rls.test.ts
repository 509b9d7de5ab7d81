import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { setTenantOrg, withTenant } from "#app/db/tenant.server";
import { makeOrg, makeUser } from "#tests/support/factories";
import { useTestDatabase } from "#tests/support/db";

const t = useTestDatabase();

// Tables that are deliberately not tenant-scoped (no org_id policy); reviewed by hand.
const PLATFORM_TABLES = new Set(["org", "app_user", "user_session", "password_reset_token", "rate_limit", "kysely_migration", "kysely_migration_lock", "signup_request", "recovery_code", "auth_proof", "tenant_key"]);

describe("row-level security", () => {
  it("every table outside the platform allow-list has RLS enabled, forced and a policy", async () => {
    const rows = await sql<{ name: string; enabled: boolean; forced: boolean; policies: number }>`
      select c.relname as name, c.relrowsecurity as enabled, c.relforcerowsecurity as forced,
        (select count(*)::int from pg_policy p where p.polrelid = c.oid) as policies
      from pg_class c
      where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p')`.execute(t.db);
    expect(rows.rows.length).toBeGreaterThan(5);
    const unprotected = rows.rows.filter((r) => !PLATFORM_TABLES.has(r.name) && !(r.enabled && r.forced && r.policies > 0));
    expect(unprotected.map((r) => r.name)).toEqual([]);
    // Every tenant table carries org_id.
    const withoutOrg = await sql<{ name: string }>`
      select c.relname as name from pg_class c
      where c.relnamespace = 'public'::regnamespace and c.relkind = 'r' and c.relrowsecurity
        and not exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'org_id' and not a.attisdropped)`.execute(t.db);
    expect(withoutOrg.rows.map((r) => r.name).filter((n) => !PLATFORM_TABLES.has(n))).toEqual([]);
    // …and no table with an org_id column is outside forced RLS (the outbox included).
    const orgTablesOutsideRls = await sql<{ name: string }>`
      select c.relname as name from pg_class c
      where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p')
        and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'org_id' and not a.attisdropped)
        and not (c.relrowsecurity and c.relforcerowsecurity)`.execute(t.db);
    expect(orgTablesOutsideRls.rows.map((r) => r.name)).toEqual([]);
  });

  it("the request role is not superuser, not BYPASSRLS and owns no table", async () => {
    const row = await withTenant({ orgId: null, userId: null, role: null }, async (tx) =>
      (
        await sql<{ user: string; superuser: boolean; bypass: boolean; owns: number }>`
          select current_user as user, r.rolsuper as superuser, r.rolbypassrls as bypass,
            (select count(*)::int from pg_class c where c.relowner = r.oid) as owns
          from pg_roles r where r.rolname = current_user`.execute(tx)
      ).rows[0],
    );
    expect(row).toEqual({ user: "hearth_app", superuser: false, bypass: false, owns: 0 });
  });

  it("with org A set, org B's rows cannot be read, changed, deleted or inserted", async () => {
    const a = await makeOrg();
    const b = await makeOrg();
    const userA = await makeUser({ orgId: a.id, role: "owner" });
    const userB = await makeUser({ orgId: b.id, role: "owner" });
    const ctxA = { orgId: a.id, userId: userA.id, role: "owner" };

    await withTenant(ctxA, async (tx) => {
      const visible = await tx.selectFrom("membership").select(["org_id"]).execute();
      expect(visible.map((r) => r.org_id)).toEqual([a.id]);
      const updated = await tx.updateTable("membership").set({ role: "staff" }).where("org_id", "=", b.id).executeTakeFirst();
      expect(updated.numUpdatedRows).toBe(0n);
      const deleted = await tx.deleteFrom("membership").where("user_id", "=", userB.id).executeTakeFirst();
      expect(deleted.numDeletedRows).toBe(0n);
      const audits = await tx.selectFrom("audit_event").select("org_id").execute();
      expect(audits.every((r) => r.org_id === a.id)).toBe(true);
    });
    await expect(
      withTenant(ctxA, (tx) => tx.insertInto("membership").values({ org_id: b.id, user_id: userA.id, role: "admin" }).execute()),
    ).rejects.toThrow(/row-level security/);
    // The app role may not choose an audit entry's org (column grants, migration 0006).
    await expect(
      withTenant(ctxA, (tx) => tx.insertInto("audit_event").values({ org_id: b.id, action: "forged" }).execute()),
    ).rejects.toThrow(/permission denied/);

    // B's data is untouched.
    const bRows = await withTenant({ orgId: b.id, userId: userB.id, role: "owner" }, (tx) =>
      tx.selectFrom("membership").select(["role"]).where("org_id", "=", b.id).execute(),
    );
    expect(bRows).toEqual([{ role: "owner" }]);
  });

  it("an org can only be changed from inside that org", async () => {
    const a = await makeOrg({ name: "Org A" });
    const b = await makeOrg({ name: "Org B" });
    const owner = await makeUser({ orgId: a.id, role: "owner" });
    const res = await withTenant({ orgId: a.id, userId: owner.id, role: "owner" }, (tx) =>
      tx.updateTable("org").set({ name: "Hijacked" }).where("id", "=", b.id).executeTakeFirst(),
    );
    expect(res.numUpdatedRows).toBe(0n);
    const own = await withTenant({ orgId: a.id, userId: owner.id, role: "owner" }, (tx) =>
      tx.updateTable("org").set({ name: "Org A renamed" }).where("id", "=", a.id).executeTakeFirst(),
    );
    expect(own.numUpdatedRows).toBe(1n);
    const names = await t.db.selectFrom("org").select("name").where("id", "in", [a.id, b.id]).orderBy("name").execute();
    expect(names.map((n) => n.name)).toEqual(["Org A renamed", "Org B"]);
  });

  it("requests may queue emails but not read the outbox (only the worker role can)", async () => {
    const a = await makeOrg();
    await expect(
      withTenant({ orgId: a.id, userId: null, role: "owner" }, (tx) => tx.selectFrom("outbox").selectAll().execute()),
    ).rejects.toThrow(/permission denied/);
  });

  it("password hashes are not readable or writable by the request role", async () => {
    const user = await makeUser();
    await expect(
      withTenant({ orgId: null, userId: user.id, role: null }, (tx) => tx.selectFrom("app_user").select("password_hash").execute()),
    ).rejects.toThrow(/permission denied/);
    await expect(
      withTenant({ orgId: null, userId: user.id, role: null }, (tx) =>
        tx.updateTable("app_user").set({ password_hash: "x" }).where("id", "=", user.id).execute(),
      ),
    ).rejects.toThrow(/permission denied/);
    const names = await withTenant({ orgId: null, userId: user.id, role: null }, (tx) =>
      tx.selectFrom("app_user").select(["name"]).where("id", "=", user.id).execute(),
    );
    expect(names).toHaveLength(1);
  });

  it("no tenant setting means no tenant rows", async () => {
    const a = await makeOrg();
    await makeUser({ orgId: a.id, role: "owner" });
    const rows = await withTenant({ orgId: null, userId: null, role: null }, (tx) => tx.selectFrom("membership").selectAll().execute());
    expect(rows).toEqual([]);
    const invites = await withTenant({ orgId: null, userId: null, role: null }, (tx) => tx.selectFrom("invite").selectAll().execute());
    expect(invites).toEqual([]);
  });

  it("settings are transaction-local: the next transaction on the connection sees nothing", async () => {
    const a = await makeOrg();
    const owner = await makeUser({ orgId: a.id, role: "owner" });
    await withTenant({ orgId: a.id, userId: owner.id, role: "owner" }, async (tx) => {
      expect((await tx.selectFrom("membership").selectAll().execute()).length).toBe(1);
    });
    const after = await t.db.transaction().execute(async (tx) => {
      await sql`set local role hearth_app`.execute(tx);
      return (await sql<{ org: string }>`select coalesce(current_setting('app.org_id', true), '') as org`.execute(tx)).rows[0];
    });
    expect(after).toEqual({ org: "" });
  });

  it("residents see only their own membership", async () => {
    const a = await makeOrg();
    await makeUser({ orgId: a.id, role: "owner" });
    const resident = await makeUser({ orgId: a.id, role: "resident" });
    const rows = await withTenant({ orgId: a.id, userId: resident.id, role: "resident" }, (tx) =>
      tx.selectFrom("membership").select(["user_id"]).execute(),
    );
    expect(rows).toEqual([{ user_id: resident.id }]);
  });

  it("the audit log is append-only, even for the table owner", async () => {
    const a = await makeOrg();
    await makeUser({ orgId: a.id, role: "owner" });
    await expect(
      withTenant({ orgId: a.id, userId: null, role: "owner" }, (tx) => tx.updateTable("audit_event").set({ action: "x" }).execute()),
    ).rejects.toThrow(/permission denied/);
    await expect(
      withTenant({ orgId: a.id, userId: null, role: "owner" }, (tx) => tx.deleteFrom("audit_event").execute()),
    ).rejects.toThrow(/permission denied/);
    // The table owner is held by FORCE RLS (no update policy: nothing visible to change)…
    const asOwner = await t.db.transaction().execute(async (tx) => {
      await sql`set local role hearth_owner`.execute(tx);
      await setTenantOrg(tx, a.id);
      return tx.updateTable("audit_event").set({ action: "x" }).executeTakeFirst();
    });
    expect(asOwner.numUpdatedRows).toBe(0n);
    // …and even the connecting administrator, who bypasses RLS, is stopped by the trigger.
    await expect(t.db.updateTable("audit_event").set({ action: "x" }).execute()).rejects.toThrow(/append-only/);
    await expect(t.db.deleteFrom("audit_event").execute()).rejects.toThrow(/append-only/);
    // (refused by the trigger, or first by the audit_seal foreign key)
    await expect(sql`truncate audit_event`.execute(t.db)).rejects.toThrow(/append-only|foreign key/);
    const count = await t.db.selectFrom("audit_event").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBeGreaterThan(0);
  });
});
