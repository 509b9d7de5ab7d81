import { sql } from "kysely";
import { z } from "zod";
import type { DocumentKind, DocumentStatus } from "#app/db/schema";
import type { Tx } from "#app/db/tenant.server";
import { audit } from "#app/domain/audit/audit.server";
import { houseToday } from "#app/domain/dates.server";
import { DomainError, guardDb, notFound, parseInput } from "#app/domain/errors.server";
import { enqueueEmails } from "#app/domain/outbox/outbox.server";
import { id as idSchema } from "#app/lib/fields";
import { appLink } from "#app/lib/links.server";
import { PAGE_SIZE, pageOf } from "#app/lib/pagination";
import { DOCUMENT_KINDS, DraftRef, SaveDraftInput } from "./schemas";

/**
 * House documents (ADR 023): per kind, an org-wide default and a house's own versions.
 * Staff write a draft, then publish it; the database numbers the version, stamps its
 * sha256 and keeps it unchanged from then on (migration 0015). The version a house's
 * residents sign is its own newest published version of the kind, else the org's.
 *
 * `scope` is a house id, or null for the org defaults. RLS decides who may write which
 * (owners/admins both; house managers their houses only).
 */
export type Scope = string | null;

export type DocumentVersion = {
  id: string;
  houseId: string | null;
  kind: DocumentKind;
  status: DocumentStatus;
  version: number | null;
  body: string;
  contentHash: string | null;
  publishedAt: Date | null;
  updatedAt: Date;
};

const scopeSchema = idSchema.nullable();

const VERSION_COLUMNS = [
  "v.id",
  "v.house_id as houseId",
  "v.kind",
  "v.status",
  "v.version",
  "v.body",
  "v.content_hash as contentHash",
  "v.published_at as publishedAt",
  "v.updated_at as updatedAt",
] as const;

/**
 * Every version of one scope (the house's own, or the org defaults), drafts first, then
 * newest published first, per kind. One statement; a handful of rows per kind.
 */
export async function listDocumentVersions(tx: Tx, scope: Scope): Promise<DocumentVersion[]> {
  const houseId = parseInput(scopeSchema, scope);
  let q = tx.selectFrom("document_version as v").select(VERSION_COLUMNS);
  q = houseId ? q.where("v.house_id", "=", houseId) : q.where("v.house_id", "is", null);
  return q
    .orderBy("v.kind")
    .orderBy(sql`v.version desc nulls first`)
    .execute();
}

export type EditorVersions = {
  /** Per kind: its draft, its current (newest published) version and one page of older ones. */
  versions: DocumentVersion[];
  /** Per kind, the cursor of the next page of older versions (null: no more). */
  next: Record<DocumentKind, string | null>;
};

/**
 * What a document editor shows for one scope: per kind its draft and current version
 * (with their text), and one page of the older published versions, newest first (keyset:
 * for `kind`, the versions older than the one `after` names; without text). One
 * statement, served by document_version_current_idx, whatever the length of the history.
 */
export async function listEditorVersions(
  tx: Tx,
  scope: Scope,
  page: { kind?: DocumentKind | null; after?: string | null; limit?: number } = {},
): Promise<EditorVersions> {
  const houseId = parseInput(scopeSchema, scope);
  const limit = Math.max(1, Math.min(page.limit ?? PAGE_SIZE, PAGE_SIZE));
  const kind = page.kind ?? null;
  const after = page.after ? parseInput(idSchema, page.after) : null;
  const inScope = (alias: string) => (houseId ? sql`${sql.ref(`${alias}.house_id`)} = ${houseId}::uuid` : sql`${sql.ref(`${alias}.house_id`)} is null`);
  const rows = await sql<DocumentVersion & { current: boolean }>`
    select v.id, v.house_id as "houseId", v.kind, v.status, v.version,
      case when v.status = 'draft' or v.version = m.top then v.body else '' end as body,
      v.content_hash as "contentHash", v.published_at as "publishedAt", v.updated_at as "updatedAt",
      (v.version = m.top) as current
    from unnest(${sql.val([...DOCUMENT_KINDS])}::text[]) with ordinality as k(kind, n)
    cross join lateral (
      select max(d.version) as top from document_version d
      where d.org_id = current_org_id() and ${inScope("d")} and d.kind = k.kind and d.status = 'published'
    ) m
    cross join lateral (
      select d.* from document_version d
      where d.org_id = current_org_id() and ${inScope("d")} and d.kind = k.kind
        and (d.status = 'draft' or d.version = m.top or k.kind is distinct from ${kind}::text or ${after}::uuid is null
          or d.version < (select c.version from document_version c where c.org_id = d.org_id and c.id = ${after}::uuid and c.kind = k.kind))
      order by d.version desc nulls first
      limit ${limit + 3}
    ) v
    order by k.n, v.version desc nulls first`.execute(tx);
  const next = {} as Record<DocumentKind, string | null>;
  const versions: DocumentVersion[] = [];
  for (const k of DOCUMENT_KINDS) {
    const mine = rows.rows.filter((r) => r.kind === k);
    const older = pageOf(mine.filter((r) => r.status === "published" && !r.current), limit);
    next[k] = older.next;
    const keep = new Set(older.items.map((r) => r.id));
    versions.push(...mine.filter((r) => r.status === "draft" || r.current || keep.has(r.id)).map(({ current: _c, ...v }) => v));
  }
  return { versions, next };
}

