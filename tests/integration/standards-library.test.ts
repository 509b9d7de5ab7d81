import { describe, expect, it } from "vitest";
import { BUILT_IN_STANDARD_ID, STANDARDS_ORG_ID } from "#db/migrations/0040_standards";
import { useTestServer } from "#tests/support/app";
import { makeCertifier, type Certifier } from "#tests/support/certification";
import { useTestDatabase } from "#tests/support/db";
import { makeHouse } from "#tests/support/houses";
import { makeOperatorWorld } from "./house-pages";
import { followCookie, visibleText } from "./helpers";

/**
 * The certifier's standards library over HTTP (ADR 059): every form submitted and read back
 * (clone, rename a heading, add an item, edit an item, delete, publish, start a new version),
 * every rule broken on its own, who may open and write the pages, the editor's statement
 * budget, and an operator starting a self-assessment on the published version.
 */
const t = useTestDatabase();
const server = useTestServer();
const BUILT_IN = `${STANDARDS_ORG_ID}:${BUILT_IN_STANDARD_ID}`;
const post = (url: string, cookie: string, form: Record<string, string>) => server.request(url, { form, cookie });
const get = (url: string, cookie: string) => server.request(url, { cookie });
const textOf = async (res: Response) => visibleText(await res.text());

const ITEM = {
  text: "The home posts the state's recovery-housing hotline where residents can see it.",
  guidance: "Near the entrance or in the common room.",
  evidenceHint: "A photo of the notice",
  level1: "required", level2: "recommended", level3: "na", level4: "required",
  autoCheck: "rules_signed",
};

async function draftOf(k: Certifier, version = "1.0-PA") {
  const res = await post(`/o/${k.slug}/library?index`, k.adminCookie, { intent: "clone", source: BUILT_IN, version, name: "", publisher: "" });
  expect(res.status).toBe(302);
  const s = await t.db.selectFrom("standard").selectAll().where("org_id", "=", k.orgId).where("version", "=", version).executeTakeFirstOrThrow();
  return { id: s.id, base: `/o/${k.slug}/library/${s.id}`, res };
}

const itemRow = (standardId: string, code: string) =>
  t.db.selectFrom("standard_item").selectAll().where("standard_id", "=", standardId).where("code", "=", code).executeTakeFirst();

describe("the library page", () => {
  it("lists the built-in standard; the clone form copies it into a draft and reads every field back", async () => {
    const k = await makeCertifier();
    const page = await textOf(await get(`/o/${k.slug}/library`, k.adminCookie));
    expect(page).toContain("No versions of your own yet");
    expect(page).toMatch(/Published standards[\s\S]*1\.0/);
    const res = await post(`/o/${k.slug}/library?index`, k.adminCookie, { intent: "clone", source: BUILT_IN, version: "2027-NJ", name: "New Jersey recovery residence standard", publisher: "NJ Alliance" });
    expect(res.status).toBe(302);
    const s = await t.db.selectFrom("standard").selectAll().where("org_id", "=", k.orgId).executeTakeFirstOrThrow();
    expect(s).toMatchObject({ name: "New Jersey recovery residence standard", version: "2027-NJ", publisher: "NJ Alliance", status: "draft", based_on_org_id: STANDARDS_ORG_ID, based_on_id: BUILT_IN_STANDARD_ID });
    expect(res.headers.get("location")).toBe(`/o/${k.slug}/library/${s.id}`);
    const landing = await textOf(await get(`/o/${k.slug}/library/${s.id}`, followCookie(k.adminCookie, res)));
    expect(landing).toContain("New Jersey recovery residence standard 2027-NJ");
    expect(landing).toContain("Your new draft is ready");
    expect(landing).toContain("Published by NJ Alliance");
    const list = await textOf(await get(`/o/${k.slug}/library`, k.adminCookie));
    expect(list).toMatch(/Your versions[\s\S]*New Jersey recovery residence standard 2027-NJ[\s\S]*Draft · by NJ Alliance · \d+ items · based on/);
    // Defaults: the source's name, the certifier's name.
    const d = await draftOf(k, "1.0-PA");
    const def = await t.db.selectFrom("standard").select(["name", "publisher"]).where("id", "=", d.id).executeTakeFirstOrThrow();
    expect(def.publisher).toBe(k.name);
    expect(def.name).not.toBe("New Jersey recovery residence standard");
  });

  it("refuses a bad clone with a message and writes nothing", async () => {
    const k = await makeCertifier();
    await draftOf(k, "1.0-PA");
    const good = { intent: "clone", source: BUILT_IN, version: "1.1-PA", name: "", publisher: "" };
    for (const [bad, status, message] of [
      [{ version: "" }, 400, "Required."],
      [{ version: "1.0 PA!" }, 400, "Use letters, digits, dots and dashes"],
      [{ version: "1.0-PA" }, 409, "already has a version with that number"],
      [{ version: "1.0" }, 400, "Choose a version other than 1.0"],
      [{ source: "nonsense" }, 400, "Choose a standard to copy."],
      [{ source: `${STANDARDS_ORG_ID}:00000000-0000-4000-8000-000000000999` }, 404, ""],
      [{ name: "x".repeat(121) }, 400, "Use at most 120 characters."],
    ] as const) {
      const res = await post(`/o/${k.slug}/library?index`, k.adminCookie, { ...good, ...bad });
      expect(res.status, JSON.stringify(bad)).toBe(status);
      expect(await textOf(res)).toContain(message);
    }
    expect(await t.db.selectFrom("standard").select("id").where("org_id", "=", k.orgId).execute()).toHaveLength(1);
  });
});

