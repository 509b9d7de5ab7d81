import { CompiledQuery, sql } from "kysely";
import { describe, expect, it } from "vitest";
import { withTenant } from "#app/db/tenant.server";
import { captureStatements, type CapturedStatement } from "#app/lib/request-context.server";
import { useTestDatabase } from "#tests/support/db";
import { makeOperator } from "#tests/support/houses";
import { searchDirectory } from "./directory.server";
import { DirectoryQuery } from "./schemas";

/**
 * Directory search uses the GIN index on `service.search` honestly (issue 12, tests): a
 * realistic directory of 6,000 generated services in one org (and 2,000 in another), a few
 * of them about forklifts, analysed; the statement `searchDirectory` actually runs is
 * captured and planned under the tenant's settings (RLS included) with the planner's
 * defaults — no `enable_seqscan = off` — and the plan must reach the service table through a
 * bitmap scan of service_search_idx, never a sequential scan.
 *
 * Under RLS PostgreSQL only puts a leakproof condition inside an index scan (a leaky one
 * could see rows the policies hide); `@@` (ts_match_vq) is not leakproof out of the box, so
 * the planner drove the search from service_organization and filtered `search @@ q` row by
 * row. Bootstrap marks it leakproof, and migration 0047 turns the index's pending list off
 * (the planner priced reading it in full) — ADR 051.
 */
const t = useTestDatabase();
const MONDAY_NOON = { weekday: 1, time: "12:00" };

type PlanNode = { "Node Type": string; "Relation Name"?: string; "Index Name"?: string; Plans?: PlanNode[] };
function nodes(node: PlanNode, out: PlanNode[] = []): PlanNode[] {
  out.push(node);
  for (const child of node.Plans ?? []) nodes(child, out);
  return out;
}

async function generate(orgId: string, count: number) {
  // About five services per provider, as in a real directory (the demo has 60 services from ~50 providers).
  const providers = Math.ceil(count / 5);
  await sql`
    insert into service_organization (id, org_id, name)
    select overlay(overlay(md5(${orgId}::text || ':o:' || p) placing '4' from 13) placing '8' from 17)::uuid, ${orgId}::uuid, 'Provider ' || p
    from generate_series(1, ${providers}) p`.execute(t.db);
  // Names and descriptions from a realistic vocabulary; "forklift" in one in a thousand.
  await sql`
    insert into service (org_id, organization_id, name, description, categories, status)
    select ${orgId}::uuid, overlay(overlay(md5(${orgId}::text || ':o:' || (1 + i % ${providers})) placing '4' from 13) placing '8' from 17)::uuid,
      (array['Community','Northside','Riverside','Harbor','Valley','Family','Neighborhood','County'])[1 + i % 8] || ' ' ||
      (array['Health Center','Food Pantry','Counseling','Legal Aid','Housing Help','Peer Support','Clinic','Transit Pass'])[1 + (i / 8) % 8] || ' ' || i,
      case when i % 1000 = 7 then 'Forklift certification and warehouse job training, twelve weeks.'
           else (array['Walk-in hours for adults and families.','Help with applications and paperwork.','Free and low-cost appointments.',
                       'Groups meet every weekday evening.','Support in English and Spanish.'])[1 + i % 5] end,
      array[(array['treatment','food','legal','housing','mental_health','primary_care','mutual_aid','transportation'])[1 + (i / 8) % 8]]::text[],
      'active'
    from generate_series(1, ${count}) i`.execute(t.db);
}

describe("directory search's query plan", () => {
  it("reaches the services through a bitmap scan of the GIN index on 6,000 rows, without turning sequential scans off", async () => {
    const a = await makeOperator();
    const b = await makeOperator();
    await generate(a.orgId, 6000);
    await generate(b.orgId, 2000);
    await sql`analyze service, service_organization`.execute(t.db);
    const n = await t.db.selectFrom("service").select((eb) => eb.fn.countAll<number>().as("n")).where("org_id", "=", a.orgId).executeTakeFirstOrThrow();
    expect(Number(n.n)).toBeGreaterThanOrEqual(5000);

    const statements: CapturedStatement[] = [];
    captureStatements(statements);
    let found: string[] = [];
    try {
      const page = await withTenant(a.owner, (tx) => searchDirectory(tx, DirectoryQuery.parse({ q: "forklift" }), { now: MONDAY_NOON }));
      found = page.items.map((s) => s.name);
    } finally {
      captureStatements(undefined);
    }
    expect(found).toHaveLength(6);
    const search = statements.find((s) => /@@/.test(s.sql) && /from "service"/i.test(s.sql));
    expect(search, "the search statement was captured").toBeDefined();

    const plan = await withTenant(a.owner, async (tx) => {
      const settings = await sql<{ seq: string }>`select current_setting('enable_seqscan') as seq`.execute(tx);
      expect(settings.rows[0]!.seq).toBe("on");
      const res = await tx.executeQuery<{ "QUERY PLAN": [{ Plan: PlanNode }] }>(CompiledQuery.raw(`explain (format json) ${search!.sql}`, [...search!.parameters]));
      return res.rows[0]!["QUERY PLAN"][0].Plan;
    });
    const all = nodes(plan);
    const bitmap = all.filter((p) => p["Node Type"] === "Bitmap Index Scan" && p["Index Name"] === "service_search_idx");
    expect(bitmap, JSON.stringify(plan)).toHaveLength(1);
    expect(all.filter((p) => p["Node Type"] === "Seq Scan" && p["Relation Name"] === "service")).toEqual([]);
  });
});
