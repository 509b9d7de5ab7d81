import type { ApplicationStatus, DischargeReason, MoudAnswer, Payer, ReferralSource } from "#app/db/schema";

/** The admissions vocabulary: values and their labels (no zod here: pages import it in the browser). */
/** Input schemas and labels for applications, the waitlist and stays (pure: usable by forms). */

export const REFERRAL_SOURCES = [
  "self",
  "family",
  "treatment_program",
  "court",
  "probation",
  "hospital",
  "other",
] as const satisfies readonly ReferralSource[];

export const REFERRAL_SOURCE_LABELS: Record<ReferralSource, string> = {
  self: "Self",
  family: "Family or friend",
  treatment_program: "Treatment program",
  court: "Court / drug court",
  probation: "Probation or parole",
  hospital: "Hospital",
  other: "Other",
};

export const APPLICATION_STATUSES = [
  "new",
  "screening",
  "accepted",
  "waitlisted",
  "declined",
  "admitted",
] as const satisfies readonly ApplicationStatus[];

export const APPLICATION_STATUS_LABELS: Record<ApplicationStatus, string> = {
  new: "New",
  screening: "Screening",
  accepted: "Accepted",
  waitlisted: "Waitlisted",
  declined: "Declined",
  admitted: "Admitted",
};

/**
 * Allowed status changes: new → screening → accepted | waitlisted | declined → admitted.
 * A waitlisted application can be accepted when a bed opens (or screened again), a
 * declined one reopened for screening. "admitted" is reached only by admitting
 * (which creates the resident and the stay).
 */
export const APPLICATION_TRANSITIONS: Record<ApplicationStatus, readonly ApplicationStatus[]> = {
  new: ["screening", "declined"],
  screening: ["accepted", "waitlisted", "declined"],
  waitlisted: ["accepted", "screening", "declined"],
  accepted: ["waitlisted", "declined"],
  declined: ["screening"],
  admitted: [],
};

export const DISCHARGE_REASONS = [
  "completed_program",
  "independent_housing",
  "left_voluntarily",
  "rule_related",
  "return_to_use",
  "hospital_or_treatment",
  "incarceration",
  "deceased",
  "other",
] as const satisfies readonly DischargeReason[];

export const DISCHARGE_REASON_LABELS: Record<DischargeReason, string> = {
  completed_program: "Completed the program",
  independent_housing: "Moved to independent or other housing",
  left_voluntarily: "Left voluntarily",
  rule_related: "House agreement concern",
  return_to_use: "Return to use",
  hospital_or_treatment: "Hospital or treatment",
  incarceration: "Incarceration",
  deceased: "Deceased",
  other: "Other",
};

// ── intake facts ───────────────────────────────────────────────────────────

export const PAYERS = ["self", "family", "voucher_or_grant", "employer"] as const satisfies readonly Payer[];

export const PAYER_LABELS: Record<Payer, string> = {
  self: "Self",
  family: "Family",
  voucher_or_grant: "Voucher or grant",
  employer: "Employer",
};

/** Medication for opioid use disorder: the person's own answer (42 CFR Part 2). */
export const MOUD_ANSWERS = ["yes", "no", "prefer_not_to_say"] as const satisfies readonly MoudAnswer[];

export const MOUD_LABELS: Record<MoudAnswer, string> = {
  yes: "Yes",
  no: "No",
  prefer_not_to_say: "Prefer not to say",
};

/** Discharge reasons after which the house may hold the bed for the resident's return. */
export const HOLDABLE_REASONS = ["hospital_or_treatment", "return_to_use"] as const satisfies readonly DischargeReason[];
export const MAX_HOLD_DAYS = 60;

/**
 * The public form's hidden honeypot field: people leave it empty, naive bots fill it.
 * A filled honeypot is accepted silently and stored nowhere. (Here, not in schemas.ts: the
 * public form's page names it and ships no zod.)
 */
export const PUBLIC_APPLICATION_HONEYPOT = "website";
