import { createHash } from "node:crypto";
import { sql } from "kysely";
import { z } from "zod";
import type { Tx } from "#app/db/tenant.server";
import { audit } from "#app/domain/audit/audit.server";
import { houseToday } from "#app/domain/dates.server";
import { sameName } from "#app/domain/documents/schemas";
import { DomainError, guardDb, notFound, parseInput } from "#app/domain/errors.server";
import { id as idSchema, plain, text as textField } from "#app/lib/fields";
import { isoDate } from "#app/lib/dates";
import { postCatchUpForMyAck, postWaitingCharges } from "./charges.server";
import { agreementTerms, agreementText, covers, parseAgreement, scheduleOfTerm, type AgreementSchedule, type Term } from "./agreement";

/**
 * Fee agreements (ADR 031): the resident reads the terms that apply to them and
 * acknowledges them with the house documents' e-signature (typed full name, time, IP, the
 * content hash of exactly the text shown). The charge job posts a schedule for a resident
 * only when one of their acknowledgements covers it (`covers`).
 */

/** sha256 hex of the exact agreement text (the database checks the same hash on insert). */
export const agreementHash = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

export const AcknowledgeInput = z.strictObject({
  contentHash: z.string().regex(/^[0-9a-f]{64}$/, "Reload the page and read the agreement again."),
  typedName: plain(z.string().trim().min(1, "Type your full name to sign.").max(120, "Use at most 120 characters.")),
});
export type AcknowledgeInput = z.input<typeof AcknowledgeInput>;

const SCHEDULE_COLUMNS = [
  "id",
  "name",
  "house_id as houseId",
  "bed_id as bedId",
  "cadence",
  "weekday",
  "month_day as monthDay",
  "amount_cents as amountCents",
  "is_deposit as isDeposit",
  sql<string>`effective_from::text`.as("effectiveFrom"),
  sql<string | null>`effective_to::text`.as("effectiveTo"),
] as const;

/** Schedules that may apply in a house (org-wide and the house's own), as the caller may see them. */
export async function schedulesFor(tx: Tx, houseId: string): Promise<AgreementSchedule[]> {
  return tx
    .selectFrom("fee_schedule")
    .select([...SCHEDULE_COLUMNS])
    .where((eb) => eb.or([eb("house_id", "is", null), eb("house_id", "=", houseId)]))
    .execute();
}

/** Whether every current term is covered by one of the resident's acknowledgements. */
export const termsCovered = (terms: Term[], acknowledgedTexts: string[]) => {
  const acknowledged = acknowledgedTexts.flatMap(parseAgreement);
  return terms.every((t) => covers(acknowledged, scheduleOfTerm(t)));
};

/**
 * The signed-in resident's agreement: their current stay (else their next one), the terms,
 * the exact text and its hash, their acknowledgement of exactly this text (if any), whether
 * anything in it is not yet covered by an acknowledgement, and their last acknowledgement.
 * Null when they are not a linked resident or have no current or coming stay. Four statements.
 */
