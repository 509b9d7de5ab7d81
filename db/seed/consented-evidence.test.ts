import { describe, expect, it } from "vitest";
import { withTenant } from "#app/db/tenant.server";
import { listMyDisclosures } from "#app/domain/consents/disclose.server";
import { certifierAssessment, certifierPipeline } from "#app/domain/grants/certifier.server";
import { useTestDatabase } from "#tests/support/db";
import { seedDemo } from "./demo";

/** The demo certifier's pipeline: a draft, a submitted self-assessment and one in review with consented and withheld resident evidence (ADR 054). */
const t = useTestDatabase();

describe("demo certifier evidence seed", () => {
  it("gives Keystone a draft, a submitted and an in-review assessment, with resident evidence shown under consent and one withheld", { timeout: 240_000 }, async () => {
    const { orgs, users } = await seedDemo();
    const sofia = { orgId: orgs.keystone.id, userId: users["sofia.auditor@demo.hearth.test"]!.id, role: "auditor" as const };
    const { items: pipeline } = await withTenant(sofia, (tx) => certifierPipeline(tx));
    const statuses = pipeline.flatMap((o) => o.houses.map((h) => h.assessment?.status)).filter(Boolean);
    expect(statuses).toContain("draft");
    expect(statuses.filter((s) => s === "submitted").length).toBeGreaterThanOrEqual(2);
    const inReview = await t.db.selectFrom("certification").select("house_id").where("org_id", "=", orgs.riverside.id).where("status", "=", "in_review").executeTakeFirstOrThrow();
    const a = await t.db.selectFrom("assessment").select("id").where("house_id", "=", inReview.house_id).where("status", "=", "submitted").executeTakeFirstOrThrow();
    const view = await withTenant(sofia, (tx) => certifierAssessment(tx, "riverside", a.id));
    const shown = view.items.flatMap((i) => i.evidence).filter((e) => e.sharedUnderConsent);
    expect(shown.map((e) => e.label)).toEqual(["A resident's move-in and orientation record"]);
    expect(view.items.reduce((n, i) => n + i.withheld, 0)).toBe(1);
    const disclosure = await t.db.selectFrom("disclosure").select(["resident_id", "outcome"]).where("org_id", "=", orgs.riverside.id).where("what", "=", "certifier_evidence").executeTakeFirstOrThrow();
    const resident = await t.db.selectFrom("resident").select("user_id").where("id", "=", disclosure.resident_id).executeTakeFirstOrThrow();
    const mine = await withTenant({ orgId: orgs.riverside.id, userId: resident.user_id!, role: "resident" }, (tx) => listMyDisclosures(tx));
    expect(mine.filter((d) => d.what === "certifier_evidence").map((d) => [d.recipientName, d.outcome])).toEqual([["Keystone Recovery Residence Alliance", "granted"]]);
  });
});
