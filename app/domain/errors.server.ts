import type { z } from "zod";

/**
 * Expected failures of domain functions. Routes turn them into responses with
 * `HTTP_STATUS[error.kind]` and show `error.message` (written for the user: it never
 * contains names, ids of other tenants or SQL details).
 */
export type DomainErrorKind = "invalid" | "not_found" | "conflict" | "forbidden" | "gone" | "rate_limited";

/** The one table from what went wrong to the HTTP status a route answers with. */
export const HTTP_STATUS: Record<DomainErrorKind, 400 | 403 | 404 | 409 | 410 | 429> = {
  invalid: 400,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  /** A link or token that worked once and no longer does (used, expired, revoked). */
  gone: 410,
  rate_limited: 429,
};

export class DomainError extends Error {
  override readonly name = "DomainError";
  readonly kind: DomainErrorKind;
  /** The input field the message is about, when there is one (for form errors). */
  readonly field: string | undefined;
  /** Field messages from input validation (first message per field). */
  readonly fieldErrors: Record<string, string> | undefined;
  /** A machine-readable detail for the page to choose its words (e.g. why an invitation is gone). */
  readonly detail: string | undefined;

  constructor(
    kind: DomainErrorKind,
    message: string,
    opts: { field?: string; fieldErrors?: Record<string, string>; detail?: string; cause?: unknown } = {},
  ) {
    super(message, { cause: opts.cause });
    this.kind = kind;
    this.field = opts.field;
    this.fieldErrors = opts.fieldErrors;
    this.detail = opts.detail;
  }
}

export function isDomainError(error: unknown, kind?: DomainErrorKind): error is DomainError {
  return error instanceof DomainError && (kind === undefined || error.kind === kind);
}

export const notFound = (what: string) => new DomainError("not_found", `${what} not found.`);

/** Validate input with a (strict) zod schema; failures become one `invalid` DomainError. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fieldErrors: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const key = issue.path.length ? issue.path.join(".") : "_form";
    fieldErrors[key] ??= issue.code === "unrecognized_keys" ? "Unexpected fields." : issue.message;
  }
  const [field, message] = Object.entries(fieldErrors)[0]!;
  throw new DomainError("invalid", message, { field: field === "_form" ? undefined : field, fieldErrors, cause: result.error });
}

type Mapped = { kind: DomainErrorKind; message: string; field?: string };

/**
 * Constraint name → what to tell the user. One table for every module (add yours here),
 * so the same constraint always reads the same way.
 */
