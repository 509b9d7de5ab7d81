import { sql } from "kysely";
import type { Applicability, AutoCheck, StandardStatus } from "#app/db/schema";
import type { Tx } from "#app/db/tenant.server";
import { audit } from "#app/domain/audit/audit.server";
import { DomainError, guardDb, notFound, parseInput } from "#app/domain/errors.server";
import { CloneInput, ItemInput } from "./schemas";

/**
 * Standards as data (ADR 047): published versions (the platform's built-in one and any a
 * certifier published) are readable by every org; a certifier clones one into a new draft
 * version of its own, edits and adds items, and publishes it. Published versions never
 * change (trigger standard_published); assessments copy the items they use.
 */

export type StandardSummary = { orgId: string; id: string; name: string; version: string; publisher: string; status: StandardStatus; items: number; own: boolean };

/** Published standards (every org) and the caller's own drafts, with their item counts, in one query. */
export async function listStandards(tx: Tx): Promise<StandardSummary[]> {
  return tx
    .selectFrom("standard as s")
    .select([
      "s.org_id as orgId", "s.id", "s.name", "s.version", "s.publisher", "s.status",
      sql<number>`(select count(*)::int from standard_item i where i.org_id = s.org_id and i.standard_id = s.id)`.as("items"),
      sql<boolean>`s.org_id = current_org_id()`.as("own"),
    ])
    .orderBy("s.name").orderBy("s.version", "desc")
    .execute();
}

/**
 * What an operator may start a self-assessment against: the newest published version of each
 * standard (one per publisher's org and name; older versions stay readable through the library,
 * and assessments keep the version they used). Bounded by the number of standards, not versions.
 */
export async function listStartableStandards(tx: Tx): Promise<StandardSummary[]> {
  const { rows } = await sql<StandardSummary>`
    select l.org_id as "orgId", l.id, l.name, l.version, l.publisher, l.status,
      (select count(*)::int from standard_item i where i.org_id = l.org_id and i.standard_id = l.id) as items,
      l.org_id = current_org_id() as own
    from (
      select distinct on (s.org_id, s.name) s.org_id, s.id, s.name, s.version, s.publisher, s.status
      from standard s
      where s.status = 'published'
      order by s.org_id, s.name, s.published_at desc nulls last, s.created_at desc
    ) l
    order by l.name, l.publisher`.execute(tx);
  return rows;
}

export type StandardItem = {
  id: string; code: string; text: string; guidance: string | null; evidenceHint: string | null;
  levels: [Applicability, Applicability, Applicability, Applicability]; autoCheck: AutoCheck | null;
};

export async function getStandard(tx: Tx, orgId: string, standardId: string) {
  const standard = await tx
    .selectFrom("standard")
    .select(["org_id as orgId", "id", "name", "version", "publisher", "status", "based_on_id as basedOnId"])
    .where("org_id", "=", orgId).where("id", "=", standardId)
    .executeTakeFirst();
  if (!standard) throw notFound("Standard");
  const rows = await tx
    .selectFrom("standard_item")
    .select(["id", "code", "text", "guidance", "evidence_hint", "level_1", "level_2", "level_3", "level_4", "auto_check"])
    .where("org_id", "=", orgId).where("standard_id", "=", standardId)
    .orderBy("position")
    .execute();
  const items: StandardItem[] = rows.map((r) => ({
    id: r.id, code: r.code, text: r.text, guidance: r.guidance, evidenceHint: r.evidence_hint,
    levels: [r.level_1, r.level_2, r.level_3, r.level_4], autoCheck: r.auto_check,
  }));
  return { ...standard, items };
}

/**
 * A certifier copies a readable standard into a new draft version of its own (headings and
 * items, set-based). The name stays the source's unless given (a new version of a standard
 * keeps its name); the publisher is the source's for the certifier's own standard, else the
 * certifier's name unless given. Positions are renumbered with gaps of 1000, so an item
 * added later fits after the last item of its section.
 */
