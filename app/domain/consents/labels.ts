/**
 * Consent's value lists and the words people read (zod-free: pages held to the
 * first-load budget import it). The database's check constraints hold the same lists
 * (migration 0033; app/db/schema.test.ts compares them).
 */

export const RECIPIENT_KINDS = ["person", "organisation", "general"] as const;
export type RecipientKind = (typeof RECIPIENT_KINDS)[number];
export const RECIPIENT_KIND_LABELS: Record<RecipientKind, string> = {
  person: "A named person",
  organisation: "A named organisation",
  general: "A general designation (for example, my treating providers at a named clinic)",
};

export const PURPOSES = ["verify_residence", "court_or_probation", "employment", "treatment", "referral", "benefits", "certification", "family", "other"] as const;
export type Purpose = (typeof PURPOSES)[number];
export const PURPOSE_LABELS: Record<Purpose, string> = {
  verify_residence: "To confirm where I live",
  court_or_probation: "For a court, probation or parole",
  employment: "For a job or job training",
  treatment: "For my treatment or health care",
  referral: "For a referral to a service",
  benefits: "For benefits, housing or income support",
  certification: "For the house's certification review",
  family: "To keep family or a supporter informed",
  other: "Another purpose (described below)",
};

/** How much and what kind of information, as a fixed list (ADR 040). */
export const INFORMATION = ["residence", "participation", "payments", "plan", "referrals", "treatment"] as const;
export type Information = (typeof INFORMATION)[number];
export const INFORMATION_LABELS: Record<Information, string> = {
  residence: "That I live here: my move-in date, and move-out date if I have left",
  participation: "My participation: house meetings, life-skills sessions and chores",
  payments: "My payments: whether my fees are up to date",
  plan: "My recovery plan: goals and progress",
  referrals: "My referrals and appointments",
  treatment: "My substance-use treatment, including medication",
};

export const EXPIRY_EVENTS = ["end_of_stay"] as const;
export type ExpiryEvent = (typeof EXPIRY_EVENTS)[number];
export const EXPIRY_EVENT_LABELS: Record<ExpiryEvent, string> = {
  end_of_stay: "When my stay at this house ends",
};

/** What was disclosed. Later modules add theirs here and in the disclosure_what check. */
export const DISCLOSURE_WHAT = ["release_letter", "referral_summary", "certifier_evidence", "export"] as const;
export type DisclosureWhat = (typeof DISCLOSURE_WHAT)[number];
export const DISCLOSURE_WHAT_LABELS: Record<DisclosureWhat, string> = {
  release_letter: "Verification of residence letter",
  referral_summary: "Referral summary",
  certifier_evidence: "Evidence for a certification review",
  export: "Export",
};

/** Why a disclosure was refused, in the log. */
export const REFUSALS = ["no_consent", "recipient", "purpose", "information", "expired", "revoked", "not_signed"] as const;
export type Refusal = (typeof REFUSALS)[number];
export const REFUSAL_LABELS: Record<Refusal, string> = {
  no_consent: "No consent for this recipient",
  recipient: "No consent for this recipient",
  purpose: "The consent is for another purpose",
  information: "The consent does not cover all of this information",
  expired: "The consent has expired",
  revoked: "The consent was revoked",
  not_signed: "The consent was not signed yet",
};

export type ConsentStatus = "waiting" | "active" | "expired" | "revoked";
export const CONSENT_STATUS_LABELS: Record<ConsentStatus, string> = {
  waiting: "Waiting for signature",
  active: "Active",
  expired: "Expired",
  revoked: "Revoked",
};

/** The right to revoke and how: shown on the form, the signing page and the copy. */
export const REVOCATION_TEXT =
  "You may revoke this consent at any time, except for information already shared because of it. To revoke, open My consents in Hearth and press Revoke, or tell or write to your house manager, who records it at once. Revoking takes effect immediately. Your housing, services and payment terms never depend on whether you sign.";

/**
 * The notice that goes with every disclosure (42 CFR 2.32, in our own words).
 */
export const REDISCLOSURE_NOTICE =
  "Notice about this information: it comes from records protected by federal confidentiality rules (42 CFR part 2). Those rules do not allow you to share it again unless the person it is about gives written consent that allows it, or the rules otherwise permit it. A general authorisation to release medical or other information is not enough. The rules also forbid using this information to investigate or prosecute the person for a crime, or to bring charges against them, except as the rules allow.";
