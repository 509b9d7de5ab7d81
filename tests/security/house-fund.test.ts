import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { withTenant, type TenantContext, type Tx } from "#app/db/tenant.server";
import { setHouseOffice } from "#app/domain/chores/chores.server";
import { approveExpense, getFund, prepareAudit, proposeExpense, recordMoneyIn, setShare, signAudit } from "#app/domain/house-fund/fund.server";
import { linkResidentAccount } from "#app/domain/residents/residents.server";
import { addDays, todayIn } from "#app/lib/dates";
import { useTestDatabase } from "#tests/support/db";
import { expectDomainError, makeHouse, makeMember, makeOperator, makeStay, type OrgFixture } from "#tests/support/houses";

/**
 * The house fund (0028, ADR 035): the database's rules — two distinct officers approve an
 * expense (one officer twice, a non-officer, a resident of another house, an officer who
 * moved out: refused), three distinct officers sign an audit and then it is locked, the
 * balance is the sum — and the wall, role × table × verb, in SQL with the app's settings.
 */
useTestDatabase();

type Outcome = number | "denied";
class Rollback extends Error {}
async function attempt(ctx: TenantContext, fn: (tx: Tx) => Promise<number>): Promise<Outcome> {
  let outcome: Outcome = "denied";
  try {
    await withTenant(ctx, async (tx) => {
      outcome = await fn(tx);
      throw new Rollback();
    });
  } catch (error) {
    if (error instanceof Rollback) return outcome;
    if (/row-level security|permission denied|append-only|only|officer/.test(String(error))) return "denied";
    throw error;
  }
  return outcome;
}

const WHO = ["owner", "admin", "manager", "other_manager", "staff", "coordinator", "treasurer", "secretary", "member", "elsewhere", "certifier", "nobody"] as const;
type Who = (typeof WHO)[number];
const ctx = {} as Record<Who, TenantContext>;
const rid = {} as Record<"coordinator" | "treasurer" | "secretary" | "member" | "elsewhere" | "movedOut", string>;
let movedOutCtx: TenantContext;
let fx: OrgFixture;
let home: string;
let other: string;
let today: string;
let expenseId: string;
let auditId: string;

async function row(op: (tx: Tx) => Promise<number>): Promise<Record<Who, Outcome>> {
  const out = {} as Record<Who, Outcome>;
  for (const who of WHO) out[who] = await attempt(ctx[who], op);
  return out;
}
const n = async (q: Promise<{ rows: unknown[] }>) => (await q).rows.length;
const affected = (r: { numAffectedRows?: bigint }) => Number(r.numAffectedRows ?? 0n);
const key = () => crypto.randomUUID();
const lastMonth = () => {
  const d = new Date(`${today}T12:00:00Z`);
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - 1);
  return d.toISOString().slice(0, 7);
};

beforeAll(async () => {
  fx = await makeOperator();
  const zone = "America/New_York";
  today = todayIn(zone);
  const h = await makeHouse(fx.owner, { rooms: 1, bedsPerRoom: 5, house: { timeZone: zone, narrLevel: 1 } });
  const o = await makeHouse(fx.owner, { rooms: 1, bedsPerRoom: 1, house: { timeZone: zone, narrLevel: 1 } });
  home = h.houseId;
  other = o.houseId;
  // Stays begin 70 days ago (two months of shares); the moved-out officer left yesterday.
  const linked = async (bedId: string, moveIn = addDays(today, -70)) => {
    const { residentId } = await makeStay(fx.owner, bedId, moveIn);
    const m = await makeMember(fx, "resident");
    await withTenant(fx.owner, (tx) => linkResidentAccount(tx, { residentId, userId: m.userId }));
    return { residentId, ctx: m.ctx };
  };
  const people = {
    coordinator: await linked(h.bedIds[0]!),
    treasurer: await linked(h.bedIds[1]!),
    secretary: await linked(h.bedIds[2]!),
    member: await linked(h.bedIds[3]!),
    elsewhere: await linked(o.bedIds[0]!),
  };
  for (const [k, v] of Object.entries(people)) {
    rid[k as keyof typeof rid] = v.residentId;
    ctx[k as Who] = v.ctx;
  }
  const gone = await linked(h.bedIds[4]!, addDays(today, -40));
  rid.movedOut = gone.residentId;
  movedOutCtx = gone.ctx;
  ctx.owner = fx.owner;
  ctx.admin = (await makeMember(fx, "admin")).ctx;
  ctx.manager = (await makeMember(fx, "house_manager", [h.houseId])).ctx;
  ctx.other_manager = (await makeMember(fx, "house_manager", [o.houseId])).ctx;
  ctx.staff = (await makeMember(fx, "staff", [h.houseId])).ctx;
  ctx.certifier = { orgId: fx.orgId, userId: fx.ownerId, role: "auditor" };
  ctx.nobody = { orgId: fx.orgId, userId: null, role: null };

  await withTenant(fx.owner, async (tx) => {
    await setHouseOffice(tx, { houseId: home, office: "coordinator", residentId: rid.coordinator });
    await setHouseOffice(tx, { houseId: home, office: "treasurer", residentId: rid.treasurer });
    // The moved-out officer holds the secretary office until they leave (below).
    await setHouseOffice(tx, { houseId: home, office: "secretary", residentId: rid.movedOut });
    await setHouseOffice(tx, { houseId: other, office: "treasurer", residentId: rid.elsewhere });
    await setShare(tx, { houseId: home, amount: "150.00", effectiveFrom: addDays(today, -100) });
  });
  // A share the coordinator proposes (one approval: theirs; not in force).
  await withTenant(ctx.coordinator, (tx) => setShare(tx, { houseId: home, amount: "160.00", effectiveFrom: addDays(today, 21) }));
  await withTenant(ctx.treasurer, async (tx) => {
    await recordMoneyIn(tx, { houseId: home, residentId: rid.member, amount: "150", method: "cash", receivedOn: addDays(today, -35), idempotencyKey: key() });
    await recordMoneyIn(tx, { houseId: home, residentId: rid.coordinator, amount: "300", method: "check", receivedOn: today, idempotencyKey: key() });
    expenseId = (await proposeExpense(tx, { houseId: home, payee: "City Water", category: "utilities", amount: "80", idempotencyKey: key() })).id;
  });
  // The moved-out officer approves once while they still live there? No: they move out first.
  await withTenant(fx.owner, (tx) =>
    sql`update stay set during = daterange(lower(during), ${today}::date) where org_id = current_org_id() and resident_id = ${rid.movedOut}`.execute(tx),
  );
});