/** One version by id, if the caller may see it (else not found). */
export async function getDocumentVersion(tx: Tx, versionId: string): Promise<DocumentVersion> {
  const id = parseInput(idSchema, versionId);
  const row = await tx.selectFrom("document_version as v").select(VERSION_COLUMNS).where("v.id", "=", id).executeTakeFirst();
  if (!row) throw notFound("Document");
  return row;
}

/** Save the draft of one kind (creating it, or replacing its text). Audited with ids only. */
export async function saveDraft(tx: Tx, scope: Scope, input: SaveDraftInput): Promise<{ id: string }> {
  const houseId = parseInput(scopeSchema, scope);
  const { kind, body } = parseInput(SaveDraftInput, input);
  let q = tx
    .updateTable("document_version")
    .set({ body, updated_at: sql`now()` })
    .where("kind", "=", kind)
    .where("status", "=", "draft");
  q = houseId ? q.where("house_id", "=", houseId) : q.where("house_id", "is", null);
  const updated = await guardDb(q.returning("id").executeTakeFirst());
  const row =
    updated ??
    (await guardDb(
      tx
        .insertInto("document_version")
        .values({ org_id: sql<string>`current_org_id()`, house_id: houseId, kind, body })
        .returning("id")
        .executeTakeFirstOrThrow(),
    ));
  await audit(tx, "document.draft_saved", { type: "document_version", id: row.id }, { kind, houseId });
  return row;
}

async function requireDraft(tx: Tx, houseId: string | null, draftId: string) {
  let q = tx.selectFrom("document_version").select(["id", "kind"]).where("id", "=", draftId).where("status", "=", "draft");
  q = houseId ? q.where("house_id", "=", houseId) : q.where("house_id", "is", null);
  const row = await q.executeTakeFirst();
  if (!row) throw new DomainError("not_found", "That draft is no longer there. Reload the page to see the latest.");
  return row;
}

/** Throw away a draft (published versions are kept: the database refuses). */
export async function discardDraft(tx: Tx, scope: Scope, input: z.input<typeof DraftRef>): Promise<void> {
  const houseId = parseInput(scopeSchema, scope);
  const { draftId } = parseInput(DraftRef, input);
  const draft = await requireDraft(tx, houseId, draftId);
  await guardDb(tx.deleteFrom("document_version").where("id", "=", draft.id).where("status", "=", "draft").execute());
  await audit(tx, "document.draft_discarded", { type: "document_version", id: draft.id }, { kind: draft.kind, houseId });
}

export type Published = {
  id: string;
  kind: DocumentKind;
  version: number;
  contentHash: string;
  /** Current residents now asked to sign it (with or without a portal account). */
  asked: number;
  /** Those of them emailed (a portal account). */
  notified: number;
};

/**
 * Publish the draft of one kind: it becomes version N (the database numbers it and
 * stamps its hash and time). Everyone it now applies to — residents with a current stay
 * in the house, or for an org default in every house without its own version of the
 * kind — is asked to sign it again; those with a portal account get a neutral email.
 * One transaction: the version, the audit entry and the emails commit together.
 */
export async function publishDraft(tx: Tx, scope: Scope, input: z.input<typeof DraftRef>): Promise<Published> {
  const houseId = parseInput(scopeSchema, scope);
  const { draftId } = parseInput(DraftRef, input);
  await requireDraft(tx, houseId, draftId);
  const row = await guardDb(
    tx
      .updateTable("document_version")
      .set({ status: "published", updated_at: sql`now()` })
      .where("id", "=", draftId)
      .where("status", "=", "draft")
      .returning(["id", "kind", "version", "content_hash as contentHash"])
      .executeTakeFirst(),
  );
  if (!row || row.version == null || !row.contentHash) throw new DomainError("conflict", "That draft was just published or removed. Reload the page.");
  const asked = await residentsToNotify(tx, houseId, row.kind);
  const recipients = asked.filter((r): r is { residentId: string; email: string } => r.email !== null);
  await enqueueEmails(
    tx,
    recipients.map((r) => ({
      email: {
        to: r.email,
        subject: "A house document has a new version to read and sign",
        text: [
          "Hello,",
          "",
          "A house document has a new version to read and sign.",
          `Sign in to read it: ${appLink("/login")}`,
          "",
          "You can keep using everything else in the meantime.",
        ].join("\n"),
      },
      dedupeKey: `document:${row.id}:${r.residentId}`,
    })),
    { purpose: "document_to_sign" },
  );
  await audit(tx, "document.published", { type: "document_version", id: row.id }, {
    kind: row.kind,
    houseId,
    version: row.version,
    notified: recipients.length,
  });
  return { id: row.id, kind: row.kind, version: row.version, contentHash: row.contentHash, asked: asked.length, notified: recipients.length };
}

