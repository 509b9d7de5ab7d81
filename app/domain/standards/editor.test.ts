import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { withTenant } from "#app/db/tenant.server";
import { cursorParam } from "#app/lib/cursor.server";
import { BUILT_IN_STANDARD_ID, STANDARDS_ORG_ID } from "#db/migrations/0040_standards";
import { flatItems } from "#db/standards/hearth-rr-1";
import { makeCertifier } from "#tests/support/certification";
import { useTestDatabase } from "#tests/support/db";
import { expectDomainError, makeHouse, makeOperator } from "#tests/support/houses";
import { getAssessment, startAssessment } from "./assessments.server";
import { addItem, deleteItem, getEditorItem, getEditorStandard, listOwnStandards, listPublishedStandards, publishDraft, renameHeading, updateItem } from "./editor.server";
import { cloneStandard, listStartableStandards } from "./standards.server";

const t = useTestDatabase();

const BUILT_IN = { standardOrgId: STANDARDS_ORG_ID, standardId: BUILT_IN_STANDARD_ID };
const ITEM = {
  text: "The home posts the state's recovery-housing hotline where residents can see it.",
  guidance: "Near the entrance or in the common room.",
  evidenceHint: "A photo of the notice",
  level1: "required", level2: "required", level3: "recommended", level4: "na",
  autoCheck: null,
} as const;

const actions = async (orgId: string) =>
  (await t.db.selectFrom("audit_event").select("action").where("org_id", "=", orgId).where("action", "like", "standard.%").orderBy("id").execute()).map((e) => e.action);

describe("standard versioning", () => {
  it("editing a published standard means a new version: the old assessment keeps its items, texts and label; a new one has the added item", async () => {
    const fx = await makeOperator();
    const h = await makeHouse(fx.owner);
    const old = await withTenant(fx.owner, (tx) => startAssessment(tx, { houseId: h.houseId, ...BUILT_IN, level: 2 }));
    const before = await withTenant(fx.owner, (tx) => getAssessment(tx, old.id));

    const k = await makeCertifier();
    const { id: v1 } = await withTenant(k.admin, (tx) => cloneStandard(tx, { ...BUILT_IN, version: "1.0-PA" }));
    const draft = await withTenant(k.admin, (tx) => getEditorStandard(tx, v1, "1"));
    expect(draft).toMatchObject({ status: "draft", own: true, version: "1.0-PA", publisher: k.name, domain: "1" });
    expect(draft.basedOn).toMatch(/ 1\.0$/);
    const first = draft.items[0]!;
    await withTenant(k.admin, async (tx) => {
      await updateItem(tx, v1, first.id, { ...ITEM, text: "Our state's wording of the first item." });
      await addItem(tx, v1, { code: "1.B.7.z", ...ITEM });
      await publishDraft(tx, v1);
    });
    // Published: the page offers a new version; every write is refused, by the domain and by the database.
    await expectDomainError(withTenant(k.admin, (tx) => updateItem(tx, v1, first.id, ITEM)), "conflict");
    await expectDomainError(withTenant(k.admin, (tx) => addItem(tx, v1, { code: "1.B.7.y", ...ITEM })), "conflict");
    await expectDomainError(withTenant(k.admin, (tx) => renameHeading(tx, v1, { kind: "domain", code: "1", title: "Changed" })), "conflict");
    await expectDomainError(withTenant(k.admin, (tx) => deleteItem(tx, v1, first.id)), "conflict");
    await expect(withTenant(k.admin, (tx) => tx.updateTable("standard_item").set({ text: "Sneaky" }).where("id", "=", first.id).execute())).rejects.toThrow(/published standard cannot change/);

    // The new version keeps the name and needs a new version string.
    await expectDomainError(withTenant(k.admin, (tx) => cloneStandard(tx, { standardOrgId: k.orgId, standardId: v1, version: "1.0-PA" })), "invalid", { field: "version" });
    const { id: v2 } = await withTenant(k.admin, (tx) => cloneStandard(tx, { standardOrgId: k.orgId, standardId: v1, version: "1.1-PA" }));
    await expectDomainError(withTenant(k.admin, (tx) => cloneStandard(tx, { standardOrgId: k.orgId, standardId: v1, version: "1.1-PA" })), "conflict", { field: "version" });
    const second = await withTenant(k.admin, (tx) => getEditorStandard(tx, v2, "1"));
    expect(second).toMatchObject({ name: draft.name, version: "1.1-PA", publisher: k.name, status: "draft" });
    expect(second.items.map((i) => [i.code, i.text])).toEqual((await withTenant(k.admin, (tx) => getEditorStandard(tx, v1, "1"))).items.map((i) => [i.code, i.text]));

    // The old assessment: same items, same texts, same label.
    const after = await withTenant(fx.owner, (tx) => getAssessment(tx, old.id));
    expect(after.items.map((i) => [i.code, i.text, i.requirement])).toEqual(before.items.map((i) => [i.code, i.text, i.requirement]));
    expect(after.standardLabel).toBe(before.standardLabel);
    // A new assessment on the published state version has the state item, in its section, and the new wording.
    const fresh = await withTenant(fx.owner, (tx) => startAssessment(tx, { houseId: h.houseId, standardOrgId: k.orgId, standardId: v1, level: 2 }));
    const state = await withTenant(fx.owner, (tx) => getAssessment(tx, fresh.id));
    expect(state.standardLabel).toBe(`${draft.name} 1.0-PA`);
    const codes = state.items.map((i) => i.code);
    expect(codes).toContain("1.B.7.z");
    const added = state.items.find((i) => i.code === "1.B.7.z")!;
    expect(added).toMatchObject({ text: ITEM.text, guidance: ITEM.guidance, evidenceHint: ITEM.evidenceHint, requirement: "required", sectionNumber: 7 });
    const next = state.items[codes.indexOf("1.B.7.z") + 1];
    expect(next?.sectionNumber ?? 99).not.toBe(7); // the last item of standard 7
    expect(state.items.find((i) => i.code === first.code)!.text).toBe("Our state's wording of the first item.");
    // Level IV: the item does not apply.
    const l4 = await withTenant(fx.owner, (tx) => startAssessment(tx, { houseId: null, standardOrgId: k.orgId, standardId: v1, level: 4 }));
    expect((await withTenant(fx.owner, (tx) => getAssessment(tx, l4.id))).items.map((i) => i.code)).not.toContain("1.B.7.z");

    expect(await actions(k.orgId)).toEqual(expect.arrayContaining(["standard.cloned", "standard.item_saved", "standard.item_added", "standard.published"]));
  });
});

