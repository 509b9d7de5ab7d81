/** Words for audit grants (zod-free: pages import these). ADR 049. */
export const GRANT_SCOPES = ["review", "certification"] as const;
export type GrantScope = (typeof GRANT_SCOPES)[number];
export const GRANT_SCOPE_LABELS: Record<GrantScope, string> = {
  review: "Review (self-assessments and their evidence)",
  certification: "Certification (review, inspections and decisions)",
};
export const GRANT_STATUSES = ["upcoming", "active", "ended", "revoked"] as const;
export type GrantStatus = (typeof GRANT_STATUSES)[number];
export const GRANT_STATUS_LABELS: Record<GrantStatus, string> = {
  upcoming: "Starts later",
  active: "Active",
  ended: "Ended",
  revoked: "Revoked",
};
