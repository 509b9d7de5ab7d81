import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { withTenant, type TenantContext, type Tx } from "#app/db/tenant.server";
import { issueGrant, revokeGrant } from "#app/domain/grants/grants.server";
import { answerItem, startAssessment, submitAssessment } from "#app/domain/standards/assessments.server";
import { BUILT_IN_STANDARD_ID, STANDARDS_ORG_ID } from "#db/migrations/0040_standards";
import { addDays, todayIn } from "#app/lib/dates";
import { useTestDatabase } from "#tests/support/db";
import { makeOrg, makeUser } from "#tests/support/factories";
import { makeHouse, makeMember, makeOperator, type OrgFixture } from "#tests/support/houses";

/**
 * Migration 0046 (ADR 049), in SQL with the app's own settings: certifier_grant_covers() is
 * true only for a certifier org's roles holding an active grant that covers the house and
 * scope; certifier_audit() writes one event in each org and is refused without a grant; the
 * grant tables' own policies. The operator's zone is far east (UTC+14), so "the last day"
 * is the operator's day, not the server's.
 */
useTestDatabase();

const ZONE = "Pacific/Kiritimati";
class Rollback extends Error {}
type Outcome = number | "denied";
async function attempt(ctx: TenantContext, fn: (tx: Tx) => Promise<number>): Promise<Outcome> {
  let outcome: Outcome = "denied";
  try {
    await withTenant(ctx, async (tx) => {
      outcome = await fn(tx);
      throw new Rollback();
    });
  } catch (error) {
    if (error instanceof Rollback) return outcome;
    if (/row-level security|permission denied/.test(String(error))) return "denied";
    throw error;
  }
  return outcome;
}

async function certifier() {
  const org = await makeOrg({ kind: "certifier" });
  const admin = await makeUser({ orgId: org.id, role: "certifier_admin" });
  const auditor = await makeUser({ orgId: org.id, role: "auditor" });
  return {
    id: org.id,
    admin: { orgId: org.id, userId: admin.id, role: "certifier_admin" } as TenantContext,
    auditor: { orgId: org.id, userId: auditor.id, role: "auditor" } as TenantContext,
  };
}
type Certifier = Awaited<ReturnType<typeof certifier>>;

const covers = (ctx: TenantContext, org: string, house: string | null, scope = "review") =>
  withTenant(ctx, async (tx) => (await sql<{ c: boolean }>`select certifier_grant_covers(${org}::uuid, ${house}::uuid, ${scope}) as c`.execute(tx)).rows[0]!.c);

/** The (org, house) pairs and the orgs certifier_covered_houses / certifier_covered_orgs (0063) return. */
const coveredSet = (ctx: TenantContext, scope: string) =>
  withTenant(ctx, async (tx) => ({
    houses: (await sql<{ p: string }>`select c.org_id || ' ' || c.house_id as p from certifier_covered_houses(${scope}) c order by 1`.execute(tx)).rows.map((r) => r.p),
    orgs: (await sql<{ o: string }>`select c.org_id as o from certifier_covered_orgs(${scope}) c order by 1`.execute(tx)).rows.map((r) => r.o),
  }));

/**
 * For one context: certifier_grant_covers(org, house, scope) beside the policies' form of the
 * same question (0063) for both operators × their houses, another operator's house and no house
 * (operator-wide) × both scopes. Expects them equal; returns the true cases.
 */
