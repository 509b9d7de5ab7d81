import { sql } from "kysely";
import { addFollowup, addHandoff, createReferral } from "#app/domain/referrals/referrals.server";
import { createService } from "#app/domain/services/directory.server";
import { describe, expect, it } from "vitest";
import { ANONYMOUS, withTenant, type TenantContext, type Tx } from "#app/db/tenant.server";
import { createApplication } from "#app/domain/admissions/applications.server";
import { addScreeningNote, updateApplicationIntake, updateResidentIntake } from "#app/domain/admissions/intake.server";
import { publishDraft, saveDraft } from "#app/domain/documents/documents.server";
import { signDocument } from "#app/domain/documents/signatures.server";
import { prepareConsent, signConsent } from "#app/domain/consents/consents.server";
import { disclose } from "#app/domain/consents/disclose.server";
import { recordPaperCheckin, recordScreening } from "#app/domain/plans/checkins.server";
import { NEED_CODES } from "#app/domain/plans/labels";
import { addGoal, addStep } from "#app/domain/plans/plan.server";
import { addStaffNote, linkResidentAccount } from "#app/domain/residents/residents.server";
import { makeUser } from "#tests/support/factories";
import { setMeetingTarget } from "#app/domain/sessions/meetings.server";
import { addSessionKind, cancelOccurrence, createSeries, recordAttendance } from "#app/domain/sessions/sessions.server";
import { addDays, todayIn } from "#app/lib/dates";
import { generateRotation } from "#app/domain/chores/assignments.server";
import { createChore, setHouseOffice } from "#app/domain/chores/chores.server";
import { requestChoreSwap } from "#app/domain/chores/portal.server";
import { makeFeed } from "#app/domain/calendar/feeds.server";
import { createFeeSchedule, postDueCharges } from "#app/domain/fees/charges.server";
import { acknowledgeMyAgreement, myAgreement } from "#app/domain/fees/agreement.server";
import { recordPayment } from "#app/domain/fees/ledger.server";
import { useTestDatabase } from "#tests/support/db";
import { queueComplianceReminders } from "#app/domain/safety/reminders.server";
import { populateSafety } from "#tests/support/safety";
import { addLinkEvidence, answerItem, startAssessment } from "#app/domain/standards/assessments.server";
import { BUILT_IN_STANDARD_ID, STANDARDS_ORG_ID } from "#db/migrations/0040_standards";
import { makeHouse, makeMember, makeOperator, makeResident, makeStay, type OrgFixture } from "#tests/support/houses";
import { moveCertification } from "#app/domain/certification/certification.server";
import { queueCertificationReminders } from "#app/domain/certification/reminders.server";
import { grantAccess, makeCertifier } from "#tests/support/certification";

/**
 * Row-level security on the houses/residents/stays tables: with org A set, nothing of
 * org B can be read, changed, deleted or created, whatever the role; with no org set,
 * nothing at all.
 */
const t = useTestDatabase();

const TABLES = [
  "house",
  "membership_house",
  "room",
  "bed",
  "resident",
  "resident_note",
  "application",
  "stay",
  "screening_note",
  "resident_intake",
  "moud_status",
  "document_version",
  "document_signature",
  "session_kind",
  "session_series",
  "session_invitee",
  "session_exception",
  "session_attendance",
  "meeting_log",
  "meeting_target",
  "house_office",
  "chore",
  "chore_assignment",
  "chore_swap",
  "calendar_feed",
  "fee_schedule",
  "ledger_entry",
  "receipt_counter",
  "fee_agreement_ack",
  "file",
  "safety_check",
  "safety_check_log",
  "compliance_document",
  "compliance_reminder",
  "consent",
  "disclosure",
  "referral",
  "referral_event",
  "referral_handoff",
  "referral_followup",
  "plan_goal",
  "plan_step",
  "plan_event",
  "needs_screening",
  "checkin",
  "assessment",
  "assessment_item",
  "assessment_evidence",
  "certification",
  "certification_event",
  "certification_reminder",
] as const;

