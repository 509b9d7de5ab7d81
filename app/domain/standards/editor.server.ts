import { sql } from "kysely";
import type { Applicability, AutoCheck, StandardStatus } from "#app/db/schema";
import type { Tx } from "#app/db/tenant.server";
import { audit } from "#app/domain/audit/audit.server";
import { DomainError, guardDb, notFound, parseInput } from "#app/domain/errors.server";
import { PAGE_SIZE, pageOf, type Cursor } from "#app/lib/pagination";
import { HeadingAddInput, HeadingInput, HeadingRefInput, ItemAddInput, ItemEditInput } from "./schemas";

/**
 * The certifier's standards library and editor (issue 13, capability 1; ADR 059). A certifier
 * reads every published standard (the built-in one and every certifier's) and its own drafts
 * and versions; its certifier_admin clones one into a new draft (standards.server.ts), edits
 * the draft's heading titles and items, adds state-specific items, deletes items, and
 * publishes it. Published versions never change (trigger standard_published, migration 0040):
 * every write here names the standard, checks it is the caller's own draft, and the database
 * refuses anyway. A standard is found by id, the caller's own org first (ids are unique in
 * practice; the key is (org, id)).
 */

export type LibraryRow = {
  orgId: string; id: string; name: string; version: string; publisher: string; status: StandardStatus;
  publishedAt: Date | null; items: number; own: boolean; basedOn: string | null;
};

const libraryColumns = [
  "s.org_id as orgId", "s.id", "s.name", "s.version", "s.publisher", "s.status", "s.published_at as publishedAt",
  sql<number>`(select count(*)::int from standard_item i where i.org_id = s.org_id and i.standard_id = s.id)`.as("items"),
  sql<boolean>`s.org_id = current_org_id()`.as("own"),
  sql<string | null>`(select b.name || ' ' || b.version from standard b where b.org_id = s.based_on_org_id and b.id = s.based_on_id)`.as("basedOn"),
] as const;

/** This org's own standards (drafts and published versions), newest first: bounded by what one certifier writes. */
export async function listOwnStandards(tx: Tx): Promise<LibraryRow[]> {
  return tx
    .selectFrom("standard as s")
    .select(libraryColumns)
    .where("s.org_id", "=", sql<string>`current_org_id()`)
    .orderBy("s.created_at", "desc").orderBy("s.id")
    .limit(200)
    .execute();
}

/** Published standards of other orgs (the built-in one and other certifiers'), by name and version, a keyset page at a time. */
export async function listPublishedStandards(tx: Tx, opts: { cursor?: Cursor | null; limit?: number } = {}) {
  const limit = opts.limit ?? PAGE_SIZE;
  let q = tx
    .selectFrom("standard as s")
    .select(libraryColumns)
    .where("s.status", "=", "published")
    .where("s.org_id", "<>", sql<string>`current_org_id()`);
  if (opts.cursor) {
    const after = opts.cursor.after;
    q = q.where(sql<boolean>`(s.name, s.version, s.id) > (select a.name, a.version, a.id from standard a where a.id = ${after}::uuid and a.status = 'published' limit 1)`);
  }
  const rows = await q.orderBy("s.name").orderBy("s.version").orderBy("s.id").limit(limit + 1).execute();
  return pageOf(rows, limit);
}

export type Heading = { kind: "domain" | "principle" | "section"; code: string; parentCode: string | null; title: string; items: number };
export type EditorItem = {
  id: string; code: string; text: string; guidance: string | null; evidenceHint: string | null;
  levels: [Applicability, Applicability, Applicability, Applicability]; autoCheck: AutoCheck | null;
};
export type EditorStandard = {
  orgId: string; id: string; name: string; version: string; publisher: string; status: StandardStatus; own: boolean;
  basedOn: string | null; headings: Heading[]; domain: string | null; items: EditorItem[];
};

/** The standard (own org first), one query. */
async function findStandard(tx: Tx, standardId: string) {
  const s = await tx
    .selectFrom("standard as s")
    .select(["s.org_id as orgId", "s.id", "s.name", "s.version", "s.publisher", "s.status", sql<boolean>`s.org_id = current_org_id()`.as("own"),
      sql<string | null>`(select b.name || ' ' || b.version from standard b where b.org_id = s.based_on_org_id and b.id = s.based_on_id)`.as("basedOn")])
    .where("s.id", "=", standardId)
    .orderBy(sql`s.org_id = current_org_id()`, "desc")
    .limit(1)
    .executeTakeFirst();
  if (!s) throw notFound("Standard");
  return s;
}

