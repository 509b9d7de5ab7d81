import type { ComplianceDocumentKind, ComplianceReminderStage, SafetyCheckKind, SafetyCheckResult } from "#app/db/schema";

/** Words and value lists of the safety and compliance log (zod-free: pages import them). */

export const CHECK_KINDS = ["smoke_co", "extinguisher", "naloxone", "evacuation_drill", "other"] as const satisfies readonly SafetyCheckKind[];
export const CHECK_KIND_LABELS: Record<SafetyCheckKind, string> = {
  smoke_co: "Smoke and CO detectors",
  extinguisher: "Fire extinguishers",
  naloxone: "Naloxone on hand",
  evacuation_drill: "Evacuation drill",
  other: "Other check",
};
/** The usual interval of each kind, in days (the add form's default). */
export const DEFAULT_INTERVAL_DAYS: Record<SafetyCheckKind, number> = {
  smoke_co: 30,
  extinguisher: 30,
  naloxone: 30,
  evacuation_drill: 90,
  other: 30,
};

export const CHECK_RESULTS = ["ok", "needs_attention", "failed"] as const satisfies readonly SafetyCheckResult[];
export const CHECK_RESULT_LABELS: Record<SafetyCheckResult, string> = {
  ok: "All in order",
  needs_attention: "Needs attention",
  failed: "Not working or missing",
};

export const COMPLIANCE_KINDS = ["insurance", "business_registration", "landlord_permission", "occupancy_permit", "other"] as const satisfies readonly ComplianceDocumentKind[];
export const COMPLIANCE_KIND_LABELS: Record<ComplianceDocumentKind, string> = {
  insurance: "Liability insurance",
  business_registration: "Business registration",
  landlord_permission: "Landlord's permission",
  occupancy_permit: "Occupancy permit",
  other: "Other document",
};

export const REMINDER_STAGES = ["30_days", "7_days", "expired"] as const satisfies readonly ComplianceReminderStage[];

/** A document expiring within this many days is flagged "expires soon". */
export const EXPIRES_SOON_DAYS = 30;
/** A check due within this many days is flagged "due soon". */
export const DUE_SOON_DAYS = 7;
