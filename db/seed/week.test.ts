import { describe, expect, it } from "vitest";
import { withTenant } from "#app/db/tenant.server";
import { myDays } from "#app/domain/calendar/week.server";
import { useTestDatabase } from "#tests/support/db";
import { seedDemo } from "./demo";

/** The demo residents' week (/o/:org/me) is full: chores, sessions and house meetings, logged meetings against a target. */
useTestDatabase();

describe("demo residents' week", () => {
  it("Sam and Ray each have chores, sessions (a house meeting among them) and a meeting target in the coming week", { timeout: 180_000 }, async () => {
    const { orgs, users } = await seedDemo();
    for (const [org, email] of [["riverside", "sam.resident"], ["maple", "ray.resident"]] as const) {
      const ctx = { orgId: orgs[org].id, userId: users[`${email}@demo.hearth.test`]!.id, role: "resident" };
      const week = (await withTenant(ctx, (tx) => myDays(tx, { fromOffset: 0, days: 8 })))!;
      expect(week.house, email).not.toBeNull();
      expect(week.chores.length, email).toBeGreaterThan(0);
      expect(week.sessions.length, email).toBeGreaterThanOrEqual(3);
      expect(week.sessions.some((o) => o.kind === "house_meeting"), email).toBe(true);
      expect(week.target, email).toBe(3);
    }
  });
});
