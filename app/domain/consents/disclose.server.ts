import { houseToday } from "#app/domain/dates.server";
import { sql } from "kysely";
import type { Tx } from "#app/db/tenant.server";
import { audit } from "#app/domain/audit/audit.server";
import { DomainError, notFound, parseInput } from "#app/domain/errors.server";
import { id as idSchema } from "#app/lib/fields";
import { consentStatusSql, listResidentConsents, residentHouse } from "./consents.server";
import { DisclosureRequest, INFORMATION_LABELS, namedRef, PURPOSE_LABELS, type DisclosureWhat, type Information, type Purpose, type Refusal } from "./schemas";

/**
 * THE gate for every disclosure of a resident's information (42 CFR Part 2; ADR 040).
 *
 * `disclose(tx, request)` looks, at this moment, for the resident's consent that is signed,
 * not revoked, not expired, names this recipient (by `recipientRef`, default
 * `named:<normalised name>`), is for this purpose and covers every information category
 * asked. It writes one disclosure-log row either way (the trigger refuses a granted row no
 * consent covers) and an audit event, in the caller's transaction, and RETURNS the outcome:
 * a refusal is not thrown here, or it would roll its own log row back. The caller finishes
 * its transaction and then calls `orRefuse(outcome)`, which throws the DomainError (403,
 * with the field it is about):
 *
 *   const outcome = await withTenant(ctx.tenant, (tx) => disclose(tx, request));
 *   orRefuse(outcome); // after commit: the refused attempt stays in the log
 */

export type Granted = { granted: true; disclosureId: string; consentId: string; houseId: string; information: Information[] };
export type Refused = { granted: false; disclosureId: string; refusal: Refusal; error: DomainError };
export type DisclosureOutcome = Granted | Refused;

type Candidate = { id: string; houseId: string; purpose: Purpose; information: Information[]; status: string };

const RANK: Record<Refusal, number> = { no_consent: 0, recipient: 0, not_signed: 1, revoked: 2, expired: 2, purpose: 3, information: 4 };