const CONSTRAINTS: Record<string, Mapped> = {
  // standards and self-assessments (ADR 047)
  standard_published: { kind: "conflict", message: "This version is published and cannot change. Make a new version instead." },
  standard_version_key: { kind: "conflict", message: "This standard already has a version with that number.", field: "version" },
  standard_item_code_key: { kind: "conflict", message: "This version already has an item with that code.", field: "code" },
  assessment_locked: { kind: "conflict", message: "This self-assessment was submitted for review and cannot change." },
  assessment_one_draft_key: { kind: "conflict", message: "There is already a self-assessment in progress for this standard." },
  // audit grants (ADR 049)
  audit_grant_dates: { kind: "invalid", message: "The last day can't be before the first day.", field: "endsOn" },
  audit_grant_not_self: { kind: "invalid", message: "Choose a certifying body from the list.", field: "certifierOrgId" },
  audit_grant_certifier: { kind: "invalid", message: "Choose a certifying body from the list.", field: "certifierOrgId" },
  audit_grant_note_check: { kind: "invalid", message: "Use at most 500 characters.", field: "note" },
  // inspections (ADR 053)
  inspection_locked: { kind: "conflict", message: "Verdicts and photos are recorded only while the inspection is in progress." },
  inspection_item: { kind: "invalid", message: "That item is not part of this inspection.", field: "itemId" },
  inspection_assessment: { kind: "invalid", message: "Choose one of this house's submitted self-assessments.", field: "assessmentId" },
  inspection_transition: { kind: "conflict", message: "This inspection cannot move to that status from where it is now." },
  inspection_note_check: { kind: "invalid", message: "Use at most 2000 characters.", field: "note" },
  inspection_verdict_note_check: { kind: "invalid", message: "Use at most 2000 characters.", field: "note" },
  inspection_photo_caption_check: { kind: "invalid", message: "Use at most 200 characters.", field: "caption" },
  audit_grant_revoked_final: { kind: "conflict", message: "That grant was already revoked." },
  audit_grant_fixed: { kind: "conflict", message: "A grant's certifying body, scope and first day are fixed. Issue a new grant instead." },
  audit_grant_required: { kind: "not_found", message: "Not found." },
  // review threads (ADR 053)
  assessment_comment_submitted: { kind: "conflict", message: "Only a self-assessment submitted for review has review threads." },
  assessment_comment_item: { kind: "not_found", message: "That item is not part of this self-assessment.", field: "itemId" },
  assessment_comment_certifier: { kind: "not_found", message: "That certifying body has not written about this item.", field: "certifierOrgId" },
  assessment_comment_body_check: { kind: "invalid", message: "Write between 1 and 2000 characters.", field: "body" },
  assessment_comment_kind: { kind: "invalid", message: "Choose a comment, a request for clarification or an answer.", field: "kind" },
  // certification (ADR 050)
  certification_transition: { kind: "conflict", message: "The certification cannot move to that status from where it is now.", field: "status" },
  certification_dates: { kind: "invalid", message: "A decision needs a decision date, and certification an expiry after it.", field: "expiresOn" },
  certification_house_key: { kind: "conflict", message: "This house already has a certification record with this certifying body." },
  certification_level: { kind: "invalid", message: "Choose a level from I to IV.", field: "level" },
  certification_note: { kind: "invalid", message: "Use at most 1000 characters.", field: "note" },
  // findings and corrective action plans (ADR 053)
  finding_transition: { kind: "conflict", message: "The finding can't change that way from where it is now." },
  finding_closed: { kind: "conflict", message: "This finding was accepted and is closed." },
  finding_item: { kind: "invalid", message: "Choose an item of a submitted self-assessment of this house.", field: "itemId" },
  finding_summary_check: { kind: "invalid", message: "Use at most 2000 characters.", field: "summary" },
  finding_plan_check: { kind: "invalid", message: "Use at most 4000 characters.", field: "plan" },
  finding_note_check: { kind: "invalid", message: "Use at most 2000 characters.", field: "note" },
  finding_responded: { kind: "invalid", message: "Write the corrective action plan.", field: "plan" },
  finding_evidence_label_check: { kind: "invalid", message: "Use at most 200 characters.", field: "evidenceLabel" },
  house_bathroom_count_check: { kind: "invalid", message: "Enter a number of bathrooms from 0 to 50.", field: "bathroomCount" },
  // houses, rooms, beds
  house_org_name_key: { kind: "conflict", message: "A house with this name already exists.", field: "name" },
  house_populations: { kind: "invalid", message: "Choose at least one population served.", field: "populations" },
  house_narr_level: { kind: "invalid", message: "Choose a support level from I to IV.", field: "narrLevel" },
  room_house_name_key: { kind: "conflict", message: "A room with this name already exists in this house.", field: "name" },
  room_house_fk: { kind: "not_found", message: "House not found." },
  bed_room_label_key: { kind: "conflict", message: "A bed with this label already exists in this room.", field: "label" },
  bed_room_fk: { kind: "not_found", message: "Room not found." },
  bed_out_of_service_reason: { kind: "invalid", message: "Give a reason when taking a bed out of service.", field: "reason" },
  membership_house_pkey: { kind: "conflict", message: "That person is already assigned to this house." },
  membership_house_house_fk: { kind: "not_found", message: "House not found.", field: "houseIds" },
  membership_house_membership_fk: { kind: "not_found", message: "Team member not found.", field: "membershipId" },
  // residents
  resident_user_key: { kind: "conflict", message: "That account is already linked to another resident.", field: "userId" },
  resident_membership_fk: { kind: "not_found", message: "That account is not a member of this organization.", field: "userId" },
  resident_note_resident_fk: { kind: "not_found", message: "Resident not found." },
  // applications
  application_consent: { kind: "invalid", message: "Consent to be contacted is required.", field: "consentToContact" },
  application_contact: { kind: "invalid", message: "Give a phone number or an email address.", field: "phone" },
  application_declined_reason: { kind: "invalid", message: "Give a reason for declining.", field: "declineReason" },
  application_house_fk: { kind: "not_found", message: "House not found.", field: "houseId" },
  application_resident_fk: { kind: "not_found", message: "Resident not found." },
  application_payer: { kind: "invalid", message: "Choose who pays, or leave it empty.", field: "payer" },
  // intake
  screening_note_application_fk: { kind: "not_found", message: "Application not found." },
  screening_note_resident_fk: { kind: "not_found", message: "Resident not found." },
  resident_intake_resident_fk: { kind: "not_found", message: "Resident not found." },
  resident_intake_resident_key: { kind: "conflict", message: "Someone else saved this intake at the same time. Please try again." },
  moud_status_application_key: { kind: "conflict", message: "Someone else recorded this answer at the same time. Please try again.", field: "moud" },
  moud_status_resident_key: { kind: "conflict", message: "Someone else recorded this answer at the same time. Please try again.", field: "moud" },
  // chores and offices
  chore_house_name_key: { kind: "conflict", message: "This house already has a chore with that name.", field: "name" },
  chore_effort: { kind: "invalid", message: "Enter the effort from 1 (quick) to 5 (a big job).", field: "effort" },
  chore_weekly_days: { kind: "invalid", message: "Choose at least one day of the week.", field: "weekdays" },
  chore_custom_rule: { kind: "invalid", message: "Enter a recurrence rule for a custom chore.", field: "rule" },
  chore_house_fk: { kind: "not_found", message: "House not found." },
  chore_assignment_key: { kind: "conflict", message: "That chore is already assigned on that day." },
  chore_assignment_not_own: { kind: "conflict", message: "You can't verify or send back your own chore. Ask the house manager or another officer." },
  chore_swap_pending_key: { kind: "conflict", message: "You have already asked someone to take this chore." },
  chore_swap_not_self: { kind: "invalid", message: "Choose a housemate, not yourself.", field: "toResidentId" },
  house_office_key: { kind: "conflict", message: "Someone else changed this office at the same time. Please try again." },
  house_office_resident_fk: { kind: "not_found", message: "Resident not found.", field: "residentId" },
  house_office_one_per_person: { kind: "conflict", message: "That resident already holds another office in this house. Clear it first.", field: "residentId" },
  // stays
  stay_bed_no_overlap: { kind: "conflict", message: "That bed is already taken or reserved for some of those dates.", field: "bedId" },
  stay_resident_no_overlap: {
    kind: "conflict",
    message: "This resident already has a stay during those dates. Transfer or discharge that stay first.",
  },
  stay_bed_in_service: { kind: "conflict", message: "That bed is out of service.", field: "bedId" },
  stay_during_valid: { kind: "invalid", message: "The move-out date must be after the move-in date." },
  stay_bed_fk: { kind: "not_found", message: "Bed not found.", field: "bedId" },
  stay_resident_fk: { kind: "not_found", message: "Resident not found.", field: "residentId" },
  // house documents
  document_version_draft_key: { kind: "conflict", message: "There is already a draft of this document. Reload the page to see it." },
  document_version_number_key: { kind: "conflict", message: "Someone else published this document at the same time. Reload the page and try again." },
  document_version_immutable: { kind: "conflict", message: "Published versions can't be changed. Write a new draft instead." },
  document_version_house_fk: { kind: "not_found", message: "House not found." },
  document_version_body_check: { kind: "invalid", message: "Write the document's text (at most 50,000 characters).", field: "body" },
  document_signature_once: { kind: "conflict", message: "You have already signed this version." },
  document_signature_current: {
    kind: "conflict",
    message: "This version has been replaced by a newer one. Open the current version to read and sign it.",
  },
  document_signature_published: { kind: "conflict", message: "This version can't be signed. Open the current version to read and sign it." },
  document_signature_version_fk: { kind: "not_found", message: "We couldn't find that document." },
  // sessions and meetings
  session_kind_name_key: { kind: "conflict", message: "Your organization already has a kind with this name.", field: "name" },
  session_series_house_fk: { kind: "not_found", message: "House not found." },
  session_series_kind_fk: { kind: "not_found", message: "That kind of session no longer exists. Reload the page.", field: "kind" },
  session_series_facilitator_fk: { kind: "not_found", message: "That team member is no longer on the team.", field: "facilitatorMembershipId" },
  session_invitee_key: { kind: "conflict", message: "That resident is already on the list.", field: "invitees" },
  session_invitee_resident_fk: { kind: "not_found", message: "Resident not found.", field: "invitees" },
  session_exception_key: { kind: "conflict", message: "Someone else changed this session at the same time. Please try again." },
  session_attendance_key: { kind: "conflict", message: "Someone else recorded this at the same time. Please try again." },
  session_attendance_resident_fk: { kind: "not_found", message: "Resident not found.", field: "residentId" },
  meeting_log_resident_fk: { kind: "not_found", message: "Resident not found." },
  meeting_target_house_key: { kind: "conflict", message: "Someone else set the target at the same time. Please try again." },
  // calendar feeds
  calendar_feed_resident_live_key: { kind: "conflict", message: "A calendar link was just made in another window. Reload the page." },
  calendar_feed_house_live_key: { kind: "conflict", message: "A calendar link was just made in another window. Reload the page." },
  calendar_feed_house_fk: { kind: "not_found", message: "House not found." },
  calendar_feed_resident_fk: { kind: "not_found", message: "Your resident record wasn't found." },
  fee_schedule_dates: { kind: "invalid", message: "The last day can't be before the first.", field: "effectiveTo" },
  fee_schedule_amount: { kind: "invalid", message: "Enter an amount from 0.01 to 1,000,000.00.", field: "amount" },
  fee_schedule_house_fk: { kind: "not_found", message: "House not found.", field: "houseId" },
  fee_schedule_bed_fk: { kind: "not_found", message: "Bed not found in that house.", field: "bedId" },
  ledger_entry_amount: { kind: "invalid", message: "Enter an amount from 0.01 to 1,000,000.00.", field: "amount" },
  ledger_entry_reverses_key: { kind: "conflict", message: "This entry has already been corrected." },
  ledger_entry_idempotency_key: { kind: "conflict", message: "This payment was already recorded." },
  ledger_entry_receipt_key: { kind: "conflict", message: "Someone else recorded a payment at the same time. Please try again." },
  ledger_entry_stay_fk: { kind: "conflict", message: "This resident has no stay here, so nothing can be recorded for them.", field: "residentId" },
  ledger_entry_correction: { kind: "conflict", message: "This entry was corrected in the meantime. Reload the page and try again." },
  payment_plan_open_key: { kind: "conflict", message: "This resident already has a payment plan. End it before agreeing a new one." },
  payment_plan_end: { kind: "conflict", message: "This plan has already ended." },
  payment_plan_sum: { kind: "invalid", message: "The instalments must add up to the amount covered.", field: "amount" },
  payment_plan_amount: { kind: "invalid", message: "Enter an amount from 0.01 to 1,000,000.00.", field: "amount" },
  payment_plan_stay_fk: { kind: "conflict", message: "This resident has no stay here, so no plan can be agreed.", field: "residentId" },
  // uploads, safety and compliance log (0037)
  file_house_fk: { kind: "not_found", message: "House not found." },
  safety_check_name_key: { kind: "conflict", message: "This house already has a check with this name.", field: "name" },
  safety_check_house_fk: { kind: "not_found", message: "House not found." },
  safety_check_interval_check: { kind: "invalid", message: "Enter a number of days from 1 to 730.", field: "intervalDays" },
  safety_check_log_check_fk: { kind: "not_found", message: "That check is not on this house's list.", field: "checkId" },
  safety_check_log_photo_fk: { kind: "not_found", message: "The photo was not found.", field: "photo" },
  compliance_document_house_fk: { kind: "not_found", message: "House not found." },
  compliance_document_file_fk: { kind: "not_found", message: "The file was not found.", field: "file" },
};