async function populate(fx: OrgFixture) {
  const h = await makeHouse(fx.owner, { rooms: 1, bedsPerRoom: 2 });
  await makeMember(fx, "house_manager", [h.houseId]);
  const { residentId } = await makeStay(fx.owner, h.bedIds[0]!, "2026-01-05");
  // Chores: a definition, today's rotation, the coordinator office, and a swap offered by a linked resident.
  const mate = await makeStay(fx.owner, h.bedIds[1]!, "2026-01-05");
  const member = await makeMember(fx, "resident");
  await withTenant(fx.owner, async (tx) => {
    await linkResidentAccount(tx, { residentId, userId: member.userId });
    const today = (await sql<{ d: string }>`select house_local_today(${h.houseId}::uuid)::text as d`.execute(tx)).rows[0]!.d;
    await createChore(tx, { houseId: h.houseId, name: "Kitchen", effort: 2, frequency: "daily", startsOn: today });
    await generateRotation(tx, { houseId: h.houseId, from: today, days: 3 });
    await setHouseOffice(tx, { houseId: h.houseId, office: "coordinator", residentId });
    await tx.updateTable("chore_assignment").set({ resident_id: residentId }).where("house_id", "=", h.houseId).execute();
  });
  await withTenant(member.ctx, async (tx) => {
    const a = await tx.selectFrom("chore_assignment").select("id").orderBy("day", "desc").executeTakeFirstOrThrow();
    await requestChoreSwap(tx, { assignmentId: a.id, toResidentId: mate.residentId });
  });
  await withTenant(fx.owner, async (tx) => {
    await addStaffNote(tx, "owner", { residentId, body: "Note" });
    await updateResidentIntake(tx, { residentId, payer: "self", moud: "no" });
    const { id } = await createApplication(tx, { applicantName: "Applicant", email: "a@example.test", referralSource: "self", consentToContact: true });
    await addScreeningNote(tx, { applicationId: id, body: "Screened" });
    await updateApplicationIntake(tx, { applicationId: id, referralSource: "self", moud: "yes" });
    // Sessions: a kind, a daily series for the resident's list, a cancelled occurrence,
    // attendance, a logged meeting and the house's target.
    const today = todayIn("America/New_York");
    await addSessionKind(tx, { name: "Cooking for one" });
    const { id: seriesId } = await createSeries(tx, h.houseId, {
      title: "Check-in", kind: "house_meeting", startsOn: addDays(today, -2), startTime: "09:00", endTime: "09:30",
      repeats: "daily", attendance: "list", invitees: [residentId],
    });
    await cancelOccurrence(tx, h.houseId, { seriesId, occursOn: addDays(today, 3) });
    await recordAttendance(tx, h.houseId, { seriesId, occursOn: addDays(today, -1), residentId, status: "present" });
    await tx.insertInto("meeting_log").values({ org_id: fx.orgId, resident_id: residentId, met_on: today, fellowship: "aa", place: "Hall" }).execute();
    await setMeetingTarget(tx, h.houseId, { weeklyTarget: 3 });
    // Fees: a weekly rent, its charges, and a payment with a receipt number.
    await createFeeSchedule(tx, { houseId: h.houseId, name: "Rent", cadence: "weekly", weekday: 1, amount: "150", effectiveFrom: "2026-01-01" });
    await postDueCharges(tx);
    await recordPayment(tx, { residentId, amount: "20", method: "cash", payer: "resident", receivedOn: "2026-01-06", idempotencyKey: crypto.randomUUID() });
  });
  const version = await withTenant(fx.owner, async (tx) => {
    const draft = await saveDraft(tx, h.houseId, { kind: "house_rules", body: "Rules" });
    return publishDraft(tx, h.houseId, { draftId: draft.id });
  });
  const user = await makeUser({ orgId: fx.orgId, role: "resident" });
  await withTenant(fx.owner, async (tx) => {
    await tx.updateTable("resident").set({ legal_name: "Pat Doe" }).where("id", "=", residentId).execute();
    await linkResidentAccount(tx, { residentId, userId: user.id });
  });
  await withTenant({ orgId: fx.orgId, userId: user.id, role: "resident" }, (tx) => signDocument(tx, { versionId: version.id, typedName: "Pat Doe" }));
  // Fee agreement: the resident acknowledges their own (ADR 031).
  await withTenant({ orgId: fx.orgId, userId: user.id, role: "resident" }, async (tx) => {
    const me = (await myAgreement(tx, "USD"))!;
    await acknowledgeMyAgreement(tx, { contentHash: me.contentHash, typedName: "Pat Doe" }, "USD");
  });
  // Consent (ADR 040): prepared by the owner, signed by the resident, one disclosure through the gate.
  const consent = await withTenant(fx.owner, (tx) =>
    prepareConsent(tx, residentId, { recipientKind: "person", recipientName: "Officer Lee", purpose: "court_or_probation", information: ["residence"], expiresOn: "2099-01-01", expiryEvent: null }),
  );
  await withTenant({ orgId: fx.orgId, userId: user.id, role: "resident" }, (tx) => signConsent(tx, { consentId: consent.id, typedName: "Pat Doe" }));
  await withTenant(fx.owner, (tx) =>
    disclose(tx, { residentId, what: "release_letter", recipientKind: "person", recipientName: "Officer Lee", purpose: "court_or_probation", information: ["residence"] }),
  );
  // Referrals (0039): a service, a referral sent under a consent, a handoff and a follow-up.
  await withTenant(fx.owner, async (tx) => {
    const { id: serviceId } = await createService(tx, fx.orgId, { name: "Job club", organizationName: "Harbor Works", description: "", categories: ["employment"], languages: [] }, "2026-01-01");
    const { id } = await createReferral(tx, residentId, { serviceId, reason: "Work", urgency: "routine", goalId: null });
    await addHandoff(tx, residentId, id, { introducedBy: "Dana", method: "call_together", contactName: "Rita", happenedOn: "2026-01-02" });
    await addFollowup(tx, residentId, id, { dueOn: "2026-01-03", task: "Call" });
  });
  // Recovery plan (ADR 041): a goal with a step (and their history), a screening, a paper check-in.
  await withTenant(fx.owner, async (tx) => {
    const goal = await addGoal(tx, { residentId }, { dimension: "purpose", title: "Find work", targetOn: null });
    await addStep(tx, residentId, { goalId: goal.id, body: "Call the job centre", targetOn: null });
    await recordScreening(tx, residentId, { answeredOn: "2026-01-06", ...(Object.fromEntries(NEED_CODES.map((c) => [c, "no"])) as Record<(typeof NEED_CODES)[number], "no">) });
    await recordPaperCheckin(tx, residentId, { takenOn: "2026-01-06", ...Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`s${i + 1}`, "4"])) });
  });
  // Calendar links: the owner's for the house, the resident's own.
  await withTenant(fx.owner, (tx) => makeFeed(tx, { kind: "house", houseId: h.houseId }));
  await withTenant({ orgId: fx.orgId, userId: user.id, role: "resident" }, (tx) => makeFeed(tx, { kind: "resident" }));
  // Safety and compliance log (0037): a check logged with a photo, an expired document and its reminder.
  await withTenant(fx.owner, async (tx) => {
    await populateSafety(tx, fx.orgId, h.houseId);
    await queueComplianceReminders(tx);
  });
  // A self-assessment (0040) with an answer and a link as evidence.
  await withTenant(fx.owner, async (tx) => {
    const { id } = await startAssessment(tx, { houseId: h.houseId, standardOrgId: STANDARDS_ORG_ID, standardId: BUILT_IN_STANDARD_ID, level: 2 });
    const item = await tx.selectFrom("assessment_item").select("id").where("assessment_id", "=", id).orderBy("position").executeTakeFirstOrThrow();
    await answerItem(tx, id, { itemId: item.id, answer: "met" });
    const org = await tx.selectFrom("org").select("slug").where("id", "=", fx.orgId).executeTakeFirstOrThrow();
    await addLinkEvidence(tx, id, org.slug, { itemId: item.id, label: "Safety log", linkPath: `/o/${org.slug}/houses/${h.houseId}/safety` });
  });
  // A certification (0050) by a certifying body through a grant, expiring in 60 days, and its reminder.
  const body = await makeCertifier();
  await grantAccess(fx, body.orgId, [h.houseId]);
  const slug = (await t.db.selectFrom("org").select("slug").where("id", "=", fx.orgId).executeTakeFirstOrThrow()).slug;
  const certToday = todayIn("America/New_York");
  await withTenant(body.admin, async (tx) => {
    await moveCertification(tx, slug, h.houseId, { status: "in_review", level: 2 });
    await moveCertification(tx, slug, h.houseId, { status: "certified", level: 2, decidedOn: addDays(certToday, -300), expiresOn: addDays(certToday, 60) });
  });
  await withTenant(fx.owner, (tx) => queueCertificationReminders(tx));
}

