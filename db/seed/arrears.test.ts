import { describe, expect, it } from "vitest";
import { withTenant } from "#app/db/tenant.server";
import { agingReport } from "#app/domain/arrears/aging.server";
import { getReminderSettings } from "#app/domain/arrears/reminders.server";
import { useTestDatabase } from "#tests/support/db";
import { seedDemo } from "./demo";

/** The demo's arrears: someone in every aging bucket in each org, and Riverside's reminders on. */
useTestDatabase();

describe("demo data for arrears", () => {
  it("every aging bucket has someone in it, in both demo orgs; Riverside sends weekly reminders", { timeout: 180_000 }, async () => {
    const { orgs, users } = await seedDemo();
    for (const [org, email] of [
      [orgs.riverside.id, "dana.owner@demo.hearth.test"],
      [orgs.maple.id, "pat.owner@demo.hearth.test"],
    ] as const) {
      const owner = { orgId: org, userId: users[email]!.id, role: "owner" as const };
      const report = await withTenant(owner, (tx) => agingReport(tx));
      for (const bucket of ["currentCents", "days1to7Cents", "days8to30Cents", "days31PlusCents"] as const) {
        expect(report.owing.some((r) => r[bucket] > 0), `${email}: ${bucket}`).toBe(true);
      }
    }
    const dana = { orgId: orgs.riverside.id, userId: users["dana.owner@demo.hearth.test"]!.id, role: "owner" as const };
    expect(await withTenant(dana, (tx) => getReminderSettings(tx))).toMatchObject({ cadence: "weekly", minCents: 2500, minDays: 8 });
  });
});