describe("editing a draft", () => {
  it("renames a heading, adds a state item and edits an item, reading every field back", async () => {
    const k = await makeCertifier();
    const { id, base } = await draftOf(k);
    // Rename a standard (section) heading.
    const renamed = await post(base, k.adminCookie, { intent: "heading", kind: "section", code: "17", title: "Fees in writing (state rule)" });
    expect(renamed.status).toBe(200);
    expect(await textOf(renamed)).toContain("Heading renamed.");
    const h = await t.db.selectFrom("standard_heading").select("title").where("standard_id", "=", id).where("kind", "=", "section").where("code", "=", "17").executeTakeFirstOrThrow();
    expect(h.title).toBe("Fees in writing (state rule)");
    expect(await textOf(await get(`${base}?domain=2`, k.adminCookie))).toContain("Standard 17. Fees in writing (state rule)");

    // Add a state item.
    const added = await post(`${base}?domain=2`, k.adminCookie, { intent: "add-item", code: "2.F.17.x", ...ITEM });
    expect(added.status).toBe(200);
    expect(await textOf(added)).toContain("Item 2.F.17.x added.");
    const row = (await itemRow(id, "2.F.17.x"))!;
    expect(row).toMatchObject({ text: ITEM.text, guidance: ITEM.guidance, evidence_hint: ITEM.evidenceHint, level_1: "required", level_2: "recommended", level_3: "na", level_4: "required", auto_check: "rules_signed" });
    const domainPage = await textOf(await get(`${base}?domain=2`, k.adminCookie));
    expect(domainPage).toContain(`2.F.17.x ${ITEM.text}`);
    expect(domainPage).toContain("I required · II recommended · III not applicable · IV required");

    // Edit it on its own page: every field.
    const itemUrl = `${base}/items/${row.id}`;
    const form = await get(itemUrl, k.adminCookie);
    const formHtml = await form.text();
    expect(formHtml).toContain(ITEM.guidance);
    expect(formHtml).toMatch(/<option value="rules_signed" selected/);
    const edit = { intent: "save-item", text: "Edited text", guidance: "Edited guidance", evidenceHint: "Edited hint", level1: "na", level2: "required", level3: "recommended", level4: "na", autoCheck: "" };
    const saved = await post(itemUrl, k.adminCookie, edit);
    expect(saved.status).toBe(200);
    expect(await textOf(saved)).toContain("Item 2.F.17.x saved.");
    expect(await itemRow(id, "2.F.17.x")).toMatchObject({ text: "Edited text", guidance: "Edited guidance", evidence_hint: "Edited hint", level_1: "na", level_2: "required", level_3: "recommended", level_4: "na", auto_check: null });
    const again = await get(itemUrl, k.adminCookie);
    const againHtml = await again.text();
    expect(againHtml).toContain("Edited guidance");
    expect(againHtml).toContain('value="Edited hint"');

    const actions = await t.db.selectFrom("audit_event").select("action").where("org_id", "=", k.orgId).where("action", "like", "standard.%").orderBy("id").execute();
    expect(actions.map((a) => a.action)).toEqual(["standard.cloned", "standard.heading_renamed", "standard.item_added", "standard.item_saved"]);
    // The certifier's audit log reads them as sentences linking to the standard.
    const log = await get(`/o/${k.slug}/audit`, k.adminCookie);
    const logHtml = await log.text();
    expect(log.status).toBe(200);
    expect(visibleText(logHtml)).toContain("added item 2.F.17.x to a standard");
    expect(visibleText(logHtml)).toContain("renamed heading 17 of a standard");
    expect(logHtml).toContain(`href="/o/${k.slug}/library/${id}"`);
  });

  it("adds a domain, a principle and a standard, renames and deletes them, reading each back; a heading with items is refused", async () => {
    const k = await makeCertifier();
    const { id, base } = await draftOf(k);
    const added = new Set(["domain 5", "principle K", "section 32"]);
    const headings = async () => (await t.db.selectFrom("standard_heading").select(["kind", "code", "parent_code", "title"]).where("standard_id", "=", id).where("code", "in", ["5", "K", "32"]).orderBy("kind").execute())
      .filter((h) => added.has(`${h.kind} ${h.code}`));
    const add = (form: Record<string, string>) => post(`${base}?domain=5`, k.adminCookie, { intent: "add-heading", ...form });
    const domain = await add({ kind: "domain", parentCode: "", code: "5", title: "State requirements" });
    expect(domain.status).toBe(200);
    expect(await textOf(domain)).toContain("Domain 5 added.");
    const principle = await add({ kind: "principle", parentCode: "5", code: "K", title: "Licensing" });
    expect(await textOf(principle)).toContain("Principle K added.");
    const section = await add({ kind: "section", parentCode: "K", code: "32", title: "State certificate posted" });
    expect(await textOf(section)).toContain("Standard 32 added.");
    expect(await headings()).toEqual([
      { kind: "domain", code: "5", parent_code: null, title: "State requirements" },
      { kind: "principle", code: "K", parent_code: "5", title: "Licensing" },
      { kind: "section", code: "32", parent_code: "K", title: "State certificate posted" },
    ]);
    // The page shows them, with their forms; an item can go under the new standard.
    const page = await textOf(await get(`${base}?domain=5`, k.adminCookie));
    expect(page).toContain("5. State requirements");
    expect(page).toContain("K. Licensing");
    expect(page).toContain("Standard 32. State certificate posted");
    expect(page).toContain("Add a standard to principle K");
    const item = await post(`${base}?domain=5`, k.adminCookie, { intent: "add-item", code: "5.K.32.a", ...ITEM });
    expect(await textOf(item)).toContain("Item 5.K.32.a added.");
    const renamed = await post(base, k.adminCookie, { intent: "heading", kind: "principle", code: "K", title: "State licensing" });
    expect(await textOf(renamed)).toContain("Heading renamed.");

    // Bad input: a message on the field, nothing written.
    const before = (await t.db.selectFrom("standard_heading").select(({ fn }) => fn.countAll<number>().as("n")).where("standard_id", "=", id).executeTakeFirstOrThrow()).n;
    for (const [bad, status, message] of [
      [{ kind: "domain", parentCode: "", code: "5", title: "Again" }, 409, "This version already has a domain 5. Choose another number."],
      [{ kind: "principle", parentCode: "5", code: "F", title: "Again" }, 409, "This version already has a principle F. Choose another letter."],
      [{ kind: "principle", parentCode: "5", code: "k", title: "Lower" }, 400, "Name the principle with one capital letter, like K."],
      [{ kind: "section", parentCode: "K", code: "0", title: "Zero" }, 400, "Number the standard from 1 to 99, like 32."],
      [{ kind: "domain", parentCode: "", code: "A", title: "Letter" }, 400, "Number the domain from 1 to 99."],
      [{ kind: "section", parentCode: "Z", code: "40", title: "Orphan" }, 400, "This version has no principle Z."],
      [{ kind: "section", parentCode: "", code: "40", title: "Nowhere" }, 400, "Choose where it goes."],
      [{ kind: "section", parentCode: "K", code: "40", title: "" }, 400, "Required."],
      [{ kind: "chapter", parentCode: "K", code: "40", title: "Chapter" }, 400, "Choose a heading."],
    ] as const) {
      const res = await add(bad);
      expect(res.status, JSON.stringify(bad)).toBe(status);
      expect(await textOf(res), JSON.stringify(bad)).toContain(message);
    }
    expect((await t.db.selectFrom("standard_heading").select(({ fn }) => fn.countAll<number>().as("n")).where("standard_id", "=", id).executeTakeFirstOrThrow()).n).toBe(before);

    // Delete: refused while a heading has items or headings under it; empty ones go, bottom up.
    const del = (kind: string, code: string) => post(`${base}?domain=5`, k.adminCookie, { intent: "delete-heading", kind, code });
    const withItem = await del("section", "32");
    expect(withItem.status).toBe(409);
    expect(await textOf(withItem)).toContain("Standard 32 still has 1 item. Delete it first: a heading is never deleted with its items.");
    const builtIn = await del("domain", "2");
    expect(builtIn.status).toBe(409);
    expect(await textOf(builtIn)).toMatch(/Domain 2 still has \d+ items\. Delete them first/);
    const itemRowId = (await itemRow(id, "5.K.32.a"))!.id;
    expect((await post(`${base}/items/${itemRowId}`, k.adminCookie, { intent: "delete-item", confirmed: "yes" })).status).toBe(302);
    const parent = await del("principle", "K");
    expect(parent.status).toBe(409);
    expect(await textOf(parent)).toContain("Principle K still has standards under it. Delete those first.");
    for (const [kind, code, words] of [["section", "32", "Standard 32 deleted."], ["principle", "K", "Principle K deleted."], ["domain", "5", "Domain 5 deleted."]] as const) {
      const res = await del(kind, code);
      expect(res.status, code).toBe(200);
      expect(await textOf(res)).toContain(words);
    }
    expect(await headings()).toEqual([]);
    expect((await del("domain", "5")).status).toBe(404);

    const actions = await t.db.selectFrom("audit_event").select(["action", "data"]).where("org_id", "=", k.orgId).where("action", "like", "standard.heading%").orderBy("id").execute();
    expect(actions.map((a) => a.action)).toEqual([
      "standard.heading_added", "standard.heading_added", "standard.heading_added", "standard.heading_renamed",
      "standard.heading_deleted", "standard.heading_deleted", "standard.heading_deleted",
    ]);
    expect(actions[1]!.data).toEqual({ kind: "principle", code: "K", parentCode: "5" });
    const log = visibleText(await (await get(`/o/${k.slug}/audit`, k.adminCookie)).text());
    expect(log).toContain("added heading K to a standard");
    expect(log).toContain("deleted heading 32 of a standard");
  });

  it("refuses each broken rule with a message on its field and changes nothing", async () => {
    const k = await makeCertifier();
    const { id, base } = await draftOf(k);
    const before = await t.db.selectFrom("standard_item").select("id").where("standard_id", "=", id).execute();
    const good = { intent: "add-item", code: "2.F.17.x", ...ITEM };
    for (const [bad, status, message] of [
      [{ text: "" }, 400, "Required."],
      [{ code: "" }, 400, "Required."],
      [{ code: "2-F-17-x" }, 400, "Write the code like 2.F.17.d."],
      [{ code: "2.F.99.a" }, 400, "This version has no standard 99."],
      [{ code: "1.A.17.x" }, 400, "Standard 17 belongs to 2.F"],
      [{ code: "2.F.17.a" }, 409, "This version already has an item with that code."],
      [{ level3: "sometimes" }, 400, "Choose required, recommended or not applicable."],
      [{ autoCheck: "magic" }, 400, "Choose an automatic check from the list."],
      [{ evidenceHint: "x".repeat(501) }, 400, "Use at most 500 characters."],
    ] as const) {
      const res = await post(base, k.adminCookie, { ...good, ...bad });
      expect(res.status, JSON.stringify(bad)).toBe(status);
      expect(await textOf(res), JSON.stringify(bad)).toContain(message);
    }
    expect(await t.db.selectFrom("standard_item").select("id").where("standard_id", "=", id).execute()).toHaveLength(before.length);
    const item = before[0]!;
    const empty = await post(`${base}/items/${item.id}`, k.adminCookie, { intent: "save-item", ...ITEM, text: " " });
    expect(empty.status).toBe(400);
    expect(await textOf(empty)).toContain("Required.");
    const heading = await post(base, k.adminCookie, { intent: "heading", kind: "domain", code: "1", title: "" });
    expect(heading.status).toBe(400);
    const missing = await post(base, k.adminCookie, { intent: "heading", kind: "domain", code: "9", title: "Nine" });
    expect(missing.status).toBe(404);
    expect(await t.db.selectFrom("audit_event").select("action").where("org_id", "=", k.orgId).where("action", "<>", "standard.cloned").where("action", "like", "standard.%").execute()).toHaveLength(0);
  });

  it("deletes an item after a confirmation step", async () => {
    const k = await makeCertifier();
    const { id, base } = await draftOf(k);
    const item = (await itemRow(id, "2.F.17.c"))!;
    const url = `${base}/items/${item.id}`;
    const asked = await post(url, k.adminCookie, { intent: "delete-item" });
    expect(asked.status).toBe(200);
    expect(await textOf(asked)).toContain("Delete item 2.F.17.c?");
    expect(await itemRow(id, "2.F.17.c")).toBeDefined();
    const done = await post(url, k.adminCookie, { intent: "delete-item", confirmed: "yes" });
    expect(done.status).toBe(302);
    expect(done.headers.get("location")).toBe(`${base}?domain=2`);
    expect(await itemRow(id, "2.F.17.c")).toBeUndefined();
    expect((await get(url, k.adminCookie)).status).toBe(404);
  });

  it("publishes after a confirmation step; the published version refuses edits and offers a new version", async () => {
    const k = await makeCertifier();
    const { id, base } = await draftOf(k);
    const item = (await itemRow(id, "1.A.1.a"))!;
    const asked = await post(base, k.adminCookie, { intent: "publish" });
    expect(asked.status).toBe(200);
    expect(await textOf(asked)).toMatch(/Publish .* 1\.0-PA\?/);
    expect((await t.db.selectFrom("standard").select("status").where("id", "=", id).executeTakeFirstOrThrow()).status).toBe("draft");
    const done = await post(base, k.adminCookie, { intent: "publish", confirmed: "yes" });
    expect(done.status).toBe(302);
    const s = await t.db.selectFrom("standard").select(["status", "published_at"]).where("id", "=", id).executeTakeFirstOrThrow();
    expect(s.status).toBe("published");
    expect(s.published_at).not.toBeNull();
    const page = await textOf(await get(base, followCookie(k.adminCookie, done)));
    expect(page).toContain("Published. Operators can now start self-assessments");
    expect(page).toContain("Start a new version");
    expect(page).not.toContain("Add a state item");
    expect(page).not.toContain("Rename");

    // Editing a published standard: the page says so; nothing changes.
    for (const [url, form] of [
      [`${base}/items/${item.id}`, { intent: "save-item", ...ITEM }],
      [base, { intent: "add-item", code: "2.F.17.x", ...ITEM }],
      [base, { intent: "heading", kind: "domain", code: "1", title: "Changed" }],
      [base, { intent: "add-heading", kind: "domain", parentCode: "", code: "5", title: "Added" }],
      [base, { intent: "delete-heading", kind: "section", code: "17" }],
      [base, { intent: "publish", confirmed: "yes" }],
      [`${base}/items/${item.id}`, { intent: "delete-item", confirmed: "yes" }],
    ] as const) {
      const res = await post(url, k.adminCookie, form);
      expect(res.status, JSON.stringify(form)).toBe(409);
      expect(await textOf(res)).toContain("This version is published and cannot change. Start a new version instead.");
    }
    expect(await itemRow(id, "1.A.1.a")).toMatchObject({ text: item.text });

    // Start a new version: same name, a new version string.
    const dup = await post(base, k.adminCookie, { intent: "new-version", standardOrgId: k.orgId, version: "1.0-PA" });
    expect(dup.status).toBe(400);
    expect(await textOf(dup)).toContain("Choose a version other than 1.0-PA");
    const bad = await post(base, k.adminCookie, { intent: "new-version", standardOrgId: k.orgId, version: "" });
    expect(bad.status).toBe(400);
    const next = await post(base, k.adminCookie, { intent: "new-version", standardOrgId: k.orgId, version: "1.1-PA" });
    expect(next.status).toBe(302);
    const v2 = await t.db.selectFrom("standard").selectAll().where("org_id", "=", k.orgId).where("version", "=", "1.1-PA").executeTakeFirstOrThrow();
    const v1 = await t.db.selectFrom("standard").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(v2).toMatchObject({ name: v1.name, publisher: v1.publisher, status: "draft", based_on_id: id });
    const taken = await post(base, k.adminCookie, { intent: "new-version", standardOrgId: k.orgId, version: "1.1-PA" });
    expect(taken.status).toBe(409);
    expect(await textOf(taken)).toContain("already has a version with that number");
  });
});