describe("two of three officers approve an expense (in the database)", () => {
  it("refuses the same officer twice, a non-officer, a resident of another house, and an officer who moved out", async () => {
    await expectDomainError(withTenant(ctx.treasurer, (tx) => approveExpense(tx, { houseId: home, entryId: expenseId })), "conflict", { message: /already approved this expense/ });
    await expectDomainError(withTenant(ctx.member, (tx) => approveExpense(tx, { houseId: home, entryId: expenseId })), "forbidden");
    await expectDomainError(withTenant(ctx.elsewhere, (tx) => approveExpense(tx, { houseId: home, entryId: expenseId })), "forbidden");
    await expectDomainError(withTenant(movedOutCtx, (tx) => approveExpense(tx, { houseId: home, entryId: expenseId })), "forbidden");
    // Straight SQL, past the app: a member naming an officer, and the treasurer again.
    const forged = (c: TenantContext, who: string) =>
      withTenant(c, (tx) => sql`insert into house_fund_approval (org_id, house_id, entry_id, resident_id, office) values (current_org_id(), ${home}, ${expenseId}, ${who}, 'secretary')`.execute(tx));
    await expect(forged(ctx.member, rid.coordinator)).rejects.toThrow(/only an officer of the house approves|row-level security/);
    await expect(forged(ctx.treasurer, rid.treasurer)).rejects.toThrow(/house_fund_approval_once|duplicate/);
    const fund = await withTenant(ctx.member, (tx) => getFund(tx, home));
    expect(fund.pendingCents).toBe(8000);
    expect(fund.outCents).toBe(0);
  });

  it("is in effect after a second officer approves, and takes no third", async () => {
    const r = await withTenant(ctx.coordinator, (tx) => approveExpense(tx, { houseId: home, entryId: expenseId }));
    expect(r.approved).toBe(true);
    await withTenant(fx.owner, (tx) => setHouseOffice(tx, { houseId: home, office: "secretary", residentId: rid.secretary }));
    await expectDomainError(withTenant(ctx.secretary, (tx) => approveExpense(tx, { houseId: home, entryId: expenseId })), "conflict", { message: /already approved/ });
    const fund = await withTenant(ctx.member, (tx) => getFund(tx, home));
    expect(fund.outCents).toBe(8000);
    expect(fund.pendingCents).toBe(0);
  });

  it("the balance is money in minus approved money out, and members' paid sums add up to money in", async () => {
    await withTenant(ctx.treasurer, (tx) => proposeExpense(tx, { houseId: home, payee: "Hardware store", category: "supplies", amount: "12.34", idempotencyKey: key() }));
    const fund = await withTenant(ctx.member, (tx) => getFund(tx, home));
    const ins = fund.entries.filter((e) => e.direction === "in").reduce((s, e) => s + e.amountCents, 0);
    const outs = fund.entries.filter((e) => e.direction === "out" && e.approvals.length >= 2).reduce((s, e) => s + e.amountCents, 0);
    expect(fund.balanceCents).toBe(ins - outs);
    expect(fund.balanceCents).toBe(15000 + 30000 - 8000);
    expect(fund.pendingCents).toBe(1234);
    expect(fund.members.reduce((s, m) => s + m.paidCents, 0)).toBe(ins);
    // Owed: each Monday-based week of the stay (70 days: 11 or 12 weeks) at $150.
    const member = fund.members.find((m) => m.residentId === rid.member)!;
    expect(member.owedCents % 15000).toBe(0);
    expect(member.owedCents / 15000).toBeGreaterThanOrEqual(11);
    expect(member.owedCents / 15000).toBeLessThanOrEqual(12);
    expect(member.paidCents).toBe(15000);
  });

  it("money in only by the treasurer, for a member living there, not in the future", async () => {
    await expectDomainError(
      withTenant(ctx.coordinator, (tx) => recordMoneyIn(tx, { houseId: home, residentId: rid.member, amount: "5", method: "cash", receivedOn: today, idempotencyKey: key() })),
      "forbidden",
    );
    await expectDomainError(
      withTenant(ctx.treasurer, (tx) => recordMoneyIn(tx, { houseId: home, residentId: rid.elsewhere, amount: "5", method: "cash", receivedOn: today, idempotencyKey: key() })),
      "invalid",
      { field: "residentId" },
    );
    await expectDomainError(
      withTenant(ctx.treasurer, (tx) => recordMoneyIn(tx, { houseId: home, residentId: rid.member, amount: "5", method: "cash", receivedOn: addDays(today, 1), idempotencyKey: key() })),
      "invalid",
      { field: "receivedOn" },
    );
  });
});