async function agreement(ctx: TenantContext, label: string): Promise<string[]> {
  const rows = await withTenant(ctx, async (tx) => (await sql<{ org: string; house: string | null; scope: string; covers: boolean; covered: boolean }>`
    select o.id as org, h.id as house, s.scope, certifier_grant_covers(o.id, h.id, s.scope) as covers,
      case when h.id is null then o.id in (select c.org_id from certifier_covered_orgs(s.scope) c)
        else (o.id, h.id) in (select c.org_id, c.house_id from certifier_covered_houses(s.scope) c) end as covered
    from unnest(${[op.orgId, other.orgId]}::uuid[]) o(id)
    cross join unnest(${[houseA, houseB, otherHouse, null]}::uuid[]) h(id)
    cross join unnest(array['review', 'certification']) s(scope)`.execute(tx)).rows);
  expect(rows).toHaveLength(16);
  for (const r of rows) expect({ ...r, label, covered: r.covered }).toEqual({ ...r, label, covered: r.covers });
  return rows.filter((r) => r.covers).map((r) => `${label} ${r.org} ${r.house ?? "-"} ${r.scope}`);
}
async function agreeAll(): Promise<string[]> {
  const trues: string[] = [];
  for (const [name, c] of Object.entries(k)) {
    trues.push(...(await agreement(c.admin, `${name}/certifier_admin`)), ...(await agreement(c.auditor, `${name}/auditor`)));
  }
  for (const [name, ctx] of Object.entries({ owner: op.owner, ...opRoles })) trues.push(...(await agreement(ctx, `operator ${name}`)));
  return trues;
}

let op: OrgFixture;
let other: OrgFixture;
let houseA: string;
let houseB: string;
let otherHouse: string;
let today: string;
const k = {} as Record<"active" | "upcoming" | "ended" | "lastDay" | "revoked" | "none", Certifier>;
let revokedGrant: string;
let opRoles: Record<"admin" | "manager" | "staff" | "resident", TenantContext>;

beforeAll(async () => {
  op = await makeOperator();
  other = await makeOperator();
  await withTenant(op.owner, (tx) => tx.updateTable("org").set({ time_zone: ZONE }).where("id", "=", op.orgId).execute());
  today = todayIn(ZONE);
  houseA = (await makeHouse(op.owner, { rooms: 1, bedsPerRoom: 1 })).houseId;
  houseB = (await makeHouse(op.owner, { rooms: 1, bedsPerRoom: 1 })).houseId;
  otherHouse = (await makeHouse(other.owner, { rooms: 1, bedsPerRoom: 1 })).houseId;
  for (const key of Object.keys({ active: 1, upcoming: 1, ended: 1, lastDay: 1, revoked: 1, none: 1 }) as (keyof typeof k)[]) k[key] = await certifier();
  const grant = (c: Certifier, startsOn: string, endsOn: string | null, scope: "review" | "certification" = "review") =>
    withTenant(op.owner, (tx) => issueGrant(tx, { certifierOrgId: c.id, houseIds: [houseA], scope, startsOn, endsOn }));
  await grant(k.active, addDays(today, -30), null);
  await grant(k.upcoming, addDays(today, 1), addDays(today, 30), "certification");
  // The operator's yesterday: ended, although the server's (UTC) date may still be that day.
  await grant(k.ended, addDays(today, -30), addDays(today, -1), "certification");
  await grant(k.lastDay, addDays(today, -30), today, "certification");
  revokedGrant = (await grant(k.revoked, addDays(today, -30), null, "certification")).id;
  opRoles = {
    admin: (await makeMember(op, "admin")).ctx,
    manager: (await makeMember(op, "house_manager", [houseA])).ctx,
    staff: (await makeMember(op, "staff", [houseA])).ctx,
    resident: (await makeMember(op, "resident")).ctx,
  };
});