async function visibleOrgs(ctx: TenantContext) {
  return withTenant(ctx, async (tx) => {
    const out: Record<string, string[]> = {};
    for (const table of TABLES) {
      const rows = await sql<{ org_id: string }>`select distinct org_id from ${sql.table(table)}`.execute(tx);
      out[table] = rows.rows.map((r) => r.org_id);
    }
    return out;
  });
}

describe("row-level security: houses, residents, applications, stays", () => {
  it("every new table is tenant-scoped (RLS enabled + forced, org_id first in an index)", async () => {
    const rows = await sql<{ name: string; enabled: boolean; forced: boolean; indexed: boolean }>`
      select c.relname as name, c.relrowsecurity as enabled, c.relforcerowsecurity as forced,
        exists (select 1 from pg_index i join pg_attribute a on a.attrelid = c.oid and a.attnum = i.indkey[0]
                where i.indrelid = c.oid and a.attname = 'org_id') as indexed
      from pg_class c where c.relnamespace = 'public'::regnamespace and c.relname = any(${[...TABLES]})
      order by c.relname`.execute(t.db);
    expect(rows.rows).toHaveLength(TABLES.length);
    expect(rows.rows.filter((r) => !(r.enabled && r.forced && r.indexed))).toEqual([]);
  });

  it("org A's members, whatever their role, see nothing of org B", async () => {
    const a = await makeOperator();
    const b = await makeOperator();
    await populate(a);
    await populate(b);
    const aHouses = await withTenant(a.owner, (tx) => tx.selectFrom("house").select("id").execute());
    const roles: TenantContext[] = [
      a.owner,
      { ...a.owner, role: "admin" },
      (await makeMember(a, "house_manager", [aHouses[0]!.id])).ctx,
      (await makeMember(a, "staff", [aHouses[0]!.id])).ctx,
      { ...a.owner, role: "resident" },
      { orgId: a.orgId, userId: null, role: null },
    ];
    for (const ctx of roles) {
      const seen = await visibleOrgs(ctx);
      for (const [table, orgs] of Object.entries(seen)) expect(orgs.filter((o) => o !== a.orgId), `${ctx.role}: ${table}`).toEqual([]);
    }
    expect(Object.values(await visibleOrgs(a.owner)).every((orgs) => orgs.length === 1)).toBe(true);
    expect(Object.values(await visibleOrgs(ANONYMOUS)).every((orgs) => orgs.length === 0)).toBe(true);
  });

  it("with org A set, org B's rows cannot be updated, deleted or inserted into", async () => {
    const a = await makeOperator();
    const b = await makeOperator();
    await populate(a);
    await populate(b);
    const before = await visibleOrgs(b.owner);
    const countB = async () =>
      (await sql<{ n: number }>`select
        (select count(*) from house where org_id = ${b.orgId}) + (select count(*) from room where org_id = ${b.orgId})
        + (select count(*) from bed where org_id = ${b.orgId}) + (select count(*) from stay where org_id = ${b.orgId})
        + (select count(*) from resident where org_id = ${b.orgId}) + (select count(*) from application where org_id = ${b.orgId})
        + (select count(*) from membership_house where org_id = ${b.orgId}) + (select count(*) from resident_note where org_id = ${b.orgId})
        + (select count(*) from screening_note where org_id = ${b.orgId}) + (select count(*) from resident_intake where org_id = ${b.orgId})
        + (select count(*) from moud_status where org_id = ${b.orgId}) + (select count(*) from document_version where org_id = ${b.orgId})
        + (select count(*) from document_signature where org_id = ${b.orgId})
        + (select count(*) from session_kind where org_id = ${b.orgId}) + (select count(*) from session_series where org_id = ${b.orgId})
        + (select count(*) from session_invitee where org_id = ${b.orgId}) + (select count(*) from session_exception where org_id = ${b.orgId})
        + (select count(*) from session_attendance where org_id = ${b.orgId}) + (select count(*) from meeting_log where org_id = ${b.orgId})
        + (select count(*) from meeting_target where org_id = ${b.orgId}) + (select count(*) from house_office where org_id = ${b.orgId})
        + (select count(*) from chore where org_id = ${b.orgId}) + (select count(*) from chore_assignment where org_id = ${b.orgId})
        + (select count(*) from chore_swap where org_id = ${b.orgId}) + (select count(*) from fee_schedule where org_id = ${b.orgId})
        + (select count(*) from ledger_entry where org_id = ${b.orgId}) + (select count(*) from receipt_counter where org_id = ${b.orgId})
        + (select count(*) from fee_agreement_ack where org_id = ${b.orgId})
        + (select count(*) from consent where org_id = ${b.orgId}) + (select count(*) from disclosure where org_id = ${b.orgId})
        + (select count(*) from calendar_feed where org_id = ${b.orgId} and revoked_at is null) as n`.execute(t.db)).rows[0]!.n;
    const total = await countB();

    await withTenant(a.owner, async (tx) => {
      expect((await tx.updateTable("house").set({ name: "Taken" }).where("org_id", "=", b.orgId).executeTakeFirst()).numUpdatedRows).toBe(0n);
      expect((await tx.updateTable("bed").set({ status: "held", status_reason: "x" }).where("org_id", "=", b.orgId).executeTakeFirst()).numUpdatedRows).toBe(0n);
      expect((await tx.updateTable("resident").set({ phone: "0" }).where("org_id", "=", b.orgId).executeTakeFirst()).numUpdatedRows).toBe(0n);
      expect((await tx.updateTable("application").set({ status: "declined", decline_reason: "x" }).where("org_id", "=", b.orgId).executeTakeFirst()).numUpdatedRows).toBe(0n);
      expect((await tx.updateTable("stay").set({ end_type: null }).where("org_id", "=", b.orgId).executeTakeFirst()).numUpdatedRows).toBe(0n);
      expect((await tx.deleteFrom("stay").where("org_id", "=", b.orgId).executeTakeFirst()).numDeletedRows).toBe(0n);
      expect((await tx.deleteFrom("bed").where("org_id", "=", b.orgId).executeTakeFirst()).numDeletedRows).toBe(0n);
      expect((await tx.deleteFrom("room").where("org_id", "=", b.orgId).executeTakeFirst()).numDeletedRows).toBe(0n);
      expect((await tx.deleteFrom("membership_house").where("org_id", "=", b.orgId).executeTakeFirst()).numDeletedRows).toBe(0n);
      expect((await tx.updateTable("resident_intake").set({ needs: "x" }).where("org_id", "=", b.orgId).executeTakeFirst()).numUpdatedRows).toBe(0n);
      expect((await tx.updateTable("moud_status").set({ status: "no" }).where("org_id", "=", b.orgId).executeTakeFirst()).numUpdatedRows).toBe(0n);
      expect((await tx.updateTable("document_version").set({ body: "x" }).where("org_id", "=", b.orgId).executeTakeFirst()).numUpdatedRows).toBe(0n);
      expect((await tx.deleteFrom("document_version").where("org_id", "=", b.orgId).executeTakeFirst()).numDeletedRows).toBe(0n);
      expect((await tx.updateTable("session_series").set({ title: "Taken" }).where("org_id", "=", b.orgId).executeTakeFirst()).numUpdatedRows).toBe(0n);
      expect((await tx.updateTable("session_exception").set({ action: "cancelled" }).where("org_id", "=", b.orgId).executeTakeFirst()).numUpdatedRows).toBe(0n);
      expect((await tx.updateTable("session_attendance").set({ status: "absent" }).where("org_id", "=", b.orgId).executeTakeFirst()).numUpdatedRows).toBe(0n);
      expect((await tx.updateTable("meeting_target").set({ weekly_target: 9 }).where("org_id", "=", b.orgId).executeTakeFirst()).numUpdatedRows).toBe(0n);
      expect((await tx.deleteFrom("session_invitee").where("org_id", "=", b.orgId).executeTakeFirst()).numDeletedRows).toBe(0n);
      expect((await tx.deleteFrom("session_exception").where("org_id", "=", b.orgId).executeTakeFirst()).numDeletedRows).toBe(0n);
      expect((await tx.deleteFrom("meeting_log").where("org_id", "=", b.orgId).executeTakeFirst()).numDeletedRows).toBe(0n);
      expect((await tx.updateTable("consent").set({ revoked_at: new Date() }).where("org_id", "=", b.orgId).executeTakeFirst()).numUpdatedRows).toBe(0n);
      expect((await tx.updateTable("chore").set({ effort: 5 }).where("org_id", "=", b.orgId).executeTakeFirst()).numUpdatedRows).toBe(0n);
      expect((await tx.updateTable("chore_assignment").set({ status: "verified", done_at: new Date() }).where("org_id", "=", b.orgId).executeTakeFirst()).numUpdatedRows).toBe(0n);
      expect((await tx.deleteFrom("chore_assignment").where("org_id", "=", b.orgId).executeTakeFirst()).numDeletedRows).toBe(0n);
      expect((await tx.deleteFrom("house_office").where("org_id", "=", b.orgId).executeTakeFirst()).numDeletedRows).toBe(0n);
      expect((await tx.updateTable("calendar_feed").set({ revoked_at: new Date() }).where("org_id", "=", b.orgId).executeTakeFirst()).numUpdatedRows).toBe(0n);
      expect((await tx.updateTable("fee_schedule").set({ effective_to: "2026-01-02" }).where("org_id", "=", b.orgId).executeTakeFirst()).numUpdatedRows).toBe(0n);
    });
    const inserts = [
      (tx: Tx) =>
        tx.insertInto("house").values({ org_id: b.orgId, name: "X", address_line1: "1", city: "c", region: "r", postal_code: "1", populations: ["men"], narr_level: 1, time_zone: "UTC" }).execute(),
      (tx: Tx) => tx.insertInto("resident").values({ org_id: b.orgId, legal_name: "X" }).execute(),
      (tx: Tx) => tx.insertInto("document_version").values({ org_id: b.orgId, kind: "house_rules", body: "X" }).execute(),
      (tx: Tx) =>
        tx.insertInto("application").values({ org_id: b.orgId, applicant_name: "X", email: "x@example.test", referral_source: "self", consent_to_contact: true }).execute(),
      (tx: Tx) => tx.insertInto("session_kind").values({ org_id: b.orgId, name: "X" }).execute(),
      (tx: Tx) => tx.insertInto("meeting_target").values({ org_id: b.orgId, house_id: b.orgId, weekly_target: 1 }).execute(),
      (tx: Tx) => tx.insertInto("calendar_feed").values({ org_id: b.orgId, kind: "house", house_id: b.orgId, token_hash: "c".repeat(64) }).execute(),
      (tx: Tx) => tx.insertInto("fee_schedule").values({ org_id: b.orgId, name: "X", cadence: "once", amount_cents: 1, effective_from: "2026-01-01" }).execute(),
    ];
    for (const insert of inserts) await expect(withTenant(a.owner, insert)).rejects.toThrow(/row-level security/);
    // The receipt counter is written only by the ledger's trigger: the app role may not touch it at all.
    await expect(withTenant(a.owner, (tx) => tx.updateTable("receipt_counter").set({ last_number: 0 }).where("org_id", "=", b.orgId).execute())).rejects.toThrow(/permission denied/);
    await expect(withTenant(a.owner, (tx) => tx.insertInto("receipt_counter").values({ org_id: b.orgId }).execute())).rejects.toThrow(/permission denied/);
    expect(await countB()).toBe(total);
    expect(await visibleOrgs(b.owner)).toEqual(before);
  });
});

