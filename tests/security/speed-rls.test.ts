import { CompiledQuery, sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { withTenant, type TenantContext } from "#app/db/tenant.server";
import { listAuditEvents } from "#app/domain/audit/queries.server";
import { captureStatements, type CapturedStatement } from "#app/lib/request-context.server";
import { addDays, todayIn } from "#app/lib/dates";
import { useTestDatabase } from "#tests/support/db";
import { makeUser } from "#tests/support/factories";
import { makeHouse, makeMember, makeOperator, makeResident, makeStay, type OrgFixture } from "#tests/support/houses";

/**
 * Migration 0029 (ADR 036): meeting_log's select policy asks for the caller's visible
 * residents once per statement instead of calling resident_is_visible() per row. Who sees
 * which logs must not change: for every role, the rows the policy lets through are exactly
 * those the old rule (owners/admins all; managers and staff the residents they can see;
 * a resident their own) names — including a manager's own resident who has no stay yet.
 */
const t = useTestDatabase();
const today = todayIn("UTC");
let fx: OrgFixture;
const ctx: Record<string, TenantContext> = {};
let logs: { id: string; resident_id: string }[] = [];

beforeAll(async () => {
  fx = await makeOperator();
  const a = await makeHouse(fx.owner, { rooms: 1, bedsPerRoom: 2 });
  const b = await makeHouse(fx.owner, { rooms: 1, bedsPerRoom: 1 });
  const inA = await makeStay(fx.owner, a.bedIds[0]!, addDays(today, -20));
  const leftA = await makeStay(fx.owner, a.bedIds[1]!, addDays(today, -40), addDays(today, -30));
  const inB = await makeStay(fx.owner, b.bedIds[0]!, addDays(today, -20));
  const managerA = await makeMember(fx, "house_manager", [a.houseId]);
  const staffA = await makeMember(fx, "staff", [a.houseId]);
  const managerB = await makeMember(fx, "house_manager", [b.houseId]);
  const admin = await makeMember(fx, "admin");
  // Manager B's own resident, not admitted yet: visible to them only (ADDED_BY_ME_NOT_HOUSED).
  const pending = await makeResident(managerB.ctx);
  const user = await makeUser({ orgId: fx.orgId, role: "resident" });
  await withTenant(fx.owner, async (tx) => {
    await tx.updateTable("resident").set({ user_id: user.id }).where("id", "=", inA.residentId).execute();
    for (const rid of [inA.residentId, inA.residentId, leftA.residentId, inB.residentId, pending]) {
      await tx.insertInto("meeting_log").values({ org_id: fx.orgId, resident_id: rid, met_on: today, fellowship: "aa", place: "Hall" }).execute();
    }
  });
  Object.assign(ctx, {
    owner: fx.owner,
    admin: admin.ctx,
    managerA: managerA.ctx,
    staffA: staffA.ctx,
    managerB: managerB.ctx,
    resident: { orgId: fx.orgId, userId: user.id, role: "resident" },
  });
  logs = await t.db.selectFrom("meeting_log").select(["id", "resident_id"]).where("org_id", "=", fx.orgId).orderBy("id").execute();
  expect(logs).toHaveLength(5);
});

/** The rows the old policy's rule lets `who` see (resident_is_visible per row), in `who`'s own transaction. */
async function oldRule(who: TenantContext): Promise<string[]> {
  return withTenant(who, async (tx) => {
    const { rows } = await sql<{ id: string }>`
      select l.id from unnest(${logs.map((l) => l.id)}::uuid[], ${logs.map((l) => l.resident_id)}::uuid[]) as l(id, rid)
      where current_app_role() in ('owner', 'admin')
        or (current_app_role() in ('house_manager', 'staff') and resident_is_visible(l.rid))
        or (current_app_role() = 'resident' and l.rid = current_resident_id())
      order by l.id`.execute(tx);
    return rows.map((r) => r.id);
  });
}

describe("meeting_log's select policy (migration 0029)", () => {
  it("lets each role see exactly the rows the per-row rule did", async () => {
    const seen: Record<string, number> = {};
    for (const [name, who] of Object.entries(ctx)) {
      const visible = await withTenant(who, (tx) => tx.selectFrom("meeting_log").select("id").orderBy("id").execute());
      expect(visible.map((r) => r.id), name).toEqual(await oldRule(who));
      seen[name] = visible.length;
    }
    // Not vacuous: every branch of the rule admits and refuses something.
    expect(seen).toEqual({ owner: 5, admin: 5, managerA: 3, staffA: 3, managerB: 2, resident: 2 });
  });

  it("asks for the visible residents once per statement, not per row", async () => {
    const plan = await withTenant(ctx.managerA!, async (tx) => {
      const { rows } = await sql<{ "QUERY PLAN": string }>`explain select id from meeting_log where met_on >= ${today}::date`.execute(tx);
      return rows.map((r) => r["QUERY PLAN"]).join("\n");
    });
    expect(plan).not.toMatch(/resident_is_visible/);
    expect(plan).toMatch(/InitPlan/);
  });

  it("the resident's helpers ask current_resident_id() and the other helpers once, not per row", async () => {
    const { rows } = await sql<{ name: string; body: string }>`
      select p.proname as name, p.prosrc as body from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname = 'public' and p.proname in ('current_resident_house_ids', 'current_resident_home_ids', 'current_coordinator_house_ids', 'chore_offered_to_me')
      order by p.proname`.execute(t.db);
    expect(rows.map((r) => r.name)).toEqual(["chore_offered_to_me", "current_coordinator_house_ids", "current_resident_home_ids", "current_resident_house_ids"]);
    for (const r of rows) {
      // In the query each helper is an InitPlan: a comparison with a bare call would be a per-row filter.
      expect(r.body, r.name).not.toMatch(/= (current_resident_id|current_org_id)\(\)/);
      expect(r.body, r.name).not.toMatch(/any \((current_resident_home_ids)\(\)\)/);
      expect(r.body, r.name).toMatch(/= \(select current_resident_id\(\)\)/);
    }
  });

  it("the audit log's page of events checks the signed org once, not per event (a bare current_org_id() was ≈0.05 ms an event)", async () => {
    const captured: CapturedStatement[] = [];
    const plan = await withTenant(fx.owner, async (tx) => {
      captureStatements(captured);
      try {
        await listAuditEvents(tx, { limit: 50 });
      } finally {
        captureStatements(undefined);
      }
      const q = captured.find((c) => /from "audit_event"/.test(c.sql))!;
      const { rows } = await tx.executeQuery<{ "QUERY PLAN": string }>(CompiledQuery.raw(`explain ${q.sql}`, [...q.parameters]));
      return rows.map((r) => r["QUERY PLAN"]).join("\n");
    });
    // The policy's and the query's org checks are InitPlans; no per-row Filter or Recheck calls the helper.
    const perRow = plan.split("\n").filter((l) => /(Filter|Recheck Cond|Index Cond):/.test(l) && /tenant_context_ok\(\)/.test(l));
    expect(perRow).toEqual([]);
  });
});