describe("certifier_grant_covers", () => {
  it("is true for both certifier roles with an active grant covering the house and scope", async () => {
    for (const ctx of [k.active.admin, k.active.auditor]) {
      expect(await covers(ctx, op.orgId, houseA)).toBe(true);
      expect(await covers(ctx, op.orgId, null)).toBe(true); // operator-wide work: any active grant
    }
    expect(await covers(k.lastDay.auditor, op.orgId, houseA, "certification")).toBe(true); // the last day itself
  });

  it("is false for a house the grant does not name, another operator's house, and a wider scope", async () => {
    expect(await covers(k.active.auditor, op.orgId, houseB)).toBe(false);
    expect(await covers(k.active.auditor, other.orgId, otherHouse)).toBe(false);
    expect(await covers(k.active.auditor, other.orgId, null)).toBe(false);
    expect(await covers(k.active.auditor, op.orgId, houseA, "certification")).toBe(false);
  });

  it("is false before the first day and after the last day (the operator's day)", async () => {
    expect(await covers(k.upcoming.admin, op.orgId, houseA)).toBe(false);
    expect(await covers(k.ended.admin, op.orgId, houseA)).toBe(false);
    expect(await covers(k.ended.admin, op.orgId, null)).toBe(false);
  });

  it("is false for a certifier with no grant and for every operator role", async () => {
    expect(await covers(k.none.admin, op.orgId, houseA)).toBe(false);
    for (const ctx of [op.owner, opRoles.admin, opRoles.manager, opRoles.staff, opRoles.resident]) {
      expect(await covers(ctx, op.orgId, houseA)).toBe(false);
    }
  });

  it("agrees with the covered sets of migration 0063 on every grant, org, house, scope and role", async () => {
    // Both certifier roles of every grant kind (active review, future, ended yesterday, ending
    // today, not yet revoked certification, none), and every operator role.
    const trues = await agreeAll();
    // Not a vacuous agreement: what the grants cover (see the tests above), and nothing else.
    expect(trues.sort()).toEqual([
      `active/certifier_admin ${op.orgId} ${houseA} review`, `active/certifier_admin ${op.orgId} - review`,
      `active/auditor ${op.orgId} ${houseA} review`, `active/auditor ${op.orgId} - review`,
      ...(["certifier_admin", "auditor"] as const).flatMap((r) => ["lastDay", "revoked"].flatMap((g) => ["review", "certification"].flatMap((s) =>
        [`${g}/${r} ${op.orgId} ${houseA} ${s}`, `${g}/${r} ${op.orgId} - ${s}`]))),
    ].sort());
  });

  it("turns false at once when the grant is revoked", async () => {
    expect(await covers(k.revoked.auditor, op.orgId, houseA, "certification")).toBe(true);
    expect(await coveredSet(k.revoked.auditor, "certification")).toEqual({ houses: [`${op.orgId} ${houseA}`], orgs: [op.orgId] });
    await withTenant(opRoles.admin, (tx) => revokeGrant(tx, revokedGrant));
    expect(await covers(k.revoked.auditor, op.orgId, houseA)).toBe(false);
    expect(await coveredSet(k.revoked.auditor, "review")).toEqual({ houses: [], orgs: [] });
    expect((await agreeAll()).filter((t) => t.startsWith("revoked/"))).toEqual([]);
    await expect(withTenant(op.owner, (tx) => tx.updateTable("audit_grant").set({ revoked_at: null, revoked_by: null }).where("id", "=", revokedGrant).execute()))
      .rejects.toThrow(/revoked/);
  });
});

describe("certifier_audit", () => {
  const count = (ctx: TenantContext, action: string) =>
    withTenant(ctx, async (tx) => (await tx.selectFrom("audit_event").select(sql<number>`count(*)::int`.as("n")).where("action", "=", action).executeTakeFirstOrThrow()).n);

  it("writes one event in the certifier's log and one in the operator's", async () => {
    const action = "assessment.viewed";
    const before = [await count(k.active.admin, action), await count(op.owner, action)];
    await withTenant(k.active.auditor, (tx) => sql`select certifier_audit(${op.orgId}::uuid, ${action}, 'house', ${houseA}, ${JSON.stringify({ houseId: houseA })}::jsonb)`.execute(tx));
    expect([await count(k.active.admin, action), await count(op.owner, action)]).toEqual([before[0]! + 1, before[1]! + 1]);
    const mine = await withTenant(op.owner, (tx) => tx.selectFrom("audit_event").select(["data", "actor_user_id"]).where("action", "=", action).orderBy("created_at", "desc").executeTakeFirstOrThrow());
    expect(mine.data).toMatchObject({ houseId: houseA, certifierOrgId: k.active.id });
    expect(mine.actor_user_id).toBe(k.active.auditor.userId);
  });

  it("is refused without a grant covering the house, and writes nothing", async () => {
    const action = "assessment.viewed";
    const before = await count(op.owner, action);
    for (const [ctx, house] of [[k.none.admin, houseA], [k.active.auditor, houseB], [k.ended.admin, houseA], [op.owner, houseA]] as const) {
      await expect(withTenant(ctx, (tx) => sql`select certifier_audit(${op.orgId}::uuid, ${action}, 'house', ${house}, ${JSON.stringify({ houseId: house })}::jsonb)`.execute(tx)))
        .rejects.toThrow(/no active audit grant/);
    }
    expect(await count(op.owner, action)).toBe(before);
  });

  it("keeps each org's audit chain in order (the events belong to the orgs named)", async () => {
    const orgs = await withTenant(k.active.admin, (tx) => tx.selectFrom("audit_event").select("org_id").where("action", "=", "assessment.viewed").execute());
    expect(new Set(orgs.map((o) => o.org_id))).toEqual(new Set([k.active.id]));
  });
});

