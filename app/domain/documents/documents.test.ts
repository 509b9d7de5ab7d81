import { createHash } from "node:crypto";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { withTenant, type TenantContext } from "#app/db/tenant.server";
import { dischargeStay } from "#app/domain/admissions/stays.server";
import { linkResidentAccount } from "#app/domain/residents/residents.server";
import { addDays, todayIn } from "#app/lib/dates";
import { useTestDatabase } from "#tests/support/db";
import { makeUser } from "#tests/support/factories";
import { expectDomainError, makeHouse, makeMember, makeOperator, makeStay, type OrgFixture } from "#tests/support/houses";
import { discardDraft, listCurrentDocuments, listDocumentVersions, publishDraft, saveDraft } from "./documents.server";
import { renderMarkdown } from "./render.server";
import { myHomePlaces } from "#app/domain/residents/portal.server";
import { getDocumentForResident, listHouseSignatureStatus, listMyDocuments, listUnsignedDocuments, signDocument } from "./signatures.server";

const t = useTestDatabase();
const today = todayIn("America/New_York");
const sha256 = (s: string) => createHash("sha256").update(s, "utf8").digest("hex");

async function publish(ctx: TenantContext, scope: string | null, kind: "house_rules" | "good_neighbour", body: string) {
  return withTenant(ctx, async (tx) => {
    const { id } = await saveDraft(tx, scope, { kind, body });
    return publishDraft(tx, scope, { draftId: id });
  });
}

/** A resident with a current stay in a new house and a portal account named `name`. */
async function residentWithAccount(fx: OrgFixture, bedId: string, name = "Jordan Avery Lee") {
  const { residentId, stayId } = await makeStay(fx.owner, bedId, addDays(today, -10));
  await withTenant(fx.owner, (tx) => tx.updateTable("resident").set({ legal_name: name }).where("id", "=", residentId).execute());
  const user = await makeUser({ orgId: fx.orgId, role: "resident" });
  await withTenant(fx.owner, (tx) => linkResidentAccount(tx, { residentId, userId: user.id }));
  const ctx: TenantContext = { orgId: fx.orgId, userId: user.id, role: "resident", ip: "203.0.113.7" };
  return { residentId, stayId, userId: user.id, ctx };
}

const signatures = (residentId: string) => t.db.selectFrom("document_signature").selectAll().where("resident_id", "=", residentId).execute();

