import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import type { AutoCheck } from "#app/db/schema";
import { withTenant } from "#app/db/tenant.server";
import { publishDraft, saveDraft } from "#app/domain/documents/documents.server";
import { agreementHash } from "#app/domain/fees/agreement.server";
import { addCheck } from "#app/domain/safety/safety.server";
import { addDays, type CalendarDate } from "#app/lib/dates";
import { useTestDatabase } from "#tests/support/db";
import { makeHouse, makeOperator, makeStay, type OrgFixture } from "#tests/support/houses";
import { automaticEvidence } from "./evidence.server";

// Automatic evidence (ADR 047): each check is met by a house whose records are complete, and
// turns "not met" when exactly the record it reads is missing, leaving every other check met.

const t = useTestDatabase();

const CHECKS: AutoCheck[] = [
  "rules_signed", "meetings_weekly", "chores_verified", "fee_agreement_before_charge", "ledger_per_resident",
  "recovery_plans", "safety_checks_on_time", "bed_space", "bathrooms", "referrals",
];

/**
 * A house with one bedroom of two adult beds and two current residents (A and B) where every
 * check is met — except `missing`: B (or the house) then lacks just the record that check reads.
 * Records no domain call can write for a resident (their signature, their fee acknowledgement)
 * are written as the database superuser, standing in for the resident's own session.
 */
async function house(missing: AutoCheck | null, more?: (records: { orgId: string; houseId: string; b: { residentId: string; stayId: string }; today: CalendarDate }) => Promise<void>) {
  const fx: OrgFixture = await makeOperator();
  const h = await makeHouse(fx.owner, { rooms: 1, bedsPerRoom: 2 });
  const { today } = await t.db.selectFrom("house").select(sql<CalendarDate>`(now() at time zone time_zone)::date::text`.as("today"))
    .where("id", "=", h.houseId).executeTakeFirstOrThrow();
  const a = await makeStay(fx.owner, h.bedIds[0]!, addDays(today, -30));
  const b = await makeStay(fx.owner, h.bedIds[1]!, addDays(today, -30));
  const row = { org_id: fx.orgId, house_id: h.houseId };

  if (missing !== "bed_space") await t.db.updateTable("room").set({ size_sq_ft: 120 }).where("id", "=", h.roomIds[0]!).execute();
  if (missing !== "bathrooms") await t.db.updateTable("house").set({ bathroom_count: 1 }).where("id", "=", h.houseId).execute();

  const rules = await withTenant(fx.owner, async (tx) => {
    const { id } = await saveDraft(tx, null, { kind: "house_rules", body: "Be kind. Keep the kitchen clean." });
    return publishDraft(tx, null, { draftId: id });
  });
  const version = await t.db.selectFrom("document_version").select("content_hash").where("id", "=", rules.id).executeTakeFirstOrThrow();
  for (const r of missing === "rules_signed" ? [a] : [a, b]) {
    await t.db.insertInto("document_signature")
      .values({ org_id: fx.orgId, document_version_id: rules.id, resident_id: r.residentId, typed_name: "Signed in a test", content_hash: version.content_hash! })
      .execute();
  }

  const series = await t.db.insertInto("session_series")
    .values({ ...row, title: "House meeting", kind: "house_meeting", custom_kind_id: null, facilitator_name: null, facilitator_membership_id: null, place: null,
      starts_on: addDays(today, -35), start_time: "19:00", duration_minutes: 60, rule: "FREQ=WEEKLY", attendance: "all", archived_at: null })
    .returning("id").executeTakeFirstOrThrow();
  const weeks = missing === "meetings_weekly" ? [0, 7, 14] : [0, 7, 14, 21];
  for (const back of weeks) {
    await t.db.insertInto("session_attendance")
      .values({ ...row, series_id: series.id, occurs_on: addDays(today, -back), resident_id: a.residentId, status: "present" }).execute();
  }

  const chore = await t.db.insertInto("chore")
    .values({ ...row, name: "Kitchen", area: null, instructions: null, effort: 1, frequency: "daily", rule: null, starts_on: addDays(today, -30), archived_at: null })
    .returning("id").executeTakeFirstOrThrow();
  for (const [r, back] of [[a, 1], [b, 2]] as const) {
    const verified = !(missing === "chores_verified" && r === b);
    await t.db.insertInto("chore_assignment")
      .values({ ...row, chore_id: chore.id, resident_id: r.residentId, day: addDays(today, -back), effort: 1, status: verified ? "verified" : "done",
        done_at: new Date(), done_note: null, checked_at: verified ? new Date() : null, checked_by: null, sent_back_reason: null })
      .execute();
  }

  for (const r of [a, b]) {
    if (r === b && missing === "ledger_per_resident") continue; // B has no ledger at all (so no charge to acknowledge either)
    await withTenant(fx.owner, (tx) => tx.insertInto("ledger_entry")
      .values({ ...row, resident_id: r.residentId, stay_id: r.stayId, kind: "charge", amount_cents: 15_000, effective_on: today, memo: "Weekly fee" })
      .execute());
    if (r === b && missing === "fee_agreement_before_charge") continue;
    // Signed now (the database stamps the time), on the day of the charge in the house's zone,
    // whatever the hour: in the evening in New York it is already tomorrow in UTC.
    await sql`insert into fee_agreement_ack (org_id, resident_id, house_id, stay_id, terms, content_hash, typed_name, signed_at)
      values (${fx.orgId}, ${r.residentId}, ${h.houseId}, ${r.stayId}, ${TERMS}, ${agreementHash(TERMS)}, 'Signed in a test', now())`.execute(t.db);
  }

  for (const r of missing === "recovery_plans" ? [a] : [a, b]) {
    await t.db.insertInto("plan_goal").values({ org_id: fx.orgId, resident_id: r.residentId, dimension: "home", title: "Save a deposit", target_on: null }).execute();
  }

  // A directory entry verified this week, and A referred to it (sent). Missing: the service is there, but no one was referred.
  const agency = await t.db.insertInto("service_organization").values({ org_id: fx.orgId, name: "Riverbend Workforce Center", description: null, website: null, email: null })
    .returning("id").executeTakeFirstOrThrow();
  const service = await t.db.insertInto("service")
    .values({ org_id: fx.orgId, organization_id: agency.id, name: "Job training", url: null, email: null, categories: ["employment"], eligibility_description: null,
      fees_description: null, application_process: null, assured_date: addDays(today, -3) })
    .returning("id").executeTakeFirstOrThrow();
  if (missing !== "referrals") {
    // Inserted as a draft and moved to "sent" with the flow's trigger off (the consent step is not what this test is about).
    const r = await t.db.insertInto("referral").values({ org_id: fx.orgId, resident_id: a.residentId, service_id: service.id, goal_id: null, reason: "Looking for work",
      outcome: null, appointment_at: null, appointment_place: null }).returning("id").executeTakeFirstOrThrow();
    await t.db.transaction().execute(async (tx) => {
      await sql`set local session_replication_role = replica`.execute(tx);
      await tx.updateTable("referral").set({ status: "sent" }).where("id", "=", r.id).execute();
    });
  }

  if (missing !== "safety_checks_on_time") {
    await withTenant(fx.owner, (tx) => addCheck(tx, { houseId: h.houseId, kind: "naloxone", name: "Naloxone kit", intervalDays: 30, firstDueOn: today }));
  }

  await more?.({ orgId: fx.orgId, houseId: h.houseId, b, today });
  const evidence = await withTenant(fx.owner, (tx) => automaticEvidence(tx, h.houseId, "test-org"));
  return { evidence, today };
}

