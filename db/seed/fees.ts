import { sql } from "kysely";
import { withTenant, type Tx } from "#app/db/tenant.server";
import { createFeeSchedule, postDueCharges } from "#app/domain/fees/charges.server";
import { recordManualEntry, recordPayment } from "#app/domain/fees/ledger.server";
import type { PaymentMethod } from "#app/db/schema";
import { addDays } from "#app/lib/dates";
import { centsToInput } from "#app/domain/fees/money";
import { acknowledgeDemoFees } from "./fee-agreements";

/**
 * Demo fees for every demo house: weekly rent (different per house), a one-time move-in
 * fee, an org-wide monthly program fee; three months of posted charges; payments every four
 * weeks by most residents (cash, money orders, checks, a card taken elsewhere), one of
 * them by family; one resident per org in arrears (paying two weeks' rent every four weeks),
 * and a credit.
 * Through the domain functions as each org's owner, under RLS; deterministic for a day.
 */

type Org = { id: string };
type SeedInput = { orgs: { riverside: Org; maple: Org }; users: Record<string, { id: string }> };

const MONTHS_BACK_DAYS = 91;
const METHODS: Exclude<PaymentMethod, "online">[] = ["cash", "money_order", "check", "card_elsewhere"];

/** A stable uuid for a demo payment, so re-running a seed step cannot double it. */
const keyFor = (houseIndex: number, residentIndex: number, n: number) =>
  `00000000-0000-4000-8000-${String(houseIndex).padStart(3, "0")}${String(residentIndex).padStart(3, "0")}${String(n).padStart(6, "0")}`;

async function houseSchedules(tx: Tx, houseId: string, n: number) {
  const { today } = (await sql<{ today: string }>`select house_local_today(${houseId}::uuid)::text as today`.execute(tx)).rows[0]!;
  const start = addDays(today, -MONTHS_BACK_DAYS);
  const weeklyCents = 15000 + 2500 * (n % 3);
  await createFeeSchedule(tx, { houseId, name: "Weekly rent", cadence: "weekly", weekday: 1 + (n % 5), amount: weeklyCents, effectiveFrom: start });
  await createFeeSchedule(tx, { houseId, name: "Move-in fee", cadence: "once", amount: 7500, effectiveFrom: start });
}

async function seedHouse(tx: Tx, houseId: string, n: number, orgIndex: number) {
  const { today } = (await sql<{ today: string }>`select house_local_today(${houseId}::uuid)::text as today`.execute(tx)).rows[0]!;
  const start = addDays(today, -MONTHS_BACK_DAYS);
  const weeklyCents = 15000 + 2500 * (n % 3);
  await postDueCharges(tx, { houseId, since: start });
  const residents = await tx
    .selectFrom("stay as s")
    .select(["s.resident_id as id", sql<string>`greatest(lower(s.during), ${start}::date)::text`.as("from")])
    .where("s.house_id", "=", houseId)
    .where(sql<boolean>`s.during @> ${today}::date`)
    .orderBy("s.resident_id")
    .execute();
  for (const [i, r] of residents.entries()) {
    const inArrears = n === 0 && i === 0;
    const every = 28;
    let k = 0;
    for (let day = addDays(r.from, 3); day <= today; day = addDays(day, every)) {
      const family = n === 0 && i === 1 && k === 1;
      await recordPayment(tx, {
        residentId: r.id,
        amount: centsToInput(inArrears ? 2 * weeklyCents : 4 * weeklyCents),
        method: METHODS[(i + k) % METHODS.length]!,
        payer: family ? "family" : "resident",
        reference: METHODS[(i + k) % METHODS.length] === "cash" ? null : `No. ${1000 + 37 * k + i}`,
        receivedOn: day,
        idempotencyKey: keyFor(orgIndex * 100 + n, i, k),
      });
      k++;
    }
    if (n === 1 && i === 0) await recordManualEntry(tx, { residentId: r.id, kind: "credit", amount: "25", reason: "Helped repaint the porch" });
  }
}

export async function seedFeesDemo({ orgs, users }: SeedInput) {
  const owners = { riverside: "dana.owner@demo.hearth.test", maple: "pat.owner@demo.hearth.test" } as const;
  for (const key of ["riverside", "maple"] as const) {
    const owner = users[owners[key]];
    if (!owner) throw new Error(`demo seed: missing user ${owners[key]}`);
    await withTenant({ orgId: orgs[key].id, userId: owner.id, role: "owner" }, async (tx) => {
      await createFeeSchedule(tx, { name: "Program fee", cadence: "monthly", monthDay: 1, amount: 2500, effectiveFrom: addDays((await sql<{ d: string }>`select (now() at time zone o.time_zone)::date::text as d from org o where o.id = current_org_id()`.execute(tx)).rows[0]!.d, -MONTHS_BACK_DAYS) });
      const houses = await tx.selectFrom("house").select("id").where("status", "=", "active").orderBy("name").execute();
      for (const [n, h] of houses.entries()) await houseSchedules(tx, h.id, n);
    });
  }
  // Charges post only under an acknowledged fee agreement (ADR 031).
  await acknowledgeDemoFees({ orgs, users });
  for (const [orgIndex, key] of (["riverside", "maple"] as const).entries()) {
    const owner = users[owners[key]]!;
    await withTenant({ orgId: orgs[key].id, userId: owner.id, role: "owner" }, async (tx) => {
      const houses = await tx.selectFrom("house").select("id").where("status", "=", "active").orderBy("name").execute();
      for (const [n, h] of houses.entries()) await seedHouse(tx, h.id, n, orgIndex);
    });
  }
}