describe("rendering Markdown safely", () => {
  it("renders Markdown", () => {
    const html = renderMarkdown("# Quiet hours\n\n- **10 pm** to 7 am\n- [Call us](https://example.org/help)");
    expect(html).toContain("<h1>Quiet hours</h1>");
    expect(html).toContain("<strong>10 pm</strong>");
    expect(html).toContain('<a href="https://example.org/help" rel="noopener noreferrer nofollow">Call us</a>');
  });

  it.each([
    ["a script tag", "<script>alert(1)</script>", /<script/i],
    ["an iframe", '<iframe src="https://evil.example"></iframe>', /<iframe/i],
    ["an event handler", '<img src=x onerror="alert(1)">', /<[a-z][^>]*\son\w+=/i],
    ["an event handler on a link", '<a href="https://example.org" onclick="alert(1)">x</a>', /<a[^>]*onclick/i],
    ["raw HTML", '<div style="position:fixed">Pay here</div>', /<div/i],
    ["a javascript: link", "[click](javascript:alert(1))", /href="javascript:/i],
    ["a javascript: link in upper case and entities", "[click](JaVaScRiPt&#58;alert(1))", /href=/i],
    ["a data: link", "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)", /href="data:/i],
    ["an autolinked javascript: URL", "<javascript:alert(1)>", /href=/i],
    ["a Markdown image", "![x](https://evil.example/track.png)", /<img/i],
  ])("renders %s inert", (_what, source, forbidden) => {
    const html = renderMarkdown(source);
    expect(html).not.toMatch(forbidden);
  });

  it("keeps the text of refused HTML visible (as text), so nothing is silently lost", () => {
    expect(renderMarkdown("<script>alert(1)</script>")).toContain("&lt;script&gt;");
  });
});

describe("drafts and published versions", () => {
  it("publishing numbers versions per house and kind, stores the sha256 of the exact body, and keeps old versions", async () => {
    const fx = await makeOperator();
    const body1 = "# House rules\n\nBe kind.  \nCurfew is 11 pm.";
    const v1 = await publish(fx.owner, null, "house_rules", body1);
    expect(v1.version).toBe(1);
    expect(v1.contentHash).toBe(sha256(body1));
    const v2 = await publish(fx.owner, null, "house_rules", "# House rules\n\nBe kind.");
    expect(v2.version).toBe(2);
    const other = await publish(fx.owner, null, "good_neighbour", "Park on the street.");
    expect(other.version).toBe(1);
    const versions = await withTenant(fx.owner, (tx) => listDocumentVersions(tx, null));
    expect(versions.filter((v) => v.kind === "house_rules").map((v) => [v.version, v.status, v.body])).toEqual([
      [2, "published", "# House rules\n\nBe kind."],
      [1, "published", body1],
    ]);
    expect(versions.every((v) => v.publishedAt instanceof Date)).toBe(true);
  });

  it("a published version can never be changed or deleted, even by an owner writing SQL", async () => {
    const fx = await makeOperator();
    const v1 = await publish(fx.owner, null, "house_rules", "Original text");
    await expect(
      withTenant(fx.owner, (tx) => tx.updateTable("document_version").set({ body: "Rewritten" }).where("id", "=", v1.id).execute()),
    ).resolves.toBeDefined(); // the update policy matches drafts only: 0 rows
    await expect(
      withTenant(fx.owner, (tx) => sql`update document_version set status = 'draft' where id = ${v1.id}`.execute(tx)),
    ).resolves.toBeDefined();
    await withTenant(fx.owner, (tx) => tx.deleteFrom("document_version").where("id", "=", v1.id).execute());
    // As the table's owner (no RLS, every privilege): the trigger still refuses.
    await expect(sql`update document_version set body = 'Rewritten' where id = ${v1.id}`.execute(t.db)).rejects.toThrow(/cannot be changed/);
    await expect(sql`delete from document_version where id = ${v1.id}`.execute(t.db)).rejects.toThrow(/are kept/);
    const row = await t.db.selectFrom("document_version").select(["body", "status", "content_hash"]).where("id", "=", v1.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ body: "Original text", status: "published", content_hash: sha256("Original text") });
    // Nor can a version be inserted already published (with a made-up hash).
    await expect(
      withTenant(fx.owner, (tx) =>
        sql`insert into document_version (org_id, kind, body, status) values (current_org_id(), 'house_rules', 'x', 'published')`.execute(tx),
      ),
    ).rejects.toThrow();
  });

  it("a draft is saved, replaced and discarded; only one draft per kind", async () => {
    const fx = await makeOperator();
    const h = await makeHouse(fx.owner);
    const first = await withTenant(fx.owner, (tx) => saveDraft(tx, h.houseId, { kind: "house_rules", body: "Draft one" }));
    const again = await withTenant(fx.owner, (tx) => saveDraft(tx, h.houseId, { kind: "house_rules", body: "Draft two" }));
    expect(again.id).toBe(first.id);
    const drafts = await withTenant(fx.owner, (tx) => listDocumentVersions(tx, h.houseId));
    expect(drafts.map((d) => [d.status, d.body])).toEqual([["draft", "Draft two"]]);
    await withTenant(fx.owner, (tx) => discardDraft(tx, h.houseId, { draftId: first.id }));
    expect(await withTenant(fx.owner, (tx) => listDocumentVersions(tx, h.houseId))).toEqual([]);
    await expectDomainError(withTenant(fx.owner, (tx) => discardDraft(tx, h.houseId, { draftId: first.id })), "not_found");
    await expectDomainError(withTenant(fx.owner, (tx) => saveDraft(tx, h.houseId, { kind: "house_rules", body: "   " })), "invalid", { field: "body" });
  });

  it("a house's own version replaces the org default for that house only", async () => {
    const fx = await makeOperator();
    const a = await makeHouse(fx.owner);
    const b = await makeHouse(fx.owner);
    const org = await publish(fx.owner, null, "house_rules", "Org rules");
    const own = await publish(fx.owner, a.houseId, "house_rules", "House A rules");
    const current = await withTenant(fx.owner, (tx) => listCurrentDocuments(tx, [a.houseId, b.houseId]));
    const rules = (houseId: string) => current.find((c) => c.houseId === houseId && c.kind === "house_rules")!;
    expect([rules(a.houseId).versionId, rules(a.houseId).own]).toEqual([own.id, true]);
    expect([rules(b.houseId).versionId, rules(b.houseId).own]).toEqual([org.id, false]);
    expect(current.filter((c) => c.kind === "grievance_procedure").map((c) => c.versionId)).toEqual([null, null]);
  });

  it("house managers write their houses' documents only; staff and residents write none", async () => {
    const fx = await makeOperator();
    const mine = await makeHouse(fx.owner);
    const theirs = await makeHouse(fx.owner);
    const manager = await makeMember(fx, "house_manager", [mine.houseId]);
    const staff = await makeMember(fx, "staff", [mine.houseId]);
    await publish(manager.ctx, mine.houseId, "house_rules", "Ours");
    await expectDomainError(publish(manager.ctx, theirs.houseId, "house_rules", "Not ours"), "forbidden");
    await expectDomainError(publish(manager.ctx, null, "house_rules", "Not the org's"), "forbidden");
    await expectDomainError(publish(staff.ctx, mine.houseId, "house_rules", "Staff"), "forbidden");
    // Staff read the house's versions and the org defaults; not another house's.
    await publish(fx.owner, theirs.houseId, "house_rules", "Theirs");
    expect((await withTenant(staff.ctx, (tx) => listDocumentVersions(tx, mine.houseId))).map((v) => v.body)).toEqual(["Ours"]);
    expect(await withTenant(staff.ctx, (tx) => listDocumentVersions(tx, theirs.houseId))).toEqual([]);
  });
});

describe("signing", () => {
  it("a resident signs the current version with their typed name; time, IP and hash are stored and audited", async () => {
    const fx = await makeOperator();
    const h = await makeHouse(fx.owner);
    const v1 = await publish(fx.owner, null, "house_rules", "Rules v1");
    const r = await residentWithAccount(fx, h.bedIds[0]!);
    expect((await withTenant(r.ctx, (tx) => listUnsignedDocuments(tx, r.residentId))).map((u) => u.versionId)).toEqual([v1.id]);
    const { id } = await withTenant(r.ctx, (tx) => signDocument(tx, { versionId: v1.id, typedName: "  jordan   AVERY lee " }));
    const [sig] = await signatures(r.residentId);
    expect(sig).toMatchObject({ id, document_version_id: v1.id, typed_name: "jordan   AVERY lee", content_hash: sha256("Rules v1"), ip: "203.0.113.7", signed_by: r.userId });
    expect(sig!.signed_at).toBeInstanceOf(Date);
    const audit = await t.db.selectFrom("audit_event").select(["action", "data"]).where("entity_id", "=", id).executeTakeFirstOrThrow();
    expect(audit.action).toBe("document.signed");
    expect(JSON.stringify(audit.data)).not.toMatch(/jordan/i);
    expect(await withTenant(r.ctx, (tx) => listUnsignedDocuments(tx, r.residentId))).toEqual([]);
    const mine = await withTenant(r.ctx, (tx) => listMyDocuments(tx));
    expect(mine.map((d) => [d.kind, d.versionId, d.signedAt instanceof Date])).toEqual([["house_rules", v1.id, true]]);
    // The portal home counts the same documents in its one statement (issue 15).
    expect((await withTenant(r.ctx, (tx) => myHomePlaces(tx))).documents).toEqual({ total: 1, waiting: 0 });
  });

  it("refuses a name that does not match (400), a second signature (409) and a superseded version (409), writing nothing", async () => {
    const fx = await makeOperator();
    const h = await makeHouse(fx.owner);
    const v1 = await publish(fx.owner, null, "house_rules", "Rules v1");
    const r = await residentWithAccount(fx, h.bedIds[0]!);
    await expectDomainError(withTenant(r.ctx, (tx) => signDocument(tx, { versionId: v1.id, typedName: "Jordan Lee" })), "invalid", {
      field: "typedName",
      message: /doesn't match the name on your record/,
    });
    expect(await signatures(r.residentId)).toEqual([]);
    await withTenant(r.ctx, (tx) => signDocument(tx, { versionId: v1.id, typedName: "Jordan Avery Lee" }));
    await expectDomainError(withTenant(r.ctx, (tx) => signDocument(tx, { versionId: v1.id, typedName: "Jordan Avery Lee" })), "conflict", {
      message: "You have already signed this version.",
    });
    const v2 = await publish(fx.owner, null, "house_rules", "Rules v2");
    const other = await residentWithAccount(fx, h.bedIds[1]!, "Sam Rivera");
    await expectDomainError(withTenant(other.ctx, (tx) => signDocument(tx, { versionId: v1.id, typedName: "Sam Rivera" })), "conflict", {
      message: /replaced by a newer one/,
    });
    expect(await signatures(other.residentId)).toEqual([]);
    // The database refuses it too, whatever the code: the trigger checks it is still the newest.
    await expect(
      withTenant(other.ctx, (tx) =>
        tx
          .insertInto("document_signature")
          .values({ org_id: fx.orgId, document_version_id: v1.id, resident_id: other.residentId, typed_name: "Sam Rivera", content_hash: sha256("Rules v1") })
          .execute(),
      ),
    ).rejects.toThrow(/replaced by a newer one/);
    // … and a hash that is not the version's.
    await expect(
      withTenant(other.ctx, (tx) =>
        tx
          .insertInto("document_signature")
          .values({ org_id: fx.orgId, document_version_id: v2.id, resident_id: other.residentId, typed_name: "Sam Rivera", content_hash: sha256("forged") })
          .execute(),
      ),
    ).rejects.toThrow(/own content hash/);
    expect(await signatures(other.residentId)).toEqual([]);
    // The new version asks the first resident again.
    expect((await withTenant(r.ctx, (tx) => listUnsignedDocuments(tx, r.residentId))).map((u) => u.versionId)).toEqual([v2.id]);
  });

  it("a resident cannot sign for someone else, and staff cannot sign at all", async () => {
    const fx = await makeOperator();
    const h = await makeHouse(fx.owner);
    const manager = await makeMember(fx, "house_manager", [h.houseId]);
    const v1 = await publish(fx.owner, h.houseId, "house_rules", "Rules");
    const r = await residentWithAccount(fx, h.bedIds[0]!);
    const other = await residentWithAccount(fx, h.bedIds[1]!, "Sam Rivera");
    const forge = (ctx: TenantContext, residentId: string) =>
      withTenant(ctx, (tx) =>
        tx
          .insertInto("document_signature")
          .values({ org_id: fx.orgId, document_version_id: v1.id, resident_id: residentId, typed_name: "Sam Rivera", content_hash: v1.contentHash })
          .execute(),
      );
    await expect(forge(r.ctx, other.residentId)).rejects.toThrow(/row-level security/);
    await expect(forge(manager.ctx, other.residentId)).rejects.toThrow(/row-level security/);
    await expect(forge(fx.owner, other.residentId)).rejects.toThrow(/row-level security/);
    await expectDomainError(withTenant(manager.ctx, (tx) => signDocument(tx, { versionId: v1.id, typedName: "x" })), "forbidden");
    expect(await signatures(other.residentId)).toEqual([]);
  });

  it("residents read only published versions of the house they live in today, and only their own signatures", async () => {
    const fx = await makeOperator();
    const home = await makeHouse(fx.owner);
    const elsewhere = await makeHouse(fx.owner);
    const own = await publish(fx.owner, home.houseId, "house_rules", "Home rules");
    const theirs = await publish(fx.owner, elsewhere.houseId, "house_rules", "Elsewhere rules");
    const def = await publish(fx.owner, null, "good_neighbour", "Be a good neighbour");
    await withTenant(fx.owner, (tx) => saveDraft(tx, home.houseId, { kind: "good_neighbour", body: "Draft" }));
    const r = await residentWithAccount(fx, home.bedIds[0]!);
    const other = await residentWithAccount(fx, home.bedIds[1]!, "Sam Rivera");
    await withTenant(other.ctx, (tx) => signDocument(tx, { versionId: own.id, typedName: "Sam Rivera" }));
    const seen = await withTenant(r.ctx, (tx) => tx.selectFrom("document_version").select("id").execute());
    expect(seen.map((s) => s.id).sort()).toEqual([own.id, def.id].sort());
    await expectDomainError(withTenant(r.ctx, (tx) => getDocumentForResident(tx, theirs.id)), "not_found");
    expect(await withTenant(r.ctx, (tx) => tx.selectFrom("document_signature").select("id").execute())).toEqual([]);
    // After moving out, nothing of the house's documents is readable.
    await withTenant(fx.owner, (tx) => dischargeStay(tx, { stayId: r.stayId, date: today, reason: "other", destination: null }));
    expect(await withTenant(r.ctx, (tx) => tx.selectFrom("document_version").select("id").execute())).toEqual([]);
  });

  it("managers see per house who signed which version, in one statement", async () => {
    const fx = await makeOperator();
    const h = await makeHouse(fx.owner, { rooms: 1, bedsPerRoom: 3 });
    const other = await makeHouse(fx.owner);
    const manager = await makeMember(fx, "house_manager", [h.houseId]);
    const otherManager = await makeMember(fx, "house_manager", [other.houseId]);
    const v1 = await publish(fx.owner, null, "house_rules", "v1");
    const a = await residentWithAccount(fx, h.bedIds[0]!, "Avery One");
    const b = await residentWithAccount(fx, h.bedIds[1]!, "Blake Two");
    await withTenant(a.ctx, (tx) => signDocument(tx, { versionId: v1.id, typedName: "Avery One" }));
    await withTenant(b.ctx, (tx) => signDocument(tx, { versionId: v1.id, typedName: "Blake Two" }));
    const v2 = await publish(manager.ctx, h.houseId, "house_rules", "v2 for this house");
    await withTenant(a.ctx, (tx) => signDocument(tx, { versionId: v2.id, typedName: "Avery One" }));
    const status = await withTenant(manager.ctx, (tx) => listHouseSignatureStatus(tx, h.houseId));
    expect(status.map((s) => [s.name, s.kind, s.version, s.signedAt instanceof Date, s.earlierVersion])).toEqual([
      ["Avery One", "house_rules", 1, true, null],
      ["Blake Two", "house_rules", 1, false, null],
    ]);
    expect(await withTenant(otherManager.ctx, (tx) => listHouseSignatureStatus(tx, h.houseId))).toEqual([]);
  });

  it("publishing emails each affected resident with a portal account, neutrally", async () => {
    const fx = await makeOperator();
    const h = await makeHouse(fx.owner, { rooms: 1, bedsPerRoom: 3 });
    const own = await makeHouse(fx.owner);
    const r = await residentWithAccount(fx, h.bedIds[0]!);
    const elsewhere = await residentWithAccount(fx, own.bedIds[0]!, "Sam Rivera");
    await makeStay(fx.owner, h.bedIds[1]!, addDays(today, -3)); // no portal account
    await publish(fx.owner, own.houseId, "house_rules", "Own rules"); // `own` keeps its own version
    const outboxBefore = await t.db.selectFrom("outbox").select("id").where("org_id", "=", fx.orgId).execute();
    const published = await publish(fx.owner, null, "house_rules", "Org rules");
    expect(published.notified).toBe(1);
    const mails = await t.db
      .selectFrom("outbox")
      .select(["payload", "purpose"])
      .where("org_id", "=", fx.orgId)
      .where("id", "not in", outboxBefore.length ? outboxBefore.map((o) => o.id) : [0])
      .execute();
    const emailOf = async (userId: string) => (await t.db.selectFrom("app_user").select("email").where("id", "=", userId).executeTakeFirstOrThrow()).email;
    expect(mails.map((m) => (m.payload as { to: string }).to)).toEqual([await emailOf(r.userId)]);
    expect(mails.map((m) => (m.payload as { to: string }).to)).not.toContain(await emailOf(elsewhere.userId));
    const { subject, text } = mails[0]!.payload as { subject: string; text: string };
    expect(subject).toBe("A house document has a new version to read and sign");
    expect(`${subject} ${text}`).not.toMatch(/recovery|sober|substance|alcohol|drug|Jordan|Sam/i);
    // No resident's name, no house name or address (the defaults apply to several houses).
    const names = await t.db.selectFrom("resident").select("legal_name").where("org_id", "=", fx.orgId).execute();
    for (const n of names) expect(`${subject} ${text}`).not.toContain(n.legal_name);
    const houses = await t.db.selectFrom("house").select(["name", "address_line1", "city"]).where("org_id", "=", fx.orgId).execute();
    for (const hh of houses) for (const part of [hh.name, hh.address_line1, hh.city]) expect(`${subject} ${text}`).not.toContain(part);
    expect(mails[0]!.purpose).toBe("document_to_sign");
  });
});

describe("the house's today", () => {
  // CONTRIBUTING (dates): every "today" of a house in SQL goes through houseToday() in
  // app/domain/dates.server.ts, so there is one rule for a house's day, written once.
  it("domain SQL never spells a house's day by hand", async () => {
    const { readdir, readFile } = await import("node:fs/promises");
    const { join } = await import("node:path");
    const root = join(import.meta.dirname, "..");
    const files = (await readdir(root, { recursive: true })).filter(
      (f) => /\.server\.ts$/.test(f) && !f.endsWith("dates.server.ts"),
    );
    const offenders: string[] = [];
    for (const f of files) {
      const text = await readFile(join(root, f), "utf8");
      if (/\(now\(\) at time zone [a-z_]+\.time_zone\)::date/i.test(text)) offenders.push(f);
    }
    expect(offenders).toEqual([]);
  });
});
