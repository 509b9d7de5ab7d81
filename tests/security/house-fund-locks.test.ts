import { sql } from "kysely";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { withTenant, type TenantContext } from "#app/db/tenant.server";
import { setHouseOffice } from "#app/domain/chores/chores.server";
import { approveShare, getFund, prepareAudit, recordMoneyIn, setShare } from "#app/domain/house-fund/fund.server";
import { linkResidentAccount } from "#app/domain/residents/residents.server";
import { addDays, todayIn } from "#app/lib/dates";
import { useTestDatabase } from "#tests/support/db";
import { expectDomainError, makeHouse, makeMember, makeOperator, makeStay, type OrgFixture } from "#tests/support/houses";

/**
 * The house fund's review fixes (ADR 035):
 *  - an audited month's numbers never change: nothing may be dated in or before the newest
 *    audited month, and an entry and an audit of the same house never overlap (two
 *    connections: the entry guard takes the audit guard's lock);
 *  - a member who is not an officer sees another member's money in as name, day and amount
 *    only (no method, no memo);
 *  - one officer can't change the weekly share alone: an officer's share is a proposal, in
 *    force once two distinct officers approved it (in the database); staff set it directly.
 */
const t = useTestDatabase();
const isServer = inject("dbTemplate").kind === "pg";

type Who = "coordinator" | "treasurer" | "secretary" | "member" | "housemate";
const ctx = {} as Record<Who, TenantContext>;
const rid = {} as Record<Who, string>;
let fx: OrgFixture;
let home: string;
let today: string;
const key = () => crypto.randomUUID();
const monthsAgo = (k: number) => {
  const d = new Date(`${today}T12:00:00Z`);
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - k);
  return d.toISOString().slice(0, 7);
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs `p` and reports whether it settled within `ms` (the promise keeps running). */
function track<T>(p: Promise<T>) {
  const state = { settled: false };
  const promise = p.finally(() => (state.settled = true));
  promise.catch(() => undefined);
  return { state, promise };
}

beforeAll(async () => {
  fx = await makeOperator();
  const zone = "America/New_York";
  today = todayIn(zone);
  const h = await makeHouse(fx.owner, { rooms: 1, bedsPerRoom: 5, house: { timeZone: zone, narrLevel: 1 } });
  home = h.houseId;
  const who: Who[] = ["coordinator", "treasurer", "secretary", "member", "housemate"];
  for (const [i, w] of who.entries()) {
    const { residentId } = await makeStay(fx.owner, h.bedIds[i]!, addDays(today, -150));
    const m = await makeMember(fx, "resident");
    await withTenant(fx.owner, (tx) => linkResidentAccount(tx, { residentId, userId: m.userId }));
    rid[w] = residentId;
    ctx[w] = m.ctx;
  }
  await withTenant(fx.owner, async (tx) => {
    await setHouseOffice(tx, { houseId: home, office: "coordinator", residentId: rid.coordinator });
    await setHouseOffice(tx, { houseId: home, office: "treasurer", residentId: rid.treasurer });
    await setHouseOffice(tx, { houseId: home, office: "secretary", residentId: rid.secretary });
    await setShare(tx, { houseId: home, amount: "150.00", effectiveFrom: addDays(today, -150) });
  });
});

const moneyIn = (on: string, amount = "10", residentId = rid.member, memo?: string) =>
  withTenant(ctx.treasurer, (tx) => recordMoneyIn(tx, { houseId: home, residentId, amount, method: "cash", receivedOn: on, memo, idempotencyKey: key() }));