describe("certifier_audit_many (0065)", () => {
  const events = (ctx: TenantContext, action: string) =>
    withTenant(ctx, (tx) => tx.selectFrom("audit_event").select(["entity_id", "data"]).where("action", "=", action).orderBy("id").execute());
  const many = (ctx: TenantContext, action: string, rows: { o: string; t: string; i: string; d: Record<string, unknown> }[]) =>
    withTenant(ctx, (tx) => sql`select certifier_audit_many(${action}, ${JSON.stringify(rows)}::jsonb)`.execute(tx));

  it("writes one event in each operator's log and one in the certifier's naming them all", async () => {
    const action = "audit.pipeline_viewed";
    const before = [(await events(k.active.admin, action)).length, (await events(op.owner, action)).length];
    await many(k.active.auditor, action, [{ o: op.orgId, t: "org", i: op.orgId, d: { houseIds: [houseA] } }]);
    const mine = await events(k.active.admin, action);
    expect(mine).toHaveLength(before[0]! + 1);
    expect(mine.at(-1)).toMatchObject({ entity_id: k.active.id, data: { operatorOrgIds: [op.orgId], houseIds: [houseA] } });
    const theirs = await events(op.owner, action);
    expect(theirs).toHaveLength(before[1]! + 1);
    expect(theirs.at(-1)).toMatchObject({ entity_id: op.orgId, data: { houseIds: [houseA], certifierOrgId: k.active.id } });
  });

  it("is refused when any row lacks a grant, and writes nothing for the others either", async () => {
    const action = "audit.operator_viewed";
    const before = [(await events(k.active.admin, action)).length, (await events(op.owner, action)).length];
    const ok = { o: op.orgId, t: "org", i: op.orgId, d: { houseId: houseA } };
    for (const [ctx, rows] of [
      [k.active.auditor, [ok, { o: op.orgId, t: "org", i: op.orgId, d: { houseId: houseB } }]], // a house the grant does not name
      [k.active.auditor, [ok, { o: other.orgId, t: "org", i: other.orgId, d: {} }]], // an operator with no grant
      [k.none.admin, [ok]],
      [op.owner, [ok]],
    ] as const) {
      await expect(many(ctx, action, [...rows])).rejects.toThrow(/no active audit grant/);
    }
    await expect(many(k.active.auditor, action, [])).rejects.toThrow(/at least one row/);
    expect([(await events(k.active.admin, action)).length, (await events(op.owner, action)).length]).toEqual(before);
  });
});

