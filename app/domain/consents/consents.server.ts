import { houseToday, orgToday } from "#app/domain/dates.server";
import { sql, type Expression, type SqlBool } from "kysely";
import type { Tx } from "#app/db/tenant.server";
import { audit } from "#app/domain/audit/audit.server";
import { sameName } from "#app/domain/documents/schemas";
import { DomainError, guardDb, notFound, parseInput } from "#app/domain/errors.server";
import { id as idSchema } from "#app/lib/fields";
import { ConsentInput, namedRef, SignConsentInput, type ConsentStatus, type Information } from "./schemas";

/**
 * Consents under 42 CFR Part 2 (ADR 040). Staff of a resident's house prepare one; the
 * resident signs it (typed name; the database stamps time, IP and user) and may revoke it
 * at any time, as may staff recording a revocation the resident gave them. Whether a
 * consent is in force is decided in SQL, at the moment of asking (`consentStatusSql`):
 * revocation and expiry take effect at once. Disclosures go through `disclose()`
 * (disclose.server.ts), never through these reads.
 */

/** The status of consent `c` now, in SQL: the same rule as consent_is_active() in the migration. */
export const consentStatusSql = (alias = "c") =>
  sql<ConsentStatus>`case when ${sql.ref(`${alias}.revoked_at`)} is not null then 'revoked'
    when ${sql.ref(`${alias}.signed_at`)} is null and ${sql.ref(`${alias}.expires_on`)} is not null
      and ${sql.ref(`${alias}.expires_on`)} < coalesce((select ${houseToday("hz")} from house hz
        where hz.org_id = ${sql.ref(`${alias}.org_id`)} and hz.id = ${sql.ref(`${alias}.house_id`)}),
        ${orgToday()}) then 'expired'
    when ${sql.ref(`${alias}.signed_at`)} is null then 'waiting'
    when consent_is_active(${sql.table(alias)}) then 'active'
    else 'expired' end`;

export type ConsentRow = {
  id: string;
  houseId: string;
  /** null: prepared by a house the caller cannot see (the resident has moved since). */
  houseName: string | null;
  timeZone: string;
  residentId: string;
  residentName: string;
  recipientKind: "person" | "organisation" | "general";
  recipientName: string;
  recipientRef: string;
  purpose: ConsentInput["purpose"];
  purposeDetail: string | null;
  information: Information[];
  expiresOn: string | null;
  expiryEvent: string | null;
  preparedAt: Date;
  typedName: string | null;
  signedAt: Date | null;
  signedIp: string | null;
  revokedAt: Date | null;
  revokedByResident: boolean;
  status: ConsentStatus;
};

function consentQuery(tx: Tx) {
  return tx
    .selectFrom("consent as c")
    // left: staff of the house a resident moved to read the consent, not the house that prepared it
    .leftJoin("house as h", (j) => j.onRef("h.org_id", "=", "c.org_id").onRef("h.id", "=", "c.house_id"))
    .innerJoin("org as o", "o.id", "c.org_id")
    .innerJoin("resident as r", (j) => j.onRef("r.org_id", "=", "c.org_id").onRef("r.id", "=", "c.resident_id"))
    .select([
      "c.id",
      "c.house_id as houseId",
      "h.name as houseName",
      sql<string>`coalesce(h.time_zone, o.time_zone)`.as("timeZone"),
      "c.resident_id as residentId",
      "r.legal_name as residentName",
      "c.recipient_kind as recipientKind",
      "c.recipient_name as recipientName",
      "c.recipient_ref as recipientRef",
      "c.purpose",
      "c.purpose_detail as purposeDetail",
      sql<Information[]>`c.information`.as("information"),
      sql<string | null>`c.expires_on::text`.as("expiresOn"),
      "c.expiry_event as expiryEvent",
      "c.prepared_at as preparedAt",
      "c.typed_name as typedName",
      "c.signed_at as signedAt",
      "c.signed_ip as signedIp",
      "c.revoked_at as revokedAt",
      sql<boolean>`coalesce(c.revoked_by = r.user_id, false)`.as("revokedByResident"),
      consentStatusSql("c").as("status"),
    ])
    .where("c.org_id", "=", sql<string>`current_org_id()`);
}

/** The signed-in resident's resident row, or a 403 for anyone else. */
async function me(tx: Tx) {
  const row = await tx
    .selectFrom("resident")
    .select(["id", "legal_name as legalName"])
    .where("org_id", "=", sql<string>`current_org_id()`)
    .where("user_id", "=", sql<string>`current_app_user_id()`)
    .executeTakeFirst();
  if (!row) throw new DomainError("forbidden", "Only a resident can sign or revoke their own consents.");
  return row;
}

/**
 * Staff prepare a consent for a resident of one of their houses (RLS: the resident has a
 * stay in `houseId`, which the caller manages or staffs). The house is the resident's
 * newest stay's house the caller can see. Audited with ids only.
 */
export async function prepareConsent(tx: Tx, residentId: string, input: ConsentInput): Promise<{ id: string }> {
  const rid = parseInput(idSchema, residentId);
  const v = parseInput(ConsentInput, input);
  const houseId = await residentHouse(tx, rid);
  const recipientRef = (v.recipientKind === "organisation" && (await certifierRef(tx, v.recipientName))) || namedRef(v.recipientName);
  const row = await guardDb(
    tx
      .insertInto("consent")
      .values({
        org_id: sql<string>`current_org_id()`,
        house_id: houseId,
        resident_id: rid,
        recipient_kind: v.recipientKind,
        recipient_name: v.recipientName,
        recipient_ref: recipientRef,
        purpose: v.purpose,
        purpose_detail: v.purposeDetail,
        information: v.information,
        expires_on: v.expiresOn ?? null,
        expiry_event: v.expiryEvent ?? null,
      })
      .returning("id")
      .executeTakeFirstOrThrow(),
  );
  await audit(tx, "consent.prepared", { type: "consent", id: row.id }, { residentId: rid, houseId, purpose: v.purpose, information: v.information });
  return row;
}