export async function myAgreement(tx: Tx, currency: string) {
  const stay = await tx
    .selectFrom("resident as r")
    .innerJoin("stay as s", (j) => j.onRef("s.org_id", "=", "r.org_id").onRef("s.resident_id", "=", "r.id"))
    .innerJoin("house as h", (j) => j.onRef("h.org_id", "=", "s.org_id").onRef("h.id", "=", "s.house_id"))
    .select([
      "r.id as residentId",
      "r.legal_name as legalName",
      "s.id as stayId",
      "s.house_id as houseId",
      "s.bed_id as bedId",
      "h.name as houseName",
      "h.time_zone as timeZone",
      sql<string>`lower(s.during)::text`.as("from"),
      sql<string | null>`upper(s.during)::text`.as("to"),
      sql<string>`${houseToday("h")}::text`.as("today"),
    ])
    .where("r.user_id", "=", sql<string>`current_app_user_id()`)
    .where(sql<boolean>`coalesce(upper(s.during), 'infinity'::date) > ${houseToday("h")}`)
    .orderBy(sql`lower(s.during)`)
    .limit(1)
    .executeTakeFirst();
  if (!stay) return null;
  const schedules = await schedulesFor(tx, stay.houseId);
  const terms = agreementTerms(schedules, stay);
  const text = agreementText(currency, terms);
  const contentHash = agreementHash(text);
  const acks = await tx
    .selectFrom("fee_agreement_ack")
    .select(["id", "terms", "content_hash as contentHash", "typed_name as typedName", "signed_at as signedAt", "method", sql<string | null>`paper_signed_on::text`.as("paperSignedOn")])
    .where("resident_id", "=", stay.residentId)
    .orderBy("signed_at", "desc")
    .orderBy("id", "desc")
    .execute();
  const signed = acks.find((a) => a.contentHash === contentHash) ?? null;
  return {
    stay,
    terms,
    text,
    contentHash,
    signed: signed ? { id: signed.id, typedName: signed.typedName, signedAt: signed.signedAt, method: signed.method, paperSignedOn: signed.paperSignedOn } : null,
    needsAck: !signed && !termsCovered(terms, acks.map((a) => a.terms)),
    everSigned: acks.length > 0,
  };
}

/**
 * The signed-in resident acknowledges the agreement they were shown (its hash): refused when
 * the terms changed since (409: read the new ones), when already acknowledged (409) or when
 * the typed name is not their full name on record (400). Stores the exact text, its hash, the
 * typed name; the database stamps time, signer and IP. Audited with ids only.
 */
export async function acknowledgeMyAgreement(tx: Tx, raw: AcknowledgeInput, currency: string): Promise<{ id: string; residentId: string; posted: number }> {
  const input = parseInput(AcknowledgeInput, raw);
  const me = await myAgreement(tx, currency);
  if (!me) throw new DomainError("forbidden", "Only a resident with a stay can acknowledge a fee agreement.");
  if (me.contentHash !== input.contentHash) {
    throw new DomainError("conflict", "Your fees changed while you were reading. Read the new agreement, then sign it.");
  }
  if (me.signed) throw new DomainError("conflict", "You have already acknowledged this agreement.");
  if (!sameName(input.typedName, me.stay.legalName)) {
    throw new DomainError("invalid", `The name you typed doesn't match the name on your record. Type your full name: ${me.stay.legalName}.`, { field: "typedName" });
  }
  const row = await guardDb(
    tx
      .insertInto("fee_agreement_ack")
      .values({
        org_id: sql<string>`current_org_id()`,
        resident_id: me.stay.residentId,
        house_id: me.stay.houseId,
        stay_id: me.stay.stayId,
        terms: me.text,
        content_hash: me.contentHash,
        typed_name: input.typedName,
      })
      .returning("id")
      .executeTakeFirstOrThrow(),
  );
  await audit(tx, "fee_agreement.acknowledged", { type: "fee_agreement_ack", id: row.id }, { residentId: me.stay.residentId, stayId: me.stay.stayId });
  // Waiting charges post back to the start of the stay now, in this transaction (migration 0030).
  const { posted } = await postCatchUpForMyAck(tx, { id: row.id, residentId: me.stay.residentId, terms: me.terms });
  return { id: row.id, residentId: me.stay.residentId, posted };
}

export const PaperAckInput = z.strictObject({
  residentId: idSchema,
  contentHash: z.string().regex(/^[0-9a-f]{64}$/, "Reload the page and read the agreement again."),
  recordedBy: plain(z.string().trim().min(1, "Type your own full name.").max(120, "Use at most 120 characters.")),
  signedOn: isoDate,
  note: textField(1000),
});
export type PaperAckInput = z.input<typeof PaperAckInput>;