describe("certifier_assessments_progress (0065)", () => {
  const progress = (ctx: TenantContext, ids: string[]) =>
    withTenant(ctx, async (tx) =>
      (await sql<{ assessment_id: string; items: number; answered: number }>`
        select assessment_id, items, answered from certifier_assessments_progress(${ids.map(() => op.orgId)}::uuid[], ${ids}::uuid[]) order by items`.execute(tx)).rows);

  it("counts a submitted assessment of a covered house, for certifier roles with an active grant only", async () => {
    const start = (houseId: string) => withTenant(op.owner, (tx) => startAssessment(tx, { houseId, standardOrgId: STANDARDS_ORG_ID, standardId: BUILT_IN_STANDARD_ID, level: 2 }));
    const submitted = await start(houseA);
    const items = await withTenant(op.owner, (tx) => tx.selectFrom("assessment_item").select("id").where("assessment_id", "=", submitted.id).execute());
    await withTenant(op.owner, async (tx) => {
      await answerItem(tx, submitted.id, { itemId: items[0]!.id, answer: "met" });
      await answerItem(tx, submitted.id, { itemId: items[1]!.id, answer: "partial" });
      await submitAssessment(tx, submitted.id);
    });
    const draft = await start(houseA);
    const uncovered = await start(houseB);
    await withTenant(op.owner, (tx) => submitAssessment(tx, uncovered.id));
    const ids = [submitted.id, draft.id, uncovered.id];
    expect(await progress(k.active.auditor, ids)).toEqual([{ assessment_id: submitted.id, items: items.length, answered: 2 }]);
    expect(await progress(k.active.admin, ids)).toHaveLength(1);
    for (const ctx of [k.none.admin, k.ended.auditor, k.upcoming.admin, op.owner, opRoles.manager]) expect(await progress(ctx, ids)).toEqual([]);
  });
});

describe("the grant tables' own policies", () => {
  const insertGrant = (certifierOrgId: string) => async (tx: Tx) => {
    const r = await tx.insertInto("audit_grant").values({ org_id: sql<string>`current_org_id()`, certifier_org_id: certifierOrgId, starts_on: today }).returning("id").execute();
    return r.length;
  };
  const seeGrants = async (tx: Tx) => (await tx.selectFrom("audit_grant").select("id").execute()).length;
  const seeHouses = async (tx: Tx) => (await tx.selectFrom("audit_grant_house").select("house_id").execute()).length;

  it("lets operator owners and admins issue; house managers, staff and residents neither issue nor see", async () => {
    expect(await attempt(op.owner, insertGrant(k.none.id))).toBe(1);
    expect(await attempt(opRoles.admin, insertGrant(k.none.id))).toBe(1);
    for (const ctx of [opRoles.manager, opRoles.staff, opRoles.resident]) {
      expect(await attempt(ctx, insertGrant(k.none.id))).toBe("denied");
      expect(await attempt(ctx, seeGrants)).toBe(0);
      expect(await attempt(ctx, seeHouses)).toBe(0);
    }
    expect(await attempt(op.owner, seeGrants)).toBe(5);
    expect(await attempt(other.owner, seeGrants)).toBe(0);
  });

  it("lets a certifier see the grants issued to it and write none", async () => {
    expect(await attempt(k.active.auditor, seeGrants)).toBe(1);
    expect(await attempt(k.active.auditor, seeHouses)).toBe(1);
    expect(await attempt(k.none.admin, seeGrants)).toBe(0);
    expect(await attempt(k.active.admin, insertGrant(k.none.id))).toBe("denied");
    const revoke = async (tx: Tx) => Number((await tx.updateTable("audit_grant").set({ ends_on: today }).executeTakeFirst()).numUpdatedRows);
    expect(await attempt(k.active.admin, revoke)).toBe(0);
    expect(await attempt(opRoles.manager, revoke)).toBe(0);
  });

  it("refuses a house added to a grant after it was issued", async () => {
    const addHouse = async (tx: Tx) =>
      (await tx.insertInto("audit_grant_house").values({ org_id: sql<string>`current_org_id()`, grant_id: revokedGrant, house_id: houseB }).returning("house_id").execute()).length;
    await expect(withTenant(op.owner, addHouse)).rejects.toThrow(/fixed once issued/);
  });

  it("refuses a grant to an org that is not a certifying body", async () => {
    await expect(withTenant(op.owner, insertGrant(other.orgId))).rejects.toThrow(/certifying body/);
  });
});

