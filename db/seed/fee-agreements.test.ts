import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { withTenant, type TenantContext } from "#app/db/tenant.server";
import { houseAgreementStatus, myAgreement } from "#app/domain/fees/agreement.server";
import { useTestDatabase } from "#tests/support/db";
import { seedDemo } from "./demo";

/** The demo fee agreements: most residents acknowledged (months of charges posted), one waiting, one deposit held and one refunded. */
const t = useTestDatabase();

describe("demo fee agreements seed", () => {
  it("posts months of charges under acknowledged agreements, leaves one resident's new terms waiting, holds and refunds deposits", { timeout: 180_000 }, async () => {
    const { orgs, users } = await seedDemo();
    const dana: TenantContext = { orgId: orgs.riverside.id, userId: users["dana.owner@demo.hearth.test"]!.id, role: "owner" };
    const months = await sql<{ n: number }>`select count(distinct date_trunc('month', effective_on))::int as n from ledger_entry where org_id = ${orgs.riverside.id} and kind = 'charge' and schedule_id is not null`.execute(t.db);
    expect(months.rows[0]!.n).toBeGreaterThanOrEqual(3);
    const mapleCharges = await sql<{ n: number }>`select count(*)::int as n from ledger_entry where org_id = ${orgs.maple.id} and kind = 'charge'`.execute(t.db);
    expect(mapleCharges.rows[0]!.n).toBeGreaterThan(20);
    const houses = await withTenant(dana, (tx) => tx.selectFrom("house").select("id").where("status", "=", "active").orderBy("name").execute());
    const statuses = (await withTenant(dana, async (tx) => Promise.all(houses.map((h) => houseAgreementStatus(tx, h.id))))).flat();
    expect(statuses.filter((s) => !s.acknowledged)).toHaveLength(1);
    expect(statuses.filter((s) => s.acknowledged).length).toBeGreaterThan(5);
    const kinds = await sql<{ kind: string; n: number }>`select kind, count(*)::int as n from ledger_entry where org_id = ${orgs.riverside.id} and kind in ('deposit', 'deposit_release', 'payout') group by kind order by kind`.execute(t.db);
    const n = Object.fromEntries(kinds.rows.map((r) => [r.kind, r.n]));
    expect(n.deposit).toBeGreaterThanOrEqual(2);
    expect([n.deposit_release, n.payout]).toEqual([1, 1]);
    // Sam signed in his own session.
    const sam: TenantContext = { orgId: orgs.riverside.id, userId: users["sam.resident@demo.hearth.test"]!.id, role: "resident" };
    const mine = await withTenant(sam, (tx) => myAgreement(tx, "USD"));
    if (mine) expect(mine.signed === null ? mine.needsAck : true).toBe(true);
  });
});
