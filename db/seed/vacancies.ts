import { withTenant, type TenantContext } from "#app/db/tenant.server";
import { saveHouseListing } from "#app/domain/vacancies/listing.server";

/**
 * Demo vacancy listings (ADR 042): Riverside publishes its first two active houses (one with
 * its street address, one without) and leaves the rest unlisted, so /vacancies/riverside
 * and /vacancies/riverside.json show both cases. Through the domain API as the org's owner.
 */
type SeedInput = { orgs: { riverside: { id: string } }; users: Record<string, { id: string }> };

export async function seedVacanciesDemo({ orgs, users }: SeedInput) {
  const owner: TenantContext = { orgId: orgs.riverside.id, userId: users["dana.owner@demo.hearth.test"]!.id, role: "owner" };
  await withTenant(owner, async (tx) => {
    const houses = await tx.selectFrom("house").select(["id"]).where("status", "=", "active").orderBy("name").orderBy("id").limit(2).execute();
    const [first, second] = houses;
    if (first) {
      await saveHouseListing(tx, first.id, {
        published: true,
        description: "A calm, structured home near the bus line, with weekly house meetings and peer support.",
        feesDescription: "First week's fee waived for people coming straight from treatment.",
        weeklyFee: 17500,
        contactPhone: "215-555-0100",
        contactEmail: "beds@riverside.demo.hearth.test",
        showStreetAddress: true,
      });
    }
    if (second) {
      await saveHouseListing(tx, second.id, {
        published: true,
        description: "A supportive home where medication for opioid use disorder is welcome.",
        weeklyFee: 16000,
        contactPhone: "215-555-0101",
        showStreetAddress: false,
      });
    }
  });
}