export async function disclose(tx: Tx, request: DisclosureRequest): Promise<DisclosureOutcome> {
  const req = parseInput(DisclosureRequest, request);
  const ref = req.recipientRef ?? namedRef(req.recipientName);
  // The disclosing house: the resident's newest stay the caller can see (a consent follows
  // the resident across the org's houses, migration 0045).
  const disclosingHouse = await residentHouse(tx, req.residentId);
  const candidates: Candidate[] = await tx
    .selectFrom("consent as c")
    .select(["c.id", "c.house_id as houseId", "c.purpose", sql<Information[]>`c.information`.as("information"), consentStatusSql("c").as("status")])
    .where("c.org_id", "=", sql<string>`current_org_id()`)
    .where("c.resident_id", "=", req.residentId)
    .where("c.recipient_ref", "=", ref)
    .orderBy("c.prepared_at", "desc")
    .limit(100)
    .execute();

  let best: { refusal: Refusal; c: Candidate | null; missing: Information[] } = { refusal: "no_consent", c: null, missing: [] };
  let grant: Candidate | null = null;
  for (const c of candidates) {
    const missing = req.information.filter((i) => !c.information.includes(i));
    const refusal: Refusal | null =
      c.status === "waiting" ? "not_signed" : c.status === "revoked" ? "revoked" : c.status === "expired" ? "expired" : c.purpose !== req.purpose ? "purpose" : missing.length ? "information" : null;
    if (!refusal) {
      grant = c;
      break;
    }
    if (RANK[refusal] > RANK[best.refusal]) best = { refusal, c, missing };
  }

  const row = await tx
    .insertInto("disclosure")
    .values({
      org_id: sql<string>`current_org_id()`,
      house_id: disclosingHouse,
      resident_id: req.residentId,
      consent_id: grant?.id ?? null,
      what: req.what,
      recipient_kind: req.recipientKind,
      recipient_name: req.recipientName,
      recipient_ref: ref,
      purpose: req.purpose,
      information: req.information,
      outcome: grant ? "granted" : "refused",
      refusal: grant ? null : best.refusal,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await audit(tx, grant ? "disclosure.granted" : "disclosure.refused", { type: "disclosure", id: row.id }, {
    residentId: req.residentId,
    consentId: grant?.id ?? null,
    what: req.what,
    refusal: grant ? null : best.refusal,
  });
  if (grant) return { granted: true, disclosureId: row.id, consentId: grant.id, houseId: disclosingHouse, information: req.information };
  return { granted: false, disclosureId: row.id, refusal: best.refusal, error: refusalError(best.refusal, req.recipientName, best.c, best.missing) };
}

function refusalError(refusal: Refusal, recipient: string, c: Candidate | null, missing: Information[]): DomainError {
  const mine = `The resident's consent for ${recipient}`;
  const after = " Nothing was shared; the attempt is recorded in the disclosure log.";
  switch (refusal) {
    case "no_consent":
    case "recipient":
      return new DomainError("forbidden", `The resident has not consented to sharing information with ${recipient}. Prepare a consent for them to sign first.${after}`, { field: "recipientName", detail: refusal });
    case "not_signed":
      return new DomainError("forbidden", `${mine} has not been signed yet. They sign it in Hearth, under My consents.${after}`, { field: "recipientName", detail: refusal });
    case "revoked":
      return new DomainError("forbidden", `${mine} was revoked.${after}`, { field: "recipientName", detail: refusal });
    case "expired":
      return new DomainError("forbidden", `${mine} has expired. Prepare a new one for them to sign.${after}`, { field: "recipientName", detail: refusal });
    case "purpose":
      return new DomainError("forbidden", `${mine} is for another purpose (${c ? PURPOSE_LABELS[c.purpose].toLowerCase() : "another"}).${after}`, { field: "purpose", detail: refusal });
    case "information":
      return new DomainError("forbidden", `${mine} does not cover: ${missing.map((i) => INFORMATION_LABELS[i]).join("; ")}.${after}`, { field: "information", detail: refusal });
  }
}

/** Throw a refusal's DomainError (call after the transaction that logged it has committed). */
export function orRefuse<T extends DisclosureOutcome>(outcome: T): Extract<T, Granted> {
  if (!outcome.granted) throw outcome.error;
  return outcome as Extract<T, Granted>;
}

export type DisclosureLogRow = {
  id: string;
  residentId: string;
  what: DisclosureWhat;
  recipientName: string;
  purpose: Purpose;
  information: Information[];
  outcome: "granted" | "refused";
  refusal: Refusal | null;
  consentId: string | null;
  disclosedAt: Date;
};

function logQuery(tx: Tx) {
  return tx
    .selectFrom("disclosure as d")
    .select([
      "d.id",
      "d.resident_id as residentId",
      "d.what",
      "d.recipient_name as recipientName",
      "d.purpose",
      sql<Information[]>`d.information`.as("information"),
      "d.outcome",
      "d.refusal",
      "d.consent_id as consentId",
      "d.disclosed_at as disclosedAt",
    ])
    .where("d.org_id", "=", sql<string>`current_org_id()`)
    .orderBy("d.disclosed_at", "desc")
    .orderBy("d.id", "desc")
    .limit(200);
}

/** The signed-in resident's disclosure log (RLS: their own), newest first. */
export async function listMyDisclosures(tx: Tx): Promise<DisclosureLogRow[]> {
  return logQuery(tx).where("d.resident_id", "=", sql<string>`(select current_resident_id())`).execute();
}

/** A resident's disclosure log as staff see it (their houses). Not audited: see `residentConsentsPage`. */
export async function listResidentDisclosures(tx: Tx, residentId: string): Promise<DisclosureLogRow[]> {
  const rid = parseInput(idSchema, residentId);
  return logQuery(tx).where("d.resident_id", "=", rid).execute();
}

/** Staff's consents page of one resident: their consents and disclosure log, one audit entry with the ids shown. */
export async function residentConsentsPage(tx: Tx, residentId: string) {
  const consents = await listResidentConsents(tx, residentId);
  const log = await listResidentDisclosures(tx, residentId);
  await audit(tx, "consent.listed", { type: "resident", id: residentId }, { consentIds: consents.map((c) => c.id), disclosureIds: log.map((d) => d.id) });
  return { consents, log };
}

export type ReleaseLetter = {
  disclosureId: string;
  residentId: string;
  residentName: string;
  recipientName: string;
  purpose: Purpose;
  information: Information[];
  disclosedAt: Date;
  consentSignedAt: Date;
  consentExpiresOn: string | null;
  consentExpiryEvent: string | null;
  orgName: string;
  houseName: string;
  houseAddress: string;
  timeZone: string;
  stays: { moveIn: string; moveOut: string | null }[] | null;
  participation: { sessionsAttended: number; choresDone: number } | null;
  balanceCents: number | null;
};

/**
 * The verification of residence / release letter of one granted disclosure, showing only
 * the categories it disclosed, while its consent is still active: after revocation or
 * expiry the letter is gone (410) — a new print is a new disclosure through the gate.
 * One statement and the audit entry.
 */
export async function getReleaseLetter(tx: Tx, disclosureId: string): Promise<ReleaseLetter> {
  const id = parseInput(idSchema, disclosureId);
  const row = await sql<ReleaseLetter & { active: boolean }>`
    select d.id as "disclosureId", d.resident_id as "residentId", r.legal_name as "residentName", d.recipient_name as "recipientName",
      d.purpose, d.information, d.disclosed_at as "disclosedAt", c.signed_at as "consentSignedAt",
      c.expires_on::text as "consentExpiresOn", c.expiry_event as "consentExpiryEvent",
      o.name as "orgName", h.name as "houseName", h.time_zone as "timeZone",
      concat_ws(', ', h.address_line1, h.city, h.region, h.postal_code) as "houseAddress",
      consent_is_active(c) as active,
      case when 'residence' = any (d.information) then (select coalesce(json_agg(json_build_object('moveIn', lower(s.during)::text,
        'moveOut', case when upper_inf(s.during) then null else upper(s.during)::text end) order by lower(s.during)), '[]')
        from stay s where s.org_id = d.org_id and s.resident_id = d.resident_id and s.house_id = d.house_id) end as stays,
      case when 'participation' = any (d.information) then json_build_object(
        'sessionsAttended', (select count(*)::int from session_attendance a where a.org_id = d.org_id and a.resident_id = d.resident_id
          and a.status = 'present' and a.occurs_on > ${houseToday()} - 90),
        'choresDone', (select count(*)::int from chore_assignment ca where ca.org_id = d.org_id and ca.resident_id = d.resident_id
          and ca.status in ('done', 'verified') and ca.day > ${houseToday()} - 90)) end as participation,
      case when 'payments' = any (d.information) then (select coalesce(sum(e.amount_cents), 0)::bigint from ledger_entry e
        where e.org_id = d.org_id and e.resident_id = d.resident_id) end as "balanceCents"
    from disclosure d
    join consent c on c.org_id = d.org_id and c.id = d.consent_id
    join resident r on r.org_id = d.org_id and r.id = d.resident_id
    join house h on h.org_id = d.org_id and h.id = d.house_id
    join org o on o.id = d.org_id
    where d.org_id = current_org_id() and d.id = ${id} and d.outcome = 'granted' and d.what = 'release_letter'`.execute(tx);
  const letter = row.rows[0];
  if (!letter) throw notFound("Letter");
  if (!letter.active) throw new DomainError("gone", "The consent behind this letter is no longer active (revoked or expired), so the letter can't be shown again.");
  await audit(tx, "disclosure.viewed", { type: "disclosure", id: letter.disclosureId }, { residentId: letter.residentId });
  const { active: _active, ...rest } = letter;
  return rest;
}
