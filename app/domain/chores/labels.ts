import type { ChoreAssignmentStatus, ChoreFrequency, HouseOfficeKind } from "#app/db/schema";

/**
 * The chore module's values and labels, with no zod and no recurrence code: pages held to
 * the first-load JS budget (ADR 029) import these; `schemas.ts` re-exports them.
 */

export const CHORE_FREQUENCIES = [
  "daily",
  "weekly",
  "custom",
] as const satisfies readonly ChoreFrequency[];
export const FREQUENCY_LABELS: Record<ChoreFrequency, string> = {
  daily: "Every day",
  weekly: "Weekly, on the days chosen",
  custom: "Custom (a recurrence rule)",
};
export const ASSIGNMENT_STATUSES = [
  "assigned",
  "done",
  "verified",
  "sent_back",
] as const satisfies readonly ChoreAssignmentStatus[];
export const OFFICES = [
  "coordinator",
  "treasurer",
  "secretary",
] as const satisfies readonly HouseOfficeKind[];
export const OFFICE_LABELS: Record<HouseOfficeKind, string> = {
  coordinator: "Coordinator",
  treasurer: "Treasurer",
  secretary: "Secretary",
};

/** What people read about an assignment; "missed" is computed (its day has ended, not done). */
export type ChoreState = ChoreAssignmentStatus | "missed";
export const STATE_LABELS: Record<ChoreState, string> = {
  assigned: "To do",
  done: "Done, waiting to be checked",
  verified: "Verified",
  sent_back: "Sent back to redo",
  missed: "Missed",
};
