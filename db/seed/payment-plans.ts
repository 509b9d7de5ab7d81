import { sql } from "kysely";
import { withTenant } from "#app/db/tenant.server";
import { createPlan } from "#app/domain/fees/plans.server";
import { recordPayment } from "#app/domain/fees/ledger.server";
import { centsToInput } from "#app/domain/fees/money";

/**
 * Demo payment plans (ADR 033), after the fees seed: in each org, the resident the fees
 * seed leaves in arrears (first house by name, first resident by id) agrees a plan for
 * their balance today — four weekly instalments, the first due today — and has paid the
 * first one and, by family money order, half of the second. (The fees seed
 * already has a family payment.) Through the domain functions as the org's owner.
 */

type Org = { id: string };
type SeedInput = { orgs: { riverside: Org; maple: Org }; users: Record<string, { id: string }> };

const key = (orgIndex: number, n: number) => `00000000-0000-4000-9000-${String(orgIndex).padStart(6, "0")}${String(n).padStart(6, "0")}`;

export async function seedPaymentPlansDemo({ orgs, users }: SeedInput) {
  const owners = { riverside: "dana.owner@demo.hearth.test", maple: "pat.owner@demo.hearth.test" } as const;
  for (const [orgIndex, name] of (["riverside", "maple"] as const).entries()) {
    const owner = users[owners[name]];
    if (!owner) throw new Error(`demo seed: missing user ${owners[name]}`);
    await withTenant({ orgId: orgs[name].id, userId: owner.id, role: "owner" }, async (tx) => {
      const house = await tx.selectFrom("house").select("id").where("status", "=", "active").orderBy("name").executeTakeFirst();
      if (!house) return;
      const { today } = (await sql<{ today: string }>`select house_local_today(${house.id}::uuid)::text as today`.execute(tx)).rows[0]!;
      const resident = await tx
        .selectFrom("stay as s")
        .select("s.resident_id as id")
        .where("s.house_id", "=", house.id)
        .where(sql<boolean>`s.during @> ${today}::date`)
        .orderBy("s.resident_id")
        .executeTakeFirst();
      if (!resident) return;
      const balance = await tx.selectFrom("ledger_entry").select(sql<number>`coalesce(sum(amount_cents), 0)::bigint`.as("b")).where("resident_id", "=", resident.id).executeTakeFirstOrThrow();
      const owed = Number(balance.b) > 400 ? Number(balance.b) : 60000;
      // Agreed today (the database writes the day a plan starts), first instalment due today.
      const plan = await createPlan(tx, { residentId: resident.id, amount: centsToInput(owed), count: 4, every: "week", firstDue: today, note: "Agreed at the house meeting: weekly, on top of rent." }, { houseId: house.id });
      // The first instalment paid by the resident, half of the second by family.
      await recordPayment(tx, { residentId: resident.id, amount: centsToInput(plan.instalments[0]!.amountCents), method: "cash", payer: "resident", receivedOn: today, idempotencyKey: key(orgIndex, 1) }, { houseId: house.id });
      await recordPayment(tx, { residentId: resident.id, amount: centsToInput(Math.floor(plan.instalments[1]!.amountCents / 2)), method: "money_order", payer: "family", reference: "MO 5521", receivedOn: today, idempotencyKey: key(orgIndex, 2) }, { houseId: house.id });
      return plan.id;
    });
  }
}