/**
 * The agreement of a resident's latest stay in a house (current, ended or coming), as staff
 * see it: the terms over the whole stay, the exact text and its hash. Null when the resident
 * has no stay in the house (or the caller cannot see it). Two statements.
 */
export async function residentAgreement(tx: Tx, houseId: string, residentId: string, currency: string) {
  const stay = await tx
    .selectFrom("stay as s")
    .innerJoin("house as h", (j) => j.onRef("h.org_id", "=", "s.org_id").onRef("h.id", "=", "s.house_id"))
    .innerJoin("resident as r", (j) => j.onRef("r.org_id", "=", "s.org_id").onRef("r.id", "=", "s.resident_id"))
    .select([
      "r.id as residentId",
      "r.legal_name as legalName",
      "s.id as stayId",
      "s.house_id as houseId",
      "s.bed_id as bedId",
      sql<string>`lower(s.during)::text`.as("from"),
      sql<string | null>`upper(s.during)::text`.as("to"),
      sql<string>`${houseToday("h")}::text`.as("today"),
    ])
    .where("s.house_id", "=", houseId)
    .where("s.resident_id", "=", residentId)
    .orderBy(sql`lower(s.during)`, "desc")
    .limit(1)
    .executeTakeFirst();
  if (!stay) return null;
  const terms = agreementTerms(await schedulesFor(tx, houseId), stay);
  const text = agreementText(currency, terms);
  return { stay, terms, text, contentHash: agreementHash(text) };
}

/**
 * A house manager (of the stay's house) or an owner/admin records that the resident signed
 * these terms on paper (ADR 031): for residents without a phone, residents who already left,
 * and stays that began before e-signatures. It covers the terms exactly as the resident's
 * e-signature does, is stored and shown as "Signed on paper, recorded by …" (the recorder's
 * typed name, the day the resident signed, a note), is audited, and posts the resident's
 * waiting charges in this house back to the start of the stay in the same transaction.
 * Refused: terms changed since shown (409), already acknowledged (409), a signing day in the
 * future (400), a resident without a stay here (404). RLS refuses staff.
 */
export async function recordPaperAck(tx: Tx, houseId: string, raw: PaperAckInput, currency: string) {
  const house = parseInput(idSchema, houseId);
  const input = parseInput(PaperAckInput, raw);
  const ag = await residentAgreement(tx, house, input.residentId, currency);
  if (!ag) throw notFound("Resident");
  if (ag.contentHash !== input.contentHash) {
    throw new DomainError("conflict", "The fees changed since the page was loaded. Check the agreement again, then record it.");
  }
  if (input.signedOn > ag.stay.today) throw new DomainError("invalid", "The day they signed can't be in the future.", { field: "signedOn" });
  const exists = await tx.selectFrom("fee_agreement_ack").select("id").where("resident_id", "=", input.residentId).where("content_hash", "=", ag.contentHash).executeTakeFirst();
  if (exists) throw new DomainError("conflict", "This agreement is already acknowledged.");
  const row = await guardDb(
    tx
      .insertInto("fee_agreement_ack")
      .values({
        org_id: sql<string>`current_org_id()`,
        resident_id: input.residentId,
        house_id: house,
        stay_id: ag.stay.stayId,
        terms: ag.text,
        content_hash: ag.contentHash,
        typed_name: input.recordedBy,
        method: "paper",
        paper_signed_on: input.signedOn,
        note: input.note,
      })
      .returning("id")
      .executeTakeFirstOrThrow(),
  );
  await audit(tx, "fee_agreement.paper_recorded", { type: "fee_agreement_ack", id: row.id }, { residentId: input.residentId, stayId: ag.stay.stayId, signedOn: input.signedOn });
  const { posted } = await postWaitingCharges(tx, input.residentId, { houseId: house });
  return { id: row.id, posted };
}

export type AgreementStatus = { residentId: string; name: string; acknowledged: boolean; lastAckId: string | null; lastSignedAt: Date | null };

