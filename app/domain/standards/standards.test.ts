import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { withTenant, type TenantContext } from "#app/db/tenant.server";
import { BUILT_IN_STANDARD_ID, STANDARDS_ORG_ID } from "#db/migrations/0040_standards";
import * as m0062 from "#db/migrations/0062_referrals_evidence";
import { flatItems } from "#db/standards/hearth-rr-1";
import { makeOrg, makeUser } from "#tests/support/factories";
import { expectDomainError, makeHouse, makeMember, makeOperator } from "#tests/support/houses";
import { useTestDatabase } from "#tests/support/db";
import { answerItem, getAssessment, listAssessments, progressByDomain, startAssessment, submitAssessment } from "./assessments.server";
import { cloneStandard, getStandard, listStandards, publishStandard, saveStandardItem } from "./standards.server";
import { AUTO_CHECKS } from "./labels";

const t = useTestDatabase();

const BUILT_IN = { standardOrgId: STANDARDS_ORG_ID, standardId: BUILT_IN_STANDARD_ID };

async function certifier(): Promise<TenantContext> {
  const org = await makeOrg({ kind: "certifier" });
  const user = await makeUser({ orgId: org.id, role: "certifier_admin" });
  return { orgId: org.id, userId: user.id, role: "certifier_admin" };
}

describe("migration 0062 (referrals evidence)", () => {
  it("gives the item on community services its check in assessments still in progress, run as the migration role under forced RLS; a submitted one keeps what it had", async () => {
    const fx = await makeOperator();
    const h = await makeHouse(fx.owner);
    const h2 = await makeHouse(fx.owner);
    const draft = await withTenant(fx.owner, (tx) => startAssessment(tx, { houseId: h.houseId, ...BUILT_IN, level: 2 }));
    const done = await withTenant(fx.owner, (tx) => startAssessment(tx, { houseId: h2.houseId, ...BUILT_IN, level: 2 }));
    // As before 0062: the items carry no check (written as the superuser, the lock and RLS aside).
    await t.db.transaction().execute(async (tx) => {
      await sql`set local session_replication_role = replica`.execute(tx);
      await tx.updateTable("assessment_item").set({ auto_check: null }).where("code", "=", "3.G.23.b").where("assessment_id", "in", [draft.id, done.id]).execute();
      await tx.updateTable("assessment").set({ status: "submitted", submitted_at: new Date() }).where("id", "=", done.id).execute();
    });
    await t.db.transaction().execute(async (tx) => {
      await sql`set local role hearth_owner`.execute(tx);
      await m0062.up(tx);
    });
    const check = async (id: string) =>
      (await t.db.selectFrom("assessment_item").select("auto_check").where("assessment_id", "=", id).where("code", "=", "3.G.23.b").executeTakeFirstOrThrow()).auto_check;
    expect(await check(draft.id)).toBe("referrals");
    expect(await check(done.id)).toBeNull();
    const forced = await sql<{ relname: string; relforcerowsecurity: boolean }>`select relname, relforcerowsecurity from pg_class
      where relname in ('standard_item', 'assessment', 'assessment_item') order by relname`.execute(t.db);
    expect(forced.rows.every((r) => r.relforcerowsecurity)).toBe(true);
  });
});

describe("the built-in standard", () => {
  it("is published data every org reads: 4 domains, 10 principles, 31 standards, 50+ items with codes like 2.F.17.c", async () => {
    const fx = await makeOperator();
    const standard = await withTenant(fx.owner, (tx) => getStandard(tx, STANDARDS_ORG_ID, BUILT_IN_STANDARD_ID));
    expect(standard.status).toBe("published");
    expect(standard.items.length).toBe(flatItems().length);
    expect(standard.items.length).toBeGreaterThanOrEqual(50);
    expect(standard.items.map((i) => i.code)).toContain("2.F.17.c");
    // Every automatic check has an item that uses it; "linked to community services" reads referrals (migration 0062).
    expect(new Set(standard.items.map((i) => i.autoCheck).filter(Boolean))).toEqual(new Set(AUTO_CHECKS));
    expect(standard.items.find((i) => i.code === "3.G.23.b")?.autoCheck).toBe("referrals");
    const headings = await withTenant(fx.owner, (tx) =>
      tx.selectFrom("standard_heading").select(["kind"]).where("standard_id", "=", BUILT_IN_STANDARD_ID).execute());
    const count = (k: string) => headings.filter((h) => h.kind === k).length;
    expect([count("domain"), count("principle"), count("section")]).toEqual([4, 10, 31]);
    const listed = await withTenant(fx.owner, (tx) => listStandards(tx));
    expect(listed.find((s) => s.id === BUILT_IN_STANDARD_ID)).toMatchObject({ items: standard.items.length, own: false });
  });

  it("cannot be changed by an operator or a certifier", async () => {
    const fx = await makeOperator();
    const cert = await certifier();
    for (const ctx of [fx.owner, cert]) {
      const n = await withTenant(ctx, (tx) => tx.updateTable("standard_item").set({ text: "Changed" }).where("standard_id", "=", BUILT_IN_STANDARD_ID).executeTakeFirst());
      expect(n.numUpdatedRows).toBe(0n);
    }
    await expect(withTenant(fx.owner, (tx) => tx.insertInto("standard").values({ org_id: fx.orgId, name: "Mine", version: "1", publisher: "Me" }).execute())).rejects.toThrow(/row-level security/);
  });
});