describe("starting a self-assessment", () => {
  it("offers the newest published version of each standard, not every version; drafts never", async () => {
    const fx = await makeOperator();
    const k = await makeCertifier();
    const { id: v1 } = await withTenant(k.admin, (tx) => cloneStandard(tx, { ...BUILT_IN, version: "1.0-NJ" }));
    await withTenant(k.admin, (tx) => publishDraft(tx, v1));
    const { id: v2 } = await withTenant(k.admin, (tx) => cloneStandard(tx, { standardOrgId: k.orgId, standardId: v1, version: "1.1-NJ" }));
    const offered = async () => (await withTenant(fx.owner, (tx) => listStartableStandards(tx))).map((s) => s.id);
    // v2 is a draft: the operator is offered v1 (and the built-in), not v2.
    expect(await offered()).toEqual(expect.arrayContaining([BUILT_IN_STANDARD_ID, v1]));
    expect(await offered()).not.toContain(v2);
    await withTenant(k.admin, (tx) => publishDraft(tx, v2));
    // Once v2 is published it replaces v1 in the choice; the built-in stays.
    const after = await offered();
    expect(after).toEqual(expect.arrayContaining([BUILT_IN_STANDARD_ID, v2]));
    expect(after).not.toContain(v1);
    expect(new Set(after).size).toBe(after.length);
  });
});