describe("row-level security: house managers set up and run their own houses", () => {
  const houseRow = (orgId: string, name = `House ${Math.random().toString(36).slice(2, 8)}`) => ({
    org_id: orgId,
    name,
    address_line1: "1 Main Street",
    city: "Philadelphia",
    region: "PA",
    postal_code: "19104",
    populations: ["men" as const],
    narr_level: 2,
    time_zone: "America/New_York",
  });
  const RLS = /row-level security/;
  const assignments = (houseId: string) =>
    t.db.selectFrom("membership_house").select("membership_id").where("house_id", "=", houseId).execute();

  it("a house manager creates a house and assigns themselves to it in the same transaction", async () => {
    const fx = await makeOperator();
    const manager = await makeMember(fx, "house_manager");
    const houseId = await withTenant(manager.ctx, async (tx) => {
      const { id } = await tx.insertInto("house").values(houseRow(fx.orgId)).returning("id").executeTakeFirstOrThrow();
      await tx.insertInto("membership_house").values({ org_id: fx.orgId, membership_id: manager.membershipId, house_id: id }).execute();
      return id;
    });
    expect(await assignments(houseId)).toEqual([{ membership_id: manager.membershipId }]);
    expect((await t.db.selectFrom("house").select("created_by").where("id", "=", houseId).executeTakeFirstOrThrow()).created_by).toBe(manager.userId);
    // From then on through the assignment, like any house they work in.
    await withTenant(manager.ctx, async (tx) => {
      expect(await tx.selectFrom("house").select("id").execute()).toEqual([{ id: houseId }]);
      const room = await tx.insertInto("room").values({ org_id: fx.orgId, house_id: houseId, name: "Room 1" }).returning("id").executeTakeFirstOrThrow();
      await tx.insertInto("bed").values({ org_id: fx.orgId, house_id: houseId, room_id: room.id, label: "A" }).execute();
      expect((await tx.updateTable("house").set({ phone: "215-555-0100" }).where("id", "=", houseId).executeTakeFirst()).numUpdatedRows).toBe(1n);
    });
    // created_by names a member of this org (composite key); when they leave the team the
    // house stays, with no creator (and their assignment goes with their membership).
    await withTenant(fx.owner, (tx) => tx.deleteFrom("membership").where("id", "=", manager.membershipId).execute());
    expect(await t.db.selectFrom("house").select(["id", "created_by"]).where("id", "=", houseId).execute()).toEqual([{ id: houseId, created_by: null }]);
    expect(await assignments(houseId)).toEqual([]);
  });

  it("a house manager cannot assign themselves to a house they did not create", async () => {
    const fx = await makeOperator();
    const manager = await makeMember(fx, "house_manager");
    const owners = await makeHouse(fx.owner);
    const insertOwn = (houseId: string) => (tx: Tx) =>
      tx.insertInto("membership_house").values({ org_id: fx.orgId, membership_id: manager.membershipId, house_id: houseId }).execute();
    await expect(withTenant(manager.ctx, insertOwn(owners.houseId))).rejects.toThrow(RLS);
    // Nor, later, to one they created without assigning themselves at the time …
    const orphan = await withTenant(manager.ctx, async (tx) => (await tx.insertInto("house").values(houseRow(fx.orgId)).returning("id").executeTakeFirstOrThrow()).id);
    await expect(withTenant(manager.ctx, insertOwn(orphan))).rejects.toThrow(RLS);
    expect(await withTenant(manager.ctx, (tx) => tx.selectFrom("house").select("id").execute())).toEqual([]);
    // … nor back into one they created after an admin took them off it.
    const { houseId } = await withTenant(manager.ctx, async (tx) => {
      const { id } = await tx.insertInto("house").values(houseRow(fx.orgId)).returning("id").executeTakeFirstOrThrow();
      await insertOwn(id)(tx);
      return { houseId: id };
    });
    await withTenant(fx.owner, (tx) => tx.deleteFrom("membership_house").where("house_id", "=", houseId).execute());
    await expect(withTenant(manager.ctx, insertOwn(houseId))).rejects.toThrow(RLS);
    expect(await assignments(houseId)).toEqual([]);
    expect(await assignments(owners.houseId)).toEqual([]);
    // And they never remove assignments, their own included.
    const mine = await makeHouse(fx.owner);
    await withTenant(fx.owner, (tx) => tx.insertInto("membership_house").values({ org_id: fx.orgId, membership_id: manager.membershipId, house_id: mine.houseId }).execute());
    await withTenant(manager.ctx, async (tx) => {
      expect((await tx.deleteFrom("membership_house").where("house_id", "=", mine.houseId).executeTakeFirst()).numDeletedRows).toBe(0n);
    });
    expect(await assignments(mine.houseId)).toEqual([{ membership_id: manager.membershipId }]);
  });

  it("a house manager cannot assign anyone else, not even to a house they just created", async () => {
    const fx = await makeOperator();
    const manager = await makeMember(fx, "house_manager");
    const colleague = await makeMember(fx, "house_manager");
    const coach = await makeMember(fx, "staff");
    const admin = await makeMember(fx, "admin");
    for (const other of [colleague, coach, admin]) {
      await expect(
        withTenant(manager.ctx, async (tx) => {
          const { id } = await tx.insertInto("house").values(houseRow(fx.orgId)).returning("id").executeTakeFirstOrThrow();
          await tx.insertInto("membership_house").values({ org_id: fx.orgId, membership_id: other.membershipId, house_id: id }).execute();
        }),
      ).rejects.toThrow(RLS);
    }
    // Nor into a house they already run.
    const mine = await makeHouse(fx.owner);
    await withTenant(fx.owner, (tx) => tx.insertInto("membership_house").values({ org_id: fx.orgId, membership_id: manager.membershipId, house_id: mine.houseId }).execute());
    await expect(
      withTenant(manager.ctx, (tx) => tx.insertInto("membership_house").values({ org_id: fx.orgId, membership_id: coach.membershipId, house_id: mine.houseId }).execute()),
    ).rejects.toThrow(RLS);
    expect(await assignments(mine.houseId)).toEqual([{ membership_id: manager.membershipId }]);
  });

  it("nobody chooses who created a house: created_by and created_at are not the app's to write", async () => {
    const fx = await makeOperator();
    const manager = await makeMember(fx, "house_manager");
    const h = await makeHouse(fx.owner);
    await withTenant(fx.owner, (tx) => tx.insertInto("membership_house").values({ org_id: fx.orgId, membership_id: manager.membershipId, house_id: h.houseId }).execute());
    const denied = /permission denied/;
    for (const ctx of [fx.owner, manager.ctx]) {
      await expect(withTenant(ctx, (tx) => tx.insertInto("house").values({ ...houseRow(fx.orgId), created_by: manager.userId }).execute())).rejects.toThrow(denied);
      await expect(withTenant(ctx, (tx) => tx.insertInto("house").values({ ...houseRow(fx.orgId), created_at: "2030-01-01T00:00:00Z" }).execute())).rejects.toThrow(denied);
      await expect(withTenant(ctx, (tx) => tx.updateTable("house").set({ created_by: manager.userId }).where("id", "=", h.houseId).execute())).rejects.toThrow(denied);
      await expect(withTenant(ctx, (tx) => tx.updateTable("house").set({ created_at: sql`now()` }).where("id", "=", h.houseId).execute())).rejects.toThrow(denied);
    }
    expect((await t.db.selectFrom("house").select("created_by").where("id", "=", h.houseId).executeTakeFirstOrThrow()).created_by).toBe(fx.ownerId);
  });

  it("a house manager cannot edit an unassigned house or add rooms and beds to it", async () => {
    const fx = await makeOperator();
    const mine = await makeHouse(fx.owner);
    const theirs = await makeHouse(fx.owner);
    const manager = await makeMember(fx, "house_manager", [mine.houseId]);
    const before = await t.db.selectFrom("house").selectAll().where("id", "=", theirs.houseId).executeTakeFirstOrThrow();
    await withTenant(manager.ctx, async (tx) => {
      expect((await tx.updateTable("house").set({ name: "Taken", status: "inactive" }).where("id", "=", theirs.houseId).executeTakeFirst()).numUpdatedRows).toBe(0n);
      expect((await tx.updateTable("room").set({ name: "Taken" }).where("house_id", "=", theirs.houseId).executeTakeFirst()).numUpdatedRows).toBe(0n);
      expect((await tx.updateTable("bed").set({ label: "Z" }).where("house_id", "=", theirs.houseId).executeTakeFirst()).numUpdatedRows).toBe(0n);
      expect((await tx.deleteFrom("bed").where("house_id", "=", theirs.houseId).executeTakeFirst()).numDeletedRows).toBe(0n);
      expect((await tx.deleteFrom("room").where("house_id", "=", theirs.houseId).executeTakeFirst()).numDeletedRows).toBe(0n);
      // Their own house, yes.
      expect((await tx.updateTable("house").set({ phone: "215-555-0101" }).where("id", "=", mine.houseId).executeTakeFirst()).numUpdatedRows).toBe(1n);
      // An update that names no row (so no select policy narrows it) still reaches only their house.
      expect((await tx.updateTable("house").set({ region: "NJ" }).executeTakeFirst()).numUpdatedRows).toBe(1n);
      expect((await tx.updateTable("room").set({ size_sq_ft: 99 }).executeTakeFirst()).numUpdatedRows).toBe(1n);
      expect((await tx.updateTable("bed").set({ accessible: true }).executeTakeFirst()).numUpdatedRows).toBe(2n);
    });
    await expect(withTenant(manager.ctx, (tx) => tx.insertInto("room").values({ org_id: fx.orgId, house_id: theirs.houseId, name: "Attic" }).execute())).rejects.toThrow(RLS);
    await expect(
      withTenant(manager.ctx, (tx) => tx.insertInto("bed").values({ org_id: fx.orgId, house_id: theirs.houseId, room_id: theirs.roomIds[0]!, label: "Z" }).execute()),
    ).rejects.toThrow(RLS);
    // A room of their house cannot be moved into the other one.
    await expect(
      withTenant(manager.ctx, async (tx) => {
        const room = await tx.insertInto("room").values({ org_id: fx.orgId, house_id: mine.houseId, name: "Loft" }).returning("id").executeTakeFirstOrThrow();
        await tx.updateTable("room").set({ house_id: theirs.houseId }).where("id", "=", room.id).execute();
      }),
    ).rejects.toThrow(RLS);
    expect(await t.db.selectFrom("house").selectAll().where("id", "=", theirs.houseId).executeTakeFirstOrThrow()).toEqual(before);
    expect(await t.db.selectFrom("room").select("name").where("house_id", "=", theirs.houseId).execute()).toEqual([{ name: "Room 1" }]);
    expect(await t.db.selectFrom("bed").select("label").where("house_id", "=", theirs.houseId).orderBy("label").execute()).toEqual([{ label: "A" }, { label: "B" }]);
  });

  it("staff and residents never create houses or assign themselves, and staff never lay out their houses", async () => {
    const fx = await makeOperator();
    const h = await makeHouse(fx.owner);
    const other = await makeHouse(fx.owner);
    const coach = await makeMember(fx, "staff", [h.houseId]);
    const resident = await makeMember(fx, "resident");
    for (const who of [coach, resident]) {
      await expect(withTenant(who.ctx, (tx) => tx.insertInto("house").values(houseRow(fx.orgId)).execute())).rejects.toThrow(RLS);
      await expect(
        withTenant(who.ctx, (tx) => tx.insertInto("membership_house").values({ org_id: fx.orgId, membership_id: who.membershipId, house_id: other.houseId }).execute()),
      ).rejects.toThrow(RLS);
    }
    expect(await assignments(other.houseId)).toEqual([]);
    await expect(withTenant(coach.ctx, (tx) => tx.insertInto("room").values({ org_id: fx.orgId, house_id: h.houseId, name: "Den" }).execute())).rejects.toThrow(RLS);
    await expect(
      withTenant(coach.ctx, (tx) => tx.insertInto("bed").values({ org_id: fx.orgId, house_id: h.houseId, room_id: h.roomIds[0]!, label: "Z" }).execute()),
    ).rejects.toThrow(RLS);
    await withTenant(coach.ctx, async (tx) => {
      expect((await tx.updateTable("house").set({ name: "Renamed" }).where("id", "=", h.houseId).executeTakeFirst()).numUpdatedRows).toBe(0n);
      expect((await tx.updateTable("house").set({ region: "NJ" }).executeTakeFirst()).numUpdatedRows).toBe(0n);
      expect((await tx.updateTable("room").set({ size_sq_ft: 99 }).executeTakeFirst()).numUpdatedRows).toBe(0n);
      expect((await tx.updateTable("bed").set({ accessible: true }).executeTakeFirst()).numUpdatedRows).toBe(0n);
      expect((await tx.updateTable("room").set({ name: "Renamed" }).where("house_id", "=", h.houseId).executeTakeFirst()).numUpdatedRows).toBe(0n);
      expect((await tx.deleteFrom("bed").where("house_id", "=", h.houseId).executeTakeFirst()).numDeletedRows).toBe(0n);
      expect((await tx.deleteFrom("room").where("house_id", "=", h.houseId).executeTakeFirst()).numDeletedRows).toBe(0n);
    });
    expect(await t.db.selectFrom("house").select("id").where("org_id", "=", fx.orgId).orderBy("id").execute()).toEqual(
      [{ id: h.houseId }, { id: other.houseId }].sort((a, b) => (a.id < b.id ? -1 : 1)),
    );
    expect(await assignments(h.houseId)).toEqual([{ membership_id: coach.membershipId }]);
  });
});