/**
 * A consent naming a certifying body (an organisation whose name is, folded, the name of
 * exactly one certifier org) is matched by that org's id, `certifier:<uuid>`: what the
 * certifier's evidence policy asks for (ADR 054). Two bodies with the same name: named only.
 */
async function certifierRef(tx: Tx, name: string): Promise<string | null> {
  const rows = await tx
    .selectFrom("org")
    .select("id")
    .where("kind", "=", "certifier")
    .where("slug", "<>", "hearth-standards")
    .where(sql<string>`lower(regexp_replace(btrim(name), '[[:space:]]+', ' ', 'g'))`, "=", namedRef(name).slice("named:".length))
    .limit(2)
    .execute();
  return rows.length === 1 ? `certifier:${rows[0]!.id}` : null;
}

/** The house of the resident's newest stay that the caller can see (RLS), or 404. */
export async function residentHouse(tx: Tx, residentId: string): Promise<string> {
  const row = await tx
    .selectFrom("stay")
    .select("house_id")
    .where("org_id", "=", sql<string>`current_org_id()`)
    .where("resident_id", "=", residentId)
    .orderBy(sql`lower(during)`, "desc")
    .limit(1)
    .executeTakeFirst();
  if (!row) throw notFound("Resident");
  return row.house_id;
}

/** A resident's consents as staff see them (RLS: their houses), newest first; 404 for a resident the caller cannot see. Not audited: the caller audits the page (`consent.listed`). */
export async function listResidentConsents(tx: Tx, residentId: string): Promise<ConsentRow[]> {
  const rid = parseInput(idSchema, residentId);
  const rows = await consentQuery(tx).where("c.resident_id", "=", rid).orderBy("c.prepared_at", "desc").orderBy("c.id", "desc").limit(100).execute();
  if (rows.length === 0) await residentHouse(tx, rid); // none: is the resident there at all? (404)
  return rows;
}

/** The signed-in resident's consents, newest first (RLS: their own). */
export async function listMyConsents(tx: Tx): Promise<ConsentRow[]> {
  return consentQuery(tx)
    .where("r.user_id", "=", sql<string>`current_app_user_id()`)
    .orderBy("c.prepared_at", "desc")
    .orderBy("c.id", "desc")
    .limit(100)
    .execute();
}

/** One consent the caller can see (the resident: their own; staff: their houses'), or 404. Audited as a read. */
export async function getConsent(tx: Tx, consentId: string, where?: (c: Expression<string>) => Expression<SqlBool>): Promise<ConsentRow> {
  const id = parseInput(idSchema, consentId);
  let q = consentQuery(tx).where("c.id", "=", id);
  if (where) q = q.where(where(sql.ref("c.resident_id")));
  const row = await q.executeTakeFirst();
  if (!row) throw notFound("Consent");
  await audit(tx, "consent.viewed", { type: "consent", id: row.id }, { residentId: row.residentId });
  return row;
}

/** The signed-in resident's own consent (someone else's: 404 even for staff calling it). */
export async function getMyConsent(tx: Tx, consentId: string): Promise<ConsentRow> {
  return getConsent(tx, consentId, (rid) => sql<SqlBool>`${rid} = (select current_resident_id())`);
}

/**
 * The signed-in resident signs a consent prepared for them by typing their full name on
 * record (400 otherwise). Already signed or revoked → 409; past its end date → 409.
 */
export async function signConsent(tx: Tx, input: SignConsentInput): Promise<void> {
  const { consentId, typedName } = parseInput(SignConsentInput, input);
  const resident = await me(tx);
  const consent = await getMyConsent(tx, consentId);
  if (consent.status !== "waiting") {
    throw new DomainError("conflict", consent.status === "expired" ? "This consent's end date has passed. Ask staff to prepare a new one." : "You have already signed this consent.");
  }
  if (!sameName(typedName, resident.legalName)) {
    throw new DomainError("invalid", `The name you typed doesn't match the name on your record. Type your full name: ${resident.legalName}.`, { field: "typedName" });
  }
  await guardDb(tx.updateTable("consent").set({ typed_name: typedName }).where("org_id", "=", sql<string>`current_org_id()`).where("id", "=", consent.id).execute());
  await audit(tx, "consent.signed", { type: "consent", id: consent.id }, { residentId: resident.id });
}

/**
 * Revoke a signed consent, at once: the resident their own, or staff of the house
 * recording a revocation the resident gave them. Waiting (unsigned) or already revoked → 409.
 */
export async function revokeConsent(tx: Tx, consentId: string, opts: { mine: boolean }): Promise<void> {
  const consent = opts.mine ? await getMyConsent(tx, consentId) : await getConsent(tx, consentId);
  if (consent.status === "revoked") throw new DomainError("conflict", "This consent is already revoked.");
  if (consent.status === "waiting" || !consent.signedAt) throw new DomainError("conflict", "This consent was never signed, so there is nothing to revoke.");
  await guardDb(tx.updateTable("consent").set({ revoked_at: sql<Date>`now()` }).where("org_id", "=", sql<string>`current_org_id()`).where("id", "=", consent.id).execute());
  await audit(tx, "consent.revoked", { type: "consent", id: consent.id }, { residentId: consent.residentId, byResident: opts.mine });
}
