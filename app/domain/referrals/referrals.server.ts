import { sql } from "kysely";
import { jsonArrayFrom } from "kysely/helpers/postgres";
import type { HandoffMethod, ReferralEventKind, ReferralOutcome, ReferralStatus, ReferralUrgency } from "#app/db/schema";
import type { Tx } from "#app/db/tenant.server";
import { audit } from "#app/domain/audit/audit.server";
import { disclose, type DisclosureOutcome } from "#app/domain/consents/disclose.server";
import { DomainError, guardDb, notFound, parseInput } from "#app/domain/errors.server";
import { id as idSchema } from "#app/lib/fields";
import {
  canMove,
  FollowupDoneInput,
  FollowupInput,
  HandoffInput,
  REFERRAL_DISCLOSURE,
  REFERRAL_STATUS_LABELS,
  ReferralInput,
  StepInput,
} from "./schemas";

/**
 * Referrals (ADR 046): staff of a resident's house refer them to a directory service, send
 * it through the consent gate, record the warm handoff, the service's answer, the
 * appointment and its outcome, and follow up. RLS (0039) decides who sees and writes (the
 * resident reads their own; their house's staff and owners/admins write); the trigger
 * allows only the flow's steps; these functions parse input, say no clearly, write the
 * history and audit every staff read and every write (ids only, never the words).
 */

const REFUSALS = {
  "42501": { kind: "forbidden" as const, message: "Only the staff of the resident's house can change their referrals." },
  referral_resident_fk: { kind: "not_found" as const, message: "Resident not found." },
  referral_service_fk: { kind: "not_found" as const, message: "Choose a service from the directory.", field: "serviceId" },
  referral_goal_fk: { kind: "not_found" as const, message: "Choose one of the resident's goals.", field: "goalId" },
  referral_transition: { kind: "conflict" as const, message: "That step doesn't follow from where the referral is now. Reload the page." },
  referral_followup_once: { kind: "conflict" as const, message: "That follow-up is already done." },
};

/** Whose referrals: the signed-in resident's own, or a resident's by id (staff). */
export type ReferralOwner = { self: true } | { residentId: string };

