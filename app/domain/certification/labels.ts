import type { CertificationStatus } from "#app/db/schema";

/**
 * Certification statuses, their words and the workflow (ADR 050). Zod-free: pages import it.
 * The database checks the same transitions (trigger certification_transition, migration 0050).
 */
export const CERTIFICATION_STATUSES = [
  "draft",
  "submitted",
  "in_review",
  "interview",
  "site_visit",
  "corrective_action",
  "certified",
  "conditional",
  "denied",
  "appeal",
  "expired",
  "revoked",
] as const satisfies readonly CertificationStatus[];

export const CERTIFICATION_DECISIONS = ["certified", "conditional", "denied", "expired", "revoked"] as const;
export const CERTIFICATION_REMINDER_STAGES = ["90_days", "30_days"] as const;

export const CERTIFICATION_STATUS_LABELS: Record<CertificationStatus, string> = {
  draft: "Draft",
  submitted: "Submitted",
  in_review: "In review",
  interview: "Interview",
  site_visit: "Site visit",
  corrective_action: "Corrective action",
  certified: "Certified",
  conditional: "Conditionally certified",
  denied: "Not certified (denied)",
  appeal: "Appeal requested",
  expired: "Expired",
  revoked: "Revoked",
};

/** Where a certifying body may move a certification from each status (the operator only appeals a denial). */
export const CERTIFIER_TRANSITIONS: Record<CertificationStatus | "new", readonly CertificationStatus[]> = {
  new: ["draft", "submitted", "in_review"],
  draft: ["submitted", "in_review"],
  submitted: ["in_review"],
  in_review: ["interview", "site_visit", "corrective_action", "certified", "conditional", "denied"],
  interview: ["in_review", "site_visit", "corrective_action", "certified", "conditional", "denied"],
  site_visit: ["corrective_action", "certified", "conditional", "denied"],
  corrective_action: ["site_visit", "certified", "conditional", "denied"],
  certified: ["conditional", "revoked", "submitted"],
  conditional: ["certified", "corrective_action", "denied", "revoked", "submitted"],
  denied: ["submitted"],
  appeal: ["in_review", "certified", "conditional", "denied"],
  expired: ["submitted"],
  revoked: ["submitted"],
};

/** Statuses that are a decision: they need a decision date (certified and conditional an expiry too). */
export const DECIDING: readonly CertificationStatus[] = ["certified", "conditional", "denied", "revoked"];
export const GRANTING: readonly CertificationStatus[] = ["certified", "conditional"];

/** The public words for a status on the verification page and certificate. */
export const PUBLIC_STATUS_LABELS: Record<string, string> = {
  certified: "Certified",
  conditional: "Conditionally certified",
  denied: "Not certified",
  expired: "Expired",
  revoked: "Revoked",
};