describe("editing a draft", () => {
  it("renames headings, edits every field of an item, adds and deletes items; audits each write", async () => {
    const k = await makeCertifier();
    const { id } = await withTenant(k.admin, (tx) => cloneStandard(tx, { ...BUILT_IN, version: "2026-NJ", name: "New Jersey recovery residence standard", publisher: "NJ Alliance" }));
    await withTenant(k.admin, (tx) => renameHeading(tx, id, { kind: "section", code: "17", title: "Fees in writing (NJ)" }));
    const s = await withTenant(k.admin, (tx) => getEditorStandard(tx, id, "2"));
    expect(s).toMatchObject({ name: "New Jersey recovery residence standard", publisher: "NJ Alliance", domain: "2" });
    expect(s.headings.find((x) => x.kind === "section" && x.code === "17")!.title).toBe("Fees in writing (NJ)");
    expect(s.items.every((i) => i.code.startsWith("2."))).toBe(true);
    const item = s.items[0]!;
    await withTenant(k.admin, (tx) => updateItem(tx, id, item.id, { text: "New text", guidance: "New guidance", evidenceHint: "New hint", level1: "na", level2: "recommended", level3: "required", level4: "required", autoCheck: "bathrooms" }));
    expect((await withTenant(k.admin, (tx) => getEditorItem(tx, id, item.id))).item).toMatchObject({
      text: "New text", guidance: "New guidance", evidenceHint: "New hint", levels: ["na", "recommended", "required", "required"], autoCheck: "bathrooms",
    });
    const added = await withTenant(k.admin, (tx) => addItem(tx, id, { code: "2.F.17.x", ...ITEM }));
    await withTenant(k.admin, (tx) => deleteItem(tx, id, added.id));
    await expectDomainError(withTenant(k.admin, (tx) => getEditorItem(tx, id, added.id)), "not_found");
    expect(await actions(k.orgId)).toEqual(["standard.cloned", "standard.heading_renamed", "standard.item_saved", "standard.item_added", "standard.item_deleted"]);
  });

  it("checks a new item's code against the headings and refuses a duplicate", async () => {
    const k = await makeCertifier();
    const { id } = await withTenant(k.admin, (tx) => cloneStandard(tx, { ...BUILT_IN, version: "1.0-OH" }));
    await expectDomainError(withTenant(k.admin, (tx) => addItem(tx, id, { code: "2.F.99.a", ...ITEM })), "invalid", { field: "code" }); // no standard 99
    await expectDomainError(withTenant(k.admin, (tx) => addItem(tx, id, { code: "2.A.17.x", ...ITEM })), "invalid", { field: "code" }); // 17 is under F
    await expectDomainError(withTenant(k.admin, (tx) => addItem(tx, id, { code: "1.F.17.x", ...ITEM })), "invalid", { field: "code" }); // F is under 2
    await expectDomainError(withTenant(k.admin, (tx) => addItem(tx, id, { code: "2.F.17", ...ITEM })), "invalid", { field: "code" }); // no letter
    await expectDomainError(withTenant(k.admin, (tx) => addItem(tx, id, { code: "2.F.17.c", ...ITEM })), "conflict", { field: "code" }); // exists
    await expectDomainError(withTenant(k.admin, (tx) => addItem(tx, id, { code: "2.F.17.x", ...ITEM, text: "  " })), "invalid", { field: "text" });
    await expectDomainError(withTenant(k.admin, (tx) => cloneStandard(tx, { ...BUILT_IN, version: "1 0" })), "invalid", { field: "version" });
    await expectDomainError(withTenant(k.admin, (tx) => cloneStandard(tx, { ...BUILT_IN, version: "1.0" })), "invalid", { field: "version" }); // the source's own
    await expectDomainError(withTenant(k.admin, (tx) => cloneStandard(tx, { ...BUILT_IN, version: "1.0-OH" })), "conflict", { field: "version" });
    const n = await t.db.selectFrom("standard_item").select(sql<number>`count(*)::int`.as("n")).where("standard_id", "=", id).executeTakeFirstOrThrow();
    expect(n.n).toBe(flatItems().length);
  });

  it("belongs to the certifier: other orgs never see a draft; an auditor reads but writes nothing; a draft with no items is not published", async () => {
    const k = await makeCertifier();
    const other = await makeCertifier();
    const fx = await makeOperator();
    const { id } = await withTenant(k.admin, (tx) => cloneStandard(tx, { ...BUILT_IN, version: "1.0-KY" }));
    const item = (await withTenant(k.admin, (tx) => getEditorStandard(tx, id))).items[0]!;
    for (const ctx of [other.admin, fx.owner]) {
      await expectDomainError(withTenant(ctx, (tx) => getEditorStandard(tx, id)), "not_found");
      await expectDomainError(withTenant(ctx, (tx) => updateItem(tx, id, item.id, ITEM)), "not_found");
      await expectDomainError(withTenant(ctx, (tx) => publishDraft(tx, id)), "not_found");
      expect((await withTenant(ctx, (tx) => listPublishedStandards(tx))).items.map((s) => s.id)).not.toContain(id);
    }
    expect((await withTenant(k.auditor, (tx) => getEditorStandard(tx, id))).items.length).toBeGreaterThan(0);
    expect((await withTenant(k.auditor, (tx) => listOwnStandards(tx))).map((s) => s.id)).toEqual([id]);
    // The database refuses an auditor's writes (RLS: certifier_admin only).
    const n = await withTenant(k.auditor, (tx) => tx.updateTable("standard_item").set({ text: "x" }).where("id", "=", item.id).executeTakeFirst());
    expect(n.numUpdatedRows).toBe(0n);
    await expectDomainError(withTenant(k.auditor, (tx) => cloneStandard(tx, { ...BUILT_IN, version: "9" })), "forbidden"); // RLS refuses the insert
    // Published standards of other orgs, a keyset page at a time.
    const page1 = await withTenant(other.admin, (tx) => listPublishedStandards(tx, { limit: 1 }));
    expect(page1.items.map((s) => s.id)).toEqual([BUILT_IN_STANDARD_ID]);
    const { id: mine } = await withTenant(k.admin, (tx) => cloneStandard(tx, { ...BUILT_IN, name: "Zeta state standard", version: "1.0-ZZ" }));
    await withTenant(k.admin, (tx) => publishDraft(tx, mine));
    let cursor = page1.next ? cursorParam.parse(page1.next) : null;
    const seen: string[] = [...page1.items.map((s) => s.id)];
    while (cursor) {
      const page = await withTenant(other.admin, (tx) => listPublishedStandards(tx, { limit: 1, cursor }));
      seen.push(...page.items.map((s) => s.id));
      cursor = page.next ? cursorParam.parse(page.next) : null;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.at(-1)).toBe(mine); // "Zeta …" sorts last

    const { id: empty } = await withTenant(k.admin, (tx) => cloneStandard(tx, { ...BUILT_IN, version: "0.1-KY" }));
    await withTenant(k.admin, async (tx) => {
      await tx.deleteFrom("standard_item").where("standard_id", "=", empty).execute();
    });
    await expectDomainError(withTenant(k.admin, (tx) => publishDraft(tx, empty)), "invalid");
  });
});