const whoseRow = (owner: ReferralOwner) => ("self" in owner ? sql<boolean>`r.id = (select current_resident_id())` : sql<boolean>`r.id = ${owner.residentId}::uuid`);
const onTeam = sql<boolean>`(select current_app_role()) in ('owner', 'admin') or r.id = any ((select current_plan_resident_ids())::uuid[])`;
const NAME = sql<string>`coalesce(r.preferred_name, r.legal_name)`;
const ISO = (col: string) => sql<string>`to_char(${sql.ref(col)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** The resident's house's zone (newest stay), else the org's. */
const residentZone = sql<string>`coalesce((select h.time_zone from stay st join house h on h.org_id = st.org_id and h.id = st.house_id
  where st.org_id = r.org_id and st.resident_id = r.id order by lower(st.during) desc limit 1), (select o.time_zone from org o where o.id = r.org_id))`;

export type ReferralListItem = {
  id: string;
  serviceId: string;
  serviceName: string;
  organizationName: string;
  goalId: string | null;
  goalTitle: string | null;
  reason: string;
  urgency: ReferralUrgency;
  status: ReferralStatus;
  outcome: ReferralOutcome | null;
  statusAt: string;
  appointmentAt: string | null;
  appointmentPlace: string | null;
  openFollowups: number;
  createdAt: string;
};

function listQuery(tx: Tx) {
  return tx
    .selectFrom("referral as f")
    .innerJoin("service as s", (j) => j.onRef("s.org_id", "=", "f.org_id").onRef("s.id", "=", "f.service_id"))
    .innerJoin("service_organization as so", (j) => j.onRef("so.org_id", "=", "s.org_id").onRef("so.id", "=", "s.organization_id"))
    .leftJoin("plan_goal as g", (j) => j.onRef("g.org_id", "=", "f.org_id").onRef("g.resident_id", "=", "f.resident_id").onRef("g.id", "=", "f.goal_id"))
    .select([
      "f.id",
      "f.service_id as serviceId",
      "s.name as serviceName",
      "so.name as organizationName",
      "f.goal_id as goalId",
      "g.title as goalTitle",
      "f.reason",
      "f.urgency",
      "f.status",
      "f.outcome",
      ISO("f.status_at").as("statusAt"),
      sql<string | null>`case when f.appointment_at is null then null else ${ISO("f.appointment_at")} end`.as("appointmentAt"),
      "f.appointment_place as appointmentPlace",
      sql<number>`(select count(*)::int from referral_followup u where u.org_id = f.org_id and u.referral_id = f.id and u.done_at is null)`.as("openFollowups"),
      ISO("f.created_at").as("createdAt"),
    ])
    .orderBy("f.created_at", "desc")
    .orderBy("f.id", "desc");
}

export type ReferralTimeline = { residentId: string; name: string; timeZone: string; referrals: ReferralListItem[] };

/**
 * A resident's referrals, newest first (at most 100: a stay has a handful), with the
 * resident's name, in one statement; staff reads are audited. Staff outside the house: not found.
 */
export async function listReferrals(tx: Tx, owner: ReferralOwner): Promise<ReferralTimeline> {
  const staff = !("self" in owner);
  if (staff) parseInput(idSchema, owner.residentId);
  const row = await tx
    .selectFrom("resident as r")
    .select([
      "r.id",
      NAME.as("name"),
      onTeam.as("onTeam"),
      residentZone.as("timeZone"),
      jsonArrayFrom(listQuery(tx).where(sql<boolean>`f.org_id = r.org_id and f.resident_id = r.id`).limit(100)).as("referrals"),
    ])
    .where("r.org_id", "=", sql<string>`(select current_org_id())`)
    .where(whoseRow(owner))
    .executeTakeFirst();
  if (!row) throw staff ? notFound("Resident") : new DomainError("forbidden", "Only residents have referrals of their own.");
  if (staff && !row.onTeam) throw notFound("Resident");
  const referrals = row.referrals as ReferralListItem[];
  if (staff) await audit(tx, "referral.listed", { type: "resident", id: row.id }, { referralIds: referrals.map((r) => r.id) });
  return { residentId: row.id, name: row.name, timeZone: row.timeZone, referrals };
}

/** Staff: the resident is one of theirs (404 otherwise) — actions call it before reading the form. */
export async function referralResident(tx: Tx, residentId: string): Promise<{ id: string; name: string; timeZone: string }> {
  const rid = parseInput(idSchema, residentId);
  const row = await tx
    .selectFrom("resident as r")
    .select(["r.id", NAME.as("name"), onTeam.as("onTeam"), residentZone.as("timeZone")])
    .where("r.org_id", "=", sql<string>`(select current_org_id())`)
    .where("r.id", "=", rid)
    .executeTakeFirst();
  if (!row || !row.onTeam) throw notFound("Resident");
  return row;
}

export type ReferralEventRow = { id: string; kind: ReferralEventKind; status: ReferralStatus | null; outcome: ReferralOutcome | null; disclosureId: string | null; at: string };
export type HandoffRow = {
  id: string;
  introducedBy: string;
  method: HandoffMethod;
  contactName: string;
  contactPhone: string | null;
  happenedOn: string;
  note: string | null;
};
export type FollowupRow = { id: string; dueOn: string; task: string; doneAt: string | null; note: string | null };
export type ReferralDetail = ReferralListItem & {
  residentId: string;
  residentName: string;
  timeZone: string;
  today: string;
  serviceCategories: string[];
  events: ReferralEventRow[];
  handoffs: HandoffRow[];
  followups: FollowupRow[];
};

/** One referral with its history, handoffs and follow-ups, in one statement; staff reads audited. */
export async function getReferral(tx: Tx, owner: ReferralOwner, referralId: string): Promise<ReferralDetail> {
  const staff = !("self" in owner);
  const fid = parseInput(idSchema, referralId);
  if (staff) parseInput(idSchema, owner.residentId);
  const row = await listQuery(tx)
    .innerJoin("resident as r", (j) => j.onRef("r.org_id", "=", "f.org_id").onRef("r.id", "=", "f.resident_id"))
    .select((eb) => [
      "r.id as residentId",
      NAME.as("residentName"),
      onTeam.as("onTeam"),
      residentZone.as("timeZone"),
      sql<string>`(now() at time zone ${residentZone})::date::text`.as("today"),
      "s.categories as serviceCategories",
      jsonArrayFrom(
        eb
          .selectFrom("referral_event as e")
          .select(["e.id", "e.kind", "e.status", "e.outcome", "e.disclosure_id as disclosureId", ISO("e.created_at").as("at")])
          .whereRef("e.org_id", "=", "f.org_id")
          .whereRef("e.referral_id", "=", "f.id")
          .orderBy("e.created_at")
          .orderBy("e.id"),
      ).as("events"),
      jsonArrayFrom(
        eb
          .selectFrom("referral_handoff as h")
          .select([
            "h.id",
            "h.introduced_by as introducedBy",
            "h.method",
            "h.contact_name as contactName",
            "h.contact_phone as contactPhone",
            sql<string>`h.happened_on::text`.as("happenedOn"),
            "h.note",
          ])
          .whereRef("h.org_id", "=", "f.org_id")
          .whereRef("h.referral_id", "=", "f.id")
          .orderBy("h.happened_on")
          .orderBy("h.id"),
      ).as("handoffs"),
      jsonArrayFrom(
        eb
          .selectFrom("referral_followup as u")
          .select(["u.id", sql<string>`u.due_on::text`.as("dueOn"), "u.task", sql<string | null>`case when u.done_at is null then null else ${ISO("u.done_at")} end`.as("doneAt"), "u.note"])
          .whereRef("u.org_id", "=", "f.org_id")
          .whereRef("u.referral_id", "=", "f.id")
          .orderBy("u.due_on")
          .orderBy("u.id"),
      ).as("followups"),
    ])
    .where("f.org_id", "=", sql<string>`(select current_org_id())`)
    .where("f.id", "=", fid)
    .where(whoseRow(owner))
    .executeTakeFirst();
  if (!row || (staff && !row.onTeam)) throw notFound("Referral");
  const { onTeam: _t, ...detail } = row;
  if (staff) await audit(tx, "referral.viewed", { type: "referral", id: fid }, { residentId: row.residentId });
  return detail as ReferralDetail;
}

async function event(tx: Tx, residentId: string, referralId: string, kind: ReferralEventKind, extra: { status?: ReferralStatus; outcome?: ReferralOutcome | null; disclosureId?: string | null } = {}) {
  await guardDb(
    tx
      .insertInto("referral_event")
      .values({
        org_id: sql<string>`(select current_org_id())`,
        resident_id: residentId,
        referral_id: referralId,
        kind,
        status: extra.status ?? null,
        outcome: extra.outcome ?? null,
        disclosure_id: extra.disclosureId ?? null,
      })
      .execute(),
    REFUSALS,
  );
}

/** Staff refer a resident to a directory service: a draft, with its first history row. */
export async function createReferral(tx: Tx, residentId: string, raw: ReferralInput): Promise<{ id: string }> {
  const input = parseInput(ReferralInput, raw);
  await referralResident(tx, residentId);
  const service = await tx.selectFrom("service").select(["id", "status"]).where("id", "=", input.serviceId).executeTakeFirst();
  if (!service || service.status !== "active") throw new DomainError("not_found", "Choose an active service from the directory.", { field: "serviceId" });
  const row = await guardDb(
    tx
      .insertInto("referral")
      .values({
        org_id: sql<string>`(select current_org_id())`,
        resident_id: residentId,
        service_id: input.serviceId,
        goal_id: input.goalId,
        reason: input.reason,
        urgency: input.urgency,
      })
      .returning("id")
      .executeTakeFirstOrThrow(),
    REFUSALS,
  );
  await event(tx, residentId, row.id, "status", { status: "draft" });
  await audit(tx, "referral.created", { type: "referral", id: row.id }, { residentId, serviceId: input.serviceId, goalId: input.goalId, urgency: input.urgency });
  return row;
}

/** The referral's status and its service's organisation (the recipient of anything disclosed); 404 when not the caller's. */
export async function current(tx: Tx, residentId: string, referralId: string) {
  const fid = parseInput(idSchema, referralId);
  const row = await tx
    .selectFrom("referral as f")
    .innerJoin("service as s", (j) => j.onRef("s.org_id", "=", "f.org_id").onRef("s.id", "=", "f.service_id"))
    .innerJoin("service_organization as so", (j) => j.onRef("so.org_id", "=", "s.org_id").onRef("so.id", "=", "s.organization_id"))
    .select(["f.id", "f.status", "so.name as organizationName"])
    .where("f.org_id", "=", sql<string>`(select current_org_id())`)
    .where("f.resident_id", "=", residentId)
    .where("f.id", "=", fid)
    .executeTakeFirst();
  if (!row) throw notFound("Referral");
  return row;
}

const refuseStep = (from: ReferralStatus, to: ReferralStatus) =>
  new DomainError("conflict", `A referral that is “${REFERRAL_STATUS_LABELS[from].toLowerCase()}” can't be marked “${REFERRAL_STATUS_LABELS[to].toLowerCase()}”.`, { detail: "transition" });

