import { describe, expect, it } from "vitest";
import { withTenant, type TenantContext } from "#app/db/tenant.server";
import { listWaitlistPage } from "#app/domain/admissions/queries.server";
import { listHouses } from "#app/domain/houses/houses.server";
import { getOccupancySummary } from "#app/domain/houses/occupancy.server";
import { getMyResident, listMyStays } from "#app/domain/residents/residents.server";
import { useTestDatabase } from "#tests/support/db";
import { seedDemo } from "./demo";

/** The demo seed runs as hearth_app under RLS on both databases and builds a coherent world. */
useTestDatabase();

describe("demo houses seed", () => {
  it("seeds houses, occupancy, applications and linked resident accounts", { timeout: 120_000 }, async () => {
    const { orgs, users } = await seedDemo();
    const ctx = (org: keyof typeof orgs, email: string, role: string): TenantContext => ({
      orgId: orgs[org].id,
      userId: users[`${email}@demo.hearth.test`]!.id,
      role,
    });
    const dana = ctx("riverside", "dana.owner", "owner");

    const houses = await withTenant(dana, (tx) => listHouses(tx));
    expect(houses.map((h) => [h.name, h.narrLevel, h.capacity, h.childBeds])).toEqual([
      ["Harbor House", 2, 8, 0],
      ["Juniper Family House", 2, 6, 3],
      ["Summit House", 2, 10, 0],
      ["Willow House", 3, 12, 0],
    ]);
    const riverside = await withTenant(dana, (tx) => getOccupancySummary(tx));
    expect(riverside.totals).toMatchObject({ beds: 36, outOfService: 1, held: 1, occupied: 30 });
    expect(riverside.totals.occupancyPct).toBeGreaterThanOrEqual(75);
    expect(riverside.totals.occupancyPct).toBeLessThanOrEqual(90);
    expect(riverside.totals.reserved).toBeGreaterThanOrEqual(2);

    const maple = await withTenant(ctx("maple", "pat.owner", "owner"), (tx) => getOccupancySummary(tx));
    expect(maple.houses).toMatchObject([{ name: "Maple Street House", narrLevel: 1, beds: 8, occupied: 7, reserved: 1 }]);
    const mapleHouse = await withTenant(ctx("maple", "pat.owner", "owner"), (tx) => listHouses(tx));
    expect(mapleHouse[0]!.timeZone).toBe("America/Chicago");

    // Managers see their houses; the coach sees all four.
    const seen = async (c: TenantContext) => (await withTenant(c, (tx) => listHouses(tx))).map((h) => h.name);
    expect(await seen(ctx("riverside", "luis.manager", "house_manager"))).toEqual(["Harbor House", "Summit House"]);
    expect(await seen(ctx("riverside", "aisha.manager", "house_manager"))).toEqual(["Juniper Family House", "Willow House"]);
    expect(await seen(ctx("riverside", "jordan.coach", "staff"))).toHaveLength(4);

    const waitlist = (await withTenant(dana, (tx) => listWaitlistPage(tx, {}))).items;
    expect(waitlist.length).toBe(3);
    const dates = waitlist.map((a) => a.createdAt.getTime());
    expect([...dates].sort((a, b) => a - b)).toEqual(dates);
    const statuses = await withTenant(dana, (tx) => tx.selectFrom("application").select("status").execute());
    expect(new Set(statuses.map((s) => s.status))).toEqual(new Set(["new", "screening", "accepted", "waitlisted", "declined", "admitted"]));

    // Intake follows the person: the admitted applicants' facts, log and MOUD answer are on their records.
    const intake = await withTenant(dana, (tx) =>
      tx
        .selectFrom("resident_intake")
        .select(["resident_id", "payer", "probation_contact_name", "application_id"])
        .orderBy("probation_contact_name")
        .execute(),
    );
    expect(intake).toHaveLength(2);
    expect(intake[0]).toMatchObject({ payer: "voucher_or_grant", probation_contact_name: "Officer Renee Castillo" });
    const carried = await withTenant(dana, (tx) =>
      tx.selectFrom("screening_note").select("body").where("resident_id", "=", intake[0]!.resident_id).execute(),
    );
    expect(carried).toHaveLength(2);
    const answers = await withTenant(dana, (tx) => tx.selectFrom("moud_status").select(["application_id", "resident_id", "status"]).execute());
    expect(answers.filter((a) => a.resident_id)).toEqual([{ application_id: null, resident_id: intake[0]!.resident_id, status: "yes" }]);
    expect(answers.filter((a) => a.application_id).length).toBeGreaterThanOrEqual(3);

    // The demo residents' portal accounts are linked to current stays.
    for (const [org, email, house] of [
      ["riverside", "sam.resident", "Harbor House"],
      ["maple", "ray.resident", "Maple Street House"],
    ] as const) {
      const c = ctx(org, email, "resident");
      const me = await withTenant(c, (tx) => getMyResident(tx));
      expect(me.hasAccount).toBe(true);
      const stays = await withTenant(c, (tx) => listMyStays(tx));
      expect(stays).toMatchObject([{ houseName: house, status: "current" }]);
    }

    // Recent discharges with reasons, a transfer, and nothing that overlaps.
    const stays = await withTenant(dana, (tx) => tx.selectFrom("stay").select(["end_type", "discharge_reason"]).execute());
    expect(stays.filter((s) => s.end_type === "discharge").length).toBeGreaterThanOrEqual(5);
    expect(stays.filter((s) => s.end_type === "transfer")).toHaveLength(1);
  });
});