/**
 * Who living in a house today has acknowledged their current fee terms. Three statements
 * whatever the number of residents (stays, schedules, acknowledgements), and one audit
 * entry naming the residents listed.
 */
export async function houseAgreementStatus(tx: Tx, houseId: string): Promise<AgreementStatus[]> {
  const id = parseInput(idSchema, houseId);
  const stays = await tx
    .selectFrom("stay as s")
    .innerJoin("house as h", (j) => j.onRef("h.org_id", "=", "s.org_id").onRef("h.id", "=", "s.house_id"))
    .innerJoin("resident as r", (j) => j.onRef("r.org_id", "=", "s.org_id").onRef("r.id", "=", "s.resident_id"))
    .select([
      "r.id as residentId",
      sql<string>`coalesce(r.preferred_name, r.legal_name)`.as("name"),
      "s.house_id as houseId",
      "s.bed_id as bedId",
      sql<string>`lower(s.during)::text`.as("from"),
      sql<string | null>`upper(s.during)::text`.as("to"),
      sql<string>`${houseToday("h")}::text`.as("today"),
    ])
    .where("s.house_id", "=", id)
    .where(sql<boolean>`s.during @> ${houseToday("h")}`)
    .orderBy(sql`lower(coalesce(r.preferred_name, r.legal_name))`)
    .orderBy("r.id")
    .execute();
  if (stays.length === 0) return [];
  const schedules = await schedulesFor(tx, id);
  const acks = await tx
    .selectFrom("fee_agreement_ack")
    .select(["id", "resident_id as residentId", "terms", "signed_at as signedAt"])
    .where("resident_id", "in", stays.map((s) => s.residentId))
    .orderBy("signed_at", "desc")
    .orderBy("id", "desc")
    .execute();
  await audit(tx, "fee_agreement.listed", { type: "house", id }, { residentIds: stays.map((s) => s.residentId) });
  return stays.map((s) => {
    const mine = acks.filter((a) => a.residentId === s.residentId);
    const terms = agreementTerms(schedules, s);
    return {
      residentId: s.residentId,
      name: s.name,
      acknowledged: mine.length > 0 && termsCovered(terms, mine.map((a) => a.terms)),
      lastAckId: mine[0]?.id ?? null,
      lastSignedAt: mine[0]?.signedAt ?? null,
    };
  });
}

/**
 * A signed agreement as acknowledged: the resident themselves (RLS: their own), or staff of
 * the house it was signed in (RLS). Audited as a read when staff open it.
 */
export async function agreementCopy(tx: Tx, ackId: string, opts: { self?: boolean; houseId?: string } = {}) {
  const id = parseInput(idSchema, ackId);
  let q = tx
    .selectFrom("fee_agreement_ack as a")
    .innerJoin("resident as r", (j) => j.onRef("r.org_id", "=", "a.org_id").onRef("r.id", "=", "a.resident_id"))
    .innerJoin("house as h", (j) => j.onRef("h.org_id", "=", "a.org_id").onRef("h.id", "=", "a.house_id"))
    .select(["a.id", "a.resident_id as residentId", "r.legal_name as residentName", "h.name as houseName", "h.time_zone as timeZone", "a.terms", "a.content_hash as contentHash", "a.typed_name as typedName", "a.signed_at as signedAt", "a.ip", "a.method", sql<string | null>`a.paper_signed_on::text`.as("paperSignedOn"), "a.note"])
    .where("a.id", "=", id);
  if (opts.houseId) q = q.where("a.house_id", "=", opts.houseId);
  if (opts.self) q = q.where("r.user_id", "=", sql<string>`current_app_user_id()`);
  const row = await q.executeTakeFirst();
  if (!row) throw notFound("Signed agreement");
  if (!opts.self) await audit(tx, "fee_agreement.viewed", { type: "fee_agreement_ack", id: row.id }, { residentId: row.residentId });
  return { ...row, parsed: parseAgreement(row.terms) };
}
