import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { verifyAuditChain } from "#app/domain/audit/chain.server";
import { useTestDatabase } from "#tests/support/db";
import { seedScale } from "./scale";

const t = useTestDatabase();

describe("the scale dataset", () => {
  it("seals every generated audit event into its org's chain, which verifies", async () => {
    const { orgs } = await seedScale(t.db, { orgs: 3, prefix: "chain", housesOf: (n) => n, pastPerBed: 1 });
    const counts = await sql<{ org_id: string; events: number; seals: number; max_seq: number }>`
      select e.org_id, count(*)::int as events, count(s.event_id)::int as seals, max(s.seq)::int as max_seq
      from audit_event e left join audit_seal s on s.event_id = e.id
      where e.org_id = any (${orgs.map((o) => o.id)}::uuid[])
      group by e.org_id`.execute(t.db);
    expect(counts.rows).toHaveLength(3);
    for (const row of counts.rows) {
      expect(row.events).toBeGreaterThan(0);
      expect(row.seals, "every event is sealed").toBe(row.events);
      expect(row.max_seq, "one chain per org, counted from 1 without gaps").toBe(row.events);
    }
    // In event order, as the commit-time trigger seals them.
    const outOfOrder = await sql<{ n: number }>`
      select count(*)::int as n from audit_seal a join audit_seal b on b.org_id = a.org_id and b.seq = a.seq + 1
      where a.org_id = any (${orgs.map((o) => o.id)}::uuid[]) and b.event_id < a.event_id`.execute(t.db);
    expect(outOfOrder.rows[0]!.n).toBe(0);
    const result = await t.db.transaction().execute(async (tx) => {
      await sql`set local role hearth_owner`.execute(tx);
      return verifyAuditChain(tx);
    });
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it("gives every house a year of chores, held by residents who live there now", async () => {
    const { orgs } = await seedScale(t.db, { orgs: 1, prefix: "chores", housesOf: () => 2, pastPerBed: 0 });
    const row = await sql<{ chores: number; assignments: number; first: string; last: string; elsewhere: number; verified: number; open_past: number }>`
      select (select count(*)::int from chore where org_id = ${orgs[0]!.id}::uuid) as chores,
        count(*)::int as assignments, min(a.day)::text as first, max(a.day)::text as last,
        count(*) filter (where not exists (select 1 from stay s where s.org_id = a.org_id and s.resident_id = a.resident_id
          and s.house_id = a.house_id and upper_inf(s.during)))::int as elsewhere,
        count(*) filter (where a.status = 'verified')::int as verified,
        count(*) filter (where a.status = 'assigned' and a.day < current_date)::int as open_past
      from chore_assignment a where a.org_id = ${orgs[0]!.id}::uuid`.execute(t.db);
    const r = row.rows[0]!;
    expect(r.chores).toBe(8);
    expect(r.assignments).toBeGreaterThan(2 * 4 * 52);
    expect(r.last > r.first).toBe(true);
    expect(r.elsewhere).toBe(0);
    expect(r.verified).toBeGreaterThan(r.open_past);
    expect(r.open_past).toBeGreaterThan(0);
  });
});