describe("row-level security: residents a house manager added", () => {
  const visible = (ctx: TenantContext, id: string) =>
    withTenant(ctx, async (tx) => (await tx.selectFrom("resident").select("id").where("id", "=", id).execute()).length === 1);

  it("are visible to that manager until first admitted, then only through the stay's house", async () => {
    const fx = await makeOperator();
    const harbor = await makeHouse(fx.owner, { rooms: 1, bedsPerRoom: 2 });
    const willow = await makeHouse(fx.owner, { rooms: 1, bedsPerRoom: 2 });
    const luis = await makeMember(fx, "house_manager", [harbor.houseId]);
    const aisha = await makeMember(fx, "house_manager", [willow.houseId]);
    const id = await makeResident(luis.ctx, { legalName: "Added By Luis" });
    expect(await visible(luis.ctx, id)).toBe(true);
    expect(await visible(aisha.ctx, id)).toBe(false);
    // Admitted to Willow (Aisha's house): Luis loses sight of them, Aisha gains it.
    await withTenant(fx.owner, (tx) =>
      tx.insertInto("stay").values({ org_id: fx.orgId, resident_id: id, house_id: willow.houseId, bed_id: willow.bedIds[0]!, during: "[2026-01-01,)" }).execute(),
    );
    expect(await visible(luis.ctx, id)).toBe(false);
    expect(await visible(aisha.ctx, id)).toBe(true);
  });

  it("who added a resident and when they were first admitted cannot be rewritten", async () => {
    const fx = await makeOperator();
    const harbor = await makeHouse(fx.owner, { rooms: 1, bedsPerRoom: 2 });
    const luis = await makeMember(fx, "house_manager", [harbor.houseId]);
    const other = await makeMember(fx, "house_manager");
    const { residentId } = await makeStay(luis.ctx, harbor.bedIds[0]!, new Date().toISOString().slice(0, 10));
    const unhoused = await makeResident(luis.ctx, { legalName: "Not Yet Housed" });
    for (const patch of [{ created_by: other.userId }, { first_admitted_at: null }]) {
      await expect(
        withTenant(fx.owner, (tx) => tx.updateTable("resident").set(patch).where("id", "=", residentId).execute()),
      ).rejects.toThrow(/cannot be changed/);
    }
    await expect(
      withTenant(luis.ctx, (tx) => tx.updateTable("resident").set({ created_by: other.userId }).where("id", "=", unhoused).execute()),
    ).rejects.toThrow(/cannot be changed/);
    const row = await t.db.selectFrom("resident").select(["created_by", "first_admitted_at"]).where("id", "=", residentId).executeTakeFirstOrThrow();
    expect(row.created_by).toBe(luis.userId);
    expect(row.first_admitted_at).not.toBeNull();
  });
});
