import { ROLE_LABELS } from "#app/domain/permissions";
import type { Role } from "#app/db/schema";
import { formatAmount } from "#app/domain/fees/money";

/**
 * Audit events as sentences a person (or a certifier reading an access report) can read:
 * "Dana Whitfield admitted a resident to Harbor House, Room 1 bed A". Pure: names come in
 * through `subjects`, resolved for a whole page in one query (queries.server.ts). Residents
 * and applicants are never named here — "a resident", linked to the record when the reader
 * may open it — so the log and its export carry ids and places, not who lives where.
 */

export type SubjectKind = "house" | "room" | "bed" | "stay" | "resident" | "application" | "membership" | "user";
/** What the reader may see of a record; missing means it no longer exists or is not theirs to see. */
export type Subject = { kind: SubjectKind; id: string; name: string | null; place: string | null; ref: string | null };
export type Subjects = Map<string, Subject>;
export const subjectKey = (kind: SubjectKind, id: string) => `${kind}:${id}`;

/** A piece of a sentence: text, or text that links to a page below /o/:org. */
export type Part = string | { text: string; to: string };

export type AuditEventRow = {
  action: string;
  entity_type: string | null;
  entity_id: string | null;
  data: unknown;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function dataOf(e: AuditEventRow): Record<string, unknown> {
  return e.data && typeof e.data === "object" && !Array.isArray(e.data) ? (e.data as Record<string, unknown>) : {};
}
function str(v: unknown): string | null {
  return typeof v === "string" ? v : null;
}
function uuid(v: unknown): string | null {
  return typeof v === "string" && UUID.test(v) ? v : null;
}

/** The ids an event refers to, by kind, so a page's names can be fetched at once. */
export function referencesOf(e: AuditEventRow): [SubjectKind, string][] {
  const d = dataOf(e);
  const refs: [SubjectKind, string][] = [];
  const add = (kind: SubjectKind, v: unknown) => {
    const id = uuid(v);
    if (id) refs.push([kind, id]);
  };
  const type = e.entity_type;
  if (type === "house" || type === "room" || type === "bed" || type === "stay" || type === "resident" || type === "application" || type === "membership")
    add(type, e.entity_id);
  if (type === "user") add("user", e.entity_id);
  add("resident", d.residentId);
  add("house", d.houseId);
  add("house", d.fromHouseId);
  add("house", d.toHouseId);
  add("bed", d.bedId);
  add("bed", d.toBedId);
  add("bed", d.fromBedId);
  add("room", d.roomId);
  add("user", d.userId);
  add("stay", d.fromStayId);
  for (const list of [d.added, d.removed]) if (Array.isArray(list)) list.slice(0, 20).forEach((m) => add("membership", m));
  return refs;
}

/** Labels for a record, with a link when the reader may open it. */
function namer(subjects: Subjects) {
  const get = (kind: SubjectKind, id: unknown) => {
    const key = uuid(id);
    return key ? subjects.get(subjectKey(kind, key)) : undefined;
  };
  return {
    house(id: unknown): Part {
      const h = get("house", id);
      return h ? { text: h.name ?? "a house", to: `houses/${h.id}` } : "a house";
    },
    room(id: unknown): Part {
      const r = get("room", id);
      return r ? { text: `${r.place}, ${r.name}`, to: `houses/${r.ref}/rooms` } : "a room";
    },
    bed(id: unknown): Part {
      const b = get("bed", id);
      return b ? { text: `${b.place}, bed ${b.name}`, to: `houses/${b.ref}` } : "a bed";
    },
    stay(id: unknown): Part {
      const s = get("stay", id);
      return s ? { text: `${s.place}, bed ${s.name}`, to: `stays/${s.id}` } : "a bed";
    },
    resident(id: unknown): Part {
      const r = get("resident", id);
      return r ? { text: "a resident", to: `residents/${r.id}` } : "a resident";
    },
    application(id: unknown): Part {
      const a = get("application", id);
      return a ? { text: "an application", to: `applications/${a.id}` } : "an application";
    },
    member(id: unknown): Part {
      const m = get("membership", id);
      return m?.name ?? "a former member";
    },
    user(id: unknown): Part {
      const u = get("user", id);
      return u?.name ?? "someone";
    },
  };
}

const roleLabel = (r: unknown) => (typeof r === "string" && r in ROLE_LABELS ? ROLE_LABELS[r as Role].toLowerCase() : "a member");
const APPLICATION_STATUS_WORDS: Record<string, string> = {
  new: "new",
  screening: "in screening",
  accepted: "accepted",
  waitlisted: "on the waitlist",
  declined: "declined",
  admitted: "admitted",
};
const statusWord = (s: unknown) => (typeof s === "string" ? (APPLICATION_STATUS_WORDS[s] ?? s.replace(/_/g, " ")) : "another status");

/** Short labels for the action filter and the CSV's "Event" column. */
export const ACTION_LABELS: Record<string, string> = {
  "auth.login": "Signed in",
  "auth.login_failed": "Sign-in failed",
  "auth.logout": "Signed out",
  "auth.password_changed": "Password changed",
  "auth.password_reset_requested": "Password reset requested",
  "auth.password_reset_completed": "Password reset",
  "auth.sessions_revoked": "Sessions signed out",
  "user.name_changed": "Name changed",
  "org.created": "Organisation created",
  "org.updated": "Settings changed",
  "org.two_factor_requirement_changed": "Two-step sign-in requirement changed",
  "outbox.retried": "Undelivered message queued again",
  "member.added": "Member added",
  "member.role_changed": "Role changed",
  "member.removed": "Member removed",
  "membership.houses_set": "Member's houses set",
  "invite.sent": "Invitation sent",
  "invite.revoked": "Invitation revoked",
  "invite.accepted": "Invitation accepted",
  "house.created": "House added",
  "house.updated": "House edited",
  "house.archived": "House archived",
  "house.reactivated": "House reactivated",
  "house.listing_saved": "Vacancy listing saved",
  "house.staff_set": "House staff changed",
  "room.created": "Room added",
  "room.updated": "Room edited",
  "room.deleted": "Room removed",
  "bed.created": "Bed added",
  "beds.added": "Beds added",
  "bed.updated": "Bed edited",
  "bed.status_changed": "Bed status changed",
  "bed.deleted": "Bed removed",
  "bed.hold_released": "Bed hold ended",
  "resident.created": "Resident added",
  "resident.updated": "Resident record edited",
  "resident.viewed": "Resident record viewed",
  "resident.notes_viewed": "Staff notes viewed",
  "resident.listed": "Residents listed",
  "resident.note_added": "Staff note added",
  "resident.contact_updated": "Contact details updated",
  "resident.account_linked": "Portal account linked",
  "resident.account_unlinked": "Portal account unlinked",
  "resident.intake_carried": "Intake carried over from the application",
  "resident.intake_updated": "Intake edited",
  "resident.screening_note_added": "Screening note added",
  "application.submitted": "Application received",
  "application.created": "Application added",
  "application.viewed": "Application viewed",
  "application.listed": "Applications listed",
  "application.status_changed": "Application status changed",
  "application.screening_notes_updated": "Screening notes updated",
  "application.screening_note_added": "Screening note added",
  "application.intake_updated": "Intake edited",
  "moud.viewed": "MOUD answer viewed",
  "application.admitted": "Applicant admitted",
  "stay.admitted": "Admission",
  "stay.transferred": "Transfer",
  "stay.discharged": "Discharge",
  "stay.cancelled": "Move-in cancelled",
  "stay.viewed": "Stay viewed",
  "audit.exported": "Audit log exported",
  "plan.viewed": "Recovery plan viewed",
  "plan.goal_added": "Plan goal added",
  "plan.goal_proposed": "Plan goal proposed",
  "plan.goal_accepted": "Plan goal accepted",
  "plan.goal_status": "Plan goal status changed",
  "plan.step_added": "Plan step added",
  "plan.step_done": "Plan step done",
  "plan.step_reopened": "Plan step marked not done",
  "plan.step_proposed": "Plan step proposed",
  "plan.step_accepted": "Proposed plan step accepted",
  "plan.step_declined": "Proposed plan step not added",
  "plan.commented": "Plan comment",
  "plan.exported": "Recovery plan exported",
  "referral.listed": "Referrals viewed",
  "referral.viewed": "Referral viewed",
  "referral.created": "Referral drafted",
  "referral.sent": "Referral sent (shared under consent)",
  "referral.consent_needed": "Referral waits for the resident's consent",
  "referral.status": "Referral step recorded",
  "referral.handoff": "Warm handoff recorded",
  "referral.followup_added": "Referral follow-up added",
  "referral.followup_done": "Referral follow-up done",
  "referral.summary_printed": "Referral summary printed (shared under consent)",
  "referral.summary_refused": "Referral summary refused (no active consent)",
  "screening.recorded": "Needs screening recorded",
  "screening.viewed": "Needs screening viewed",
  "checkins.viewed": "Check-ins viewed",
  "checkin.taken": "Check-in taken",
  "checkin.recorded": "Paper check-in recorded",
  "session.created": "Session added",
  "session.updated": "Session edited",
  "session.cancelled": "Session cancelled",
  "session.moved": "Session moved",
  "session.restored": "Session put back as planned",
  "session.archived": "Session archived",
  "session.attendance_recorded": "Attendance recorded",
  "session.listed": "Sessions page viewed",
  "session_kind.created": "Kind of session added",
  "meeting.logged": "Meeting logged",
  "meeting.deleted": "Logged meeting removed",
  "meeting_target.set": "Weekly meeting target set",
  "document.draft_saved": "House document draft saved",
  "document.draft_discarded": "House document draft discarded",
  "document.published": "House document published",
  "document.signed": "House document signed",
  "document_signature.viewed": "Signed house document viewed",
  "document_signature.listed": "House document signatures listed",
  "consent.prepared": "Consent prepared",
  "consent.signed": "Consent signed",
  "consent.revoked": "Consent revoked",
  "consent.viewed": "Consent viewed",
  "consent.listed": "Consents listed",
  "disclosure.granted": "Information disclosed under a consent",
  "disclosure.refused": "Disclosure refused (no matching active consent)",
  "disclosure.viewed": "Release letter viewed",
  "mydata.exported": "Resident downloaded their data",
  "chore.created": "Chore added",
  "chore.updated": "Chore edited",
  "chore.archived": "Chore archived",
  "chore.rotation_generated": "Chore rotation generated",
  "chore.rotation_regenerated": "Chore rotation redone",
  "chore.done": "Chore marked done",
  "chore.verified": "Chore verified",
  "chore.sent_back": "Chore sent back",
  "chore.listed": "Chores listed",
  "chore.swap_requested": "Chore swap requested",
  "chore.swap_accepted": "Chore swap accepted",
  "chore.swap_declined": "Chore swap declined",
  "chore.swap_cancelled": "Chore swap cancelled",
  "house.office_assigned": "House office assigned",
  "house.office_cleared": "House office left empty",
  "calendar_feed.created": "Calendar link made",
  "calendar_feed.regenerated": "Calendar link replaced",
  "calendar_feed.revoked": "Calendar link turned off",
  "today.listed": "Today page viewed",
  "fee_schedule.created": "Fee schedule added",
  "ledger.charges_posted": "Fee charges posted",
  "ledger.charge_recorded": "Charge recorded",
  "ledger.credit_recorded": "Credit recorded",
  "ledger.payment_recorded": "Payment recorded",
  "ledger.payment_refunded": "Payment refunded",
  "ledger.entry_reversed": "Ledger entry corrected",
  "ledger.viewed": "Resident ledger viewed",
  "ledger.listed": "House ledger viewed",
  "receipt.viewed": "Receipt viewed",
  "file.uploaded": "File uploaded",
  "file.downloaded": "File downloaded",
  "safety_check.added": "Safety check added",
  "safety_check.archived": "Safety check removed",
  "safety_check.logged": "Safety check logged",
  "compliance_document.added": "Compliance document added",
  "compliance_document.archived": "Compliance document removed",
  "compliance_document.reminded": "Document expiry reminders sent",
  "certification.viewed": "Certification viewed by the certifying body",
  "certification.status_changed": "Certification status changed",
  "certification.appeal_requested": "Certification appeal requested",
  "certification.expired": "Certifications expired",
  "certification.reminded": "Certification renewal reminders sent",
  "inspection.listed": "Inspections viewed by the certifying body",
  "inspection.viewed": "Inspection opened by the certifying body",
  "inspection.scheduled": "Inspection scheduled",
  "inspection.rescheduled": "Inspection rescheduled",
  "inspection.cancelled": "Inspection cancelled",
  "inspection.started": "Inspection started",
  "inspection.verdict_recorded": "Inspection verdict recorded",
  "inspection.photo_added": "Inspection photo added",
  "inspection.completed": "Inspection completed",
  "service.created": "Directory entry added",
  "service.updated": "Directory entry edited",
  "service.verified": "Directory entry verified",
  "service.status_changed": "Directory entry made active or inactive",
  "service.imported": "Directory imported",
  "service.exported": "Directory exported",
  "application.anonymised": "Application anonymised",
  "arrears.listed": "Arrears report viewed",
  "money.overview_viewed": "Money overview viewed",
  "auth.login_failures_notified": "Owner told of failed sign-ins",
  "auth.signup_requested": "Sign-up requested",
  "auth.two_factor_enabled": "Two-step sign-in turned on",
  "auth.two_factor_disabled": "Two-step sign-in turned off",
  "auth.two_factor_failed": "Wrong sign-in code",
  "user.phone_changed": "Phone number changed",
  "fee_agreement.acknowledged": "Fee agreement signed",
  "fee_agreement.paper_recorded": "Paper fee agreement recorded",
  "fee_agreement.viewed": "Fee agreement viewed",
  "fee_agreement.listed": "Fee agreements listed",
  "fee_reminder.queued": "Payment reminders queued",
  "fee_reminder.settings_changed": "Payment reminder settings changed",
  "fee_schedule.ended": "Fee schedule ended",
  "house_fund.money_in": "Money into the house fund",
  "house_fund.expense_proposed": "House fund expense proposed",
  "house_fund.expense_approved": "House fund expense approved",
  "house_fund.share_approved": "House fund share approved",
  "house_fund.audit_prepared": "House fund audit prepared",
  "house_fund.audit_signed": "House fund audit signed",
  "house_fund.viewed": "House fund viewed",
  "ledger.deposit_kept": "Deposit kept",
  "ledger.exported": "Ledger exported",
  "statement.viewed": "Statement viewed",
  "pay_link.created": "Payment link created",
  "pay_link.revoked": "Payment links revoked",
  "payment.checkout_started": "Online payment started",
  "payment.failed": "Online payment failed",
  "payment.disputed": "Payment disputed",
  "payment.dispute_lost": "Payment dispute lost",
  "payment.event_refused": "Payment notice refused",
  "payment_account.created": "Online payments set up",
  "payment_account.status_changed": "Online payments account changed",
  "payment_plan.agreed": "Payment plan agreed",
  "payment_plan.ended": "Payment plan ended",
  "stay.discharge_undone": "Discharge undone",
  "stay.transfer_undone": "Transfer undone",
  "house_fund.share_proposed": "House fund share proposed",
  "house_fund.share_set": "House fund share set",
  "house_fund.expense_withdrawn": "House fund expense withdrawn",
  "house_fund.share_withdrawn": "House fund share proposal withdrawn",
  "ledger.deposit_applied": "Deposit applied to what is owed",
  "ledger.deposit_refunded": "Deposit refunded",
  "member.disabled": "Member's access turned off",
  "member.enabled": "Member's access turned on again",
  "audit_grant.issued": "Certifier access given",
  "audit_grant.revoked": "Certifier access revoked",
  "audit.pipeline_viewed": "Audit pipeline viewed by a certifier",
  "audit.operator_viewed": "Operator viewed by a certifier",
  "assessment.viewed": "Self-assessment viewed by a certifier",
  "finding.listed": "Findings viewed by a certifier",
  "finding.viewed": "Finding viewed by a certifier",
  "finding.raised": "Finding raised",
  "finding.updated": "Finding changed",
  "finding.accepted": "Corrective action plan accepted",
  "finding.reopened": "Finding reopened",
  "finding.answered": "Corrective action plan sent",
  "finding.evidence_added": "File attached to a finding's answer",
  "assessment.evidence_disclosed": "Resident evidence shown to a certifier under consent",
  "assessment.started": "Self-assessment started",
  "assessment.answered": "Self-assessment item answered",
  "assessment.evidence_added": "Evidence attached",
  "assessment.evidence_removed": "Evidence removed",
  "assessment.submitted": "Self-assessment submitted",
  "review.commented": "Review comment added",
  "review.clarification_requested": "Clarification requested by a certifier",
  "review.replied": "Clarification answered",
  "standard.cloned": "Standard copied",
  "standard.item_saved": "Standard item saved",
  "standard.item_added": "Standard item added",
  "standard.item_deleted": "Standard item deleted",
  "standard.heading_renamed": "Standard heading renamed",
  "standard.heading_added": "Standard heading added",
  "standard.heading_deleted": "Standard heading deleted",
  "standard.published": "Standard version published",
};

export function actionLabel(action: string) {
  return ACTION_LABELS[action] ?? action;
}

/** What the actor did, as the rest of a sentence that starts with their name. */
export function describeEvent(e: AuditEventRow, subjects: Subjects): Part[] {
  const d = dataOf(e);
  const n = namer(subjects);
  const id = e.entity_id;
  switch (e.action) {
    case "auth.login":
      return [d.via === "password_reset" ? "signed in after resetting their password" : "signed in"];
    case "auth.login_failed":
      return ["failed to sign in (wrong password)"];
    case "auth.logout":
      return ["signed out"];
    case "auth.password_changed":
      return ["changed their password"];
    case "auth.password_reset_requested":
      return ["asked for a password reset link"];
    case "auth.password_reset_completed":
      return ["reset their password"];
    case "auth.sessions_revoked":
      return [d.scope === "others" ? "signed out their other sessions" : "signed out one of their sessions"];
    case "user.name_changed":
      return ["changed their name"];
    case "org.created":
      return ["created the organisation"];
    case "org.updated":
      return ["changed the organisation's settings"];
    case "org.two_factor_requirement_changed":
      return [d.required ? "required two-step sign-in for owners and administrators" : "stopped requiring two-step sign-in for owners and administrators"];
    case "outbox.retried":
      return ["queued an undelivered message again"];
    case "member.added":
      return ["added ", n.user(d.userId), ` as ${roleLabel(d.role)}`];
    case "member.role_changed":
      return ["changed ", n.member(id), `'s role from ${roleLabel(d.from)} to ${roleLabel(d.to)}`];
    case "member.removed":
      return ["removed ", n.user(d.userId), ` (${roleLabel(d.role)}) from the team`];
    case "membership.houses_set":
      return ["set the houses of ", n.member(id)];
    case "invite.sent":
      return d.role === "resident" ? ["invited ", n.resident(d.residentId), " to the resident portal"] : [`invited ${str(d.email) ?? "someone"} as ${roleLabel(d.role)}`];
    case "invite.revoked":
      return [d.reason === "replaced" ? "replaced an invitation with a new one" : `revoked the invitation for ${str(d.email) ?? "a resident"}`];
    case "invite.accepted":
      return [`accepted an invitation as ${roleLabel(d.role)}`];
    case "house.created":
      return ["added the house ", n.house(id)];
    case "house.updated":
      return ["edited ", n.house(id)];
    case "house.archived":
      return ["archived ", n.house(id)];
    case "house.reactivated":
      return ["reactivated ", n.house(id)];
    case "house.listing_saved":
      return [d.published ? "published the vacancy listing of " : "saved the unpublished vacancy listing of ", n.house(id)];
    case "house.staff_set": {
      const added = Array.isArray(d.added) ? d.added : [];
      const removed = Array.isArray(d.removed) ? d.removed : [];
      const parts: Part[] = ["changed who works at ", n.house(id)];
      if (added.length) parts.push(": added ", ...joinParts(added.slice(0, 20).map((m) => n.member(m))));
      if (removed.length) parts.push(added.length ? "; removed " : ": removed ", ...joinParts(removed.slice(0, 20).map((m) => n.member(m))));
      return parts;
    }
    case "room.created":
      return ["added ", n.room(id)];
    case "room.updated":
      return ["edited ", n.room(id)];
    case "room.deleted":
      return ["removed a room"];
    case "bed.created":
      return ["added ", n.bed(id)];
    case "beds.added":
      return [`added ${typeof d.count === "number" ? d.count : "some"} beds to `, n.room(id)];
    case "bed.updated":
      return ["edited ", n.bed(id)];
    case "bed.status_changed":
      return ["marked ", n.bed(id), ` as ${typeof d.status === "string" ? d.status.replace(/_/g, " ") : "changed"}`];
    case "bed.deleted":
      return ["removed a bed"];
    case "bed.hold_released":
      return ["released the hold on ", n.bed(id), " (the hold ended)"];
    case "resident.created":
      return ["added ", n.resident(id)];
    case "resident.updated":
      return ["edited the record of ", n.resident(id)];
    case "resident.viewed":
      return ["viewed the record of ", n.resident(id), d.staffNotes ? " with staff notes" : ""];
    case "resident.notes_viewed":
      return ["viewed the staff notes of ", n.resident(id)];
    case "resident.listed":
      return d.view === "board"
        ? ["viewed the board of ", n.house(id), `, which named ${count(d.residentIds, "resident")}`]
        : [`viewed a list of ${count(d.residentIds, "resident")} in the residents directory${d.searched ? " (a name search)" : ""}`];
    case "resident.note_added":
      return ["added a staff note to ", n.resident(id)];
    case "resident.contact_updated":
      return ["updated the contact details of ", n.resident(id)];
    case "resident.account_linked":
      return ["linked a portal account to ", n.resident(id)];
    case "resident.account_unlinked":
      return ["unlinked the portal account of ", n.resident(id)];
    case "application.submitted":
      return ["received ", n.application(id), " through the public form", ...forHouse(n, d.houseId)];
    case "application.created":
      return ["added ", n.application(id), ...forHouse(n, d.houseId)];
    case "application.viewed":
      return ["viewed ", n.application(id)];
    case "application.listed":
      return [`viewed a list of ${count(d.applicationIds, "application")}${d.view === "waitlist" ? " on the waitlist" : ""}`];
    case "application.status_changed":
      return ["moved ", n.application(id), ` from ${statusWord(d.from)} to ${statusWord(d.to)}`];
    case "application.screening_notes_updated":
      return ["updated the screening notes of ", n.application(id)];
    case "application.screening_note_added":
      return ["added a screening note to ", n.application(id)];
    case "application.intake_updated":
      return ["edited the intake details of ", n.application(id)];
    case "moud.viewed":
      return ["viewed the medication (MOUD) answer of ", e.entity_type === "resident" ? n.resident(id) : n.application(id)];
    case "resident.intake_carried":
      return ["carried the intake of ", n.application(d.fromApplicationId), " into the record of ", n.resident(id)];
    case "resident.intake_updated":
      return ["edited the intake details of ", n.resident(id)];
    case "resident.screening_note_added":
      return ["added a screening note to the record of ", n.resident(id)];
    case "application.admitted":
      return ["admitted the applicant of ", n.application(id), " as ", n.resident(d.residentId)];
    case "stay.admitted":
      return ["admitted ", n.resident(d.residentId), " to ", n.stay(id)];
    case "stay.transferred":
      return ["moved ", n.resident(d.residentId), " from ", n.bed(d.fromBedId), " to ", n.stay(id)];
    case "stay.discharged":
      return ["recorded the discharge of ", n.resident(d.residentId), " from ", n.stay(id)];
    case "stay.cancelled":
      return ["cancelled the move-in of ", n.resident(d.residentId), " to ", n.bed(d.bedId)];
    case "stay.viewed":
      return ["viewed the stay of a resident at ", n.stay(id)];
    case "session.created":
      return ["added a session at ", n.house(id)];
    case "session.updated":
      return ["edited a session at ", n.house(id)];
    case "session.cancelled":
      return [`cancelled the ${typeof d.occursOn === "string" ? d.occursOn : ""} session at `, n.house(id)];
    case "session.moved":
      return [`moved the ${typeof d.occursOn === "string" ? d.occursOn : ""} session at `, n.house(id)];
    case "session.archived":
      return ["archived a session at ", n.house(id), typeof d.from === "string" ? ` (none from ${d.from} on)` : ""];
    case "session.restored":
      return [`put the ${typeof d.occursOn === "string" ? d.occursOn : ""} session at `, n.house(id), ` back as planned (it had been ${d.was === "moved" ? "moved" : "cancelled"})`];
    case "session.attendance_recorded":
      return [`recorded ${typeof d.status === "string" ? d.status : "attendance"} for `, n.resident(id), typeof d.occursOn === "string" ? ` (${d.occursOn})` : ""];
    case "session.listed":
      return [`viewed the ${typeof d.view === "string" ? d.view : "sessions"} page of `, n.house(id), `, which named ${count(d.residentIds, "resident")}`];
    case "session_kind.created":
      return ["added a kind of session"];
    case "meeting.logged":
      return ["logged a meeting for ", n.resident(id)];
    case "meeting.deleted":
      return ["removed a logged meeting of ", n.resident(id)];
    case "calendar_feed.created":
      return [d.kind === "house" ? "made a private calendar link for " : "made a private calendar link for their own week", ...(d.kind === "house" && uuid(d.houseId) ? [n.house(d.houseId)] : [])];
    case "calendar_feed.regenerated":
      return [d.kind === "house" ? "replaced their private calendar link for " : "replaced their private calendar link", ...(d.kind === "house" && uuid(d.houseId) ? [n.house(d.houseId)] : [])];
    case "calendar_feed.revoked":
      return [d.kind === "house" ? "turned off their private calendar link for " : "turned off their private calendar link", ...(d.kind === "house" && uuid(d.houseId) ? [n.house(d.houseId)] : [])];
    case "meeting_target.set":
      return [`set the weekly meeting target of `, n.house(id), ` to ${typeof d.weeklyTarget === "number" ? d.weeklyTarget : "?"}`];
    case "document.draft_saved":
      return [`saved a draft of the ${docKind(d.kind)}`, ...docScope(n, d.houseId)];
    case "document.draft_discarded":
      return [`discarded a draft of the ${docKind(d.kind)}`, ...docScope(n, d.houseId)];
    case "document.published":
      return [`published version ${typeof d.version === "number" ? d.version : "?"} of the ${docKind(d.kind)}`, ...docScope(n, d.houseId)];
    case "document.signed":
      return [`signed the ${docKind(d.kind)}`];
    case "document_signature.viewed":
      return ["opened a signed house document of ", n.resident(d.residentId)];
    case "consent.prepared":
      return ["prepared a consent for ", n.resident(d.residentId), " to sign"];
    case "consent.signed":
      return ["signed a consent"];
    case "consent.revoked":
      return [d.byResident ? "revoked a consent" : "recorded the revocation of a consent of ", ...(d.byResident ? [] : [n.resident(d.residentId)])];
    case "consent.viewed":
      return ["opened a consent of ", n.resident(d.residentId)];
    case "consent.listed":
      return ["viewed the consents and disclosure log of ", n.resident(id)];
    case "disclosure.granted":
      return ["disclosed information about ", n.resident(d.residentId), " under their consent"];
    case "disclosure.refused":
      return ["tried to disclose information about ", n.resident(d.residentId), "; refused, no matching active consent"];
    case "disclosure.viewed":
      return ["opened a release letter about ", n.resident(d.residentId)];
    case "mydata.exported":
      return ["downloaded their own data"];
    case "document_signature.listed":
      return ["viewed who has signed the house documents of ", n.house(id), `, which named ${count(d.residentIds, "resident")}`];
    case "audit.exported":
      return [`exported the audit log${typeof d.rows === "number" ? ` (${d.rows} events)` : ""}`];
    case "chore.created":
      return ["added a chore to ", n.house(d.houseId)];
    case "chore.updated":
      return ["edited a chore"];
    case "chore.archived":
      return ["archived a chore of ", n.house(d.houseId)];
    case "chore.rotation_generated":
    case "chore.rotation_regenerated":
      return [
        e.action === "chore.rotation_generated" ? "generated the chore rotation of " : "redid the chore rotation of ",
        n.house(id),
        typeof d.from === "string" && typeof d.to === "string" ? ` for ${d.from} to ${d.to}` : "",
        typeof d.created === "number" ? ` (${d.created} chores assigned)` : "",
      ];
    case "chore.done":
      return [d.redo ? "marked a chore done again" : "marked a chore done"];
    case "chore.verified":
      return ["verified a chore at ", n.house(d.houseId)];
    case "chore.sent_back":
      return ["sent back a chore at ", n.house(d.houseId)];
    case "chore.listed":
      return d.view === "board"
        ? ["viewed the residents' chore board of ", n.house(id), `, which named housemates on ${count(d.assignmentIds, "chore")}`]
        : ["viewed the chores of ", n.house(id), `, which named ${count(d.residentIds, "resident")}`];
    case "chore.swap_requested":
      return ["asked a housemate to take a chore"];
    case "chore.swap_accepted":
      return ["took a chore a housemate asked them to"];
    case "chore.swap_declined":
      return ["declined to take a housemate's chore"];
    case "chore.swap_cancelled":
      return ["cancelled a chore swap request"];
    case "house.office_assigned":
      return ["gave ", n.resident(d.residentId), ` the ${typeof d.office === "string" ? d.office : ""} office at `, n.house(id)];
    case "house.office_cleared":
      return [`left the ${typeof d.office === "string" ? d.office : ""} office at `, n.house(id), " empty"];
    case "today.listed":
      return d.summary === true
        ? [`viewed the today summary of ${count(d.houseIds, "house")}, which names no resident`]
        : [`viewed the today page of ${count(d.houseIds, "house")}, which named ${count(d.residentIds, "resident")}`];
    case "fee_schedule.created":
      return [`added a fee schedule of ${cents(d.amountCents)}`, ...(uuid(d.houseId) ? [" at ", n.house(d.houseId)] : [" for the organisation"])];
    case "ledger.charges_posted":
      return [`posted ${typeof d.count === "number" ? d.count : "?"} fee charge${d.count === 1 ? "" : "s"}`, ...(uuid(d.houseId) ? [" at ", n.house(d.houseId)] : [])];
    case "ledger.charge_recorded":
      return [`recorded a charge of ${cents(d.amountCents)} for `, n.resident(d.residentId)];
    case "ledger.credit_recorded":
      return [`recorded a credit of ${cents(d.amountCents)} for `, n.resident(d.residentId)];
    case "ledger.payment_recorded":
      return [`recorded a payment of ${cents(d.amountCents)}${typeof d.receiptNumber === "number" ? ` (receipt ${d.receiptNumber})` : ""} for `, n.resident(d.residentId)];
    case "ledger.payment_refunded":
      return [`refunded ${cents(d.amountCents)} of a payment`];
    case "ledger.entry_reversed":
      return [`corrected a ledger entry (${cents(d.amountCents)})`];
    case "ledger.viewed":
      return ["viewed the ledger of ", n.resident(d.residentId)];
    case "ledger.listed":
      return ["viewed the ledger of ", n.house(id), `, which named ${count(d.residentIds, "resident")}`];
    case "receipt.viewed":
      return ["opened a receipt of ", n.resident(d.residentId)];
    case "file.uploaded":
      return ["uploaded a file", typeof d.houseId === "string" ? " for " : "", ...(typeof d.houseId === "string" ? [n.house(d.houseId)] : [])];
    case "file.downloaded":
      return ["downloaded a file", typeof d.houseId === "string" ? " of " : "", ...(typeof d.houseId === "string" ? [n.house(d.houseId)] : [])];
    case "safety_check.added":
      return ["added a safety check to ", n.house(d.houseId)];
    case "safety_check.archived":
      return ["removed a safety check from ", n.house(d.houseId)];
    case "safety_check.logged":
      return ["logged a safety check at ", n.house(d.houseId)];
    case "compliance_document.added":
      return ["added a compliance document to ", n.house(d.houseId)];
    case "compliance_document.archived":
      return ["removed a compliance document from ", n.house(d.houseId)];
    case "compliance_document.reminded":
      return [`queued expiry reminders for ${count(d.documents, "document")}`];
    case "certification.viewed":
      return [`viewed the certification${str(d.certifier) ? ` (as ${str(d.certifier)})` : ""}`, ...forHouse(n, d.houseId)];
    case "certification.status_changed":
      return [`moved the certification${str(d.to) ? ` to “${str(d.to)!.replace(/_/g, " ")}”` : ""}${str(d.certifier) ? ` (as ${str(d.certifier)})` : ""}`, ...forHouse(n, d.houseId)];
    case "certification.appeal_requested":
      return ["requested an appeal of the certification decision", ...forHouse(n, d.houseId)];
    case "certification.expired":
      return [`marked ${count(d.certifications, "certification")} expired`];
    case "certification.reminded":
      return [`queued renewal reminders for ${count(d.certifications, "certification")}`];
    case "inspection.listed":
      return [`viewed the inspections${str(d.certifier) ? ` (as ${str(d.certifier)})` : ""}`, ...forHouse(n, d.houseId)];
    case "inspection.viewed":
      return [`opened an inspection${str(d.certifier) ? ` (as ${str(d.certifier)})` : ""}`, ...forHouse(n, d.houseId)];
    case "inspection.scheduled":
      return [`scheduled an inspection${str(d.scheduledOn) ? ` on ${str(d.scheduledOn)}` : ""}${str(d.certifier) ? ` (as ${str(d.certifier)})` : ""}`, ...forHouse(n, d.houseId)];
    case "inspection.rescheduled":
      return [`rescheduled an inspection${str(d.scheduledOn) ? ` to ${str(d.scheduledOn)}` : ""}${str(d.certifier) ? ` (as ${str(d.certifier)})` : ""}`, ...forHouse(n, d.houseId)];
    case "inspection.cancelled":
      return [`cancelled an inspection${str(d.certifier) ? ` (as ${str(d.certifier)})` : ""}`, ...forHouse(n, d.houseId)];
    case "inspection.started":
      return [`started an inspection${str(d.certifier) ? ` (as ${str(d.certifier)})` : ""}`, ...forHouse(n, d.houseId)];
    case "inspection.verdict_recorded":
      return [`recorded a verdict${str(d.verdict) ? ` (${str(d.verdict)!.replace(/_/g, " ")})` : ""} in an inspection${str(d.certifier) ? ` (as ${str(d.certifier)})` : ""}`, ...forHouse(n, d.houseId)];
    case "inspection.photo_added":
      return [`added a photo to an inspection${str(d.certifier) ? ` (as ${str(d.certifier)})` : ""}`, ...forHouse(n, d.houseId)];
    case "inspection.completed":
      return [`completed an inspection, raising ${count(d.findingIds, "finding")}${str(d.certifier) ? ` (as ${str(d.certifier)})` : ""}`, ...forHouse(n, d.houseId)];
    case "service.created":
      return [{ text: "added a services directory entry", to: `services/${id}` }];
    case "service.updated":
      return [{ text: "edited a services directory entry", to: `services/${id}` }];
    case "service.verified":
      return [{ text: "marked a services directory entry verified", to: `services/${id}` }];
    case "service.status_changed":
      return [{ text: `made a services directory entry ${str(d.status) ?? "active or inactive"}`, to: `services/${id}` }];
    case "service.imported":
      return [`imported ${typeof d.count === "number" ? d.count : "?"} services into the directory (${str(d.format) ?? "HSDS"})`];
    case "service.exported":
      return [`exported the services directory (${str(d.format) ?? "HSDS"})`];
    case "application.anonymised":
      return [`anonymised a decided application after ${typeof d.afterDays === "number" ? d.afterDays : "the retention"} days`];
    case "plan.viewed":
      return ["viewed the recovery plan of ", n.resident(id)];
    case "plan.goal_added":
      return [str(d.dimension) ? `added a ${str(d.dimension)} goal to the recovery plan of ` : "added a goal to the recovery plan of ", n.resident(id)];
    case "plan.goal_proposed":
      return ["proposed a goal for their recovery plan"];
    case "plan.goal_accepted":
      return ["added a proposed goal to the recovery plan of ", n.resident(id)];
    case "plan.goal_status":
      return [`marked a goal ${str(d.to)?.replace(/_/g, " ") ?? "changed"} in the recovery plan of `, n.resident(id)];
    case "plan.step_proposed":
      return ["proposed a step for their recovery plan"];
    case "plan.step_accepted":
      return ["added a proposed step to the recovery plan of ", n.resident(id)];
    case "plan.step_declined":
      return ["did not add a proposed step to the recovery plan of ", n.resident(id), " for now"];
    case "plan.step_done":
      return ["marked a step done in the recovery plan of ", n.resident(id)];
    case "plan.step_reopened":
      return ["marked a step not done in the recovery plan of ", n.resident(id)];
    case "referral.summary_printed":
      return ["printed a referral summary of ", n.resident(d.residentId), " under their consent"];
    case "referral.summary_refused":
      return ["was refused a referral summary of ", n.resident(d.residentId), " (no consent covered it)"];
    case "plan.step_added":
      return ["added a step to the recovery plan of ", n.resident(id)];
    case "plan.commented":
      return ["commented on the recovery plan of ", n.resident(id)];
    case "plan.exported":
      return ["exported the recovery plan of ", n.resident(id)];
    case "screening.recorded":
      return ["recorded a needs screening for ", n.resident(id)];
    case "screening.viewed":
      return ["viewed the needs screenings of ", n.resident(id)];
    case "checkin.taken":
      return ["took their recovery check-in"];
    case "checkin.recorded":
      return ["recorded a check-in given on paper by ", n.resident(id)];
    case "checkins.viewed":
      return ["viewed the check-ins of ", n.resident(id)];
    case "referral.listed":
      return ["viewed the referrals of ", n.resident(id)];
    case "referral.viewed":
      return ["viewed a referral of ", n.resident(d.residentId)];
    case "referral.created":
      return ["drafted a referral for ", n.resident(d.residentId)];
    case "referral.consent_needed":
      return ["asked for the consent a referral of ", n.resident(d.residentId), " needs"];
    case "referral.sent":
      return ["sent a referral of ", n.resident(d.residentId), " under their consent"];
    case "referral.status":
      return [`moved a referral of `, n.resident(d.residentId), ` to “${str(d.to)?.replace(/_/g, " ") ?? "its next step"}”`];
    case "referral.handoff":
      return ["recorded a warm handoff for ", n.resident(d.residentId)];
    case "referral.followup_added":
      return ["added a referral follow-up for ", n.resident(d.residentId)];
    case "referral.followup_done":
      return ["completed a referral follow-up for ", n.resident(d.residentId)];
    case "arrears.listed":
      return ["viewed the arrears report", ...forHouse(n, e.entity_type === "house" ? id : null), `, which named ${count(d.residentIds, "resident")}`];
    case "money.overview_viewed":
      return [`viewed the money overview of ${count(d.houseIds, "house")}`];
    case "auth.login_failures_notified":
      return ["was sent a notice of repeated failed sign-ins to their account"];
    case "auth.signup_requested":
      return ["asked to create an account"];
    case "auth.two_factor_enabled":
      return ["turned on two-step sign-in"];
    case "auth.two_factor_disabled":
      return ["turned off two-step sign-in"];
    case "auth.two_factor_failed":
      return ["entered a wrong sign-in code"];
    case "user.phone_changed":
      return ["changed their phone number"];
    case "fee_agreement.acknowledged":
      return ["signed the fee agreement of ", n.resident(d.residentId)];
    case "fee_agreement.paper_recorded":
      return ["recorded a fee agreement signed on paper by ", n.resident(d.residentId)];
    case "fee_agreement.viewed":
      return ["viewed the fee agreement of ", n.resident(d.residentId)];
    case "fee_agreement.listed":
      return ["viewed the fee agreements of ", n.house(id), `, which named ${count(d.residentIds, "resident")}`];
    case "fee_reminder.queued":
      return [`queued payment reminders for ${count(d.residentIds, "resident")}`];
    case "fee_reminder.settings_changed":
      return ["changed the payment reminder settings"];
    case "fee_schedule.ended":
      return ["ended a fee schedule", ...forHouse(n, d.houseId)];
    case "house_fund.money_in":
      return [`recorded ${cents(d.amountCents)} into the house fund of `, n.house(d.houseId), " from ", n.resident(d.residentId)];
    case "house_fund.expense_proposed":
      return [`proposed a house fund expense of ${cents(d.amountCents)} at `, n.house(d.houseId)];
    case "house_fund.expense_approved":
      return ["approved a house fund expense at ", n.house(d.houseId)];
    case "house_fund.share_approved":
      return ["approved the house fund share at ", n.house(id)];
    case "house_fund.audit_prepared":
      return ["prepared a house fund audit", ...forHouse(n, d.houseId)];
    case "house_fund.audit_signed":
      return ["signed a house fund audit", ...forHouse(n, d.houseId)];
    case "house_fund.viewed":
      return ["viewed the house fund of ", n.house(id)];
    case "ledger.deposit_kept":
      return [`kept ${cents(d.amountCents)} of the deposit of `, n.resident(d.residentId)];
    case "ledger.exported":
      return e.entity_type === "house"
        ? ["exported the ledger of ", n.house(id), `, which named ${count(d.residentIds, "resident")}`]
        : ["exported the ledger of ", n.resident(id)];
    case "statement.viewed":
      return [str(d.month) ? `viewed the ${str(d.month)} statement of ` : "viewed a statement of ", n.resident(d.residentId)];
    case "pay_link.created":
      return ["created a payment link for ", n.resident(d.residentId)];
    case "pay_link.revoked":
      return ["revoked the payment links of ", n.resident(id)];
    case "payment.checkout_started":
      return ["started an online payment"];
    case "payment.failed":
      return ["recorded a failed online payment"];
    case "payment.disputed":
      return [`recorded a dispute of a payment (${cents(d.amountCents)})`];
    case "payment.dispute_lost":
      return [`recorded a lost payment dispute (${cents(d.amountCents)})`];
    case "payment.event_refused":
      return [`refused a payment notice that did not match (${cents(d.amountCents)})`];
    case "payment_account.created":
      return ["set up online payments"];
    case "payment_account.status_changed":
      return ["recorded a change to the online payments account"];
    case "payment_plan.agreed":
      return [`agreed a payment plan of ${cents(d.amountCents)} with `, n.resident(d.residentId)];
    case "payment_plan.ended":
      return ["ended the payment plan of ", n.resident(d.residentId)];
    case "stay.discharge_undone":
      return ["undid the discharge of ", n.resident(d.residentId), " from ", n.stay(id)];
    case "stay.transfer_undone":
      return ["undid a transfer of ", n.resident(d.residentId)];
    case "house_fund.share_proposed":
      return ["proposed a house fund share at ", n.house(id)];
    case "house_fund.share_set":
      return ["set the house fund share at ", n.house(id)];
    case "house_fund.expense_withdrawn":
      return ["withdrew a proposed house fund expense at ", n.house(d.houseId)];
    case "house_fund.share_withdrawn":
      return ["withdrew a proposed house fund share at ", n.house(d.houseId)];
    case "ledger.deposit_applied":
      return [`applied ${cents(d.amountCents)} of a deposit to what `, n.resident(d.residentId), " owes"];
    case "ledger.deposit_refunded":
      return [`refunded ${cents(d.amountCents)} of the deposit of `, n.resident(d.residentId)];
    case "member.disabled":
      return ["turned off the access of ", n.user(d.userId)];
    case "member.enabled":
      return ["turned the access of ", n.user(d.userId), " on again"];
    case "audit_grant.issued":
      return [`gave a certifying body ${str(d.scope) === "review" ? "review" : "certification"} access to ${count(d.houseIds, "house")}`];
    case "audit_grant.revoked":
      return ["revoked a certifying body's access"];
    case "audit.pipeline_viewed":
      return [`viewed ${count(d.houseIds, "house")} in a certifier's audit pipeline${certifierOf(d)}`];
    case "audit.operator_viewed":
      return [`viewed an operator's access and houses${certifierOf(d)}`];
    case "assessment.viewed":
      return [`viewed a submitted or draft self-assessment${certifierOf(d)}`, ...forHouse(n, d.houseId)];
    case "finding.listed":
      return [`viewed a list of ${count(d.findingIds, "finding")}${certifierOf(d)}`];
    case "finding.viewed":
      return [`viewed a finding${certifierOf(d)}`, ...forHouse(n, d.houseId)];
    case "finding.raised":
      return [`raised a ${str(d.severity) ? `${str(d.severity)} ` : ""}finding${certifierOf(d)}`, ...forHouse(n, d.houseId)];
    case "finding.updated":
      return [`changed a finding's severity, summary or due date${certifierOf(d)}`, ...forHouse(n, d.houseId)];
    case "finding.accepted":
      return [`accepted the corrective action plan of a finding${certifierOf(d)}`, ...forHouse(n, d.houseId)];
    case "finding.reopened":
      return [`reopened a finding${certifierOf(d)}`, ...forHouse(n, d.houseId)];
    case "finding.answered":
      return ["sent a corrective action plan for a finding", ...forHouse(n, d.houseId)];
    case "finding.evidence_added":
      return ["attached a file to the answer to a finding"];
    case "assessment.started":
      return [{ text: `started a self-assessment (level ${typeof d.level === "number" ? d.level : "?"})`, to: `standards/${id}` }, ...(typeof d.houseId === "string" ? [" for ", n.house(d.houseId)] : [])];
    case "assessment.answered":
      return [{ text: "answered an item of a self-assessment", to: `standards/${id}` }];
    case "assessment.evidence_added":
      return [
        { text: d.link ? "linked a record as evidence in a self-assessment" : "attached a file as evidence in a self-assessment", to: `standards/${id}` },
        ...(uuid(d.sharedResidentId) ? [", about ", n.resident(d.sharedResidentId), ", shareable with a certifier under their consent"] : []),
      ];
    case "assessment.evidence_disclosed":
      return [`viewed ${count(d.evidenceIds, "piece")} of evidence about residents, shared under their consent${certifierOf(d)}`, ...forHouse(n, d.houseId)];
    case "assessment.evidence_removed":
      return [{ text: "removed evidence from a self-assessment", to: `standards/${id}` }];
    case "assessment.submitted":
      return [{ text: "submitted a self-assessment for review", to: `standards/${id}` }];
    case "review.commented":
      return [`commented on item ${str(d.itemCode) ?? "?"} of a self-assessment${certifierOf(d)}`, ...forHouse(n, d.houseId)];
    case "review.clarification_requested":
      return [`asked for clarification on item ${str(d.itemCode) ?? "?"} of a self-assessment${certifierOf(d)}`, ...forHouse(n, d.houseId)];
    case "review.replied":
      return [`answered a request for clarification on item ${str(d.itemCode) ?? "?"} of a self-assessment`, ...forHouse(n, d.houseId)];
    case "standard.cloned":
      return [{ text: `copied a standard as version ${str(d.version) ?? "?"}`, to: `library/${id}` }];
    case "standard.item_saved":
      return [{ text: `saved item ${str(d.code) ?? "?"} of a standard`, to: `library/${id}` }];
    case "standard.item_added":
      return [{ text: `added item ${str(d.code) ?? "?"} to a standard`, to: `library/${id}` }];
    case "standard.item_deleted":
      return [{ text: `deleted item ${str(d.code) ?? "?"} from a standard`, to: `library/${id}` }];
    case "standard.heading_renamed":
      return [{ text: `renamed heading ${str(d.code) ?? "?"} of a standard`, to: `library/${id}` }];
    case "standard.heading_added":
      return [{ text: `added heading ${str(d.code) ?? "?"} to a standard`, to: `library/${id}` }];
    case "standard.heading_deleted":
      return [{ text: `deleted heading ${str(d.code) ?? "?"} of a standard`, to: `library/${id}` }];
    case "standard.published":
      return [{ text: `published a standard version${str(d.version) ? ` (${str(d.version)})` : ""}`, to: `library/${id}` }];
    default:
      return [`did “${e.action}”`];
  }
}

const DOC_KINDS: Record<string, string> = {
  house_rules: "house rules",
  resident_rights: "resident rights and responsibilities",
  grievance_procedure: "grievance procedure",
  good_neighbour: "good-neighbour policy",
};
const docKind = (kind: unknown) => (typeof kind === "string" && DOC_KINDS[kind]) || "house document";
const docScope = (n: ReturnType<typeof namer>, houseId: unknown): Part[] => (uuid(houseId) ? [" of ", n.house(houseId)] : [" (organisation default)"]);

/** An amount in an event's data, unsigned ("$25.00"). */
const cents = (v: unknown) => (typeof v === "number" && Number.isSafeInteger(v) ? formatAmount(v) : "an amount");

/** In an operator's log, the certifying body that acted (certifier_audit names it). */
const certifierOf = (d: Record<string, unknown>) => (typeof d.certifier === "string" ? ` (for ${d.certifier})` : "");

/** "1 resident", "12 residents" for a list of ids in the event's data. */
function count(ids: unknown, noun: string): string {
  const n = Array.isArray(ids) ? ids.length : 0;
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

function forHouse(n: ReturnType<typeof namer>, houseId: unknown): Part[] {
  return uuid(houseId) ? [" for ", n.house(houseId)] : [];
}

function joinParts(parts: Part[]): Part[] {
  return parts.flatMap((p, i) => (i === 0 ? [p] : [i === parts.length - 1 ? " and " : ", ", p]));
}

/** The sentence as plain text (for the CSV). */
export function plainText(parts: Part[]) {
  return parts.map((p) => (typeof p === "string" ? p : p.text)).join("");
}

/** Who the sentence starts with: the person, or what acted when nobody was signed in. */
export function actorName(e: { actor_name: string | null; action: string }) {
  if (e.actor_name) return e.actor_name;
  return e.action === "application.submitted" ? "The public application form" : "Hearth";
}
