import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { ANONYMOUS, withTenant, type TenantContext, type Tx } from "#app/db/tenant.server";
import { createApplication } from "#app/domain/admissions/applications.server";
import { addStaffNote } from "#app/domain/residents/residents.server";
import { useTestDatabase } from "#tests/support/db";
import { makeHouse, makeMember, makeOperator, makeStay, type OrgFixture } from "#tests/support/houses";

/**
 * Row-level security on the houses/residents/stays tables: with org A set, nothing of
 * org B can be read, changed, deleted or created, whatever the role; with no org set,
 * nothing at all.
 */
const t = useTestDatabase();

const TABLES = ["house", "membership_house", "room", "bed", "resident", "resident_note", "application", "stay"] as const;

async function populate(fx: OrgFixture) {
  const h = await makeHouse(fx.owner, { rooms: 1, bedsPerRoom: 2 });
  await makeMember(fx, "house_manager", [h.houseId]);
  const { residentId } = await makeStay(fx.owner, h.bedIds[0]!, "2026-01-05");
  await withTenant(fx.owner, async (tx) => {
    await addStaffNote(tx, "owner", { residentId, body: "Note" });
    await createApplication(tx, { applicantName: "Applicant", email: "a@example.test", referralSource: "self", consentToContact: true });
  });
}

async function visibleOrgs(ctx: TenantContext) {
  return withTenant(ctx, async (tx) => {
    const out: Record<string, string[]> = {};
    for (const table of TABLES) {
      const rows = await sql<{ org_id: string }>`select distinct org_id from ${sql.table(table)}`.execute(tx);
      out[table] = rows.rows.map((r) => r.org_id);
    }
    return out;
  });
}

describe("row-level security: houses, residents, applications, stays", () => {
  it("every new table is tenant-scoped (RLS enabled + forced, org_id first in an index)", async () => {
    const rows = await sql<{ name: string; enabled: boolean; forced: boolean; indexed: boolean }>`
      select c.relname as name, c.relrowsecurity as enabled, c.relforcerowsecurity as forced,
        exists (select 1 from pg_index i join pg_attribute a on a.attrelid = c.oid and a.attnum = i.indkey[0]
                where i.indrelid = c.oid and a.attname = 'org_id') as indexed
      from pg_class c where c.relnamespace = 'public'::regnamespace and c.relname = any(${[...TABLES]})
      order by c.relname`.execute(t.db);
    expect(rows.rows).toHaveLength(TABLES.length);
    expect(rows.rows.filter((r) => !(r.enabled && r.forced && r.indexed))).toEqual([]);
  });

  it("org A's members, whatever their role, see nothing of org B", async () => {
    const a = await makeOperator();
    const b = await makeOperator();
    await populate(a);
    await populate(b);
    const aHouses = await withTenant(a.owner, (tx) => tx.selectFrom("house").select("id").execute());
    const roles: TenantContext[] = [
      a.owner,
      { ...a.owner, role: "admin" },
      (await makeMember(a, "house_manager", [aHouses[0]!.id])).ctx,
      (await makeMember(a, "staff", [aHouses[0]!.id])).ctx,
      { ...a.owner, role: "resident" },
      { orgId: a.orgId, userId: null, role: null },
    ];
    for (const ctx of roles) {
      const seen = await visibleOrgs(ctx);
      for (const [table, orgs] of Object.entries(seen)) expect(orgs.filter((o) => o !== a.orgId), `${ctx.role}: ${table}`).toEqual([]);
    }
    expect(Object.values(await visibleOrgs(a.owner)).every((orgs) => orgs.length === 1)).toBe(true);
    expect(Object.values(await visibleOrgs(ANONYMOUS)).every((orgs) => orgs.length === 0)).toBe(true);
  });

  it("with org A set, org B's rows cannot be updated, deleted or inserted into", async () => {
    const a = await makeOperator();
    const b = await makeOperator();
    await populate(a);
    await populate(b);
    const before = await visibleOrgs(b.owner);
    const countB = async () =>
      (await sql<{ n: number }>`select
        (select count(*) from house where org_id = ${b.orgId}) + (select count(*) from room where org_id = ${b.orgId})
        + (select count(*) from bed where org_id = ${b.orgId}) + (select count(*) from stay where org_id = ${b.orgId})
        + (select count(*) from resident where org_id = ${b.orgId}) + (select count(*) from application where org_id = ${b.orgId})
        + (select count(*) from membership_house where org_id = ${b.orgId}) + (select count(*) from resident_note where org_id = ${b.orgId}) as n`.execute(t.db)).rows[0]!.n;
    const total = await countB();

    await withTenant(a.owner, async (tx) => {
      expect((await tx.updateTable("house").set({ name: "Taken" }).where("org_id", "=", b.orgId).executeTakeFirst()).numUpdatedRows).toBe(0n);
      expect((await tx.updateTable("bed").set({ status: "held", status_reason: "x" }).where("org_id", "=", b.orgId).executeTakeFirst()).numUpdatedRows).toBe(0n);
      expect((await tx.updateTable("resident").set({ phone: "0" }).where("org_id", "=", b.orgId).executeTakeFirst()).numUpdatedRows).toBe(0n);
      expect((await tx.updateTable("application").set({ status: "declined", decline_reason: "x" }).where("org_id", "=", b.orgId).executeTakeFirst()).numUpdatedRows).toBe(0n);
      expect((await tx.updateTable("stay").set({ end_type: null }).where("org_id", "=", b.orgId).executeTakeFirst()).numUpdatedRows).toBe(0n);
      expect((await tx.deleteFrom("stay").where("org_id", "=", b.orgId).executeTakeFirst()).numDeletedRows).toBe(0n);
      expect((await tx.deleteFrom("bed").where("org_id", "=", b.orgId).executeTakeFirst()).numDeletedRows).toBe(0n);
      expect((await tx.deleteFrom("room").where("org_id", "=", b.orgId).executeTakeFirst()).numDeletedRows).toBe(0n);
      expect((await tx.deleteFrom("membership_house").where("org_id", "=", b.orgId).executeTakeFirst()).numDeletedRows).toBe(0n);
    });
    const inserts = [
      (tx: Tx) =>
        tx.insertInto("house").values({ org_id: b.orgId, name: "X", address_line1: "1", city: "c", region: "r", postal_code: "1", populations: ["men"], narr_level: 1, time_zone: "UTC" }).execute(),
      (tx: Tx) => tx.insertInto("resident").values({ org_id: b.orgId, legal_name: "X" }).execute(),
      (tx: Tx) =>
        tx.insertInto("application").values({ org_id: b.orgId, applicant_name: "X", email: "x@example.test", referral_source: "self", consent_to_contact: true }).execute(),
    ];
    for (const insert of inserts) await expect(withTenant(a.owner, insert)).rejects.toThrow(/row-level security/);
    expect(await countB()).toBe(total);
    expect(await visibleOrgs(b.owner)).toEqual(before);
  });
});
