import { sql } from "kysely";
import { withTenant, type TenantContext } from "#app/db/tenant.server";
import { acknowledgeMyAgreement, myAgreement, recordPaperAck, residentAgreement } from "#app/domain/fees/agreement.server";
import { createFeeSchedule, postDueCharges } from "#app/domain/fees/charges.server";
import { heldDeposits, settleDeposit } from "#app/domain/fees/deposits.server";
import { addDays } from "#app/lib/dates";

/**
 * Demo fee agreements (ADR 031). `acknowledgeDemoFees` (called by the fees seed between
 * creating schedules and posting charges, so months of charges still post): residents with a
 * portal account acknowledge their agreement in their own session through
 * `acknowledgeMyAgreement`; residents without one (most demo residents) signed on paper, and
 * the owner records it through `recordPaperAck`: nothing is written around the domain. `seedFeeAgreementsDemo` (one line in the demo seed, after the fees seed)
 * adds a deposit at Riverside's first house (acknowledged and charged; one refunded at
 * discharge, the others held) and a bed supplement that one resident has not acknowledged yet.
 */

type Org = { id: string };
type SeedInput = { orgs: { riverside: Org; maple: Org }; users: Record<string, { id: string }> };
const OWNERS = { riverside: "dana.owner@demo.hearth.test", maple: "pat.owner@demo.hearth.test" } as const;
/** The owners' full names, typed when they record a paper acknowledgement. */
const RECORDERS = { riverside: "Dana Whitfield", maple: "Pat Kowalski" } as const;

const ownerOf = (key: keyof typeof OWNERS, { orgs, users }: SeedInput): TenantContext => {
  const owner = users[OWNERS[key]];
  if (!owner) throw new Error(`demo seed: missing user ${OWNERS[key]}`);
  return { orgId: orgs[key].id, userId: owner.id, role: "owner" };
};

/**
 * Every resident of the org with a current or coming stay acknowledges their current terms
 * (skipping `except`): through the domain functions only, as the app would — a resident with
 * a portal account e-signs in their own session; the others' paper acknowledgements are
 * recorded by the owner (`recordPaperAck`, signed on their move-in day). Both post the
 * resident's waiting charges back to the start of the stay.
 */
export async function acknowledgeDemoFees(input: SeedInput, except: string[] = []) {
  for (const key of ["riverside", "maple"] as const) {
    const owner = ownerOf(key, input);
    const pending = await withTenant(owner, async (tx) => {
      const stays = await tx
        .selectFrom("stay as s")
        .innerJoin("resident as r", (j) => j.onRef("r.org_id", "=", "s.org_id").onRef("r.id", "=", "s.resident_id"))
        .innerJoin("house as h", (j) => j.onRef("h.org_id", "=", "s.org_id").onRef("h.id", "=", "s.house_id"))
        .select(["s.resident_id as residentId", "s.house_id as houseId", "r.user_id as userId", "r.legal_name as legalName",
          sql<string>`lower(s.during)::text`.as("from"), sql<string>`house_local_today(h.id)::text`.as("today")])
        .where(sql<boolean>`coalesce(upper(s.during), 'infinity'::date) > house_local_today(h.id)`)
        .orderBy("s.resident_id")
        .orderBy(sql`lower(s.during)`)
        .execute();
      const seen = new Set<string>();
      return stays.filter((s) => !seen.has(s.residentId) && !except.includes(s.residentId) && seen.add(s.residentId));
    });
    for (const p of pending) {
      if (p.userId) {
        await withTenant({ orgId: owner.orgId, userId: p.userId, role: "resident" }, async (tx) => {
          const me = await myAgreement(tx, "USD");
          if (me && !me.signed) await acknowledgeMyAgreement(tx, { contentHash: me.contentHash, typedName: p.legalName }, "USD");
        });
      } else {
        await withTenant(owner, async (tx) => {
          const ag = await residentAgreement(tx, p.houseId, p.residentId, "USD");
          if (!ag || ag.terms.length === 0) return;
          const done = await tx.selectFrom("fee_agreement_ack").select("id").where("resident_id", "=", p.residentId).where("content_hash", "=", ag.contentHash).executeTakeFirst();
          if (done) return; // already acknowledged (the seed asks again after adding a fee)
          const note = "Signed on paper at move-in; the copy is in the house binder.";
          await recordPaperAck(tx, p.houseId, { residentId: p.residentId, contentHash: ag.contentHash, recordedBy: RECORDERS[key], signedOn: p.from < p.today ? p.from : p.today, note }, "USD");
        });
      }
    }
  }
}

export async function seedFeeAgreementsDemo(input: SeedInput) {
  const owner = ownerOf("riverside", input);
  // A deposit at the first house, for move-ins of the last three months, and a bed supplement at the second.
  const { first, waiting } = await withTenant(owner, async (tx) => {
    const houses = await tx.selectFrom("house").select("id").where("status", "=", "active").orderBy("name").execute();
    const today = (await sql<{ d: string }>`select house_local_today(${houses[0]!.id}::uuid)::text as d`.execute(tx)).rows[0]!.d;
    await createFeeSchedule(tx, { houseId: houses[0]!.id, name: "Security deposit", cadence: "once", isDeposit: true, amount: 20000, effectiveFrom: addDays(today, -91) });
    const bed = await tx
      .selectFrom("stay as s")
      .select(["s.resident_id as residentId", "s.bed_id as bedId"])
      .where("s.house_id", "=", houses[1]!.id)
      .where(sql<boolean>`s.during @> ${today}::date`)
      .orderBy("s.resident_id")
      .executeTakeFirstOrThrow();
    return { first: houses[0]!.id, waiting: bed, bedHouse: houses[1]!.id, today };
  });
  await acknowledgeDemoFees(input);
  await withTenant(owner, async (tx) => {
    await postDueCharges(tx, { houseId: first });
    // One deposit refunded at discharge (a finished stay's, else the first held one); the others held.
    const deposits = await tx
      .selectFrom("ledger_entry as e")
      .innerJoin("stay as s", (j) => j.onRef("s.org_id", "=", "e.org_id").onRef("s.id", "=", "e.stay_id"))
      .select(["e.id", "e.resident_id as residentId", sql<boolean>`upper(s.during) is not null`.as("ended")])
      .where("e.kind", "=", "deposit")
      .orderBy(sql`upper(s.during) is not null`, "desc")
      .orderBy("e.id")
      .execute();
    const refund = deposits[0];
    if (refund && (await heldDeposits(tx, refund.residentId)).length) {
      await settleDeposit(tx, { depositId: refund.id, settle: "refund", method: "check", memo: "Deposit returned at discharge" });
    }
    // The bed supplement: its resident's terms changed and wait for their acknowledgement.
    const today = (await sql<{ d: string }>`select house_local_today(${first}::uuid)::text as d`.execute(tx)).rows[0]!.d;
    const bedHouse = await tx.selectFrom("bed").select("house_id").where("id", "=", waiting.bedId).executeTakeFirstOrThrow();
    await createFeeSchedule(tx, { houseId: bedHouse.house_id, bedId: waiting.bedId, name: "Single room supplement", cadence: "weekly", weekday: 1, amount: 1500, effectiveFrom: addDays(today, -3) });
  });
}