/** The disclosure request of a referral's summary to its service's organisation. */
const summaryRequest = (residentId: string, organizationName: string) => ({
  residentId,
  what: "referral_summary" as const,
  recipientKind: "organisation" as const,
  recipientName: organizationName,
  purpose: REFERRAL_DISCLOSURE.purpose,
  information: [...REFERRAL_DISCLOSURE.information],
});

export type SendResult = { sent: true; disclosureId: string } | { sent: false; outcome: DisclosureOutcome };

/**
 * Send a draft (or a referral waiting for consent) to its service: through the consent gate
 * (`disclose()`, logged either way). Granted → "sent". Refused → "consent needed" (from a
 * draft) and the refusal is RETURNED, not thrown, so the log row and the step commit; the
 * caller calls `orRefuse(result.outcome)` after the transaction.
 */
export async function sendReferral(tx: Tx, residentId: string, referralId: string): Promise<SendResult> {
  const f = await current(tx, residentId, referralId);
  if (f.status !== "draft" && f.status !== "consent_needed") throw refuseStep(f.status, "sent");
  const outcome = await disclose(tx, summaryRequest(residentId, f.organizationName));
  if (!outcome.granted) {
    if (f.status === "draft") {
      await guardDb(tx.updateTable("referral").set({ status: "consent_needed" }).where("id", "=", f.id).where("status", "=", "draft").execute(), REFUSALS);
      await event(tx, residentId, f.id, "status", { status: "consent_needed", disclosureId: outcome.disclosureId });
    }
    await audit(tx, "referral.consent_needed", { type: "referral", id: f.id }, { residentId, disclosureId: outcome.disclosureId });
    return { sent: false, outcome };
  }
  const updated = await guardDb(
    tx.updateTable("referral").set({ status: "sent" }).where("id", "=", f.id).where("status", "=", f.status).executeTakeFirst(),
    REFUSALS,
  );
  if (updated.numUpdatedRows === 0n) throw new DomainError("conflict", "Someone else changed this referral at the same time. Reload the page.");
  await event(tx, residentId, f.id, "status", { status: "sent", disclosureId: outcome.disclosureId });
  await audit(tx, "referral.sent", { type: "referral", id: f.id }, { residentId, disclosureId: outcome.disclosureId, consentId: outcome.consentId });
  return { sent: true, disclosureId: outcome.disclosureId };
}