const TERMS = JSON.stringify({ currency: "USD", terms: [] });
const notMet = (evidence: Record<AutoCheck, { ok: boolean }>) => CHECKS.filter((c) => !evidence[c].ok);

describe("automatic evidence", () => {
  it("meets every check for a house whose records are complete, dated the house's today", async () => {
    const { evidence, today } = await house(null);
    expect(notMet(evidence)).toEqual([]);
    for (const c of CHECKS) expect(evidence[c].computedOn).toBe(today);
    expect(evidence.rules_signed.text).toBe("2 of 2 current residents signed the current house rules, rights and grievance procedure.");
  });

  it("counts a fee agreement signed on the evening of the first charge's day, in the house's zone, as before the charge", async () => {
    let utcDay = "";
    const { evidence, today } = await house("fee_agreement_before_charge", async ({ orgId, houseId, b, today }) => {
      await t.db.transaction().execute(async (tx) => {
        // 9:30 pm on the charge's day in the house's zone: already the next day in UTC. The
        // stamping trigger (signed_at := now()) is off so the test does not depend on the hour.
        await sql`set local session_replication_role = replica`.execute(tx);
        const r = await sql<{ d: string }>`
          insert into fee_agreement_ack (org_id, resident_id, house_id, stay_id, terms, content_hash, typed_name, signed_at)
          select ${orgId}, ${b.residentId}, ${houseId}, ${b.stayId}, ${TERMS}, ${agreementHash(TERMS)}, 'Signed in a test',
            (${today}::date + time '21:30') at time zone h.time_zone
          from house h where h.id = ${houseId}
          returning (signed_at at time zone 'UTC')::date::text as d`.execute(tx);
        utcDay = r.rows[0]!.d;
      });
    });
    expect(utcDay).toBe(addDays(today, 1)); // the case in question: UTC has moved on
    expect(notMet(evidence)).toEqual([]);
  });

  it.each(CHECKS)("%s is not met when only its record is missing; every other check stays met", async (check) => {
    const { evidence } = await house(check);
    expect(notMet(evidence)).toEqual([check]);
  });
});
