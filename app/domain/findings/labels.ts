import type { FindingSeverity, FindingStatus } from "#app/db/schema";

/**
 * Findings' words and value lists (ADR 053). Zod-free: pages import it. The database checks
 * the same values (migration 0051: finding_severity, finding_status) and the workflow
 * (finding_transition): open → responded → accepted, or reopened → responded again.
 */
export const FINDING_SEVERITIES = ["minor", "major", "critical"] as const satisfies readonly FindingSeverity[];
export const FINDING_STATUSES = ["open", "responded", "accepted", "reopened"] as const satisfies readonly FindingStatus[];

export const SEVERITY_LABELS: Record<FindingSeverity, string> = { minor: "Minor", major: "Major", critical: "Critical" };

export const FINDING_STATUS_LABELS: Record<FindingStatus, string> = {
  open: "Waiting for a plan",
  responded: "Plan sent, waiting for review",
  accepted: "Accepted (closed)",
  reopened: "Reopened: a new plan is needed",
};

/** The lists' filters: open (not accepted), overdue (open and past its due date), accepted, or all. */
export const FINDING_FILTERS = ["open", "overdue", "accepted", "all"] as const;
export type FindingFilter = (typeof FINDING_FILTERS)[number];
export const FINDING_FILTER_LABELS: Record<FindingFilter, string> = { open: "Open", overdue: "Overdue", accepted: "Accepted", all: "All" };

/** Days after the house's today a finding is due unless the body chooses another date. */
export const FINDING_DUE_DAYS = 30;

/** The operator may answer while the finding waits for a plan or was reopened; again after answering, until the body decides. */
export const ANSWERABLE: readonly FindingStatus[] = ["open", "responded", "reopened"];
