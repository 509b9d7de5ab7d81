import type { AttendanceStatus, Fellowship, SessionAttendanceRule, SessionKind } from "#app/db/schema";

/**
 * The sessions module's values and labels, with no zod and no recurrence code: pages held
 * to the first-load JS budget (ADR 029) import these; `schemas.ts` re-exports them.
 */

export const SESSION_KINDS = [
  "house_meeting",
  "recovery_coach_group",
  "budgeting",
  "cooking_nutrition",
  "job_search",
  "conflict_resolution",
  "relapse_prevention",
  "digital_literacy",
  "parenting",
  "custom",
] as const satisfies readonly SessionKind[];

/** The built-in kinds every org has; an org adds its own life-skills topics (session_kind). */
export const SESSION_KIND_LABELS: Record<Exclude<SessionKind, "custom">, string> = {
  house_meeting: "House meeting",
  recovery_coach_group: "Recovery-coach group",
  budgeting: "Life skills: budgeting",
  cooking_nutrition: "Life skills: cooking and nutrition",
  job_search: "Life skills: job search",
  conflict_resolution: "Life skills: conflict resolution",
  relapse_prevention: "Life skills: relapse prevention",
  digital_literacy: "Life skills: digital literacy",
  parenting: "Life skills: parenting",
};

export const ATTENDANCE_RULES = ["all", "list", "optional"] as const satisfies readonly SessionAttendanceRule[];
export const ATTENDANCE_RULE_LABELS: Record<SessionAttendanceRule, string> = {
  all: "Everyone living in the house that day",
  list: "Only the residents I choose",
  optional: "Optional (nobody is expected)",
};

export const ATTENDANCE_STATUSES = ["present", "excused", "absent"] as const satisfies readonly AttendanceStatus[];
export const ATTENDANCE_LABELS: Record<AttendanceStatus, string> = { present: "Present", excused: "Excused", absent: "Absent" };

export const FELLOWSHIPS = ["aa", "na", "smart", "recovery_dharma", "celebrate_recovery", "other"] as const satisfies readonly Fellowship[];
export const FELLOWSHIP_LABELS: Record<Fellowship, string> = {
  aa: "AA",
  na: "NA",
  smart: "SMART Recovery",
  recovery_dharma: "Recovery Dharma",
  celebrate_recovery: "Celebrate Recovery",
  other: "Other",
};

export const REPEATS = ["once", "daily", "weekly", "biweekly", "monthly", "custom"] as const;
export type Repeats = (typeof REPEATS)[number];
export const REPEAT_LABELS: Record<Repeats, string> = {
  once: "Once",
  daily: "Every day",
  weekly: "Every week",
  biweekly: "Every two weeks",
  monthly: "Every month, same date",
  custom: "Custom rule (RRULE)",
};
export const WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export const WEEKDAY_LABELS: Record<Weekday, string> = { MO: "Mon", TU: "Tue", WE: "Wed", TH: "Thu", FR: "Fri", SA: "Sat", SU: "Sun" };