describe("the monthly audit", () => {
  it("the treasurer prepares a finished month; the database writes the sums", async () => {
    await expectDomainError(withTenant(ctx.coordinator, (tx) => prepareAudit(tx, { houseId: home, month: lastMonth(), counted: "0" })), "forbidden");
    await expectDomainError(withTenant(ctx.treasurer, (tx) => prepareAudit(tx, { houseId: home, month: today.slice(0, 7), counted: "0" })), "invalid", { field: "month" });
    const a = await withTenant(ctx.treasurer, (tx) => prepareAudit(tx, { houseId: home, month: lastMonth(), counted: "150.00", note: "Bank statement" }));
    auditId = a.id;
    const fund = await withTenant(ctx.member, (tx) => getFund(tx, home));
    const audit = fund.audits.find((x) => x.id === auditId)!;
    expect(audit.closingCents).toBe(audit.openingCents + audit.inCents - audit.outCents);
    // Money dated in the audited month is refused afterwards.
    const inMonth = `${lastMonth()}-15`;
    await expectDomainError(
      withTenant(ctx.treasurer, (tx) => recordMoneyIn(tx, { houseId: home, residentId: rid.member, amount: "5", method: "cash", receivedOn: inMonth, idempotencyKey: key() })),
      "conflict",
      { field: "receivedOn" },
    );
  });

  it("needs three distinct officers, then it is locked", async () => {
    await expectDomainError(withTenant(ctx.treasurer, (tx) => signAudit(tx, { houseId: home, auditId, typedName: "Somebody Else" })), "invalid", { field: "typedName" });
    const name = (c: TenantContext) => withTenant(c, async (tx) => (await tx.selectFrom("resident").select("legal_name").where("user_id", "=", c.userId!).executeTakeFirstOrThrow()).legal_name);
    expect((await withTenant(ctx.treasurer, async (tx) => signAudit(tx, { houseId: home, auditId, typedName: await name(ctx.treasurer) }))).complete).toBe(false);
    await expectDomainError(withTenant(ctx.treasurer, async (tx) => signAudit(tx, { houseId: home, auditId, typedName: await name(ctx.treasurer) })), "conflict");
    await expectDomainError(withTenant(ctx.member, async (tx) => signAudit(tx, { houseId: home, auditId, typedName: await name(ctx.member) })), "forbidden");
    expect((await withTenant(ctx.coordinator, async (tx) => signAudit(tx, { houseId: home, auditId, typedName: await name(ctx.coordinator) }))).complete).toBe(false);
    expect((await withTenant(ctx.secretary, async (tx) => signAudit(tx, { houseId: home, auditId, typedName: await name(ctx.secretary) }))).complete).toBe(true);
    // Locked: no fourth signature even past the app (a new officer), no change to the audit.
    await withTenant(fx.owner, (tx) => setHouseOffice(tx, { houseId: home, office: "secretary", residentId: rid.member }));
    await expectDomainError(withTenant(ctx.member, async (tx) => signAudit(tx, { houseId: home, auditId, typedName: await name(ctx.member) })), "conflict", { message: /complete/ });
    await withTenant(fx.owner, (tx) => setHouseOffice(tx, { houseId: home, office: "secretary", residentId: rid.secretary }));
    const signed = await withTenant(ctx.member, (tx) => getFund(tx, home));
    const audit = signed.audits.find((x) => x.id === auditId)!;
    expect(audit.signatures.map((s) => s.office).sort()).toEqual(["coordinator", "secretary", "treasurer"]);
  });
});

