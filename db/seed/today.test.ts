import { describe, expect, it } from "vitest";
import { withTenant } from "#app/db/tenant.server";
import { managerToday } from "#app/domain/today/today.server";
import { useTestDatabase } from "#tests/support/db";
import { seedDemo } from "./demo";

/** The demo gives the demo house manager's today something in every state. */
useTestDatabase();

describe("demo data for the manager's today", () => {
  it("Luis's houses show a missed chore, a done one to check, a session today, a move-in and a move-out soon, someone under target and unsigned documents", { timeout: 180_000 }, async () => {
    const { orgs, users } = await seedDemo();
    const luis = { orgId: orgs.riverside.id, userId: users["luis.manager@demo.hearth.test"]!.id, role: "house_manager" as const };
    const houses = await withTenant(luis, (tx) => managerToday(tx));
    expect(houses.map((h) => h.name).sort()).toEqual(["Harbor House", "Summit House"]);
    const all = <T>(pick: (h: (typeof houses)[number]) => T[]) => houses.flatMap(pick);
    expect(all((h) => h.chores).some((c) => c.state === "missed")).toBe(true);
    expect(all((h) => h.chores).some((c) => c.state === "done" && houses.some((h) => h.today === c.day))).toBe(true);
    expect(all((h) => h.chores).some((c) => c.state === "assigned")).toBe(true);
    expect(all((h) => h.sessions).filter((o) => o.status !== "cancelled").length).toBeGreaterThan(0);
    expect(all((h) => h.moves).some((m) => m.kind === "move_in")).toBe(true);
    expect(all((h) => h.moves).some((m) => m.kind === "move_out")).toBe(true);
    expect(all((h) => h.underTarget).length).toBeGreaterThan(0);
    expect(all((h) => h.unsigned).length).toBeGreaterThan(0);
    // Referral follow-ups (ADR 046): one due today, one overdue; and referrals at every status.
    const harbor = houses.find((h) => h.name === "Harbor House")!;
    expect(all((h) => h.followUps).some((f) => f.dueOn === harbor.today)).toBe(true);
    expect(all((h) => h.followUps).some((f) => f.dueOn < harbor.today)).toBe(true);
    const statuses = await withTenant(luis, (tx) => tx.selectFrom("referral").select(["status", "outcome"]).execute());
    expect(new Set(statuses.map((r) => r.status))).toEqual(new Set(["draft", "consent_needed", "sent", "accepted", "appointment_set", "attended", "closed"]));
    expect(statuses.filter((r) => r.status === "closed").map((r) => r.outcome).sort()).toEqual(["engaged", "not_eligible"]);
    // The owner also sees Willow House, where residents have new house rules to sign.
    const dana = { orgId: orgs.riverside.id, userId: users["dana.owner@demo.hearth.test"]!.id, role: "owner" as const };
    const willow = (await withTenant(dana, (tx) => managerToday(tx))).find((h) => h.name === "Willow House")!;
    expect(willow.unsigned.length).toBeGreaterThan(0);
  });
});