describe("who may open and write the library", () => {
  it("auditors read and are refused writes; operators are refused; other certifiers never see a draft", async () => {
    const k = await makeCertifier();
    const other = await makeCertifier();
    const { id, base } = await draftOf(k);
    const item = (await itemRow(id, "1.A.1.a"))!;
    for (const url of [`/o/${k.slug}/library`, base, `${base}/items/${item.id}`]) {
      const res = await get(url, k.auditorCookie);
      const text = await textOf(res);
      expect(res.status, url).toBe(200);
      expect(text).not.toContain("Copy into a draft");
      expect(text).not.toContain("Add a state item");
      expect(text).not.toContain("Save the item");
    }
    for (const [url, form] of [
      [`/o/${k.slug}/library?index`, { intent: "clone", source: BUILT_IN, version: "2.0" }],
      [base, { intent: "add-item", code: "2.F.17.x", ...ITEM }],
      [base, { intent: "publish", confirmed: "yes" }],
      [`${base}/items/${item.id}`, { intent: "save-item", ...ITEM }],
    ] as const) {
      expect((await post(url, k.auditorCookie, form)).status, url).toBe(403);
    }
    // Another certifier: its own library works; this draft is not found, for reading or writing.
    expect((await get(`/o/${other.slug}/library`, other.adminCookie)).status).toBe(200);
    expect((await get(`/o/${other.slug}/library/${id}`, other.adminCookie)).status).toBe(404);
    expect((await get(`/o/${other.slug}/library/${id}/items/${item.id}`, other.adminCookie)).status).toBe(404);
    expect((await post(`/o/${other.slug}/library/${id}`, other.adminCookie, { intent: "publish", confirmed: "yes" })).status).toBe(404);
    expect((await post(`/o/${other.slug}/library/${id}/items/${item.id}`, other.adminCookie, { intent: "save-item", ...ITEM })).status).toBe(404);
    expect((await get(`/o/${k.slug}/library`, other.adminCookie)).status).toBe(404);
    // Operators: 403 in their own org (no such section for them), 404 in the certifier's.
    const w = await makeOperatorWorld();
    for (const role of ["owner", "admin", "house_manager", "staff", "resident"] as const) {
      const who = role === "owner" ? w.owner : await w.people(role);
      expect((await get(`/o/${w.org.slug}/library`, who.cookie)).status, role).toBe(403);
      expect((await get(`/o/${w.org.slug}/library/${id}`, who.cookie)).status, role).toBe(403);
      expect((await get(`/o/${k.slug}/library/${id}`, who.cookie)).status, role).toBe(404);
    }
    // Bad ids and cursors: 404 and 400, never a 500.
    expect((await get(`/o/${k.slug}/library/not-an-id`, k.adminCookie)).status).toBe(404);
    expect((await get(`${base}/items/not-an-id`, k.adminCookie)).status).toBe(404);
    expect((await get(`/o/${k.slug}/library?cursor=%%%`, k.adminCookie)).status).toBe(400);
    expect(await itemRow(id, "2.F.17.x")).toBeUndefined();
  });
});