/**
 * A standard for the library page: its headings with item counts per heading, and the items of
 * one domain (the first when none is named) — three queries whatever the number of items.
 */
export async function getEditorStandard(tx: Tx, standardId: string, domain?: string | null): Promise<EditorStandard> {
  const s = await findStandard(tx, standardId);
  const headings = await tx
    .selectFrom("standard_heading as h")
    .select(["h.kind", "h.code", "h.parent_code as parentCode", "h.title",
      sql<number>`(select count(*)::int from standard_item i where i.org_id = h.org_id and i.standard_id = h.standard_id
        and split_part(i.code, '.', case h.kind when 'domain' then 1 when 'principle' then 2 else 3 end) = h.code)`.as("items")])
    .where("h.org_id", "=", s.orgId).where("h.standard_id", "=", s.id)
    .orderBy(sql`case h.kind when 'domain' then 1 when 'principle' then 2 else 3 end`)
    .orderBy(sql`lpad(h.code, 3, '0')`)
    .execute();
  const domains = headings.filter((h) => h.kind === "domain");
  const chosen = domains.find((d) => d.code === domain)?.code ?? domains[0]?.code ?? null;
  const rows = chosen
    ? await tx
        .selectFrom("standard_item")
        .select(["id", "code", "text", "guidance", "evidence_hint", "level_1", "level_2", "level_3", "level_4", "auto_check"])
        .where("org_id", "=", s.orgId).where("standard_id", "=", s.id)
        .where("code", "like", `${chosen}.%`)
        .orderBy("position").orderBy("code")
        .execute()
    : [];
  return {
    ...s,
    headings,
    domain: chosen,
    items: rows.map((r) => ({
      id: r.id, code: r.code, text: r.text, guidance: r.guidance, evidenceHint: r.evidence_hint,
      levels: [r.level_1, r.level_2, r.level_3, r.level_4], autoCheck: r.auto_check,
    })),
  };
}

/** One item of a standard and the standard's head: two queries. */
export async function getEditorItem(tx: Tx, standardId: string, itemId: string) {
  const s = await findStandard(tx, standardId);
  const r = await tx
    .selectFrom("standard_item")
    .select(["id", "code", "text", "guidance", "evidence_hint", "level_1", "level_2", "level_3", "level_4", "auto_check"])
    .where("org_id", "=", s.orgId).where("standard_id", "=", s.id).where("id", "=", itemId)
    .executeTakeFirst();
  if (!r) throw notFound("Item");
  const item: EditorItem = {
    id: r.id, code: r.code, text: r.text, guidance: r.guidance, evidenceHint: r.evidence_hint,
    levels: [r.level_1, r.level_2, r.level_3, r.level_4], autoCheck: r.auto_check,
  };
  return { standard: s, item };
}

const PUBLISHED = "This version is published and cannot change. Start a new version instead.";

/** The caller's own draft, or a refusal: not found (another org's or none), conflict (published). */
async function ownDraft(tx: Tx, standardId: string) {
  const s = await findStandard(tx, standardId);
  if (!s.own) throw notFound("Standard");
  if (s.status !== "draft") throw new DomainError("conflict", PUBLISHED);
  return s;
}

const PUBLISHED_REFUSAL = { standard_published: { kind: "conflict" as const, message: PUBLISHED } };

const itemColumns = (input: ReturnType<typeof ItemEditInput.parse>) => ({
  text: input.text, guidance: input.guidance ?? null, evidence_hint: input.evidenceHint ?? null,
  level_1: input.level1, level_2: input.level2, level_3: input.level3, level_4: input.level4, auto_check: input.autoCheck ?? null,
});

/** Rename a domain, principle or standard (section) of an own draft. */
export async function renameHeading(tx: Tx, standardId: string, raw: HeadingInput): Promise<void> {
  const input = parseInput(HeadingInput, raw);
  const s = await ownDraft(tx, standardId);
  const updated = await guardDb(
    tx.updateTable("standard_heading").set({ title: input.title })
      .where("org_id", "=", s.orgId).where("standard_id", "=", s.id).where("kind", "=", input.kind).where("code", "=", input.code)
      .executeTakeFirst(),
    PUBLISHED_REFUSAL,
  );
  if (updated.numUpdatedRows === 0n) throw new DomainError("not_found", "That heading is not in this version.");
  await audit(tx, "standard.heading_renamed", { type: "standard", id: s.id }, { kind: input.kind, code: input.code });
}