/** A later step: accepted, appointment set (or moved), attended, closed with an outcome. */
export async function moveReferral(tx: Tx, residentId: string, referralId: string, raw: StepInput): Promise<void> {
  const input = parseInput(StepInput, raw);
  const f = await current(tx, residentId, referralId);
  if (!canMove(f.status, input.to)) throw refuseStep(f.status, input.to);
  const set =
    input.to === "appointment_set"
      ? {
          status: input.to,
          appointment_place: input.appointmentPlace,
          appointment_at: sql<Date>`((${input.appointmentOn}::date + ${input.appointmentTime}::time) at time zone (select ${residentZone} from resident r
            where r.org_id = referral.org_id and r.id = referral.resident_id))`,
        }
      : input.to === "closed"
        ? { status: input.to, outcome: input.outcome }
        : { status: input.to };
  const updated = await guardDb(
    tx.updateTable("referral").set(set).where("id", "=", f.id).where("resident_id", "=", residentId).where("status", "=", f.status).executeTakeFirst(),
    REFUSALS,
  );
  if (updated.numUpdatedRows === 0n) throw new DomainError("conflict", "Someone else changed this referral at the same time. Reload the page.");
  const outcome = input.to === "closed" ? input.outcome : null;
  await event(tx, residentId, f.id, "status", { status: input.to, outcome });
  await audit(tx, "referral.status", { type: "referral", id: f.id }, { residentId, from: f.status, to: input.to, outcome });
}

