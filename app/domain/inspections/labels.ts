/** Words and value lists for inspections (ADR 053; zod-free: pages import them). */
import type { InspectionStatus } from "#app/db/schema";

export const VERDICTS = ["met", "partial", "not_met", "na"] as const;
export type VerdictValue = (typeof VERDICTS)[number];
export const VERDICT_LABELS: Record<VerdictValue, string> = { met: "Met", partial: "Partly met", not_met: "Not met", na: "Does not apply" };

export const INSPECTION_STATUSES = ["scheduled", "in_progress", "completed", "cancelled"] as const;
export const INSPECTION_STATUS_LABELS: Record<InspectionStatus, string> = {
  scheduled: "Scheduled",
  in_progress: "In progress",
  completed: "Completed",
  cancelled: "Cancelled",
};

/** Days a finding raised at completion has, counted from the house's today. */
export const FINDING_DUE_DAYS = 30;
