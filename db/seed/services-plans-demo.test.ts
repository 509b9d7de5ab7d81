import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { SERVICE_CATEGORY_CODES } from "#app/domain/services/labels";
import { useTestDatabase } from "#tests/support/db";
import { seedDemo } from "./demo";

/**
 * Issue 12's demo data, as the issue asks for it: a realistic directory of about 60 services
 * across every category in each demo city (each operator's own directory), and three months
 * of check-ins for several residents.
 */
const t = useTestDatabase();

describe("demo data for services and plans", () => {
  it("each operator's directory has about 60 services covering every category; several residents have three months of check-ins", { timeout: 180_000 }, async () => {
    const { orgs } = await seedDemo();
    expect(SERVICE_CATEGORY_CODES).toHaveLength(14); // the taxonomy's 14 categories (categories.ts)
    for (const [name, org] of [["riverside", orgs.riverside], ["maple", orgs.maple]] as const) {
      const services = await t.db.selectFrom("service").select(["categories"]).where("org_id", "=", org.id).execute();
      expect(services.length, name).toBeGreaterThanOrEqual(55);
      expect(services.length, name).toBeLessThanOrEqual(70);
      const covered = new Set(services.flatMap((s) => s.categories));
      expect(SERVICE_CATEGORY_CODES.filter((c) => !covered.has(c)), name).toEqual([]);
    }
    const spans = (
      await sql<{ resident_id: string; months: number }>`
        select resident_id, count(distinct date_trunc('month', taken_on))::int as months
        from checkin where org_id = ${orgs.riverside.id}::uuid group by resident_id`.execute(t.db)
    ).rows;
    expect(spans.filter((s) => s.months >= 3).length).toBeGreaterThanOrEqual(3);

    // Referrals (db/seed/referrals.ts): every status of the flow, and the closed outcomes the seed
    // claims (engaged, not eligible), each with its history; a follow-up due today and one overdue.
    const referrals = await t.db.selectFrom("referral").select(["id", "status", "outcome"]).where("org_id", "=", orgs.riverside.id).execute();
    expect([...new Set(referrals.map((r) => r.status))].sort()).toEqual(["accepted", "appointment_set", "attended", "closed", "consent_needed", "draft", "sent"]);
    expect(referrals.filter((r) => r.status === "closed").map((r) => r.outcome).sort()).toEqual(["engaged", "not_eligible"]);
    const withHistory = await t.db.selectFrom("referral_event").select("referral_id").distinct().where("org_id", "=", orgs.riverside.id).where("kind", "=", "status").execute();
    expect(withHistory.length).toBe(referrals.length);
    const followups = await t.db.selectFrom("referral_followup").select(["due_on", "done_at"]).where("org_id", "=", orgs.riverside.id).execute();
    expect(followups.filter((f) => f.done_at === null).length).toBeGreaterThanOrEqual(2);
  });
});