describe("statement budget", () => {
  it("the library, a draft's domain (60+ items in the standard) and an item page stay within 8 statements and 1 transaction", async () => {
    const k = await makeCertifier();
    const { id, base } = await draftOf(k);
    for (let n = 0; n < 12; n++) await post(base, k.adminCookie, { intent: "add-item", code: `2.F.17.${"abcdefghijklmnopqrstuvwxyz"[n + 10]}`, ...ITEM });
    const items = await t.db.selectFrom("standard_item").select("id").where("standard_id", "=", id).execute();
    expect(items.length).toBeGreaterThanOrEqual(60);
    for (const url of [`/o/${k.slug}/library`, base, `${base}?domain=2`, `${base}/items/${items[0]!.id}`]) {
      const res = await get(url, k.adminCookie);
      await res.text();
      expect(res.status, url).toBe(200);
      expect(Number(res.headers.get("x-query-count")), url).toBeLessThanOrEqual(8);
      expect(res.headers.get("x-transaction-count"), url).toBe("1");
    }
  });
});

describe("operators choose the published version", () => {
  it("the start form lists it beside the built-in one; a new assessment has the state item; an old one keeps its label and items", async () => {
    const w = await makeOperatorWorld();
    const h = await makeHouse(w.owner.ctx, { rooms: 1, bedsPerRoom: 1 });
    const std = `/o/${w.org.slug}/standards`;
    expect((await post(`${std}?index`, w.owner.cookie, { intent: "start", houseId: h.houseId, standard: BUILT_IN, level: "2" })).status).toBe(302);
    const old = await t.db.selectFrom("assessment").selectAll().where("org_id", "=", w.org.id).executeTakeFirstOrThrow();
    const oldItems = await t.db.selectFrom("assessment_item").select(["code", "text"]).where("assessment_id", "=", old.id).orderBy("position").execute();

    const k = await makeCertifier();
    const { id, base } = await draftOf(k, "1.0-VT");
    expect((await post(base, k.adminCookie, { intent: "add-item", code: "1.B.7.z", ...ITEM })).status).toBe(200);
    expect((await post(base, k.adminCookie, { intent: "publish", confirmed: "yes" })).status).toBe(302);

    const startPage = await (await get(std, w.owner.cookie)).text();
    expect(startPage).toContain(`value="${k.orgId}:${id}"`);
    expect(visibleText(startPage)).toContain(`1.0-VT — ${k.name}`);
    expect(startPage).toMatch(new RegExp(`<option value="${BUILT_IN}" selected`)); // the built-in stays the default
    const started = await post(`${std}?index`, w.owner.cookie, { intent: "start", houseId: "org", standard: `${k.orgId}:${id}`, level: "2" });
    expect(started.status).toBe(302);
    const fresh = await t.db.selectFrom("assessment").selectAll().where("org_id", "=", w.org.id).where("standard_id", "=", id).executeTakeFirstOrThrow();
    expect(fresh.standard_label).toMatch(/ 1\.0-VT$/);
    const page = await textOf(await get(`${std}/${fresh.id}`, w.owner.cookie));
    expect(page).toContain("1.B.7.z");
    expect(page).toContain(ITEM.text);

    const oldAfter = await t.db.selectFrom("assessment").selectAll().where("id", "=", old.id).executeTakeFirstOrThrow();
    expect(oldAfter.standard_label).toBe(old.standard_label);
    expect(await t.db.selectFrom("assessment_item").select(["code", "text"]).where("assessment_id", "=", old.id).orderBy("position").execute()).toEqual(oldItems);
  });
});
