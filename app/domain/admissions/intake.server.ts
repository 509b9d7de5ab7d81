import { sql, type ExpressionBuilder } from "kysely";
import { jsonArrayFrom } from "kysely/helpers/postgres";
import type { DB, MoudAnswer, Payer, ReferralSource } from "#app/db/schema";
import type { Tx } from "#app/db/tenant.server";
import { audit, auditAll, type AuditEntry } from "#app/domain/audit/audit.server";
import { intakeFactValues, oneApplication, readApplication, type ApplicationDetail } from "./applications.server";
import { DomainError, guardDb, notFound, parseInput } from "#app/domain/errors.server";
import { id as idSchema } from "#app/lib/fields";
import { ApplicationIntakeInput, ResidentIntakeInput, ScreeningNoteInput } from "./schemas";

/**
 * Intake follows the person. An application carries the intake facts (referral, needs,
 * recovery date, payer, sponsor and probation/court contacts), a dated append-only
 * screening log and — behind its own wall — the answer about medication for opioid use
 * disorder (MOUD, 42 CFR Part 2). Admission copies the facts into the resident's staff-only
 * intake section and links the log to the resident, in the admitting transaction.
 *
 * MOUD: row-level security (0012) lets owners/admins and the house managers and staff of
 * the person's house read it (application: the house it names or was admitted to; resident:
 * their current and planned houses); only owners/admins and those house managers write it.
 * Every read that could show it is audited (`moud.viewed` on the application or resident,
 * ids only, never the answer).
 */

export type ScreeningEntry = { id: string; body: string; authorName: string | null; createdAt: Date };

/** The MOUD answer as a page may show it: `access: false` when the caller may not see it. */
export type MoudView =
  | { access: false }
  | { access: true; mayEdit: boolean; answer: MoudAnswer | null; recordedAt: Date | null; recordedByName: string | null };

export type ResidentIntakeFacts = {
  referralSource: ReferralSource | null;
  referralDetail: string | null;
  needs: string | null;
  payer: Payer | null;
  sponsorName: string | null;
  sponsorPhone: string | null;
  probationContactName: string | null;
  probationContactPhone: string | null;
  fromApplicationId: string | null;
  updatedAt: Date;
};

const SEES_HOUSE = (houseExpr: string) =>
  sql<boolean>`(current_app_role() in ('owner', 'admin')
    or (current_app_role() in ('house_manager', 'staff') and ${sql.raw(houseExpr)} = any (current_house_ids())))`;
const EDITS_HOUSE = (houseExpr: string) =>
  sql<boolean>`(current_app_role() in ('owner', 'admin')
    or (current_app_role() = 'house_manager' and ${sql.raw(houseExpr)} = any (current_house_ids())))`;

/** A resident's current and planned houses include one of the caller's (or the caller is owner/admin). */
const residentHouseTest = (edit: boolean, residentId: string) => sql<boolean>`(current_app_role() in ('owner', 'admin')
  or (current_app_role() in (${sql.join(edit ? ["house_manager"] : ["house_manager", "staff"])}) and exists (
    select 1 from stay s where s.org_id = current_org_id() and s.resident_id = ${residentId}::uuid
      and s.house_id = any (current_house_ids())
      and (upper_inf(s.during) or upper(s.during) > house_local_today(s.house_id)))))`;

/** The screening log of the row `owner` (an application or a resident), newest first, as a JSON array column. */
function screeningLog(eb: ExpressionBuilder<DB, "application" | "resident">, column: "application_id" | "resident_id", ownerId: string) {
  return jsonArrayFrom(
    eb
      .selectFrom("screening_note as n")
      .leftJoin("app_user as u", "u.id", "n.author_user_id")
      .select(["n.id", "n.body", "u.name as authorName", "n.created_at as createdAt"])
      .where(`n.${column}`, "=", ownerId)
      .orderBy("n.created_at", "desc")
      .orderBy("n.id", "desc"),
  ).as("log");
}

const logEntries = (log: { id: string; body: string; authorName: string | null; createdAt: Date | string }[]): ScreeningEntry[] =>
  log.map((n) => ({ ...n, createdAt: new Date(n.createdAt) }));