describe("the certifier policies ask for the covered set once per statement (0063, ADR 062)", () => {
  type PlanNode = { "Node Type": string; "Parent Relationship"?: string; "Subplan Name"?: string; "Function Name"?: string; "Actual Loops"?: number; Plans?: PlanNode[]; [k: string]: unknown };
  /** Every node with the names of the SubPlans/InitPlans above it. */
  function nodes(n: PlanNode, above: string[] = []): { node: PlanNode; above: string[] }[] {
    const here = n["Subplan Name"] ? [...above, n["Subplan Name"]] : above;
    return [{ node: n, above: here }, ...(n.Plans ?? []).flatMap((c) => nodes(c, here))];
  }
  const TABLES = ["house", "assessment", "assessment_comment", "certification", "certification_event", "inspection", "inspection_verdict", "inspection_photo", "finding", "finding_event", "finding_evidence", "file"];
  const plan = (ctx: TenantContext, table: string) =>
    withTenant(ctx, async (tx) => {
      const { rows } = await sql<{ "QUERY PLAN": { Plan: PlanNode }[] }>`explain (analyze, costs off, timing off, format json) select * from ${sql.table(table)}`.execute(tx);
      return rows[0]!["QUERY PLAN"][0]!.Plan;
    });

  it("reads every certifier table without a per-row grant call: the covered set is an uncorrelated sub-plan run at most once", async () => {
    for (const table of TABLES) {
      const root = await plan(k.lastDay.auditor, table);
      const text = JSON.stringify(root);
      // Before 0063 every table's filter called certifier_grant_covers(org_id, house_id, …) per row.
      expect(text, table).not.toContain("certifier_grant_covers");
      const scans = nodes(root).filter((x) => x.node["Node Type"] === "Function Scan" && /certifier_covered_(houses|orgs)/.test(String(x.node["Function Name"])));
      expect(scans.length, table).toBeGreaterThan(0);
      for (const s of scans) {
        // Inside a SubPlan of the policy, never correlated with the row (no parameter: the function's argument is a constant).
        expect(s.above.length, table).toBeGreaterThan(0);
        // (The sub-plan's own name may say which parameter it returns: "InitPlan 22 (returns $21)".)
        const { ["Subplan Name"]: _name, ...scan } = s.node;
        expect(JSON.stringify(scan), table).not.toMatch(/\$\d/);
      }
    }
  });

  it("evaluates the function once per statement for a certifier, however many rows it filters", async () => {
    // The house table holds several rows the certifier's house policy filters: a hashed sub-plan runs the function once.
    const root = await plan(k.lastDay.auditor, "house");
    const scans = nodes(root).filter((x) => x.node["Function Name"] === "certifier_covered_houses");
    const loops = scans.reduce((n, s) => n + (s.node["Actual Loops"] ?? 0), 0);
    expect(loops).toBe(1);
    expect(JSON.stringify(root)).toMatch(/hashed SubPlan/);
  });

  it("lets the planner read every certifier table by its org-first keys, for every role (0064)", async () => {
    // Row-level security ORs the policies: one arm no index can answer (0063's covered set alone)
    // made every statement that leaves the org to the policies a sequential scan over all orgs.
    // With sequential scans priced out, a plan that still scans the table has no index path.
    const byIndex = (ctx: TenantContext, table: string) =>
      withTenant(ctx, async (tx) => {
        await sql`set local enable_seqscan = off`.execute(tx);
        const { rows } = await sql<{ "QUERY PLAN": { Plan: PlanNode }[] }>`explain (costs off, format json) select * from ${sql.table(table)}`.execute(tx);
        return nodes(rows[0]!["QUERY PLAN"][0]!.Plan).filter((x) => x.node["Node Type"] === "Seq Scan" && x.node["Relation Name"] === table).length;
      });
    for (const ctx of [op.owner, opRoles.manager, k.lastDay.auditor]) {
      for (const table of [...TABLES, "stay", "consent"]) expect(await byIndex(ctx, table), table).toBe(0);
    }
  });

  it("never runs it for an operator's roles: the role guard comes first", async () => {
    for (const ctx of [op.owner, opRoles.admin, opRoles.manager]) {
      for (const table of ["house", "certification", "assessment", "finding"]) {
        const scans = nodes(await plan(ctx, table)).filter((x) => /certifier_covered_(houses|orgs)/.test(String(x.node["Function Name"])));
        expect(scans.length, table).toBeGreaterThan(0); // in the plan (the policies are the same for every role), never executed
        for (const s of scans) expect(s.node["Actual Loops"] ?? 0, `${table}`).toBe(0);
      }
    }
  });
});
