/** Words and value lists for standards and self-assessments (zod-free: pages import them). */
export const ANSWERS = ["met", "partial", "not_met", "na"] as const;
export const ANSWER_LABELS: Record<(typeof ANSWERS)[number], string> = {
  met: "Met",
  partial: "Partly met",
  not_met: "Not yet met",
  na: "Does not apply",
};
export const APPLICABILITY = ["required", "recommended", "na"] as const;
export const APPLICABILITY_LABELS: Record<(typeof APPLICABILITY)[number], string> = {
  required: "Required",
  recommended: "Recommended",
  na: "Not applicable",
};
export const LEVELS = [1, 2, 3, 4] as const;
export const LEVEL_LABELS: Record<number, string> = { 1: "Level I (peer-run)", 2: "Level II (monitored)", 3: "Level III (supervised)", 4: "Level IV (service provider)" };
export const AUTO_CHECKS = [
  "rules_signed",
  "meetings_weekly",
  "chores_verified",
  "fee_agreement_before_charge",
  "ledger_per_resident",
  "recovery_plans",
  "safety_checks_on_time",
  "bed_space",
  "bathrooms",
  "referrals",
] as const;
export const STANDARD_STATUSES = ["draft", "published"] as const;
export const ASSESSMENT_STATUSES = ["draft", "submitted"] as const;
/** The platform's standards org (migration 0040's STANDARDS_ORG_ID; pages must not import migrations). */
export const BUILT_IN_STANDARDS_ORG = "00000000-0000-4000-8000-00000000057d";

/** What a piece of evidence about a resident shows, in staff's words (the consent's categories, ADR 040 and 054). */
export const EVIDENCE_INFORMATION_LABELS = {
  residence: "Residence: move-in and move-out dates",
  participation: "Participation: meetings, sessions and chores",
  payments: "Payments: whether fees are up to date",
  plan: "Recovery plan: goals and progress",
  referrals: "Referrals and appointments",
  treatment: "Substance-use treatment, including medication",
} as const;
