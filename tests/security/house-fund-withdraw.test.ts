import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { withTenant, type TenantContext } from "#app/db/tenant.server";
import { setHouseOffice } from "#app/domain/chores/chores.server";
import { approveExpense, approveShare, getFund, proposeExpense, setShare, withdrawProposal } from "#app/domain/house-fund/fund.server";
import { linkResidentAccount } from "#app/domain/residents/residents.server";
import { addDays, todayIn } from "#app/lib/dates";
import { useTestDatabase } from "#tests/support/db";
import { expectDomainError, makeHouse, makeMember, makeOperator, makeStay, type OrgFixture } from "#tests/support/houses";

/**
 * Withdrawing a house-fund proposal (0038, ADR 035): the proposer withdraws a pending expense
 * or share; another officer only once the proposer holds no office there; never once two
 * officers approved; a withdrawn proposal takes no approval; the rows are append-only and
 * read like the rest of the fund.
 */
useTestDatabase();

let fx: OrgFixture;
let home: string;
let other: string;
const ctx = {} as Record<"coordinator" | "treasurer" | "secretary" | "member" | "elsewhere" | "manager", TenantContext>;
const rid = {} as Record<"coordinator" | "treasurer" | "secretary" | "member" | "elsewhere", string>;
const key = () => crypto.randomUUID();
const expense = (payee: string) => ({ houseId: home, payee, category: "supplies" as const, amount: "10", idempotencyKey: key() });

beforeAll(async () => {
  fx = await makeOperator();
  const zone = "America/New_York";
  const today = todayIn(zone);
  const h = await makeHouse(fx.owner, { rooms: 1, bedsPerRoom: 4, house: { timeZone: zone, narrLevel: 1 } });
  const o = await makeHouse(fx.owner, { rooms: 1, bedsPerRoom: 1, house: { timeZone: zone, narrLevel: 1 } });
  home = h.houseId;
  other = o.houseId;
  const beds = { coordinator: h.bedIds[0]!, treasurer: h.bedIds[1]!, secretary: h.bedIds[2]!, member: h.bedIds[3]!, elsewhere: o.bedIds[0]! };
  for (const [who, bedId] of Object.entries(beds) as [keyof typeof rid, string][]) {
    const { residentId } = await makeStay(fx.owner, bedId, addDays(today, -30));
    const m = await makeMember(fx, "resident");
    await withTenant(fx.owner, (tx) => linkResidentAccount(tx, { residentId, userId: m.userId }));
    rid[who] = residentId;
    ctx[who] = m.ctx;
  }
  ctx.manager = (await makeMember(fx, "house_manager", [home])).ctx;
  await withTenant(fx.owner, async (tx) => {
    for (const office of ["coordinator", "treasurer", "secretary"] as const) await setHouseOffice(tx, { houseId: home, office, residentId: rid[office] });
    await setHouseOffice(tx, { houseId: other, office: "treasurer", residentId: rid.elsewhere });
  });
});

