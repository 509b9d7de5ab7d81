import { describe, expect, it } from "vitest";
import { withTenant } from "#app/db/tenant.server";
import { getFund, getMyFundHouse } from "#app/domain/house-fund/fund.server";
import { useTestDatabase } from "#tests/support/db";
import { seedDemo } from "./demo";
import { HOUSE_FUND_OFFICERS } from "./house-fund";

/** The demo house fund: Maple Street House has three officers with logins, a share, money in, approved and pending expenses, and a completed audit. */
useTestDatabase();

describe("demo house fund seed", () => {
  it("gives the peer-run house three officers, shares, expenses (one pending) and a signed audit", { timeout: 180_000 }, async () => {
    const { orgs, users } = await seedDemo();
    for (const [office, email] of Object.entries(HOUSE_FUND_OFFICERS)) {
      const ctx = { orgId: orgs.maple.id, userId: users[email]!.id, role: "resident" as const };
      const house = await withTenant(ctx, (tx) => getMyFundHouse(tx));
      expect(house?.office, email).toBe(office);
      expect(house?.peerRun).toBe(true);
    }
    const ray = { orgId: orgs.maple.id, userId: users[HOUSE_FUND_OFFICERS.coordinator]!.id, role: "resident" as const };
    const fund = await withTenant(ray, async (tx) => getFund(tx, (await getMyFundHouse(tx))!.houseId));
    expect(fund.share?.amountCents).toBe(15000);
    expect(fund.members.length).toBeGreaterThanOrEqual(7);
    expect(fund.members.filter((m) => m.office).length).toBe(3);
    expect(fund.members.some((m) => m.paidCents < m.owedCents)).toBe(true);
    expect(fund.inCents).toBeGreaterThan(0);
    expect(fund.outCents).toBe(160000 + 14237 + 6318);
    expect(fund.pendingCents).toBe(3850);
    expect(fund.balanceCents).toBe(fund.inCents - fund.outCents);
    expect(fund.audits).toHaveLength(1);
    expect(fund.audits[0]!.signatures.map((s) => s.office).sort()).toEqual(["coordinator", "secretary", "treasurer"]);
    expect(fund.audits[0]!.countedCents).toBe(fund.audits[0]!.closingCents);
  });
});
