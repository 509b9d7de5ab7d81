import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { withTenant, type TenantContext } from "#app/db/tenant.server";
import { linkResidentAccount } from "#app/domain/residents/residents.server";
import { addDays, todayIn } from "#app/lib/dates";
import { useTestServer } from "#tests/support/app";
import { useTestDatabase } from "#tests/support/db";
import { makeOperatorWithSlug, signedInMember, type Operator } from "#tests/support/admissions";
import { makeUser, sessionCookieFor } from "#tests/support/factories";
import { makeHouse, makeStay, type HouseFixture } from "#tests/support/houses";
import { flashFrom, visibleText } from "./helpers";
import { get, post } from "./house-pages";

/**
 * The house documents pages over HTTP: every form submitted and read back (org
 * defaults, a house's own, a resident's signature), refusals with nothing written, and
 * who may open what.
 */
const t = useTestDatabase();
const client = useTestServer();
const today = todayIn("America/New_York");
const sha256 = (s: string) => createHash("sha256").update(s, "utf8").digest("hex");

let op: Operator;
let house: HouseFixture;
let other: HouseFixture;
let manager: { ctx: TenantContext; cookie: string };
let staff: { ctx: TenantContext; cookie: string };
let otherManager: { ctx: TenantContext; cookie: string };
let resident: { residentId: string; cookie: string; userId: string };

async function residentWithAccount(bedId: string, legalName: string) {
  const { residentId } = await makeStay(op.owner, bedId, addDays(today, -7));
  await withTenant(op.owner, (tx) => tx.updateTable("resident").set({ legal_name: legalName }).where("id", "=", residentId).execute());
  const user = await makeUser({ orgId: op.orgId, role: "resident", name: legalName });
  await withTenant(op.owner, (tx) => linkResidentAccount(tx, { residentId, userId: user.id }));
  return { residentId, userId: user.id, cookie: await sessionCookieFor(user.id) };
}

const versions = (houseId: string | null) => {
  let q = t.db.selectFrom("document_version").select(["id", "kind", "status", "version", "body", "content_hash"]).where("org_id", "=", op.orgId);
  q = houseId ? q.where("house_id", "=", houseId) : q.where("house_id", "is", null);
  return q.orderBy("created_at").execute();
};
const signatureCount = async () =>
  Number((await t.db.selectFrom("document_signature").select((eb) => eb.fn.countAll<number>().as("n")).where("org_id", "=", op.orgId).executeTakeFirstOrThrow()).n);

beforeAll(async () => {
  op = await makeOperatorWithSlug();
  house = await makeHouse(op.owner, { rooms: 1, bedsPerRoom: 3, house: { name: "Linden House" } });
  other = await makeHouse(op.owner, { rooms: 1, bedsPerRoom: 1 });
  manager = await signedInMember(op, "house_manager", [house.houseId]);
  staff = await signedInMember(op, "staff", [house.houseId]);
  otherManager = await signedInMember(op, "house_manager", [other.houseId]);
  resident = await residentWithAccount(house.bedIds[0]!, "Robin Q Hart");
});