/** Record a warm handoff (staff), on a referral that is not closed. */
export async function addHandoff(tx: Tx, residentId: string, referralId: string, raw: HandoffInput): Promise<{ id: string }> {
  const input = parseInput(HandoffInput, raw);
  const f = await current(tx, residentId, referralId);
  if (f.status === "closed") throw new DomainError("conflict", "This referral is closed.");
  const row = await guardDb(
    tx
      .insertInto("referral_handoff")
      .values({
        org_id: sql<string>`(select current_org_id())`,
        resident_id: residentId,
        referral_id: f.id,
        introduced_by: input.introducedBy,
        method: input.method,
        contact_name: input.contactName,
        contact_phone: input.contactPhone,
        happened_on: input.happenedOn,
        note: input.note,
      })
      .returning("id")
      .executeTakeFirstOrThrow(),
    REFUSALS,
  );
  await event(tx, residentId, f.id, "handoff");
  await audit(tx, "referral.handoff", { type: "referral", id: f.id }, { residentId, handoffId: row.id, method: input.method });
  return row;
}

/** Add a follow-up task with its due day (staff). */
export async function addFollowup(tx: Tx, residentId: string, referralId: string, raw: FollowupInput): Promise<{ id: string }> {
  const input = parseInput(FollowupInput, raw);
  const f = await current(tx, residentId, referralId);
  const row = await guardDb(
    tx
      .insertInto("referral_followup")
      .values({ org_id: sql<string>`(select current_org_id())`, resident_id: residentId, referral_id: f.id, due_on: input.dueOn, task: input.task })
      .returning("id")
      .executeTakeFirstOrThrow(),
    REFUSALS,
  );
  await event(tx, residentId, f.id, "followup_added");
  await audit(tx, "referral.followup_added", { type: "referral", id: f.id }, { residentId, followupId: row.id, dueOn: input.dueOn });
  return row;
}

/** Mark a follow-up done (the database stamps when and by whom), with an optional note. */
export async function completeFollowup(tx: Tx, residentId: string, referralId: string, raw: FollowupDoneInput): Promise<void> {
  const input = parseInput(FollowupDoneInput, raw);
  const f = await current(tx, residentId, referralId);
  const row = await tx
    .selectFrom("referral_followup")
    .select(["id", "done_at"])
    .where("referral_id", "=", f.id)
    .where("id", "=", input.followupId)
    .executeTakeFirst();
  if (!row) throw new DomainError("not_found", "Follow-up not found.");
  if (row.done_at) throw new DomainError("conflict", REFUSALS.referral_followup_once.message);
  await guardDb(
    tx.updateTable("referral_followup").set({ done_at: sql<Date>`now()`, note: input.note }).where("referral_id", "=", f.id).where("id", "=", input.followupId).execute(),
    REFUSALS,
  );
  await event(tx, residentId, f.id, "followup_done");
  await audit(tx, "referral.followup_done", { type: "referral", id: f.id }, { residentId, followupId: input.followupId });
}

/**
 * Print the referral's summary for its service: a disclosure through the consent gate
 * (`what: "referral_summary"`), logged either way. The outcome is returned, not thrown:
 * the caller commits, then `orRefuse(outcome)`; a granted print is linked to the referral
 * in its history, and the summary page (`getReferralSummary`) shows it.
 */
export async function printSummary(tx: Tx, residentId: string, referralId: string): Promise<DisclosureOutcome> {
  const f = await current(tx, residentId, referralId);
  if (f.status === "draft") throw new DomainError("conflict", "Send the referral first; a draft has no summary to share.");
  const outcome = await disclose(tx, summaryRequest(residentId, f.organizationName));
  if (outcome.granted) await event(tx, residentId, f.id, "summary_printed", { disclosureId: outcome.disclosureId });
  await audit(tx, outcome.granted ? "referral.summary_printed" : "referral.summary_refused", { type: "referral", id: f.id }, { residentId, disclosureId: outcome.disclosureId });
  return outcome;
}

export type ReferralSummary = {
  disclosureId: string;
  referralId: string;
  residentName: string;
  orgName: string;
  houseName: string;
  houseAddress: string;
  timeZone: string;
  serviceName: string;
  organizationName: string;
  reason: string;
  urgency: ReferralUrgency;
  status: ReferralStatus;
  goalTitle: string | null;
  appointmentAt: string | null;
  appointmentPlace: string | null;
  handoffs: HandoffRow[];
  disclosedAt: string;
  consentSignedAt: string;
};

/**
 * The printed summary of one granted disclosure, while its consent is still active: after
 * revocation or expiry it is gone (410) — a new print is a new disclosure through the gate.
 * One statement and the audit entry.
 */
