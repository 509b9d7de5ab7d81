import { CompiledQuery, sql, type Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "#app/db/schema";
import { captureStatements, type CapturedStatement } from "#app/lib/request-context.server";
import { scaleUsers, seedScale } from "#db/seed/scale";
import { useTestServer } from "#tests/support/app";
import { useTestDatabase } from "#tests/support/db";
import { sessionCookieFor } from "#tests/support/factories";

/**
 * Every statement the main pages run, on a scale-ish dataset (≈ 5,000 residents and
 * stays, 6,000 audit events), is planned with an index: no sequential scan over a
 * table with more than a few thousand rows. Statements are captured while the page is
 * served, then replayed as EXPLAIN with the same settings (role hearth_app, org, user,
 * role), so the plans include the row-level security policies.
 */
const BIG = 2000;
const t = useTestDatabase();
const server = useTestServer();
const db = () => t.db as unknown as Kysely<DB>;
const PREFIX = "plan";
const cookies: Record<string, string> = {};
let houseId = "";
let seriesId = "";
let yesterday = "";
// A resident of the house with the most ledger entries there, and the month of their latest entry.
let ledgerResidentId = "";
let ledgerMonth = "";

beforeAll(async () => {
  await seedScale(db(), { orgs: 20, prefix: PREFIX, housesOf: (n) => (n === 1 ? 30 : 4), pastPerBed: 4 });
  await sql`analyze`.execute(db());
  for (const [who, email] of Object.entries(scaleUsers(PREFIX))) {
    if (who === "slug") continue;
    const user = await db().selectFrom("app_user").select("id").where("email", "=", email).executeTakeFirstOrThrow();
    cookies[who] = await sessionCookieFor(user.id);
  }
  const house = await db()
    .selectFrom("house")
    .innerJoin("org", "org.id", "house.org_id")
    .select("house.id")
    .where("org.slug", "=", `${PREFIX}-0001`)
    .orderBy("house.name")
    .executeTakeFirstOrThrow();
  houseId = house.id;
  // The house's weekly meeting (scale seed) and its most recent occurrence.
  const last = await db()
    .selectFrom("session_attendance")
    .select(["series_id", sql<string>`max(occurs_on)::text`.as("day")])
    .where("house_id", "=", houseId)
    .groupBy("series_id")
    .executeTakeFirstOrThrow();
  seriesId = last.series_id;
  yesterday = last.day;
  const busiest = await db()
    .selectFrom("ledger_entry")
    .select(["resident_id", sql<string>`to_char(max(effective_on), 'YYYY-MM')`.as("month")])
    .where("house_id", "=", houseId)
    .groupBy("resident_id")
    .orderBy(sql`count(*)`, "desc")
    .limit(1)
    .executeTakeFirstOrThrow();
  ledgerResidentId = busiest.resident_id;
  ledgerMonth = busiest.month;
}, 300_000);
afterAll(() => captureStatements(undefined));

type PlanNode = {
  "Node Type": string;
  "Relation Name"?: string;
  Plans?: PlanNode[];
  "Actual Rows"?: number;
  "Actual Loops"?: number;
  "Rows Removed by Filter"?: number;
  "Rows Removed by Index Recheck"?: number;
};
function seqScans(node: PlanNode, out: string[] = []): string[] {
  if (node["Node Type"] === "Seq Scan" && node["Relation Name"]) out.push(node["Relation Name"]);
  for (const child of node.Plans ?? []) seqScans(child, out);
  return out;
}

/** Rows of `table` a plan read (returned or filtered out, over every loop): EXPLAIN ANALYZE only. */
function rowsRead(node: PlanNode, table: string): number {
  const own =
    node["Relation Name"] === table
      ? ((node["Actual Rows"] ?? 0) + (node["Rows Removed by Filter"] ?? 0) + (node["Rows Removed by Index Recheck"] ?? 0)) * (node["Actual Loops"] ?? 1)
      : 0;
  return own + (node.Plans ?? []).reduce((sum, child) => sum + rowsRead(child, table), 0);
}

/** Rows all Sort nodes of a plan sorted, over every loop: EXPLAIN ANALYZE only. */
function rowsSorted(node: PlanNode): number {
  const own = node["Node Type"] === "Sort" ? (node["Actual Rows"] ?? 0) * (node["Actual Loops"] ?? 1) : 0;
  return own + (node.Plans ?? []).reduce((sum, child) => sum + rowsSorted(child), 0);
}

async function plansOf(statements: CapturedStatement[], opts: { analyze?: boolean } = {}): Promise<{ sql: string; seq: string[]; plan: PlanNode }[]> {
  const plans: { sql: string; seq: string[]; plan: PlanNode }[] = [];
  await db()
    .transaction()
    .execute(async (tx) => {
      for (const s of statements) {
        const text = s.sql.trim();
        if (/^(begin|commit|rollback|savepoint|release)/i.test(text)) continue;
        if (/^(select|with|insert|update|delete)/i.test(text) && !/^select set_config/i.test(text)) {
          const res = await tx.executeQuery<{ "QUERY PLAN": [{ Plan: PlanNode }] }>(
            CompiledQuery.raw(`explain (format json${opts.analyze ? ", analyze" : ""}) ${text}`, [...s.parameters]),
          );
          const plan = res.rows[0]!["QUERY PLAN"][0].Plan;
          plans.push({ sql: text, seq: seqScans(plan), plan });
        }
        // Statements that set the request's settings run for real (the guard's membership
        // lookup sets the org and role as it reads them); writes are only explained.
        if (/set_config\(/i.test(text)) await tx.executeQuery(CompiledQuery.raw(text, [...s.parameters]));
      }
      throw new RollbackSignal(); // nothing replayed is kept
    })
    .catch((e) => {
      if (!(e instanceof RollbackSignal)) throw e;
    });
  return plans;
}
class RollbackSignal extends Error {}

/** Serves `url` as `who` (200 expected), then EXPLAINs (with `analyze`, EXPLAIN ANALYZEs) the statements it ran. */
async function pagePlans(url: string, who: string, opts: { analyze?: boolean } = {}) {
  const statements: CapturedStatement[] = [];
  captureStatements(statements);
  const res = await server.request(url, { cookie: cookies[who] });
  await res.text();
  captureStatements(undefined);
  expect(res.status, `${url} as ${who}`).toBe(200);
  return plansOf(statements, opts);
}

describe("query plans of the main pages", () => {
  it(`use indexes: no sequential scan over a table with more than ${BIG} rows`, { timeout: 300_000 }, async () => {
    const sizes = await sql<{ relname: string; n: number }>`
      select c.relname, c.reltuples::int as n from pg_class c join pg_namespace s on s.oid = c.relnamespace
      where s.nspname = 'public' and c.relkind = 'r'`.execute(db());
    const big = new Set(sizes.rows.filter((r) => r.n > BIG).map((r) => r.relname));
    expect(big.has("resident") && big.has("stay") && big.has("audit_event") && big.has("document_signature") && big.has("ledger_entry")).toBe(true);
    const base = `/o/${PREFIX}-0001`;
    const pages: [string, string][] = [
      ["owner", base],
      ["owner", `${base}/houses`],
      ["owner", `${base}/houses/${houseId}`],
      ["owner", `${base}/houses/${houseId}/chores`],
      ["owner", `${base}/houses/${houseId}/chores/history`],
      ["manager", `${base}/houses/${houseId}/chores`],
      ["owner", `${base}/residents`],
      ["owner", `${base}/applications`],
      ["owner", `${base}/members`],
      ["owner", `${base}/audit`],
      ["manager", `${base}/today`],
      ["owner", `${base}/today`],
      ["manager", `${base}/residents`],
      ["manager", `${base}/applications`],
      ["resident", `${base}/me`],
      ["owner", `${base}/houses/${houseId}/documents`],
      ["owner", `${base}/houses/${houseId}/documents/edit`],
      ["owner", `${base}/settings/documents`],
      ["resident", `${base}/me/documents`],
      ["owner", `${base}/houses/${houseId}/sessions`],
      ["owner", `${base}/houses/${houseId}/sessions/rates`],
      ["owner", `${base}/houses/${houseId}/sessions/${seriesId}/${yesterday}`],
      ["manager", `${base}/houses/${houseId}/sessions`],
      ["resident", `${base}/me/meetings`],
      ["resident", `${base}/me/chores`],
      ["resident", `${base}/me/chores/board`],
      ["owner", `${base}/houses/${houseId}/calendar`],
      ["manager", `${base}/houses/${houseId}/calendar`],
      ["resident", `${base}/me/calendar`],
      ["owner", `${base}/houses/${houseId}/fees`],
      ["manager", `${base}/houses/${houseId}/fees`],
      ["resident", `${base}/me/dues`],
      // A resident's ledger page (keyset over ledger_entry_resident_idx) and a monthly statement.
      ["owner", `${base}/houses/${houseId}/fees/${ledgerResidentId}`],
      ["owner", `${base}/houses/${houseId}/fees/${ledgerResidentId}/statements/${ledgerMonth}`],
      ["owner", `${base}/money/arrears`],
      ["owner", `${base}/money/arrears?house=${houseId}`],
      ["manager", `${base}/money/arrears`],
      ["owner", `${base}/money`],
      ["manager", `${base}/money`],
    ];
    const offenders: string[] = [];
    let explained = 0;
    for (const [who, url] of pages) {
      const plans = await pagePlans(url, who);
      explained += plans.length;
      for (const plan of plans) {
        const bad = plan.seq.filter((table) => big.has(table));
        if (bad.length) offenders.push(`${url} as ${who}: seq scan on ${bad.join(", ")} in ${plan.sql.slice(0, 160)}`);
      }
    }
    expect(explained).toBeGreaterThan(pages.length * 2);
    expect(offenders).toEqual([]);
  });

  it("a house manager's residents list reads the residents of their houses, not every resident of the org", async () => {
    // An IN under an OR ran as a filter after the row-level policy, which looked up a stay for
    // every resident of the org (2,880 on the scale org) to list the manager's few.
    const { rows } = await sql<{ mine: number; org: number }>`
      select count(distinct s.resident_id) filter (where s.house_id in (
               select mh.house_id from membership_house mh join membership m on m.org_id = mh.org_id and m.id = mh.membership_id
               join app_user u on u.id = m.user_id where u.email = ${scaleUsers(PREFIX).manager}))::int as mine,
             (select count(*) from resident r join org o on o.id = r.org_id where o.slug = ${`${PREFIX}-0001`})::int as org
      from stay s join org o on o.id = s.org_id where o.slug = ${`${PREFIX}-0001`}`.execute(db());
    const { mine, org } = rows[0]!;
    expect(mine).toBeGreaterThan(0);
    expect(org).toBeGreaterThan(mine * 4);
    const read = (await pagePlans(`/o/${PREFIX}-0001/residents`, "manager", { analyze: true })).reduce((sum, p) => sum + rowsRead(p.plan, "resident"), 0);
    expect(read).toBeGreaterThan(0);
    expect(read).toBeLessThanOrEqual(mine);
  });

  it("the money overview sums what is owed per house once, not once per house (a sort of every resident per house)", async () => {
    const { rows } = await sql<{ n: number; houses: number }>`
      select (select count(*) from resident r join org o on o.id = r.org_id where o.slug = ${`${PREFIX}-0001`})::int as n,
             (select count(*) from house h join org o on o.id = h.org_id where o.slug = ${`${PREFIX}-0001`})::int as houses`.execute(db());
    const { n, houses } = rows[0]!;
    expect(houses).toBeGreaterThan(10);
    const aging = (await pagePlans(`/o/${PREFIX}-0001/money`, "owner", { analyze: true })).find((p) => p.sql.includes("by_house"));
    expect(aging).toBeDefined();
    // Each resident's balance row is sorted to group it by resident, then by house: twice, not
    // once per house (18,510 rows sorted before, for 1,440 residents).
    expect(rowsSorted(aging!.plan)).toBeLessThanOrEqual(3 * n);
  });
});
