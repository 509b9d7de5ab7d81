import { sql } from "kysely";
import type { DocumentKind } from "#app/db/schema";
import type { Tx } from "#app/db/tenant.server";
import { audit } from "#app/domain/audit/audit.server";
import { houseToday } from "#app/domain/dates.server";
import { DomainError, guardDb, notFound, parseInput } from "#app/domain/errors.server";
import { id as idSchema } from "#app/lib/fields";
import { sameName, SignInput } from "./schemas";
import { versionsInForce } from "./documents.server";

/**
 * Residents' e-signatures of house documents (ADR 023). A resident signs the version in
 * force for a kind in a house where they have a current stay, by typing their full
 * name; the time, the request's IP and the version's content hash are stored with it.
 *
 * Other modules (the resident's week, the manager's today) read `listUnsignedDocuments`
 * and `listHouseSignatureStatus`.
 */

export type UnsignedDocument = {
  houseId: string;
  houseName: string;
  kind: DocumentKind;
  versionId: string;
  version: number;
  publishedAt: Date;
};

/**
 * The versions in force in the houses where `residentId` has a current stay (today in
 * each house's zone) that they have not signed: the house's own newest version of a
 * kind, else the org default's. One statement; what the caller may see decides (a
 * resident: their own; staff: residents of their houses).
 */
export async function listUnsignedDocuments(tx: Tx, residentId: string): Promise<UnsignedDocument[]> {
  const id = parseInput(idSchema, residentId);
  const rows = await sql<UnsignedDocument>`
    select h.id as "houseId", h.name as "houseName", k.kind, v.id as "versionId", v.version, v.published_at as "publishedAt"
    from stay s
    join house h on h.org_id = s.org_id and h.id = s.house_id
    ${versionsInForce("join")}
    where s.org_id = current_org_id() and s.resident_id = ${id}
      and s.during @> ${houseToday()}
      and not exists (select 1 from document_signature g
        where g.org_id = s.org_id and g.resident_id = s.resident_id and g.document_version_id = v.id)
    order by h.name, h.id, k.n`.execute(tx);
  return rows.rows;
}

/** The signed-in resident's own resident id, or null (not a linked resident). */
async function myResident(tx: Tx) {
  return tx
    .selectFrom("resident")
    .select(["id", "legal_name as legalName"])
    .where("user_id", "=", sql<string>`current_app_user_id()`)
    .executeTakeFirst();
}

export type MyDocument = {
  houseId: string;
  houseName: string;
  timeZone: string;
  kind: DocumentKind;
  versionId: string;
  version: number;
  publishedAt: Date;
  signedAt: Date | null;
};

/**
 * The signed-in resident's documents: for each house they live in today and each kind
 * in force there, the current version and when they signed it (null: waiting for their
 * signature). One statement.
 */
export async function listMyDocuments(tx: Tx): Promise<MyDocument[]> {
  const rows = await sql<MyDocument>`
    select h.id as "houseId", h.name as "houseName", h.time_zone as "timeZone", k.kind, v.id as "versionId",
      v.version, v.published_at as "publishedAt", g.signed_at as "signedAt"
    from resident r
    join stay s on s.org_id = r.org_id and s.resident_id = r.id
    join house h on h.org_id = s.org_id and h.id = s.house_id
    ${versionsInForce("join")}
    left join document_signature g on g.org_id = r.org_id and g.resident_id = r.id and g.document_version_id = v.id
    where r.org_id = current_org_id() and r.user_id = current_app_user_id()
      and s.during @> ${houseToday()}
    order by h.name, h.id, k.n`.execute(tx);
  return rows.rows;
}

export type MySignature = { id: string; versionId: string; kind: DocumentKind; version: number; signedAt: Date; typedName: string };

/** Everything the signed-in resident has signed, newest first (their own rows only: RLS). One statement. */
export async function listMySignatures(tx: Tx, limit = 50): Promise<MySignature[]> {
  return tx
    .selectFrom("document_signature as g")
    .innerJoin("resident as r", (j) => j.onRef("r.org_id", "=", "g.org_id").onRef("r.id", "=", "g.resident_id"))
    .innerJoin("document_version as v", (j) => j.onRef("v.org_id", "=", "g.org_id").onRef("v.id", "=", "g.document_version_id"))
    .select(["g.id", "v.id as versionId", "v.kind", sql<number>`v.version`.as("version"), "g.signed_at as signedAt", "g.typed_name as typedName"])
    .where("r.user_id", "=", sql<string>`current_app_user_id()`)
    .orderBy("g.signed_at", "desc")
    .orderBy("g.id", "desc")
    .limit(limit)
    .execute();
}

