import { sql } from "kysely";
import { withTenant, type TenantContext } from "#app/db/tenant.server";
import { setHouseOffice } from "#app/domain/chores/chores.server";
import { approveExpense, prepareAudit, proposeExpense, recordMoneyIn, setShare, signAudit } from "#app/domain/house-fund/fund.server";
import { linkResidentAccount } from "#app/domain/residents/residents.server";
import { addDays, isoWeekday, todayIn } from "#app/lib/dates";

/**
 * Demo house fund (ADR 035) in Maple Street House, the demo peer-run house (NARR level I):
 * three officers — Ray (coordinator, from the chores seed), Theo (treasurer) and Omar
 * (secretary), both linked to demo logins here — a weekly share of $150 for nine weeks,
 * shares paid over two months (one member behind), this month's rent, utilities and
 * supplies approved by two officers, one expense waiting for a second approval, and last
 * month's audit signed by all three. Through the domain API as the org's owner and the
 * officers, under RLS. Expenses take effect on the day of their second approval (the
 * database dates them), so the approved ones fall in this month.
 */

type Org = { id: string };
type SeedInput = { orgs: { maple: Org }; users: Record<string, { id: string }>; today?: string };

export const HOUSE_FUND_OFFICERS = {
  coordinator: "ray.resident@demo.hearth.test",
  treasurer: "theo.treasurer@demo.hearth.test",
  secretary: "omar.secretary@demo.hearth.test",
} as const;

export async function seedHouseFundDemo({ orgs, users, today: given }: SeedInput) {
  const user = (email: string) => users[email]!.id;
  const owner: TenantContext = { orgId: orgs.maple.id, userId: user("pat.owner@demo.hearth.test"), role: "owner" };
  const as = (email: string): TenantContext => ({ orgId: orgs.maple.id, userId: user(email), role: "resident" });
  const today = given ?? todayIn("America/Chicago");
  const monday = addDays(today, -(isoWeekday(today) - 1));
  const key = () => crypto.randomUUID();

  const { houseId, members, names } = await withTenant(owner, async (tx) => {
    const house = await tx.selectFrom("house").select("id").where("narr_level", "=", 1).where("name", "=", "Maple Street House").executeTakeFirstOrThrow();
    // Everyone living there today, longest-staying first.
    const living = await sql<{ id: string; legalName: string; userId: string | null; since: string }>`
      select r.id, r.legal_name as "legalName", r.user_id as "userId", lower(s.during)::text as since from stay s join resident r on r.org_id = s.org_id and r.id = s.resident_id
      where s.org_id = current_org_id() and s.house_id = ${house.id} and s.during @> ${today}::date
      order by lower(s.during), r.id`.execute(tx);
    const unlinked = living.rows.filter((r) => !r.userId);
    const [treasurer, secretary] = unlinked;
    await linkResidentAccount(tx, { residentId: treasurer!.id, userId: user(HOUSE_FUND_OFFICERS.treasurer) });
    await linkResidentAccount(tx, { residentId: secretary!.id, userId: user(HOUSE_FUND_OFFICERS.secretary) });
    await setHouseOffice(tx, { houseId: house.id, office: "treasurer", residentId: treasurer!.id });
    await setHouseOffice(tx, { houseId: house.id, office: "secretary", residentId: secretary!.id });
    // Staff may date the share back (officers set it from today on).
    await setShare(tx, { houseId: house.id, amount: "150", effectiveFrom: addDays(monday, -7 * 9) });
    const ray = await tx.selectFrom("resident").select(["id", "legal_name"]).where("user_id", "=", user(HOUSE_FUND_OFFICERS.coordinator)).executeTakeFirstOrThrow();
    return {
      houseId: house.id,
      members: living.rows.map((r) => ({ residentId: r.id, since: r.since })),
      names: { coordinator: ray.legal_name, treasurer: treasurer!.legalName, secretary: secretary!.legalName },
    };
  });

  const treasurer = as(HOUSE_FUND_OFFICERS.treasurer);
  // Two months of shares, every other Monday ($300 for two weeks); the newest member pays weekly and is behind.
  await withTenant(treasurer, async (tx) => {
    for (let week = 8; week >= 0; week -= 2) {
      const on = addDays(monday, -7 * week);
      if (on > today) continue;
      for (const [i, { residentId, since }] of members.entries()) {
        if (on < since) continue;
        const last = i === members.length - 1;
        await recordMoneyIn(tx, {
          houseId,
          residentId,
          amount: last ? "150" : "300",
          method: i % 3 === 0 ? "cash" : i % 3 === 1 ? "money_order" : "bank_transfer",
          receivedOn: on,
          idempotencyKey: key(),
        });
      }
    }
  });

  // Last month's audit, counted to the cent, signed by all three officers.
  const lastMonth = (() => {
    const [y, m] = today.split("-").map(Number) as [number, number];
    return new Date(Date.UTC(y, m - 2, 1)).toISOString().slice(0, 7);
  })();
  const auditId = await withTenant(treasurer, async (tx) => {
    const held = await sql<{ cents: number }>`
      select coalesce(sum(amount_cents), 0)::int as cents from house_fund_entry
      where house_id = ${houseId} and direction = 'in' and effective_on < ${`${lastMonth}-01`}::date + interval '1 month'`.execute(tx);
    return (await prepareAudit(tx, { houseId, month: lastMonth, counted: held.rows[0]!.cents, note: "Checked against the bank statement." })).id;
  });
  for (const office of ["treasurer", "coordinator", "secretary"] as const) {
    await withTenant(as(HOUSE_FUND_OFFICERS[office]), (tx) => signAudit(tx, { houseId, auditId, typedName: names[office] }));
  }

  // This month's expenses: proposed by the treasurer, approved by the coordinator; one waits.
  const expenses = [
    { payee: "North Side Properties LLC", category: "rent" as const, amount: "1,600.00", memo: "This month's rent", receiptReference: "INV-2211" },
    { payee: "ComEd", category: "utilities" as const, amount: "142.37", memo: "Electricity" },
    { payee: "Jewel-Osco", category: "supplies" as const, amount: "63.18", memo: "Cleaning supplies and paper towels" },
  ];
  const ids = await withTenant(treasurer, async (tx) => {
    const out: string[] = [];
    for (const e of expenses) out.push((await proposeExpense(tx, { houseId, ...e, idempotencyKey: key() })).id);
    return out;
  });
  await withTenant(as(HOUSE_FUND_OFFICERS.coordinator), async (tx) => {
    for (const id of ids) await approveExpense(tx, { houseId, entryId: id });
  });
  await withTenant(as(HOUSE_FUND_OFFICERS.secretary), (tx) =>
    proposeExpense(tx, { houseId, payee: "Ace Hardware", category: "supplies", amount: "38.50", memo: "New smoke detector batteries", idempotencyKey: key() }),
  );
  return { houseId, names, lastMonth };
}