describe("house fund: role × table × verb", () => {
  it("house_fund_entry", async () => {
    expect(await row((tx) => n(sql`select id from house_fund_entry`.execute(tx)))).toEqual({
      owner: 4, admin: 4, manager: 4, other_manager: 0, staff: 4, coordinator: 4, treasurer: 4, secretary: 4, member: 4, elsewhere: 0, certifier: 0, nobody: 0,
    });
    const insertOut = (tx: Tx) =>
      sql`insert into house_fund_entry (org_id, house_id, direction, amount_cents, effective_on, payee, category) values (current_org_id(), ${home}, 'out', 100, ${today}, 'X', 'other')`.execute(tx).then(affected);
    expect(await row(insertOut)).toEqual({
      owner: "denied", admin: "denied", manager: "denied", other_manager: "denied", staff: "denied", coordinator: 1, treasurer: 1, secretary: 1, member: "denied", elsewhere: "denied", certifier: "denied", nobody: "denied",
    });
    expect(await row((tx) => sql`update house_fund_entry set amount_cents = 1 where id = ${expenseId}`.execute(tx).then(affected))).toEqual({
      owner: "denied", admin: "denied", manager: "denied", other_manager: "denied", staff: "denied", coordinator: "denied", treasurer: "denied", secretary: "denied", member: "denied", elsewhere: "denied", certifier: "denied", nobody: "denied",
    });
    expect(await row((tx) => sql`delete from house_fund_entry where id = ${expenseId}`.execute(tx).then(affected))).toEqual({
      owner: "denied", admin: "denied", manager: "denied", other_manager: "denied", staff: "denied", coordinator: "denied", treasurer: "denied", secretary: "denied", member: "denied", elsewhere: "denied", certifier: "denied", nobody: "denied",
    });
  });

  it("house_fund_approval, house_fund_audit, house_fund_audit_signature, house_share_rate, house_share_approval: members and staff read; nobody changes", async () => {
    const reads = { owner: 1, admin: 1, manager: 1, other_manager: 0, staff: 1, coordinator: 1, treasurer: 1, secretary: 1, member: 1, elsewhere: 0, certifier: 0, nobody: 0 };
    const times = (k: number) => Object.fromEntries(Object.entries(reads).map(([w, v]) => [w, v * k]));
    expect(await row((tx) => n(sql`select id from house_fund_approval`.execute(tx)))).toEqual(times(3));
    expect(await row((tx) => n(sql`select id from house_fund_audit`.execute(tx)))).toEqual(times(1));
    expect(await row((tx) => n(sql`select id from house_fund_audit_signature`.execute(tx)))).toEqual(times(3));
    expect(await row((tx) => n(sql`select id from house_share_rate`.execute(tx)))).toEqual(times(2));
    expect(await row((tx) => n(sql`select id from house_share_approval`.execute(tx)))).toEqual(times(1));
    const none = Object.fromEntries(WHO.map((w) => [w, "denied"]));
    for (const table of ["house_fund_approval", "house_fund_audit", "house_fund_audit_signature", "house_share_rate", "house_share_approval"]) {
      expect(await row((tx) => sql`update ${sql.table(table)} set org_id = org_id`.execute(tx).then(affected))).toEqual(none);
      expect(await row((tx) => sql`delete from ${sql.table(table)}`.execute(tx).then(affected))).toEqual(none);
    }
    const rate = (tx: Tx) =>
      sql`insert into house_share_rate (org_id, house_id, amount_cents, effective_from) values (current_org_id(), ${home}, 100, ${addDays(today, 7)})`.execute(tx).then(affected);
    expect(await row(rate)).toEqual({
      owner: 1, admin: 1, manager: 1, other_manager: "denied", staff: "denied", coordinator: 1, treasurer: 1, secretary: "denied", member: "denied", elsewhere: "denied", certifier: "denied", nobody: "denied",
    });
  });

  it("house_fund_members answers members and the house's staff only", async () => {
    expect(await row((tx) => n(sql`select * from house_fund_members(${home})`.execute(tx)))).toEqual({
      owner: 4, admin: 4, manager: 4, other_manager: 0, staff: 4, coordinator: 4, treasurer: 4, secretary: 4, member: 4, elsewhere: 0, certifier: 0, nobody: 0,
    });
  });
});