export type DocumentForResident = {
  id: string;
  kind: DocumentKind;
  version: number;
  body: string;
  contentHash: string;
  publishedAt: Date;
  houseName: string | null;
  /** The newest version in force for this kind in one of the resident's houses (else they may only read it). */
  current: boolean;
  signature: { signedAt: Date; typedName: string } | null;
};

/**
 * One published version as the signed-in resident reads it (RLS: published, of a house
 * they live in or an org default), whether it is the one they are asked to sign, and
 * their signature of it. One statement.
 */
export async function getDocumentForResident(tx: Tx, versionId: string): Promise<DocumentForResident> {
  const id = parseInput(idSchema, versionId);
  const row = await sql<DocumentForResident>`
    select v.id, v.kind, v.version, v.body, v.content_hash as "contentHash", v.published_at as "publishedAt",
      h.name as "houseName",
      exists (
        select 1 from resident r
        join stay s on s.org_id = r.org_id and s.resident_id = r.id
        join house sh on sh.org_id = s.org_id and sh.id = s.house_id
        where r.org_id = v.org_id and r.user_id = current_app_user_id()
          and s.during @> ${houseToday("sh")}
          and (v.house_id is null or v.house_id = s.house_id)
          and v.id = (select d.id from document_version d
            where d.org_id = v.org_id and d.kind = v.kind and d.status = 'published'
              and (d.house_id = s.house_id or d.house_id is null)
            order by d.house_id is null, d.version desc limit 1)
      ) as current,
      (select json_build_object('signedAt', g.signed_at, 'typedName', g.typed_name)
        from document_signature g join resident r on r.org_id = g.org_id and r.id = g.resident_id
        where g.org_id = v.org_id and g.document_version_id = v.id and r.user_id = current_app_user_id()) as signature
    from document_version v
    left join house h on h.org_id = v.org_id and h.id = v.house_id
    where v.org_id = current_org_id() and v.id = ${id} and v.status = 'published'`.execute(tx);
  const doc = row.rows[0];
  if (!doc) throw notFound("Document");
  const sig = doc.signature as unknown as { signedAt: string; typedName: string } | null;
  return { ...doc, signature: sig ? { signedAt: new Date(sig.signedAt), typedName: sig.typedName } : null };
}

/**
 * The signed-in resident signs a version: it must be the one in force for its kind in a
 * house where they live today (an older one → 409, nothing written), not already signed
 * (409), and the typed name must be their full name on record (case and spaces aside;
 * 400). Stores the typed name, time, IP and the version's hash; audited with ids only.
 */
export async function signDocument(tx: Tx, input: SignInput): Promise<{ id: string }> {
  const { versionId, typedName } = parseInput(SignInput, input);
  const me = await myResident(tx);
  if (!me) throw new DomainError("forbidden", "Only a resident can sign house documents.");
  const doc = await getDocumentForResident(tx, versionId);
  if (doc.signature) throw new DomainError("conflict", "You have already signed this version.");
  if (!doc.current) {
    throw new DomainError("conflict", "This version has been replaced by a newer one. Open the current version to read and sign it.");
  }
  if (!sameName(typedName, me.legalName)) {
    throw new DomainError("invalid", `The name you typed doesn't match the name on your record. Type your full name: ${me.legalName}.`, {
      field: "typedName",
    });
  }
  const row = await guardDb(
    tx
      .insertInto("document_signature")
      .values({
        org_id: sql<string>`current_org_id()`,
        document_version_id: doc.id,
        resident_id: me.id,
        typed_name: typedName,
        content_hash: doc.contentHash,
      })
      .returning("id")
      .executeTakeFirstOrThrow(),
  );
  await audit(tx, "document.signed", { type: "document_signature", id: row.id }, { versionId: doc.id, kind: doc.kind, residentId: me.id });
  return row;
}

export type SignatureStatus = {
  residentId: string;
  name: string;
  kind: DocumentKind;
  versionId: string;
  version: number;
  /** The resident's signature of the version in force, if any. */
  signatureId: string | null;
  signedAt: Date | null;
  /** Their newest signature of an older version of the same document, when they have not signed the current one. */
  earlierVersion: number | null;
  earlierSignedAt: Date | null;
};