const KIND_WORDS = { domain: "domain", principle: "principle", section: "standard" } as const;
const PARENT_KIND = { principle: "domain", section: "principle" } as const;
/** Which part of an item's code names a heading of each kind (`2.F.17.c`: domain 2, principle F, standard 17). */
const CODE_PART = { domain: 1, principle: 2, section: 3 } as const;

/**
 * Add a domain, a principle (under a domain) or a standard (under a principle) to an own draft
 * (ADR 061). Its code is new among headings of its kind in the version (principles and
 * standards are numbered across the whole standard, as item codes assume); the parent exists.
 */
export async function addHeading(tx: Tx, standardId: string, raw: HeadingAddInput): Promise<{ kind: string; code: string }> {
  const input = parseInput(HeadingAddInput, raw);
  const s = await ownDraft(tx, standardId);
  const parentCode = input.kind === "domain" ? null : input.parentCode!;
  if (input.kind !== "domain") {
    const parent = await tx.selectFrom("standard_heading").select("code")
      .where("org_id", "=", s.orgId).where("standard_id", "=", s.id).where("kind", "=", PARENT_KIND[input.kind]).where("code", "=", parentCode!)
      .executeTakeFirst();
    if (!parent) throw new DomainError("invalid", `This version has no ${PARENT_KIND[input.kind]} ${parentCode}.`, { field: "parentCode" });
  }
  const words = KIND_WORDS[input.kind];
  await guardDb(
    tx.insertInto("standard_heading")
      .values({ org_id: s.orgId, standard_id: s.id, kind: input.kind, code: input.code, parent_code: parentCode, title: input.title })
      .execute(),
    { ...PUBLISHED_REFUSAL, standard_heading_pkey: { kind: "conflict", message: `This version already has a ${words} ${input.code}. Choose another ${input.kind === "principle" ? "letter" : "number"}.`, field: "code" } },
  );
  await audit(tx, "standard.heading_added", { type: "standard", id: s.id }, { kind: input.kind, code: input.code, parentCode });
  return { kind: input.kind, code: input.code };
}

/**
 * Delete a heading of an own draft (ADR 061) — only an empty one: a heading that still has
 * items, or principles or standards under it, is refused with a message saying what to delete
 * first, so nobody loses items by deleting a title. Two statements and the audit.
 */
export async function deleteHeading(tx: Tx, standardId: string, raw: HeadingRefInput): Promise<{ kind: string; code: string }> {
  const input = parseInput(HeadingRefInput, raw);
  const s = await ownDraft(tx, standardId);
  const words = KIND_WORDS[input.kind];
  const Words = words[0]!.toUpperCase() + words.slice(1);
  const found = await tx
    .selectFrom("standard_heading as h")
    .select([
      sql<number>`(select count(*)::int from standard_item i where i.org_id = h.org_id and i.standard_id = h.standard_id
        and split_part(i.code, '.', ${CODE_PART[input.kind]}::int) = h.code)`.as("items"),
      sql<number>`(select count(*)::int from standard_heading c where c.org_id = h.org_id and c.standard_id = h.standard_id
        and c.kind = case h.kind when 'domain' then 'principle' when 'principle' then 'section' end and c.parent_code = h.code)`.as("children"),
    ])
    .where("h.org_id", "=", s.orgId).where("h.standard_id", "=", s.id).where("h.kind", "=", input.kind).where("h.code", "=", input.code)
    .executeTakeFirst();
  if (!found) throw new DomainError("not_found", "That heading is not in this version.");
  if (found.items > 0) {
    throw new DomainError("conflict", `${Words} ${input.code} still has ${found.items} ${found.items === 1 ? "item" : "items"}. Delete ${found.items === 1 ? "it" : "them"} first: a heading is never deleted with its items.`);
  }
  if (found.children > 0) {
    throw new DomainError("conflict", `${Words} ${input.code} still has ${input.kind === "domain" ? "principles" : "standards"} under it. Delete those first.`);
  }
  await guardDb(
    tx.deleteFrom("standard_heading").where("org_id", "=", s.orgId).where("standard_id", "=", s.id).where("kind", "=", input.kind).where("code", "=", input.code).execute(),
    PUBLISHED_REFUSAL,
  );
  await audit(tx, "standard.heading_deleted", { type: "standard", id: s.id }, { kind: input.kind, code: input.code });
  return { kind: input.kind, code: input.code };
}