// ── the application ─────────────────────────────────────────────────────────

/** The intake facts an admission carries from the application to the resident's record (same names in both tables). */
const CARRIED_FACTS = [
  "referral_source",
  "referral_detail",
  "needs",
  "payer",
  "sponsor_name",
  "sponsor_phone",
  "probation_contact_name",
  "probation_contact_phone",
] as const;

/**
 * The screening log and the MOUD answer of one application (the facts themselves come
 * with `getApplication`). Not visible → not_found. Audits the MOUD read when allowed.
 */
export async function getApplicationIntake(tx: Tx, applicationId: string): Promise<{ moud: MoudView; log: ScreeningEntry[] }> {
  const { intake, reads } = await readApplicationIntake(tx, applicationId);
  await auditAll(tx, reads);
  return intake;
}

/**
 * The application page's read: the application, its log and (for the staff of its house)
 * the MOUD answer, audited in one statement (`application.viewed`, and `moud.viewed` when
 * the answer could be shown).
 */
export async function viewApplication(tx: Tx, applicationId: string): Promise<ApplicationDetail & { intake: { moud: MoudView; log: ScreeningEntry[] } }> {
  const app = await readApplication(tx, applicationId);
  const { intake, reads } = await readApplicationIntake(tx, app.id);
  await auditAll(tx, [{ action: "application.viewed", entity: { type: "application", id: app.id } }, ...reads]);
  return { ...app, intake };
}

async function readApplicationIntake(tx: Tx, applicationId: string): Promise<{ intake: { moud: MoudView; log: ScreeningEntry[] }; reads: AuditEntry[] }> {
  const row = await oneApplication(applicationId, (id) =>
    tx
      .selectFrom("application as a")
      .leftJoin("moud_status as m", (j) => j.onRef("m.org_id", "=", "a.org_id").onRef("m.application_id", "=", "a.id"))
      .leftJoin("app_user as u", "u.id", "m.recorded_by")
      .select((eb) => [
        "a.id",
        screeningLog(eb as unknown as ExpressionBuilder<DB, "application" | "resident">, "application_id", id),
        SEES_HOUSE("coalesce(a.admitted_house_id, a.house_id)").as("sees"),
        EDITS_HOUSE("coalesce(a.admitted_house_id, a.house_id)").as("edits"),
        "m.status as answer",
        "m.recorded_at as recordedAt",
        "u.name as recordedByName",
      ])
      .where("a.id", "=", id),
  );
  const id = row.id;
  const log = logEntries(row.log);
  if (!row.sees) return { intake: { moud: { access: false }, log }, reads: [] };
  return {
    intake: { moud: { access: true, mayEdit: row.edits, answer: row.answer, recordedAt: row.recordedAt, recordedByName: row.recordedByName }, log },
    reads: [{ action: "moud.viewed", entity: { type: "application", id } }],
  };
}

/** Record a MOUD answer for an application or a resident (one row per person; the trigger stamps who and when). */
async function recordMoud(tx: Tx, subject: { applicationId: string } | { residentId: string }, answer: MoudAnswer) {
  const column = "applicationId" in subject ? "application_id" : "resident_id";
  const subjectId = "applicationId" in subject ? subject.applicationId : subject.residentId;
  const updated = await guardDb(
    tx.updateTable("moud_status").set({ status: answer }).where(column, "=", subjectId).returning("id").executeTakeFirst(),
  );
  if (!updated) {
    await guardDb(
      tx
        .insertInto("moud_status")
        .values({ org_id: sql<string>`current_org_id()`, [column]: subjectId, status: answer })
        .execute(),
    );
  }
}

/**
 * Edit an application's intake facts; `moud` (when given and not empty) records the
 * answer, which needs owner/admin or a house manager of the application's house.
 */