describe("an audited month's numbers can't change", () => {
  it.runIf(isServer)("an entry being recorded holds back an audit of its month until it commits; the audit counts it", async () => {
    const month = monthsAgo(4);
    let audit!: ReturnType<typeof track<{ id: string; closingCents: number }>>;
    await withTenant(ctx.treasurer, async (tx) => {
      await recordMoneyIn(tx, { houseId: home, residentId: rid.member, amount: "25", method: "cash", receivedOn: `${month}-10`, idempotencyKey: key() });
      // A second connection prepares the month's audit while this entry is not committed yet.
      audit = track(withTenant(ctx.treasurer, (tx2) => prepareAudit(tx2, { houseId: home, month, counted: "25" })));
      await sleep(400);
      expect(audit.state.settled).toBe(false);
    });
    const prepared = await audit.promise;
    expect(prepared.closingCents).toBe(2500);
    const fund = await withTenant(ctx.member, (tx) => getFund(tx, home));
    expect(fund.audits.find((a) => a.id === prepared.id)!.inCents).toBe(2500);
  });

  it.runIf(isServer)("an audit being prepared holds back an entry dated in its month; then the entry is refused (both can't commit)", async () => {
    const month = monthsAgo(3);
    let entry!: ReturnType<typeof track<{ id: string; created: boolean }>>;
    await withTenant(ctx.treasurer, async (tx) => {
      await prepareAudit(tx, { houseId: home, month, counted: "25" });
      entry = track(moneyIn(`${month}-10`));
      await sleep(400);
      expect(entry.state.settled).toBe(false);
    });
    await expectDomainError(entry.promise, "conflict", { field: "receivedOn" });
    const rows = await withTenant(ctx.member, (tx) =>
      sql<{ n: number }>`select count(*)::int as n from house_fund_entry where house_id = ${home} and effective_on >= ${`${month}-01`}::date`.execute(tx),
    );
    expect(rows.rows[0]!.n).toBe(0);
  });

  it("refuses money in backdated to before the newest audited month, in the app and in the database", async () => {
    const audited = monthsAgo(1);
    const a = await withTenant(ctx.treasurer, (tx) => prepareAudit(tx, { houseId: home, month: audited, counted: "25" }));
    // Two months ago has no audit of its own, but it is before the audited month: refused.
    const earlier = `${monthsAgo(2)}-15`;
    const name = new Date(`${audited}-15T12:00:00Z`).toLocaleString("en-US", { month: "long", timeZone: "UTC" });
    await expectDomainError(moneyIn(earlier), "conflict", {
      field: "receivedOn",
      message: new RegExp(`^${name} \\d{4} is being audited: entries dated in or before ${name} \\d{4} can't be added`),
    });
    await expect(
      withTenant(ctx.treasurer, (tx) =>
        sql`insert into house_fund_entry (org_id, house_id, direction, amount_cents, effective_on, resident_id, method)
            values (current_org_id(), ${home}, 'in', 100, ${earlier}, ${rid.member}, 'cash')`.execute(tx),
      ),
    ).rejects.toThrow(/in or before an audited month/);
    // Today is after the audited month: accepted. The audit's numbers are what they were.
    await moneyIn(today);
    const fund = await withTenant(ctx.member, (tx) => getFund(tx, home));
    const after = fund.audits.find((x) => x.id === a.id)!;
    expect([after.openingCents, after.inCents, after.closingCents]).toEqual([a.closingCents, 0, a.closingCents]);
  });
});

describe("housemates see each other's payments as name, day and amount", () => {
  it("a member who is not an officer doesn't see another member's method or memo; officers and the payer do", async () => {
    await moneyIn(today, "40", rid.housemate, "Borrowed from my sister");
    await moneyIn(today, "30", rid.member, "Half of this week");
    const seen = async (c: TenantContext) => {
      const fund = await withTenant(c, (tx) => getFund(tx, home));
      const pick = (r: string, amount: number) => fund.entries.find((e) => e.residentId === r && e.amountCents === amount)!;
      return { theirs: pick(rid.housemate, 4000), mine: pick(rid.member, 3000) };
    };
    const member = await seen(ctx.member);
    expect(member.theirs).toMatchObject({ residentId: rid.housemate, amountCents: 4000, effectiveOn: today, memo: null, method: null });
    expect(member.mine).toMatchObject({ memo: "Half of this week", method: "cash" });
    const payer = await seen(ctx.housemate);
    expect(payer.theirs).toMatchObject({ memo: "Borrowed from my sister", method: "cash" });
    expect(payer.mine).toMatchObject({ memo: null, method: null });
    for (const officer of [ctx.coordinator, ctx.secretary, ctx.treasurer, fx.owner]) {
      expect((await seen(officer)).theirs).toMatchObject({ memo: "Borrowed from my sister", method: "cash" });
    }
  });
});