describe("versions", () => {
  it("a certifier clones, edits and adds items, publishes; the published version then refuses changes; an old assessment keeps its version", async () => {
    const fx = await makeOperator();
    const h = await makeHouse(fx.owner, { house: { narrLevel: 2 } });
    const old = await withTenant(fx.owner, (tx) => startAssessment(tx, { houseId: h.houseId, ...BUILT_IN, level: 2 }));
    const before = await withTenant(fx.owner, (tx) => getAssessment(tx, old.id));

    const cert = await certifier();
    const { id } = await withTenant(cert, (tx) => cloneStandard(tx, { ...BUILT_IN, version: "1.0-PA" }));
    const item = { text: "State rule: the home posts the state hotline number.", guidance: null, evidenceHint: "Photo", level1: "required", level2: "required", level3: "required", level4: "required", autoCheck: null } as const;
    await withTenant(cert, async (tx) => {
      await saveStandardItem(tx, id, { code: "1.A.1.a", ...item, text: "Changed wording of the mission item." });
      await saveStandardItem(tx, id, { code: "1.B.7.c", ...item });
    });
    await expectDomainError(withTenant(cert, (tx) => saveStandardItem(tx, id, { code: "9.Z.99.a", ...item })), "invalid", { field: "code" });
    // Other orgs do not see a draft.
    await expect(withTenant(fx.owner, (tx) => getStandard(tx, cert.orgId!, id))).rejects.toThrow(/not found/);
    await withTenant(cert, (tx) => publishStandard(tx, id));
    await expectDomainError(withTenant(cert, (tx) => saveStandardItem(tx, id, { code: "1.A.1.a", ...item })), "conflict");
    await expectDomainError(withTenant(cert, (tx) => publishStandard(tx, id)), "conflict");

    const published = await withTenant(fx.owner, (tx) => getStandard(tx, cert.orgId!, id));
    expect(published.items.length).toBe(flatItems().length + 1);
    expect(published.items.find((i) => i.code === "1.A.1.a")!.text).toBe("Changed wording of the mission item.");
    // The old assessment still reads the built-in wording and item count.
    const after = await withTenant(fx.owner, (tx) => getAssessment(tx, old.id));
    expect(after.items.map((i) => [i.code, i.text])).toEqual(before.items.map((i) => [i.code, i.text]));
    expect(after.standardLabel).toMatch(/1\.0$/);
    // A new assessment on the state version has the state item.
    const fresh = await withTenant(fx.owner, (tx) => startAssessment(tx, { houseId: h.houseId, standardOrgId: cert.orgId!, standardId: id, level: 2 }));
    const state = await withTenant(fx.owner, (tx) => getAssessment(tx, fresh.id));
    expect(state.items.map((i) => i.code)).toContain("1.B.7.c");
  });
});

describe("self-assessments", () => {
  it("copies the items that apply at the level, records answers, shows progress per domain, and locks on submit", async () => {
    const fx = await makeOperator();
    const h = await makeHouse(fx.owner);
    const { id } = await withTenant(fx.owner, (tx) => startAssessment(tx, { houseId: h.houseId, ...BUILT_IN, level: 1 }));
    const a = await withTenant(fx.owner, (tx) => getAssessment(tx, id));
    expect(a.items.length).toBe(flatItems().filter((i) => i.levels[0] !== "-").length);
    expect(a.items.map((i) => i.code)).not.toContain("3.G.21.a"); // structured programming: levels III–IV only
    const first = a.items[0]!;
    await withTenant(fx.owner, (tx) => answerItem(tx, id, { itemId: first.id, answer: "partial", notes: "Mission drafted" }));
    const read = await withTenant(fx.owner, (tx) => getAssessment(tx, id));
    expect(read.items[0]).toMatchObject({ answer: "partial", notes: "Mission drafted" });
    expect(progressByDomain(read.items)[0]).toMatchObject({ code: "1", answered: 1, met: 0 });

    await withTenant(fx.owner, (tx) => submitAssessment(tx, id));
    await expectDomainError(withTenant(fx.owner, (tx) => answerItem(tx, id, { itemId: first.id, answer: "met" })), "conflict");
    // The database itself refuses, whatever the app does.
    await expect(withTenant(fx.owner, (tx) => tx.updateTable("assessment_item").set({ answer: "met" }).where("id", "=", first.id).execute())).rejects.toThrow(/submitted/);
    await expect(withTenant(fx.owner, (tx) => tx.updateTable("assessment").set({ status: "draft", submitted_at: null }).where("id", "=", id).execute())).rejects.toThrow(/submitted/);
    expect((await withTenant(fx.owner, (tx) => listAssessments(tx)))[0]).toMatchObject({ id, status: "submitted", answered: 1 });
  });

  it("are seen only by the org's owners and admins and the house's managers", async () => {
    const fx = await makeOperator();
    const h = await makeHouse(fx.owner);
    const other = await makeHouse(fx.owner);
    const { id } = await withTenant(fx.owner, (tx) => startAssessment(tx, { houseId: h.houseId, ...BUILT_IN, level: 2 }));
    const manager = await makeMember(fx, "house_manager", [h.houseId]);
    const elsewhere = await makeMember(fx, "house_manager", [other.houseId]);
    const staff = await makeMember(fx, "staff", [h.houseId]);
    const outsider = await makeOperator();
    expect((await withTenant(manager.ctx, (tx) => getAssessment(tx, id))).items.length).toBeGreaterThan(50);
    for (const ctx of [elsewhere.ctx, staff.ctx, outsider.owner]) {
      await expectDomainError(withTenant(ctx, (tx) => getAssessment(tx, id)), "not_found");
      const n = await withTenant(ctx, (tx) => sql<{ n: number }>`select count(*)::int as n from assessment_item where assessment_id = ${id}::uuid`.execute(tx));
      expect(n.rows[0]!.n).toBe(0);
    }
    await expectDomainError(withTenant(elsewhere.ctx, (tx) => startAssessment(tx, { houseId: h.houseId, ...BUILT_IN, level: 2 })), "not_found");
  });
});
