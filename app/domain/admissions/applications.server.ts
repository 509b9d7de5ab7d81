import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import type { ApplicationStatus, Payer, ReferralSource } from "#app/db/schema";
import type { Tx } from "#app/db/tenant.server";
import { audit } from "#app/domain/audit/audit.server";
import { DomainError, guardDb, notFound, parseInput } from "#app/domain/errors.server";
import { id as idSchema } from "#app/lib/fields";
import {
  APPLICATION_STATUS_LABELS,
  APPLICATION_TRANSITIONS,
  ApplicationInput,
  ApplicationStatusInput,
  PUBLIC_APPLICATION_HONEYPOT,
  PublicApplicationInput,
} from "./schemas";

/**
 * Applications and the waitlist. Staff (owner/admin; house managers for their houses
 * and for applications open to any house) read and decide; anyone may apply through
 * the public form, which can insert an application into one org and read nothing
 * (row-level security has no select policy for an anonymous caller).
 * Applicant names never go into audit data or error messages.
 */

export type ApplicationListItem = {
  id: string;
  applicantName: string;
  phone: string | null;
  email: string | null;
  referralSource: ReferralSource;
  desiredMoveIn: string | null;
  houseId: string | null;
  houseName: string | null;
  status: ApplicationStatus;
  submittedVia: "staff" | "public";
  createdAt: Date;
  statusChangedAt: Date;
};

export type ApplicationDetail = ApplicationListItem & {
  referralDetail: string | null;
  needs: string | null;
  consentToContact: boolean;
  declineReason: string | null;
  recoveryDate: string | null;
  payer: Payer | null;
  sponsorName: string | null;
  sponsorPhone: string | null;
  probationContactName: string | null;
  probationContactPhone: string | null;
  admittedResidentId: string | null;
  /** The preferred house's time zone (null for "any house"): whose "today" the page uses. */
  houseTimeZone: string | null;
  updatedAt: Date;
};

/** An application with its preferred house's name: the columns every list of applications shows. */
export function applicationRows(tx: Tx) {
  return tx
    .selectFrom("application as a")
    .leftJoin("house as h", (j) => j.onRef("h.org_id", "=", "a.org_id").onRef("h.id", "=", "a.house_id"))
    .select([
      "a.id",
      "a.applicant_name as applicantName",
      "a.referral_source as referralSource",
      "a.desired_move_in as desiredMoveIn",
      "h.name as houseName",
      "a.status",
      "a.submitted_via as submittedVia",
      "a.created_at as createdAt",
    ]);
}

function listQuery(tx: Tx) {
  return applicationRows(tx).select(["a.phone", "a.email", "a.house_id as houseId", "a.status_changed_at as statusChangedAt"]);
}

function applicationValues(data: ReturnType<typeof ApplicationInput.parse>) {
  return {
    house_id: data.houseId,
    applicant_name: data.applicantName,
    phone: data.phone,
    email: data.email,
    desired_move_in: data.desiredMoveIn,
    consent_to_contact: data.consentToContact,
    ...intakeFactValues(data),
  };
}

type IntakeFacts = Pick<
  ReturnType<typeof ApplicationInput.parse>,
  "referralSource" | "referralDetail" | "needs" | "recoveryDate" | "payer" | "sponsorName" | "sponsorPhone" | "probationContactName" | "probationContactPhone"
>;

/** An application's intake facts as columns: written when it is created and when its intake is edited. */
export function intakeFactValues(data: IntakeFacts) {
  return {
    referral_source: data.referralSource,
    referral_detail: data.referralDetail,
    needs: data.needs,
    recovery_date: data.recoveryDate,
    payer: data.payer,
    sponsor_name: data.sponsorName,
    sponsor_phone: data.sponsorPhone,
    probation_contact_name: data.probationContactName,
    probation_contact_phone: data.probationContactPhone,
  };
}

/** An operator org by its public slug, for the public application form (null when none). */
export async function findPublicOrg(tx: Tx, slug: string): Promise<{ id: string; name: string } | null> {
  if (!/^[a-z0-9-]{1,48}$/.test(slug)) return null;
  // The one public purpose for which an anonymous caller may read an org (RLS, 0006).
  await sql`select set_config('app.public_slug', ${slug}, true)`.execute(tx);
  const org = await tx
    .selectFrom("org")
    .select(["id", "name"])
    .where("slug", "=", slug)
    .where("kind", "=", "operator")
    .executeTakeFirst();
  return org ?? null;
}

/**
 * The public form. Run inside `withPlatform` after `enterPublicForm(tx, slug)` (the org, no user, no role:
 * signed by the database, ADR 010) and the route's rate limit (`LIMITS.applicationPerIp`). Nothing is read back: the id is
 * generated here. A filled honeypot returns the same answer without storing anything.
 */