describe("org default documents (settings)", () => {
  const base = () => `/o/${op.slug}/settings/documents`;

  it("saves a draft, shows it back, publishes it as version 1, and discards a later draft", async () => {
    const body = "# House rules\n\n- Quiet hours from 10 pm\n- Guests until 9 pm";
    const saved = await post(client, base(), op.cookie, { intent: "save-draft", kind: "house_rules", body });
    expect(saved.status).toBe(200);
    expect(visibleText(saved.html)).toContain("Draft of the house rules saved");
    let page = await get(client, base(), op.cookie);
    expect(page.html).toContain("Unpublished draft, saved");
    expect(page.html).toContain("Guests until 9 pm</textarea>");
    expect(await versions(null)).toMatchObject([{ kind: "house_rules", status: "draft", body }]);

    // Publishing asks first, with the count of residents asked to sign again; nothing is written yet.
    const outbox = async () => (await t.db.selectFrom("outbox").select("id").where("org_id", "=", op.orgId).execute()).length;
    const mailBefore = await outbox();
    const asked = await post(client, base(), op.cookie, { intent: "publish", kind: "house_rules", body });
    expect(asked.status).toBe(200);
    const question = visibleText(asked.html);
    expect(question).toContain("Publish version 1 of the house rules?");
    expect(question).toContain("Publishing asks every current resident to sign again: 1 current resident of the houses that use the organisation default.");
    expect(asked.html).toMatch(/<input type="hidden" name="confirmed" value="yes"\/>/);
    expect(asked.html).toContain("Guests until 9 pm</textarea>");
    expect(await versions(null)).toMatchObject([{ kind: "house_rules", status: "draft", body }]);
    expect(await outbox()).toBe(mailBefore);

    const published = await post(client, base(), op.cookie, { intent: "publish", kind: "house_rules", body, confirmed: "yes" });
    expect(published.status).toBe(200);
    expect(visibleText(published.html)).toContain("House rules version 1 published");
    expect(visibleText(published.html)).toContain("1 resident was emailed");
    const [v1] = await versions(null);
    expect(v1).toMatchObject({ status: "published", version: 1, content_hash: sha256(body) });
    page = await get(client, base(), op.cookie);
    expect(visibleText(page.html)).toMatch(/Version 1, published \w+ \d+, \d{4}/);
    expect(page.html).toContain("Publish as version 2");

    // A later draft, discarded: the published version stays.
    await post(client, base(), op.cookie, { intent: "save-draft", kind: "house_rules", body: "Changed my mind" });
    const draft = (await versions(null)).find((v) => v.status === "draft")!;
    const discarded = await post(client, base(), op.cookie, { intent: "discard-draft", kind: "house_rules", draftId: draft.id });
    expect(visibleText(discarded.html)).toContain("Draft discarded.");
    expect((await versions(null)).map((v) => v.status)).toEqual(["published"]);

    // The version page shows the text rendered, its date and hash.
    const read = await get(client, `${base()}/${v1!.id}`, op.cookie);
    expect(read.status).toBe(200);
    expect(read.html).toContain("<li>Quiet hours from 10 pm</li>");
    expect(read.html).toContain(sha256(body));
  });

  it("refuses bad input with 400 and writes nothing", async () => {
    const before = await versions(null);
    const forms: Record<string, string>[] = [
      { intent: "save-draft", kind: "house_rules", body: "   " },
      { intent: "publish", kind: "shopping_list", body: "Milk" },
      { intent: "save-draft", kind: "house_rules", body: "x".repeat(50_001) },
      { intent: "publish", kind: "house_rules", body: "bad \u0000 byte" },
      { intent: "discard-draft", kind: "house_rules", draftId: "not-a-uuid" },
      { intent: "frobnicate" },
    ];
    for (const form of forms) {
      const res = await post(client, base(), op.cookie, form);
      expect(res.status, JSON.stringify(form).slice(0, 80)).toBe(400);
    }
    const gone = await post(client, base(), op.cookie, { intent: "discard-draft", kind: "house_rules", draftId: crypto.randomUUID() });
    expect(gone.status).toBe(404);
    expect(await versions(null)).toEqual(before);
  });

  it("is for owners and admins only", async () => {
    expect((await get(client, base(), manager.cookie)).status).toBe(403);
    expect((await post(client, base(), manager.cookie, { intent: "publish", kind: "good_neighbour", body: "x" })).status).toBe(403);
    expect((await get(client, base(), resident.cookie)).status).toBe(403);
    expect((await versions(null)).filter((v) => v.kind === "good_neighbour")).toEqual([]);
  });

  it("renders HTML and javascript: links in a document inert", async () => {
    const body = '<script>alert("x")</script>\n\n<img src=x onerror=alert(1)>\n\n[click](javascript:alert(1))';
    await post(client, base(), op.cookie, { intent: "save-draft", kind: "grievance_procedure", body });
    const draft = (await versions(null)).find((v) => v.kind === "grievance_procedure")!;
    const page = await get(client, `${base()}/${draft.id}`, op.cookie);
    expect(page.status).toBe(200);
    const article = page.html.slice(page.html.indexOf('class="document-text"'));
    expect(article).not.toMatch(/<script>alert|<img |href="javascript:/);
    expect(article).toContain("&lt;script&gt;");
    await post(client, base(), op.cookie, { intent: "discard-draft", kind: "grievance_procedure", draftId: draft.id });
  });
});

describe("a house's own documents and who has signed", () => {
  const base = () => `/o/${op.slug}/houses/${house.houseId}/documents`;

  it("a house manager publishes the house's own rules, which replace the default there", async () => {
    const page = await get(client, `${base()}/edit`, manager.cookie);
    expect(page.status).toBe(200);
    expect(visibleText(page.html)).toContain("Uses the organisation default (version 1)");
    const res = await post(client, `${base()}/edit`, manager.cookie, { intent: "publish", kind: "house_rules", body: "Linden rules: be kind.", confirmed: "yes" });
    expect(res.status).toBe(200);
    expect(visibleText(res.html)).toContain("House rules version 1 published");
    expect(await versions(house.houseId)).toMatchObject([{ kind: "house_rules", status: "published", version: 1, body: "Linden rules: be kind." }]);
    const status = visibleText((await get(client, base(), manager.cookie)).html);
    expect(status).toContain("Version 1 (this house's own)");
    expect(status).toContain("Robin Q Hart Not yet signed");
  });

  it("staff read the status but do not write; other houses' managers get 404", async () => {
    expect((await get(client, base(), staff.cookie)).status).toBe(200);
    expect((await get(client, `${base()}/edit`, staff.cookie)).status).toBe(403);
    expect((await post(client, `${base()}/edit`, staff.cookie, { intent: "publish", kind: "good_neighbour", body: "x" })).status).toBe(403);
    expect((await get(client, base(), otherManager.cookie)).status).toBe(404);
    expect((await get(client, `${base()}/edit`, otherManager.cookie)).status).toBe(404);
    const refused = await post(client, `${base()}/edit`, otherManager.cookie, { intent: "publish", kind: "good_neighbour", body: "Sneaky" });
    expect([403, 404]).toContain(refused.status);
    expect((await versions(house.houseId)).filter((v) => v.kind === "good_neighbour")).toEqual([]);
  });
});

describe("a resident reads and signs", () => {
  it("lands on the documents waiting for them after signing in, and sees a notice at home", async () => {
    const landing = await client.request(`/o/${op.slug}`, { cookie: resident.cookie });
    expect(landing.status).toBe(302);
    expect(landing.headers.get("location")).toBe(`/o/${op.slug}/me/documents`);
    const list = await get(client, `/o/${op.slug}/me/documents`, resident.cookie);
    expect(visibleText(list.html)).toContain("Documents waiting for your signature");
    expect(visibleText(list.html)).toContain("Read and sign: House rules");
    expect(list.html).toContain(`href="/o/${op.slug}/me"`); // a way on to their home
    const home = await get(client, `/o/${op.slug}/me`, resident.cookie);
    expect(visibleText(home.html)).toContain("A house document is waiting for your signature");
  });

  it("a wrong name is refused with 400 and nothing written; the right one is stored and read back", async () => {
    const [own] = await versions(house.houseId);
    const path = `/o/${op.slug}/me/documents/${own!.id}`;
    const page = await get(client, path, resident.cookie);
    expect(page.status).toBe(200);
    expect(page.html).toContain("Linden rules: be kind.");
    const wrong = await post(client, path, resident.cookie, { versionId: own!.id, typedName: "Robin Hart" });
    expect(wrong.status).toBe(400);
    expect(visibleText(wrong.html)).toContain("doesn't match the name on your record");
    const empty = await post(client, path, resident.cookie, { versionId: own!.id, typedName: "" });
    expect(empty.status).toBe(400);
    expect(await signatureCount()).toBe(0);

    const ok = await post(client, path, resident.cookie, { versionId: own!.id, typedName: "robin  q HART" });
    expect(ok.status).toBe(302);
    expect(ok.res.headers.get("location")).toBe(`/o/${op.slug}/me/documents`);
    const sig = await t.db.selectFrom("document_signature").selectAll().where("resident_id", "=", resident.residentId).executeTakeFirstOrThrow();
    expect(sig).toMatchObject({ document_version_id: own!.id, typed_name: "robin  q HART", content_hash: sha256("Linden rules: be kind.") });
    expect(sig.ip).toBeTruthy();
    const after = await get(client, path, resident.cookie);
    expect(visibleText(after.html)).toContain("You signed this version as “robin q HART” on");
    const list = await client.request(`/o/${op.slug}/me/documents`, { cookie: `${resident.cookie}; ${flashFrom(ok.res)}` });
    const text = visibleText(await list.text());
    expect(text).toContain("Thank you, your signature is saved.");
    expect(text).toContain("Nothing waiting");
    expect(text).toContain("signed");
    // Signed in again, they land at home.
    expect((await client.request(`/o/${op.slug}`, { cookie: resident.cookie })).headers.get("location")).toBe(`/o/${op.slug}/me`);
    // Signing again: 409.
    const again = await post(client, path, resident.cookie, { versionId: own!.id, typedName: "Robin Q Hart" });
    expect(again.status).toBe(409);
    expect(await signatureCount()).toBe(1);
  });

  it("a superseded version is refused with 409 and nothing written", async () => {
    const newcomer = await residentWithAccount(house.bedIds[1]!, "Casey Lin");
    const [v1] = await versions(house.houseId);
    await post(client, `/o/${op.slug}/houses/${house.houseId}/documents/edit`, manager.cookie, { intent: "publish", kind: "house_rules", body: "Linden rules v2", confirmed: "yes" });
    const before = await signatureCount();
    const res = await post(client, `/o/${op.slug}/me/documents/${v1!.id}`, newcomer.cookie, { versionId: v1!.id, typedName: "Casey Lin" });
    expect(res.status).toBe(409);
    expect(visibleText(res.html)).toContain("replaced by a newer one");
    expect(await signatureCount()).toBe(before);
    // A version of another house is not found at all.
    await post(client, `/o/${op.slug}/houses/${other.houseId}/documents/edit`, op.cookie, { intent: "publish", kind: "house_rules", body: "Other", confirmed: "yes" });
    const [elsewhere] = await versions(other.houseId);
    expect((await get(client, `/o/${op.slug}/me/documents/${elsewhere!.id}`, newcomer.cookie)).status).toBe(404);
    expect((await post(client, `/o/${op.slug}/me/documents/${elsewhere!.id}`, newcomer.cookie, { versionId: elsewhere!.id, typedName: "Casey Lin" })).status).toBe(404);
    expect(await signatureCount()).toBe(before);
  });

  it("the manager sees who signed which version and opens a printable signed copy (audited)", async () => {
    const status = visibleText((await get(client, `/o/${op.slug}/houses/${house.houseId}/documents`, manager.cookie)).html);
    expect(status).toContain("Version 2 (this house's own)");
    expect(status).toMatch(/Robin Q Hart Not yet signed version 2 \(signed version 1 on \w+ \d+, \d{4}\)/);
    const sig = await t.db.selectFrom("document_signature").select("id").where("resident_id", "=", resident.residentId).executeTakeFirstOrThrow();
    // The signed copy of version 1, still readable and printable.
    const copy = await get(client, `/o/${op.slug}/houses/${house.houseId}/documents/signed/${sig.id}`, manager.cookie);
    expect(copy.status).toBe(200);
    const text = visibleText(copy.html);
    expect(text).toContain("Linden rules: be kind.");
    expect(text).toContain("robin q HART");
    expect(text).toContain(sha256("Linden rules: be kind."));
    expect(copy.html).not.toMatch(/<title>[^<]*Robin/);
    // The house's tabs (hidden when printed), with House documents marked.
    expect(copy.html).toMatch(/<div class="print:hidden"><nav aria-label="House pages"[\s\S]*aria-current="page"[^>]*href="[^"]*\/documents"/);
    const viewed = await t.db.selectFrom("audit_event").select("data").where("action", "=", "document_signature.viewed").where("entity_id", "=", sig.id).execute();
    expect(viewed).toHaveLength(1);
    // Another house's manager: 404.
    expect((await get(client, `/o/${op.slug}/houses/${house.houseId}/documents/signed/${sig.id}`, otherManager.cookie)).status).toBe(404);
    expect((await get(client, `/o/${op.slug}/houses/${other.houseId}/documents/signed/${sig.id}`, otherManager.cookie)).status).toBe(404);
    // The status page lists names: one audit entry with ids only.
    const listed = await t.db.selectFrom("audit_event").select("data").where("action", "=", "document_signature.listed").where("entity_id", "=", house.houseId).execute();
    expect(listed.length).toBeGreaterThan(0);
    expect(JSON.stringify(listed)).not.toMatch(/Robin|Casey/);
  });

  it("answers 404 to garbage ids, never 500", async () => {
    expect((await get(client, `/o/${op.slug}/me/documents/nope`, resident.cookie)).status).toBe(404);
    for (const path of [
      `/o/${op.slug}/houses/${house.houseId}/documents/signed/nope`,
      `/o/${op.slug}/houses/${house.houseId}/documents/versions/nope`,
      `/o/${op.slug}/settings/documents/nope`,
      `/o/${op.slug}/houses/nope/documents`,
    ]) {
      expect((await get(client, path, op.cookie)).status, path).toBe(404);
    }
  });
});

describe("version histories are paged", () => {
  it("shows the current version and one page of older ones per kind, newest first, with a link to the next page", async () => {
    const { publishDraft, saveDraft } = await import("#app/domain/documents/documents.server");
    const { PAGE_SIZE } = await import("#app/lib/pagination");
    const total = PAGE_SIZE + 3;
    await withTenant(op.owner, async (tx) => {
      for (let n = 1; n <= total; n++) {
        const draft = await saveDraft(tx, null, { kind: "good_neighbour", body: `Good neighbours, take ${n}` });
        await publishDraft(tx, null, { draftId: draft.id });
      }
    });
    const base = `/o/${op.slug}/settings/documents`;
    const region = (html: string) => html.slice(html.indexOf('id="document-good_neighbour-title"'), html.indexOf('id="document-good_neighbour-title"') + 40_000);
    const older = (html: string) => [...region(html).matchAll(/>Version (?:<!-- -->)?(\d+)<\/a>, published/g)].map((m) => Number(m[1]));
    const first = await get(client, base, op.cookie);
    expect(first.status).toBe(200);
    expect(visibleText(region(first.html))).toContain(`Version ${total}, published`);
    expect(older(first.html)).toEqual(Array.from({ length: PAGE_SIZE }, (_, i) => total - 1 - i));
    const nextHref = region(first.html).match(/href="[^"?]*(\?history=good_neighbour&amp;cursor=[^"]+)"/)?.[1]?.replaceAll("&amp;", "&");
    expect(nextHref).toBeTruthy();
    const second = await get(client, `${base}${nextHref}`, op.cookie);
    expect(second.status).toBe(200);
    expect(older(second.html)).toEqual([2, 1]);
    expect(visibleText(region(second.html))).toContain(`Version ${total}, published`);
    expect(region(second.html)).not.toMatch(/href="[^"]*cursor=/);
    expect(visibleText(second.html)).toContain("Newest versions of the good-neighbour policy");
    // A cursor that does not decode is bad input, never a 500.
    expect((await get(client, `${base}?history=good_neighbour&cursor=nonsense`, op.cookie)).status).toBe(400);
    expect((await get(client, `${base}?history=shopping&cursor=${nextHref!.split("cursor=")[1]}`, op.cookie)).status).toBe(400);
  });
});
