import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { withTenant } from "#app/db/tenant.server";
import { listChoresForResident } from "#app/domain/chores/assignments.server";
import { getMyChoreHouse, listMySwaps } from "#app/domain/chores/portal.server";
import { todayIn } from "#app/lib/dates";
import { useTestDatabase } from "#tests/support/db";
import { seedDemo } from "./demo";

/** The demo chores: every house has chores and weeks of history in every state; the demo residents have chores today. */
const t = useTestDatabase();

describe("demo chores seed", () => {
  it("gives every house chores, four weeks of history (verified, done, missed, sent back) and this week's rotation", { timeout: 180_000 }, async () => {
    // "Today" as the seed saw it: a house's midnight may pass before the counts below.
    const seededAt = new Date();
    const { orgs, users } = await seedDemo();
    const perHouse = await sql<{ name: string; chores: number; past: number; verified: number; done: number; open_past: number; sent_back: number; upcoming: number }>`
      select h.name,
        (select count(*)::int from chore c where c.house_id = h.id) as chores,
        count(a.*) filter (where a.day < (${seededAt}::timestamptz at time zone h.time_zone)::date)::int as past,
        count(a.*) filter (where a.status = 'verified')::int as verified,
        count(a.*) filter (where a.status = 'done')::int as done,
        count(a.*) filter (where a.status = 'assigned' and a.day < (${seededAt}::timestamptz at time zone h.time_zone)::date)::int as open_past,
        count(a.*) filter (where a.status = 'sent_back')::int as sent_back,
        count(a.*) filter (where a.day >= (${seededAt}::timestamptz at time zone h.time_zone)::date)::int as upcoming
      from house h left join chore_assignment a on a.org_id = h.org_id and a.house_id = h.id
      group by h.org_id, h.id order by h.name`.execute(t.db);
    expect(perHouse.rows).toHaveLength(5);
    for (const h of perHouse.rows) {
      expect(h.chores, h.name).toBeGreaterThanOrEqual(8);
      expect(h.past, h.name).toBeGreaterThan(50);
      expect(h.verified, h.name).toBeGreaterThan(h.past / 2);
      expect(h.done, h.name).toBeGreaterThan(0);
      expect(h.open_past, h.name).toBeGreaterThan(0); // missed
      expect(h.upcoming, h.name).toBeGreaterThan(20);
    }
    expect(perHouse.rows.reduce((n, h) => n + h.sent_back, 0)).toBeGreaterThanOrEqual(1);

    for (const [org, email] of [["riverside", "sam.resident"], ["maple", "ray.resident"]] as const) {
      const ctx = { orgId: orgs[org].id, userId: users[`${email}@demo.hearth.test`]!.id, role: "resident" as const };
      const mine = await withTenant(ctx, async (tx) => {
        const house = (await getMyChoreHouse(tx))!;
        const day = todayIn(org === "riverside" ? "America/New_York" : "America/Chicago", seededAt);
        return { house, chores: await listChoresForResident(tx, house.residentId, day, day), swaps: await listMySwaps(tx) };
      });
      expect(mine.chores.some((c) => c.state === "assigned"), email).toBe(true);
      if (org === "maple") expect(mine.house.coordinator).toBe(true);
      if (org === "riverside") expect(mine.swaps.map((s) => s.direction)).toEqual(["outgoing"]);
    }
  });
});
