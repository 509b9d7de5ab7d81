import { sql } from "kysely";
import { withTenant, type Tx } from "#app/db/tenant.server";
import { saveReminderSettings } from "#app/domain/arrears/reminders.server";
import { addDays } from "#app/lib/dates";

/**
 * Demo arrears (ADR 034): payment reminders on for Riverside (weekly, from $25.00 overdue
 * for 8 days), and in each demo org a resident in every aging bucket — current, 1–7, 8–30
 * and 31+ days — whatever the fees seed posted: a dated charge per bucket, large enough
 * that first-in-first-out leaves it unpaid (what is owed after it, plus the resident's
 * credit, plus its own $40.00). Entries are added as a manager would (the app role's
 * insert through RLS), not by posting schedules, so they do not depend on how charges are posted.
 */

type Org = { id: string };
type SeedInput = { orgs: { riverside: Org; maple: Org }; users: Record<string, { id: string }> };

const BUCKETS = [
  { daysAgo: 0, memo: "Laundry card" },
  { daysAgo: 4, memo: "Replacement key" },
  { daysAgo: 15, memo: "Utilities share" },
  { daysAgo: 45, memo: "Program materials" },
];

async function seedBuckets(tx: Tx) {
  const stays = await tx
    .selectFrom("stay as s")
    .innerJoin("house as h", (j) => j.onRef("h.org_id", "=", "s.org_id").onRef("h.id", "=", "s.house_id"))
    .select(["s.id", "s.resident_id as residentId", "s.house_id as houseId", sql<string>`(now() at time zone h.time_zone)::date::text`.as("today")])
    .where(sql<boolean>`s.during @> (now() at time zone h.time_zone)::date`)
    .where(sql<boolean>`lower(s.during) <= (now() at time zone h.time_zone)::date - 50`)
    .orderBy("h.name")
    .orderBy("s.resident_id")
    .limit(BUCKETS.length)
    .execute();
  for (const [i, stay] of stays.entries()) {
    const b = BUCKETS[i]!;
    const on = addDays(stay.today, -b.daysAgo);
    const { rows } = await sql<{ balance: number; newer: number }>`
      select coalesce(sum(amount_cents), 0)::bigint as balance,
        coalesce(sum(amount_cents) filter (where kind in ('charge', 'deposit') and effective_on > ${on}::date), 0)::bigint as newer
      from ledger_entry where resident_id = ${stay.residentId}::uuid`.execute(tx);
    const { balance, newer } = rows[0]!;
    const cents = Math.max(0, -balance) + newer + 4000 - Math.max(0, balance);
    await tx
      .insertInto("ledger_entry")
      .values({
        org_id: sql<string>`current_org_id()`,
        resident_id: stay.residentId,
        house_id: stay.houseId,
        stay_id: stay.id,
        kind: "charge",
        amount_cents: Math.max(4000, cents),
        effective_on: on,
        memo: b.memo,
      })
      .execute();
  }
}

export async function seedArrearsDemo({ orgs, users }: SeedInput) {
  const owners = { riverside: "dana.owner@demo.hearth.test", maple: "pat.owner@demo.hearth.test" } as const;
  for (const key of ["riverside", "maple"] as const) {
    const owner = users[owners[key]];
    if (!owner) throw new Error(`demo seed: missing user ${owners[key]}`);
    await withTenant({ orgId: orgs[key].id, userId: owner.id, role: "owner" }, async (tx) => {
      await seedBuckets(tx);
      if (key === "riverside") await saveReminderSettings(tx, { cadence: "weekly", minAmount: "25", minDays: 8, signOff: "Dana at the office" });
    });
  }
}