describe("withdrawing a proposal (in the database)", () => {
  it("the proposer withdraws; another officer, a member, staff and another house's officer may not", async () => {
    const { id: entryId } = await withTenant(ctx.treasurer, (tx) => proposeExpense(tx, expense("Paint Shop")));
    const w = (c: TenantContext) => withTenant(c, (tx) => withdrawProposal(tx, { houseId: home, entryId, reason: "Changed our minds" }));
    await expectDomainError(w(ctx.coordinator), "forbidden");
    await expectDomainError(w(ctx.member), "forbidden");
    await expectDomainError(w(ctx.manager), "forbidden");
    await expectDomainError(w(fx.owner), "forbidden");
    await expectDomainError(w(ctx.elsewhere), "forbidden");
    await w(ctx.treasurer);
    const fund = await withTenant(ctx.member, (tx) => getFund(tx, home));
    const entry = fund.entries.find((e) => e.id === entryId)!;
    expect(entry.withdrawn).toMatchObject({ residentId: rid.treasurer, office: "treasurer", reason: "Changed our minds" });
    expect(fund.pendingCents).toBe(0);
    // Withdrawn: no approval and no second withdrawal.
    await expectDomainError(withTenant(ctx.coordinator, (tx) => approveExpense(tx, { houseId: home, entryId })), "conflict");
    await expectDomainError(w(ctx.treasurer), "conflict");
  });

  it("is refused once two officers approved, and for money in", async () => {
    const { id: entryId } = await withTenant(ctx.treasurer, (tx) => proposeExpense(tx, expense("Grocer")));
    await withTenant(ctx.secretary, (tx) => approveExpense(tx, { houseId: home, entryId }));
    await expectDomainError(withTenant(ctx.treasurer, (tx) => withdrawProposal(tx, { houseId: home, entryId, reason: "Too late" })), "conflict");
  });

  it("a share proposal: the proposer withdraws it and it never comes into force", async () => {
    const { id: rateId } = await withTenant(ctx.coordinator, (tx) => setShare(tx, { houseId: home, amount: "120", effectiveFrom: todayIn("America/New_York") }));
    await expectDomainError(withTenant(ctx.treasurer, (tx) => withdrawProposal(tx, { houseId: home, rateId, reason: "No" })), "forbidden");
    await withTenant(ctx.coordinator, (tx) => withdrawProposal(tx, { houseId: home, rateId, reason: "Wrong amount" }));
    await expectDomainError(withTenant(ctx.treasurer, (tx) => approveShare(tx, { houseId: home, rateId })), "conflict");
    const fund = await withTenant(ctx.member, (tx) => getFund(tx, home));
    expect(fund.shareProposals.map((p) => p.id)).not.toContain(rateId);
    expect(fund.withdrawnShares.map((p) => p.id)).toContain(rateId);
    expect(fund.share).toBeNull();
  });

  it("any officer withdraws a proposal once its proposer holds no office there", async () => {
    const { id: entryId } = await withTenant(ctx.secretary, (tx) => proposeExpense(tx, expense("Lamp Store")));
    await expectDomainError(withTenant(ctx.coordinator, (tx) => withdrawProposal(tx, { houseId: home, entryId, reason: "Stale" })), "forbidden");
    // The secretary moves out: their proposal would otherwise wait forever.
    await withTenant(fx.owner, (tx) =>
      sql`update stay set during = daterange(lower(during), (now() at time zone 'America/New_York')::date) where org_id = current_org_id() and resident_id = ${rid.secretary}`.execute(tx),
    );
    await withTenant(ctx.coordinator, (tx) => withdrawProposal(tx, { houseId: home, entryId, reason: "Stale: proposer moved out" }));
    const fund = await withTenant(ctx.manager, (tx) => getFund(tx, home));
    expect(fund.entries.find((e) => e.id === entryId)!.withdrawn).toMatchObject({ residentId: rid.coordinator, office: "coordinator" });
  });

  it("rows are append-only, written only as oneself, and read like the fund", async () => {
    const { id: entryId } = await withTenant(ctx.treasurer, (tx) => proposeExpense(tx, expense("Bakery")));
    // As someone else: refused by the row policy.
    await expect(
      withTenant(ctx.treasurer, (tx) =>
        tx.insertInto("house_fund_withdrawal").values({ org_id: fx.orgId, house_id: home, entry_id: entryId, resident_id: rid.coordinator, office: "coordinator", reason: "x" }).execute(),
      ),
    ).rejects.toThrow(/row-level security|officer/);
    await withTenant(ctx.treasurer, (tx) => withdrawProposal(tx, { houseId: home, entryId, reason: "Closed on Sundays" }));
    for (const verb of ["update house_fund_withdrawal set reason = 'changed'", "delete from house_fund_withdrawal"]) {
      await expect(withTenant(fx.owner, (tx) => sql.raw(verb).execute(tx))).rejects.toThrow(/permission denied|append-only/);
      await expect(withTenant(ctx.treasurer, (tx) => sql.raw(verb).execute(tx))).rejects.toThrow(/permission denied|append-only/);
    }
    const count = (c: TenantContext) => withTenant(c, async (tx) => (await tx.selectFrom("house_fund_withdrawal").select("id").where("entry_id", "=", entryId).execute()).length);
    expect(await count(ctx.member)).toBe(1);
    expect(await count(ctx.manager)).toBe(1);
    expect(await count(ctx.elsewhere)).toBe(0);
  });
});