export async function cloneStandard(tx: Tx, raw: CloneInput): Promise<{ id: string }> {
  const input = parseInput(CloneInput, raw);
  const source = await tx
    .selectFrom("standard").select(["org_id", "id", "name", "version", "publisher", sql<boolean>`org_id = current_org_id()`.as("own")])
    .where("org_id", "=", input.standardOrgId).where("id", "=", input.standardId)
    .executeTakeFirst();
  if (!source) throw notFound("Standard");
  const name = input.name ?? source.name;
  if (name === source.name && input.version === source.version) {
    throw new DomainError("invalid", `Choose a version other than ${source.version}: that is the version you are copying.`, { field: "version" });
  }
  const created = await guardDb(
    tx.insertInto("standard")
      .values((eb) => ({
        org_id: sql<string>`current_org_id()`, name, version: input.version,
        publisher: input.publisher ?? (source.own ? source.publisher : eb.selectFrom("org").select("name").where("id", "=", sql<string>`current_org_id()`)),
        based_on_org_id: source.org_id, based_on_id: source.id,
      }))
      .returning("id")
      .executeTakeFirstOrThrow(),
  );
  await sql`
    insert into standard_heading (org_id, standard_id, kind, code, parent_code, title)
    select current_org_id(), ${created.id}::uuid, kind, code, parent_code, title
    from standard_heading where org_id = ${source.org_id}::uuid and standard_id = ${source.id}::uuid`.execute(tx);
  await sql`
    insert into standard_item (org_id, standard_id, code, position, text, guidance, evidence_hint, level_1, level_2, level_3, level_4, auto_check)
    select current_org_id(), ${created.id}::uuid, code, (row_number() over (order by position, code))::int * 1000,
      text, guidance, evidence_hint, level_1, level_2, level_3, level_4, auto_check
    from standard_item where org_id = ${source.org_id}::uuid and standard_id = ${source.id}::uuid`.execute(tx);
  await audit(tx, "standard.cloned", { type: "standard", id: created.id }, { from: source.id, version: input.version });
  return created;
}

const itemColumns = (input: ReturnType<typeof ItemInput.parse>) => ({
  text: input.text, guidance: input.guidance ?? null, evidence_hint: input.evidenceHint ?? null,
  level_1: input.level1, level_2: input.level2, level_3: input.level3, level_4: input.level4, auto_check: input.autoCheck ?? null,
});

/** Add an item to an own draft, or change the item with that code (a state-specific addition or wording). */
export async function saveStandardItem(tx: Tx, standardId: string, raw: ItemInput): Promise<void> {
  const input = parseInput(ItemInput, raw);
  const [domain, principle, section] = input.code.split(".");
  const headings = await tx
    .selectFrom("standard_heading").select(["kind", "code"])
    .where("org_id", "=", sql<string>`current_org_id()`).where("standard_id", "=", standardId)
    .where((eb) => eb.or([
      eb.and([eb("kind", "=", "domain"), eb("code", "=", domain!)]),
      eb.and([eb("kind", "=", "principle"), eb("code", "=", principle!)]),
      eb.and([eb("kind", "=", "section"), eb("code", "=", section!)]),
    ]))
    .execute();
  if (headings.length !== 3) throw new DomainError("invalid", "That code names a domain, principle or standard this version does not have.", { field: "code" });
  const updated = await guardDb(
    tx.updateTable("standard_item").set(itemColumns(input))
      .where("org_id", "=", sql<string>`current_org_id()`).where("standard_id", "=", standardId).where("code", "=", input.code)
      .executeTakeFirst(),
  );
  if (updated.numUpdatedRows === 0n) {
    await guardDb(
      tx.insertInto("standard_item")
        .values({
          org_id: sql<string>`current_org_id()`, standard_id: standardId, code: input.code,
          position: sql<number>`(select coalesce(max(position), 0) + 1 from standard_item where org_id = current_org_id() and standard_id = ${standardId}::uuid)`,
          ...itemColumns(input),
        })
        .execute(),
    );
  }
  await audit(tx, "standard.item_saved", { type: "standard", id: standardId }, { code: input.code });
}

/** Publish an own draft: from now on it is readable by every org and never changes. */
export async function publishStandard(tx: Tx, standardId: string): Promise<void> {
  const result = await guardDb(
    tx.updateTable("standard").set({ status: "published", published_at: sql`now()` })
      .where("org_id", "=", sql<string>`current_org_id()`).where("id", "=", standardId)
      .executeTakeFirst(),
  );
  if (result.numUpdatedRows === 0n) throw notFound("Standard");
  await audit(tx, "standard.published", { type: "standard", id: standardId });
}