export async function updateApplicationIntake(tx: Tx, input: ApplicationIntakeInput): Promise<void> {
  const data = parseInput(ApplicationIntakeInput, input);
  const row = await guardDb(
    tx
      .updateTable("application")
      .set({ ...intakeFactValues(data), updated_at: sql`now()` })
      .where("id", "=", data.applicationId)
      .returning([EDITS_HOUSE("coalesce(admitted_house_id, house_id)").as("edits")])
      .executeTakeFirst(),
  );
  if (!row) throw notFound("Application");
  const fields = ["referralSource", "referralDetail", "needs", "recoveryDate", "payer", "sponsor", "probationContact"];
  if (data.moud) {
    if (!row.edits) {
      throw new DomainError("forbidden", "Only the staff of the house this application names can record this answer.", { field: "moud" });
    }
    await recordMoud(tx, { applicationId: data.applicationId }, data.moud);
    fields.push("moud");
  }
  await audit(tx, "application.intake_updated", { type: "application", id: data.applicationId }, { fields });
}

/** Append one entry to a screening log (an application's, or a resident's after admission). */
export async function addScreeningNote(tx: Tx, input: ScreeningNoteInput): Promise<{ id: string }> {
  const data = parseInput(ScreeningNoteInput, input);
  if ("applicationId" in data) {
    const app = await tx.selectFrom("application").select("id").where("id", "=", data.applicationId).executeTakeFirst();
    if (!app) throw notFound("Application");
  } else {
    const resident = await tx.selectFrom("resident").select("id").where("id", "=", data.residentId).executeTakeFirst();
    if (!resident) throw notFound("Resident");
  }
  const row = await guardDb(
    tx
      .insertInto("screening_note")
      .values({
        org_id: sql<string>`current_org_id()`,
        application_id: "applicationId" in data ? data.applicationId : null,
        resident_id: "residentId" in data ? data.residentId : null,
        body: data.body,
      })
      .returning("id")
      .executeTakeFirstOrThrow(),
    { "42501": { kind: "forbidden", message: "You can't add to this screening log.", field: "body" } },
  );
  if ("applicationId" in data) {
    await audit(tx, "application.screening_note_added", { type: "application", id: data.applicationId }, { noteId: row.id });
  } else {
    await audit(tx, "resident.screening_note_added", { type: "resident", id: data.residentId }, { noteId: row.id });
  }
  return row;
}

// ── admission ────────────────────────────────────────────────────────────────

/**
 * On admission (inside `admitApplication`, after the stay and the application's admitted
 * house are written): the intake facts become the resident's intake section, the MOUD
 * answer is copied to the resident, and the screening log is linked to the resident.
 */
export async function carryIntakeIntoRecord(tx: Tx, applicationId: string, residentId: string): Promise<void> {
  await guardDb(
    tx
      .insertInto("resident_intake")
      .columns(["org_id", "resident_id", ...CARRIED_FACTS, "application_id"])
      .expression(
        tx
          .selectFrom("application")
          .select(["org_id", sql<string>`${residentId}::uuid`.as("resident_id"), ...CARRIED_FACTS, "id"])
          .where("id", "=", applicationId),
      )
      .execute(),
  );
  const moud = await tx.selectFrom("moud_status").select("status").where("application_id", "=", applicationId).executeTakeFirst();
  if (moud) await recordMoud(tx, { residentId }, moud.status);
  const linked = await tx
    .updateTable("screening_note")
    .set({ resident_id: residentId })
    .where("application_id", "=", applicationId)
    .where("resident_id", "is", null)
    .executeTakeFirst();
  await audit(tx, "resident.intake_carried", { type: "resident", id: residentId }, {
    fromApplicationId: applicationId,
    screeningNotes: Number(linked.numUpdatedRows),
    moud: moud !== undefined,
  });
}

// ── the resident's record ────────────────────────────────────────────────────

/**
 * The staff-only intake section of a resident's record: facts, screening log and the MOUD
 * answer (when the caller is staff of the resident's house; audited). Residents never get
 * here (no policy lets them read these tables).
 */