describe("the weekly share changes with two of three officers (or staff, directly)", () => {
  it("one officer's proposal is not in force; a second officer's approval puts it in force; staff set it directly, audited", async () => {
    const owedBefore = (await withTenant(ctx.member, (tx) => getFund(tx, home))).members.find((m) => m.residentId === rid.member)!.owedCents;
    const from = addDays(today, 7);
    const proposed = await withTenant(ctx.coordinator, (tx) => setShare(tx, { houseId: home, amount: "175.00", effectiveFrom: from }));
    expect(proposed.inForce).toBe(false);
    let fund = await withTenant(ctx.member, (tx) => getFund(tx, home));
    expect(fund.share?.amountCents).toBe(15000);
    expect(fund.nextShare).toBeNull();
    expect(fund.shareProposals.map((p) => [p.id, p.amountCents, p.approvals.length])).toEqual([[proposed.id, 17500, 1]]);
    // The proposer again, a member who is not an officer: refused.
    await expectDomainError(withTenant(ctx.coordinator, (tx) => approveShare(tx, { houseId: home, rateId: proposed.id })), "conflict", { message: /already approved this share/ });
    await expectDomainError(withTenant(ctx.member, (tx) => approveShare(tx, { houseId: home, rateId: proposed.id })), "forbidden");
    // Past the app: an officer's rate inserted straight is a proposal with no approvals (not in force);
    // a member forging an officer's approval is refused.
    await withTenant(ctx.treasurer, (tx) =>
      sql`insert into house_share_rate (org_id, house_id, amount_cents, effective_from) values (current_org_id(), ${home}, 1, ${today})`.execute(tx),
    );
    await expect(
      withTenant(ctx.member, (tx) =>
        sql`insert into house_share_approval (org_id, house_id, rate_id, resident_id, office) values (current_org_id(), ${home}, ${proposed.id}, ${rid.secretary}, 'secretary')`.execute(tx),
      ),
    ).rejects.toThrow(/only an officer of the house approves|row-level security/);
    fund = await withTenant(ctx.member, (tx) => getFund(tx, home));
    expect(fund.share?.amountCents).toBe(15000);
    expect(fund.members.find((m) => m.residentId === rid.member)!.owedCents).toBe(owedBefore);
    // A second officer approves: in force from its day; a third approval is refused.
    expect((await withTenant(ctx.secretary, (tx) => approveShare(tx, { houseId: home, rateId: proposed.id }))).inForce).toBe(true);
    await expectDomainError(withTenant(ctx.treasurer, (tx) => approveShare(tx, { houseId: home, rateId: proposed.id })), "conflict", { message: /already approved/ });
    fund = await withTenant(ctx.member, (tx) => getFund(tx, home));
    expect(fund.nextShare).toEqual({ amountCents: 17500, effectiveFrom: from });
    expect(fund.shareProposals.map((p) => p.id)).not.toContain(proposed.id);
    // Staff (the owner) set it directly: in force at once, and audited.
    const direct = await withTenant(fx.owner, (tx) => setShare(tx, { houseId: home, amount: "160.00", effectiveFrom: today }));
    expect(direct.inForce).toBe(true);
    fund = await withTenant(ctx.member, (tx) => getFund(tx, home));
    expect(fund.share).toEqual({ amountCents: 16000, effectiveFrom: today });
    const logged = await t.db.selectFrom("audit_event").select("action").where("org_id", "=", fx.orgId).where("action", "like", "house_fund.share_%").orderBy("id").execute();
    expect(logged.map((l) => l.action)).toEqual(["house_fund.share_set", "house_fund.share_proposed", "house_fund.share_approved", "house_fund.share_set"]);
  });
});
