import { describe, expect, it } from "vitest";
import { withPlatform, withTenant } from "#app/db/tenant.server";
import { houseCertifications } from "#app/domain/certification/certification.server";
import { getPublicCertification } from "#app/domain/certification/public.server";
import { localToday } from "#app/domain/dates.server";
import { addDays } from "#app/lib/dates";
import { useTestDatabase } from "#tests/support/db";
import { seedDemo } from "./demo";

/** The demo certifications: Keystone certified one Riverside house (expiring in 60 days, 90-day reminder sent) and reviews another. */
const t = useTestDatabase();

describe("demo certification seed", () => {
  it("shows a certified house with its public page and reminder, and one in review", { timeout: 180_000 }, async () => {
    const { orgs, users } = await seedDemo();
    const dana = { orgId: orgs.riverside.id, userId: users["dana.owner@demo.hearth.test"]!.id, role: "owner" as const };
    const rows = await t.db.selectFrom("certification").select(["house_id", "status", "public_token"]).where("org_id", "=", orgs.riverside.id).orderBy("status").execute();
    expect(rows.map((r) => r.status)).toEqual(["certified", "in_review"]);
    const certified = rows[0]!;
    const [c] = await withTenant(dana, (tx) => houseCertifications(tx, certified.house_id));
    const today = await withTenant(dana, (tx) => localToday(tx, { houseId: certified.house_id }));
    expect(c).toMatchObject({ status: "certified", expiresOn: addDays(today, 60), certifierName: "Keystone Recovery Residence Alliance" });
    expect(c!.history).toHaveLength(4);
    const reminders = await t.db.selectFrom("certification_reminder").select("stage").where("org_id", "=", orgs.riverside.id).execute();
    expect(reminders).toEqual([{ stage: "90_days" }]);
    const shown = await withPlatform({}, (tx) => getPublicCertification(tx, certified.public_token));
    expect(shown).toMatchObject({ status: "certified", operatorName: "Riverside Recovery Homes", renewalInProgress: false });
    expect(await withPlatform({}, (tx) => getPublicCertification(tx, rows[1]!.public_token))).toBeNull();

    // Findings on the house in review (seed/findings.ts): a minor one open for 30 days, a major one answered.
    const findings = await t.db.selectFrom("finding").select(["house_id", "severity", "status", "plan", "certifier_org_id"])
      .select((e) => e.fn<string>("to_char", [e.ref("due_on"), e.val("YYYY-MM-DD")]).as("due"))
      .where("org_id", "=", orgs.riverside.id).orderBy("severity").execute();
    const reviewedToday = await withTenant(dana, (tx) => localToday(tx, { houseId: rows[1]!.house_id }));
    expect(findings).toEqual([
      expect.objectContaining({ house_id: rows[1]!.house_id, severity: "major", status: "responded", plan: expect.stringContaining("extinguisher"), due: addDays(reviewedToday, 14) }),
      expect.objectContaining({ house_id: rows[1]!.house_id, severity: "minor", status: "open", plan: null, due: addDays(reviewedToday, 30) }),
    ]);
    // Inspections (seed/inspections.ts): one scheduled visit a week ahead; review threads on Maple Street's (seed/review.ts).
    expect(await t.db.selectFrom("inspection").select("status").where("org_id", "=", orgs.riverside.id).execute()).toEqual([{ status: "scheduled" }]);
    const kinds = await t.db.selectFrom("assessment_comment").select("kind").where("org_id", "=", orgs.maple.id).execute();
    expect(new Set(kinds.map((k) => k.kind))).toEqual(new Set(["comment", "clarification", "reply"]));
  });
});