export async function getResidentIntake(
  tx: Tx,
  residentId: string,
): Promise<{ facts: ResidentIntakeFacts | null; mayEdit: boolean; moud: MoudView; log: ScreeningEntry[] }> {
  const id = parseInput(idSchema, residentId);
  const row = await tx
    .selectFrom("resident as r")
    .leftJoin("resident_intake as i", (j) => j.onRef("i.org_id", "=", "r.org_id").onRef("i.resident_id", "=", "r.id"))
    .leftJoin("moud_status as m", (j) => j.onRef("m.org_id", "=", "r.org_id").onRef("m.resident_id", "=", "r.id"))
    .leftJoin("app_user as u", "u.id", "m.recorded_by")
    .select((eb) => [
      "r.id",
      screeningLog(eb as unknown as ExpressionBuilder<DB, "application" | "resident">, "resident_id", id),
      "i.id as intakeId",
      "i.referral_source as referralSource",
      "i.referral_detail as referralDetail",
      "i.needs",
      "i.payer",
      "i.sponsor_name as sponsorName",
      "i.sponsor_phone as sponsorPhone",
      "i.probation_contact_name as probationContactName",
      "i.probation_contact_phone as probationContactPhone",
      "i.application_id as fromApplicationId",
      "i.updated_at as updatedAt",
      sql<boolean>`(current_app_role() in ('owner', 'admin') or (current_app_role() = 'house_manager' and resident_is_visible(r.id)))`.as(
        "mayEdit",
      ),
      residentHouseTest(false, id).as("sees"),
      residentHouseTest(true, id).as("edits"),
      "m.status as answer",
      "m.recorded_at as recordedAt",
      "u.name as recordedByName",
    ])
    .where("r.id", "=", id)
    .where(sql<boolean>`current_app_role() in ('owner', 'admin', 'house_manager', 'staff')`)
    .executeTakeFirst();
  if (!row) throw notFound("Resident");
  const log = logEntries(row.log);
  const { id: _id, log: _log, intakeId, answer, recordedAt, recordedByName, sees, edits, mayEdit, updatedAt, ...facts } = row;
  const result = { facts: intakeId && updatedAt ? { ...facts, updatedAt } : null, mayEdit, log };
  if (!sees) return { ...result, moud: { access: false } };
  await audit(tx, "moud.viewed", { type: "resident", id });
  return { ...result, moud: { access: true, mayEdit: edits, answer, recordedAt, recordedByName } };
}

/** Edit the intake section of a resident's record (owner/admin, house managers of their house). */
export async function updateResidentIntake(tx: Tx, input: ResidentIntakeInput): Promise<void> {
  const data = parseInput(ResidentIntakeInput, input);
  const access = await tx
    .selectFrom("resident as r")
    .select([
      sql<boolean>`(current_app_role() in ('owner', 'admin') or (current_app_role() = 'house_manager' and resident_is_visible(r.id)))`.as("mayEdit"),
      residentHouseTest(true, data.residentId).as("edits"),
    ])
    .where("r.id", "=", data.residentId)
    .executeTakeFirst();
  if (!access) throw notFound("Resident");
  if (!access.mayEdit) throw new DomainError("forbidden", "You can read this intake section but not change it.");
  if (data.moud && !access.edits) {
    throw new DomainError("forbidden", "Only the staff of the resident's house can record this answer.", { field: "moud" });
  }
  const values = {
    referral_source: data.referralSource,
    referral_detail: data.referralDetail,
    needs: data.needs,
    payer: data.payer,
    sponsor_name: data.sponsorName,
    sponsor_phone: data.sponsorPhone,
    probation_contact_name: data.probationContactName,
    probation_contact_phone: data.probationContactPhone,
  };
  const updated = await guardDb(
    tx
      .updateTable("resident_intake")
      .set({ ...values, updated_at: sql`now()` })
      .where("resident_id", "=", data.residentId)
      .returning("id")
      .executeTakeFirst(),
  );
  if (!updated) {
    await guardDb(
      tx
        .insertInto("resident_intake")
        .values({ org_id: sql<string>`current_org_id()`, resident_id: data.residentId, ...values })
        .execute(),
    );
  }
  const fields = ["referralSource", "referralDetail", "needs", "payer", "sponsor", "probationContact"];
  if (data.moud) {
    await recordMoud(tx, { residentId: data.residentId }, data.moud);
    fields.push("moud");
  }
  await audit(tx, "resident.intake_updated", { type: "resident", id: data.residentId }, { fields });
}