export async function submitPublicApplication(tx: Tx, input: PublicApplicationInput): Promise<{ id: string; stored: boolean }> {
  const data = parseInput(PublicApplicationInput, input);
  const id = randomUUID();
  if (data[PUBLIC_APPLICATION_HONEYPOT]) return { id, stored: false };
  if (data.houseId) {
    // Only an active house may be named (the insert policy says so too).
    const house = await tx.selectFrom("house").select("id").where("id", "=", data.houseId).where("status", "=", "active").executeTakeFirst();
    if (!house) throw new DomainError("not_found", "Choose one of the listed houses, or any house.", { field: "houseId" });
  }
  await guardDb(
    tx
      .insertInto("application")
      .values({ id, org_id: sql<string>`current_org_id()`, ...applicationValues(data), submitted_via: "public" })
      .execute(),
  );
  await audit(tx, "application.submitted", { type: "application", id }, {
    via: "public",
    referralSource: data.referralSource,
    houseId: data.houseId,
  });
  return { id, stored: true };
}

/** An application entered by staff (e.g. a phone referral). */
export async function createApplication(tx: Tx, input: ApplicationInput): Promise<{ id: string }> {
  const data = parseInput(ApplicationInput, input);
  const row = await guardDb(
    tx
      .insertInto("application")
      .values({ org_id: sql<string>`current_org_id()`, ...applicationValues(data), submitted_via: "staff" })
      .returning("id")
      .executeTakeFirstOrThrow(),
  );
  await audit(tx, "application.created", { type: "application", id: row.id }, {
    via: "staff",
    referralSource: data.referralSource,
    houseId: data.houseId,
  });
  return row;
}

/** One application with its intake facts. A read of an applicant's record: audited. */
export async function getApplication(tx: Tx, applicationId: string): Promise<ApplicationDetail> {
  const row = await readApplication(tx, applicationId);
  await audit(tx, "application.viewed", { type: "application", id: row.id });
  return row;
}

/** One application, not audited: for callers that audit the read themselves (`viewApplication`). */
export async function readApplication(tx: Tx, applicationId: string): Promise<ApplicationDetail> {
  return oneApplication(applicationId, (id) =>
    listQuery(tx)
      .select([
        "a.referral_detail as referralDetail",
        "a.needs",
        "a.consent_to_contact as consentToContact",
        "a.decline_reason as declineReason",
        "a.recovery_date as recoveryDate",
        "a.payer",
        "a.sponsor_name as sponsorName",
        "a.sponsor_phone as sponsorPhone",
        "a.probation_contact_name as probationContactName",
        "a.probation_contact_phone as probationContactPhone",
        "a.admitted_resident_id as admittedResidentId",
        "h.time_zone as houseTimeZone",
        "a.updated_at as updatedAt",
      ])
      .where("a.id", "=", id),
  );
}

/**
 * The one application `applicationId` names, read with `query` (its joins and columns,
 * given the checked id): a malformed or unknown id (or one RLS hides) is not found.
 */
export async function oneApplication<T>(applicationId: string, query: (id: string) => { executeTakeFirst(): Promise<T | undefined> }): Promise<T> {
  const id = parseInput(idSchema, applicationId);
  const row = await query(id).executeTakeFirst();
  if (!row) throw notFound("Application");
  return row;
}

/** Lock an application for a decision (RLS: only callers who may update it find it). */
export async function lockApplication(tx: Tx, applicationId: string) {
  const row = await tx
    .selectFrom("application")
    .select([
      "id",
      "status",
      "applicant_name",
      "phone",
      "email",
      "house_id",
      "recovery_date",
    ])
    .where("id", "=", applicationId)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw notFound("Application");
  return row;
}

/** Move an application along: screening, accepted, waitlisted, declined (with a reason). */
export async function changeApplicationStatus(tx: Tx, input: ApplicationStatusInput): Promise<void> {
  const { applicationId, status, declineReason } = parseInput(ApplicationStatusInput, input);
  const app = await lockApplication(tx, applicationId);
  if (app.status === status) return;
  if (!APPLICATION_TRANSITIONS[app.status].includes(status)) {
    const from = APPLICATION_STATUS_LABELS[app.status].toLowerCase();
    const to = APPLICATION_STATUS_LABELS[status].toLowerCase();
    throw new DomainError("conflict", `This application is ${from}, so it can't be marked ${to}. Refresh the page to see its current status.`, {
      field: "status",
    });
  }
  await guardDb(
    tx
      .updateTable("application")
      .set({
        status,
        decline_reason: status === "declined" ? declineReason : null,
        status_changed_at: sql`now()`,
        updated_at: sql`now()`,
      })
      .where("id", "=", applicationId)
      .execute(),
  );
  await audit(tx, "application.status_changed", { type: "application", id: applicationId }, { from: app.status, to: status });
}