/**
 * Who has signed what in one house: every resident with a current stay there × every
 * kind in force, with their signature of the current version (or of an earlier one).
 * One statement, whatever the number of residents, and one `document_signature.listed`
 * audit entry with the ids of the residents named; staff of other houses see nothing (RLS).
 */
export async function listHouseSignatureStatus(tx: Tx, houseId: string): Promise<SignatureStatus[]> {
  const id = parseInput(idSchema, houseId);
  const rows = await sql<SignatureStatus>`
    select r.id as "residentId", coalesce(r.preferred_name || ' (' || r.legal_name || ')', r.legal_name) as name,
      k.kind, v.id as "versionId", v.version,
      cur.id as "signatureId", cur.signed_at as "signedAt",
      old.version as "earlierVersion", old.signed_at as "earlierSignedAt"
    from house h
    join stay s on s.org_id = h.org_id and s.house_id = h.id and s.during @> ${houseToday()}
    join resident r on r.org_id = s.org_id and r.id = s.resident_id
    ${versionsInForce("join")}
    left join document_signature cur on cur.org_id = r.org_id and cur.resident_id = r.id and cur.document_version_id = v.id
    left join lateral (
      select d.version, g.signed_at
      from document_signature g
      join document_version d on d.org_id = g.org_id and d.id = g.document_version_id
      where cur.id is null and g.org_id = r.org_id and g.resident_id = r.id and d.kind = k.kind
        and d.house_id is not distinct from v.house_id
      order by d.version desc
      limit 1
    ) old on true
    where h.org_id = current_org_id() and h.id = ${id}
    order by lower(r.legal_name), r.id, k.n`.execute(tx);
  const residentIds = [...new Set(rows.rows.map((r) => r.residentId))];
  if (residentIds.length) await audit(tx, "document_signature.listed", { type: "house", id }, { residentIds });
  return rows.rows;
}

export type SignedCopy = {
  signatureId: string;
  residentId: string;
  residentName: string;
  kind: DocumentKind;
  version: number;
  body: string;
  versionHash: string;
  signedHash: string;
  publishedAt: Date;
  typedName: string;
  signedAt: Date;
  ip: string | null;
  houseName: string;
  timeZone: string;
};

/**
 * A signed copy for staff to print, for a resident who has (had) a stay in `houseId`.
 * Audited as a read (`document_signature.viewed`). One statement and the audit entry.
 */
export async function getSignedCopy(tx: Tx, houseId: string, signatureId: string): Promise<SignedCopy> {
  const house = parseInput(idSchema, houseId);
  const id = parseInput(idSchema, signatureId);
  const row = await tx
    .selectFrom("document_signature as g")
    .innerJoin("document_version as v", (j) => j.onRef("v.org_id", "=", "g.org_id").onRef("v.id", "=", "g.document_version_id"))
    .innerJoin("resident as r", (j) => j.onRef("r.org_id", "=", "g.org_id").onRef("r.id", "=", "g.resident_id"))
    .innerJoin("house as h", (j) => j.on("h.id", "=", house).onRef("h.org_id", "=", "g.org_id"))
    .select([
      "g.id as signatureId",
      "r.id as residentId",
      "r.legal_name as residentName",
      "v.kind",
      sql<number>`v.version`.as("version"),
      "v.body",
      sql<string>`v.content_hash`.as("versionHash"),
      "g.content_hash as signedHash",
      sql<Date>`v.published_at`.as("publishedAt"),
      "g.typed_name as typedName",
      "g.signed_at as signedAt",
      "g.ip",
      "h.name as houseName",
      "h.time_zone as timeZone",
    ])
    .where("g.id", "=", id)
    .where((eb) => eb.or([eb("v.house_id", "is", null), eb("v.house_id", "=", house)]))
    .where(({ exists, selectFrom }) =>
      exists(selectFrom("stay as s").select("s.id").whereRef("s.org_id", "=", "g.org_id").whereRef("s.resident_id", "=", "g.resident_id").where("s.house_id", "=", house)),
    )
    .executeTakeFirst();
  if (!row) throw notFound("Signed document");
  await audit(tx, "document_signature.viewed", { type: "document_signature", id: row.signatureId }, { residentId: row.residentId });
  return row;
}