/** By SQLSTATE, when the constraint is not in the table above. */
const STATES: Record<string, Mapped> = {
  "23505": { kind: "conflict", message: "That already exists." },
  "23P01": { kind: "conflict", message: "That overlaps an existing record." },
  "23514": { kind: "invalid", message: "Some of the values are not allowed." },
  "23502": { kind: "invalid", message: "A required value is missing." },
  "23503": { kind: "not_found", message: "A linked record was not found." },
  "42501": { kind: "forbidden", message: "You don't have permission to do that." },
  "40P01": { kind: "conflict", message: "Someone else changed this at the same time. Please try again." },
  "40001": { kind: "conflict", message: "Someone else changed this at the same time. Please try again." },
  "22007": { kind: "invalid", message: "That date is not valid." },
  "22008": { kind: "invalid", message: "That date is out of range." },
};
const STILL_REFERENCED: Mapped = { kind: "conflict", message: "It is still in use and cannot be removed." };

type PgError = { code?: unknown; constraint?: unknown; detail?: unknown; message?: unknown };

/**
 * Translate a Postgres error (pg or PGlite) into a DomainError, or return null when
 * it is not an expected one. `overrides` (by constraint name or SQLSTATE) win.
 */
export function toDomainError(error: unknown, overrides: Record<string, Mapped> = {}): DomainError | null {
  if (error instanceof DomainError) return error;
  if (!error || typeof error !== "object") return null;
  const e = error as PgError;
  const code = typeof e.code === "string" ? e.code : undefined;
  if (!code) return null;
  const constraint = typeof e.constraint === "string" ? e.constraint : undefined;
  let mapped: Mapped | undefined = (constraint && overrides[constraint]) || overrides[code];
  if (!mapped && code === "23503" && typeof e.detail === "string" && /still referenced/.test(e.detail)) {
    mapped = STILL_REFERENCED;
  }
  mapped ??= (constraint && CONSTRAINTS[constraint]) || STATES[code];
  if (!mapped && code === "22000" && typeof e.message === "string" && /range lower bound/.test(e.message)) {
    mapped = CONSTRAINTS.stay_during_valid;
  }
  if (!mapped) return null;
  return new DomainError(mapped.kind, mapped.message, { field: mapped.field, cause: error });
}

/**
 * Await a write and map expected database errors to DomainErrors. The transaction is
 * aborted either way (Postgres semantics); the caller's `withTenant` rolls it back.
 */
export async function guardDb<T>(work: Promise<T>, overrides?: Record<string, Mapped>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    throw toDomainError(error, overrides) ?? error;
  }
}
