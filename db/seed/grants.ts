import { withTenant, type TenantContext } from "#app/db/tenant.server";
import { localToday } from "#app/domain/dates.server";
import { issueGrant } from "#app/domain/grants/grants.server";
import { addDays } from "#app/lib/dates";

/**
 * Demo audit grants (ADR 049): both demo operators give Keystone (the demo certifier) access
 * to the houses their self-assessments are about — Riverside's draft (certification scope,
 * until revoked, with a second active house), Maple Street's submitted one (review, for a
 * year). Through the domain API as each org's owner, under RLS. Runs after the standards demo.
 */
type SeedInput = {
  orgs: { riverside: { id: string }; maple: { id: string }; keystone: { id: string } };
  users: Record<string, { id: string }>;
};

export async function seedGrantsDemo({ orgs, users }: SeedInput) {
  const owners: [TenantContext, "certification" | "review", number | null, string][] = [
    [{ orgId: orgs.riverside.id, userId: users["dana.owner@demo.hearth.test"]!.id, role: "owner" }, "certification", null, "Initial certification, all levels."],
    [{ orgId: orgs.maple.id, userId: users["pat.owner@demo.hearth.test"]!.id, role: "owner" }, "review", 365, "Document review before the site visit."],
  ];
  for (const [ctx, scope, days, note] of owners) {
    await withTenant(ctx, async (tx) => {
      const today = await localToday(tx);
      const assessed = await tx.selectFrom("assessment").select("house_id").where("house_id", "is not", null).execute();
      const others = await tx.selectFrom("house").select("id").where("status", "=", "active").orderBy("name").limit(2).execute();
      const houseIds = [...new Set([...assessed.map((a) => a.house_id!), ...(scope === "certification" ? others.map((h) => h.id) : [])])];
      await issueGrant(tx, { certifierOrgId: orgs.keystone.id, houseIds, scope, startsOn: addDays(today, -14), endsOn: days ? addDays(today, days) : null, note });
    });
  }
}