export async function getReferralSummary(tx: Tx, referralId: string, disclosureId: string): Promise<ReferralSummary> {
  const fid = parseInput(idSchema, referralId);
  const did = parseInput(idSchema, disclosureId);
  const row = await sql<ReferralSummary & { active: boolean; residentId: string }>`
    select d.id as "disclosureId", f.id as "referralId", f.resident_id as "residentId", r.legal_name as "residentName", o.name as "orgName",
      h.name as "houseName", h.time_zone as "timeZone", concat_ws(', ', h.address_line1, h.city, h.region, h.postal_code) as "houseAddress",
      s.name as "serviceName", so.name as "organizationName", f.reason, f.urgency, f.status, g.title as "goalTitle",
      ${ISO("f.appointment_at")} as "appointmentAt", f.appointment_place as "appointmentPlace",
      coalesce((select json_agg(json_build_object('id', ho.id, 'introducedBy', ho.introduced_by, 'method', ho.method, 'contactName', ho.contact_name,
        'contactPhone', ho.contact_phone, 'happenedOn', ho.happened_on, 'note', ho.note) order by ho.happened_on, ho.id)
        from referral_handoff ho where ho.org_id = f.org_id and ho.referral_id = f.id), '[]'::json) as handoffs,
      ${ISO("d.disclosed_at")} as "disclosedAt", ${ISO("c.signed_at")} as "consentSignedAt",
      consent_is_active(c) as active
    from referral_event e
    join referral f on f.org_id = e.org_id and f.id = e.referral_id
    join disclosure d on d.org_id = e.org_id and d.id = e.disclosure_id
    join consent c on c.org_id = d.org_id and c.id = d.consent_id
    join resident r on r.org_id = f.org_id and r.id = f.resident_id
    join house h on h.org_id = d.org_id and h.id = d.house_id
    join org o on o.id = f.org_id
    join service s on s.org_id = f.org_id and s.id = f.service_id
    join service_organization so on so.org_id = s.org_id and so.id = s.organization_id
    left join plan_goal g on g.org_id = f.org_id and g.resident_id = f.resident_id and g.id = f.goal_id
    where e.org_id = current_org_id() and e.referral_id = ${fid} and e.disclosure_id = ${did}
      and d.outcome = 'granted' and d.what = 'referral_summary'
    limit 1`.execute(tx);
  const summary = row.rows[0];
  if (!summary) throw notFound("Summary");
  if (!summary.active) throw new DomainError("gone", "The consent behind this summary is no longer active (revoked or expired), so it can't be shown again.");
  await audit(tx, "disclosure.viewed", { type: "disclosure", id: summary.disclosureId }, { residentId: summary.residentId, referralId: fid });
  const { active: _a, residentId: _r, ...rest } = summary;
  return rest;
}

/** The referrals linked to each of a resident's goals (for the plan pages), one statement. */
export async function referralsByGoal(tx: Tx, residentId: string): Promise<Record<string, { id: string; serviceName: string; status: ReferralStatus }[]>> {
  const rows = await tx
    .selectFrom("referral as f")
    .innerJoin("service as s", (j) => j.onRef("s.org_id", "=", "f.org_id").onRef("s.id", "=", "f.service_id"))
    .select(["f.id", "f.goal_id as goalId", "s.name as serviceName", "f.status"])
    .where("f.org_id", "=", sql<string>`(select current_org_id())`)
    .where("f.resident_id", "=", residentId)
    .where("f.goal_id", "is not", null)
    .orderBy("f.created_at")
    .execute();
  const out: Record<string, { id: string; serviceName: string; status: ReferralStatus }[]> = {};
  for (const r of rows) (out[r.goalId!] ??= []).push({ id: r.id, serviceName: r.serviceName, status: r.status });
  return out;
}

/** Services to pick from for a new referral: active ones matching a name or category (20 at most), one statement. */
export async function pickServices(tx: Tx, q: string | null) {
  let query = tx
    .selectFrom("service as s")
    .innerJoin("service_organization as so", (j) => j.onRef("so.org_id", "=", "s.org_id").onRef("so.id", "=", "s.organization_id"))
    .select(["s.id", "s.name", "so.name as organizationName", "s.categories"])
    .where("s.org_id", "=", sql<string>`(select current_org_id())`)
    .where("s.status", "=", "active");
  if (q) query = query.where(sql<boolean>`s.search @@ websearch_to_tsquery('english', ${q}) or s.name ilike ${`%${q.replace(/[%_\\]/g, "\\$&")}%`}`);
  return query.orderBy("s.name").orderBy("s.id").limit(20).execute();
}