/**
 * Residents with a current stay where a new version of `kind` in `houseId` (or the org
 * default) applies, with the email of their portal account (null: none, or disabled).
 */
async function residentsToNotify(tx: Tx, houseId: string | null, kind: DocumentKind) {
  let q = tx
    .selectFrom("stay as s")
    .innerJoin("house as h", (j) => j.onRef("h.org_id", "=", "s.org_id").onRef("h.id", "=", "s.house_id"))
    .innerJoin("resident as r", (j) => j.onRef("r.org_id", "=", "s.org_id").onRef("r.id", "=", "s.resident_id"))
    .leftJoin("app_user as u", (j) => j.onRef("u.id", "=", "r.user_id").on("u.disabled_at", "is", null))
    .select(["r.id as residentId", "u.email"])
    .distinct()
    .where(sql<boolean>`s.during @> ${houseToday()}`);
  q = houseId
    ? q.where("s.house_id", "=", houseId)
    : q.where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom("document_version as own")
              .select("own.id")
              .whereRef("own.org_id", "=", "s.org_id")
              .whereRef("own.house_id", "=", "s.house_id")
              .where("own.kind", "=", kind)
              .where("own.status", "=", "published"),
          ),
        ),
      );
  return q.execute();
}

export type EffectiveDocument = {
  houseId: string;
  houseName: string;
  timeZone: string;
  kind: DocumentKind;
  versionId: string | null;
  version: number | null;
  /** True when the house's own version replaces the org default. */
  own: boolean;
  publishedAt: Date | null;
  contentHash: string | null;
};

/**
 * The version in force for each kind in each of `houseIds`: the house's own newest
 * published version, else the org default's (versionId null when neither exists: that
 * kind is not required there yet). One row per visible house and kind, in one statement.
 */
export async function listCurrentDocuments(tx: Tx, houseIds: readonly string[]): Promise<EffectiveDocument[]> {
  const ids = parseInput(z.array(idSchema).max(1000), [...houseIds]);
  if (!ids.length) return [];
  const rows = await sql<{
    houseId: string;
    houseName: string;
    timeZone: string;
    kind: DocumentKind;
    versionId: string | null;
    version: number | null;
    own: boolean | null;
    publishedAt: Date | null;
    contentHash: string | null;
  }>`
    select h.id as "houseId", h.name as "houseName", h.time_zone as "timeZone", k.kind,
      v.id as "versionId", v.version, v.house_id is not null as own, v.published_at as "publishedAt",
      v.content_hash as "contentHash"
    from house h
    ${versionsInForce("left join")}
    where h.org_id = current_org_id() and h.id = any (${sql.val(ids)}::uuid[])
    order by h.name, h.id, k.n`.execute(tx);
  return rows.rows.map((r) => ({ ...r, own: Boolean(r.own) }));
}

/**
 * One version as a house's staff read it: the house's own or an org default, with the
 * house's time zone; not found when the caller cannot see the house or the version is
 * another house's. One statement.
 */
export async function getHouseDocumentVersion(tx: Tx, houseId: string, versionId: string): Promise<DocumentVersion & { timeZone: string }> {
  const house = parseInput(idSchema, houseId);
  const id = parseInput(idSchema, versionId);
  const row = await tx
    .selectFrom("document_version as v")
    .innerJoin("house as h", (j) => j.onRef("h.org_id", "=", "v.org_id").on("h.id", "=", house))
    .select([...VERSION_COLUMNS, "h.time_zone as timeZone"])
    .where("v.id", "=", id)
    .where((eb) => eb.or([eb("v.house_id", "is", null), eb("v.house_id", "=", house)]))
    .executeTakeFirst();
  if (!row) throw notFound("Document");
  return row;
}

/**
 * Each document kind (`k.kind`, `k.n` its order) joined with the version in force for the
 * house aliased `h` (`v`): the house's own latest published version, else the org default's.
 * `left join` keeps kinds with no published version.
 */
export function versionsInForce(how: "join" | "left join") {
  return sql`cross join unnest(${sql.val([...DOCUMENT_KINDS])}::text[]) with ordinality as k(kind, n)
    ${sql.raw(how)} lateral (
      select d.id, d.version, d.house_id, d.published_at, d.content_hash
      from document_version d
      where d.org_id = h.org_id and d.kind = k.kind and d.status = 'published'
        and (d.house_id = h.id or d.house_id is null)
      order by d.house_id is null, d.version desc
      limit 1
    ) v on true`;
}
