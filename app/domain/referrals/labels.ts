import type { HandoffMethod, ReferralOutcome, ReferralStatus, ReferralUrgency } from "#app/db/schema";

/**
 * Referrals' value lists and words (ADR 046), zod-free for pages. The database's check
 * constraints hold the same lists (migration 0039; app/db/schema.test.ts compares them).
 * Respectful words: "did not attend", never "no-show"; "not eligible", never "rejected".
 */

export const REFERRAL_STATUSES = ["draft", "consent_needed", "sent", "accepted", "appointment_set", "attended", "closed"] as const satisfies readonly ReferralStatus[];
export const REFERRAL_STATUS_LABELS: Record<ReferralStatus, string> = {
  draft: "Draft",
  consent_needed: "Consent needed",
  sent: "Sent",
  accepted: "Accepted by the service",
  appointment_set: "Appointment set",
  attended: "Attended",
  closed: "Closed",
};

/** The flow's steps: from each status, where it may go (the 0039 trigger holds the same). */
export const TRANSITIONS: Record<ReferralStatus, readonly ReferralStatus[]> = {
  draft: ["consent_needed", "sent", "closed"],
  consent_needed: ["sent", "closed"],
  sent: ["accepted", "appointment_set", "closed"],
  accepted: ["appointment_set", "closed"],
  appointment_set: ["appointment_set", "attended", "closed"],
  attended: ["closed"],
  closed: [],
};
export const canMove = (from: ReferralStatus, to: ReferralStatus) => TRANSITIONS[from].includes(to);

export const REFERRAL_OUTCOMES = ["engaged", "did_not_attend", "declined", "not_eligible", "completed"] as const satisfies readonly ReferralOutcome[];
export const REFERRAL_OUTCOME_LABELS: Record<ReferralOutcome, string> = {
  engaged: "Engaged with the service",
  did_not_attend: "Did not attend",
  declined: "Resident decided not to go ahead",
  not_eligible: "Not eligible for this service",
  completed: "Completed",
};

export const REFERRAL_URGENCIES = ["routine", "soon", "urgent"] as const satisfies readonly ReferralUrgency[];
export const REFERRAL_URGENCY_LABELS: Record<ReferralUrgency, string> = {
  routine: "Routine",
  soon: "Soon (within a week)",
  urgent: "Urgent (within a day or two)",
};

export const HANDOFF_METHODS = ["call_together", "in_person", "accompanied"] as const satisfies readonly HandoffMethod[];
export const HANDOFF_METHOD_LABELS: Record<HandoffMethod, string> = {
  call_together: "A call together",
  in_person: "An introduction in person",
  accompanied: "Went along with the resident",
};

/** What a referral discloses to the service: its summary, for a referral, about referrals. */
export const REFERRAL_DISCLOSURE = { purpose: "referral", information: ["referrals"] } as const;