/** Change an item's wording, guidance, evidence hint, applicability per level and automatic check (own draft). */
export async function updateItem(tx: Tx, standardId: string, itemId: string, raw: ItemEditInput): Promise<{ code: string }> {
  const input = parseInput(ItemEditInput, raw);
  const s = await ownDraft(tx, standardId);
  const updated = await guardDb(
    tx.updateTable("standard_item").set(itemColumns(input))
      .where("org_id", "=", s.orgId).where("standard_id", "=", s.id).where("id", "=", itemId)
      .returning("code")
      .executeTakeFirst(),
    PUBLISHED_REFUSAL,
  );
  if (!updated) throw notFound("Item");
  await audit(tx, "standard.item_saved", { type: "standard", id: s.id }, { code: updated.code, itemId });
  return updated;
}

/**
 * Add a state-specific item to an own draft. Its code `<domain>.<principle>.<section>.<letter>`
 * must name a standard (section) of this version under that principle and domain, and be new
 * in the version (key standard_item_code_key). It goes after the last item of its section.
 */
export async function addItem(tx: Tx, standardId: string, raw: ItemAddInput): Promise<{ id: string; code: string }> {
  const input = parseInput(ItemAddInput, raw);
  const s = await ownDraft(tx, standardId);
  const [domain, principle, section] = input.code.split(".") as [string, string, string, string];
  const place = await tx
    .selectFrom("standard_heading as sec")
    .innerJoin("standard_heading as p", (j) => j.onRef("p.org_id", "=", "sec.org_id").onRef("p.standard_id", "=", "sec.standard_id")
      .on("p.kind", "=", "principle").onRef("p.code", "=", "sec.parent_code"))
    .select([
      "p.parent_code as domain", "p.code as principle",
      sql<number>`coalesce(
        (select max(i.position) from standard_item i where i.org_id = sec.org_id and i.standard_id = sec.standard_id and split_part(i.code, '.', 3) = sec.code),
        (select max(i.position) from standard_item i where i.org_id = sec.org_id and i.standard_id = sec.standard_id), 0) + 1`.as("position"),
    ])
    .where("sec.org_id", "=", s.orgId).where("sec.standard_id", "=", s.id).where("sec.kind", "=", "section").where("sec.code", "=", section)
    .executeTakeFirst();
  if (!place) throw new DomainError("invalid", `This version has no standard ${section}. Use the number of an existing standard, like 2.F.17.d.`, { field: "code" });
  if (place.principle !== principle || place.domain !== domain) {
    throw new DomainError("invalid", `Standard ${section} belongs to ${place.domain}.${place.principle}: write the code as ${place.domain}.${place.principle}.${section}.<letter>.`, { field: "code" });
  }
  const created = await guardDb(
    tx.insertInto("standard_item")
      .values({ org_id: s.orgId, standard_id: s.id, code: input.code, position: place.position, ...itemColumns(input) })
      .returning("id")
      .executeTakeFirstOrThrow(),
    PUBLISHED_REFUSAL,
  );
  await audit(tx, "standard.item_added", { type: "standard", id: s.id }, { code: input.code, itemId: created.id });
  return { id: created.id, code: input.code };
}

/** Delete an item from an own draft. */
export async function deleteItem(tx: Tx, standardId: string, itemId: string): Promise<{ code: string }> {
  const s = await ownDraft(tx, standardId);
  const deleted = await guardDb(
    tx.deleteFrom("standard_item")
      .where("org_id", "=", s.orgId).where("standard_id", "=", s.id).where("id", "=", itemId)
      .returning("code")
      .executeTakeFirst(),
    PUBLISHED_REFUSAL,
  );
  if (!deleted) throw notFound("Item");
  await audit(tx, "standard.item_deleted", { type: "standard", id: s.id }, { code: deleted.code, itemId });
  return deleted;
}

/** The standard's head for a question or a check (publish asks first). */
export async function getStandardHead(tx: Tx, standardId: string) {
  return findStandard(tx, standardId);
}

/** Publish an own draft with at least one item: from now on every org reads it and it never changes. */
export async function publishDraft(tx: Tx, standardId: string): Promise<{ name: string; version: string }> {
  const s = await ownDraft(tx, standardId);
  const { n } = await tx.selectFrom("standard_item").select(sql<number>`count(*)::int`.as("n"))
    .where("org_id", "=", s.orgId).where("standard_id", "=", s.id).executeTakeFirstOrThrow();
  if (n === 0) throw new DomainError("invalid", "Add at least one item before publishing.");
  await guardDb(
    tx.updateTable("standard").set({ status: "published", published_at: sql`now()` })
      .where("org_id", "=", s.orgId).where("id", "=", s.id)
      .executeTakeFirst(),
    PUBLISHED_REFUSAL,
  );
  await audit(tx, "standard.published", { type: "standard", id: s.id }, { version: s.version });
  return { name: s.name, version: s.version };
}
