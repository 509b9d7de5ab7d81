import { describe, expect, it } from "vitest";
import { withTenant } from "#app/db/tenant.server";
import { issueGrant } from "#app/domain/grants/grants.server";
import { addDays, todayIn } from "#app/lib/dates";
import { BUILT_IN_STANDARD_ID, STANDARDS_ORG_ID } from "#db/migrations/0040_standards";
import { useTestServer } from "#tests/support/app";
import { useTestDatabase } from "#tests/support/db";
import { makeOrg, makeUser, sessionCookieFor } from "#tests/support/factories";
import { makeHouse } from "#tests/support/houses";
import { PDF_BYTES } from "#tests/support/upload-bytes";
import { useUploadDir } from "#tests/support/uploads";
import { makeOperatorWorld } from "./house-pages";
import { visibleText } from "./helpers";

/**
 * Audit grants over HTTP (ADR 049): the operator's access page (issue, list, revoke with a
 * question), and the certifier's pages — which answer 404 without an active grant (never
 * granted, ended, revoked) and audit every read in both orgs' logs.
 */
useUploadDir("grants");

const t = useTestDatabase();
const server = useTestServer();
const send = (url: string, cookie: string, body: FormData | Record<string, string>) =>
  server.request(url, body instanceof FormData ? { method: "POST", body, cookie } : { form: body, cookie });

async function certifier() {
  const org = await makeOrg({ kind: "certifier" });
  const auditor = await makeUser({ orgId: org.id, role: "auditor" });
  return { org, cookie: await sessionCookieFor(auditor.id) };
}

async function world() {
  const w = await makeOperatorWorld();
  const a = await makeHouse(w.owner.ctx, { rooms: 1, bedsPerRoom: 2 });
  const b = await makeHouse(w.owner.ctx, { rooms: 1, bedsPerRoom: 1 });
  return { w, houseA: a.houseId, houseB: b.houseId, base: `/o/${w.org.slug}/standards/grants` };
}

describe("the operator's certifier access page", () => {
  it("issues a grant and reads every field back; the list shows it", async () => {
    const { w, houseA, houseB, base } = await world();
    const k = await certifier();
    const today = todayIn("America/New_York");
    const res = await send(base, w.owner.cookie, {
      intent: "issue", certifierOrgId: k.org.id, houseIds: houseA, scope: "review", startsOn: today, endsOn: addDays(today, 90), note: "Annual review",
    });
    expect(res.status).toBe(200);
    const g = await t.db.selectFrom("audit_grant").selectAll().where("org_id", "=", w.org.id).executeTakeFirstOrThrow();
    expect(g).toMatchObject({ certifier_org_id: k.org.id, scope: "review", note: "Annual review", created_by: w.owner.userId, revoked_at: null });
    const dates = await t.db.selectFrom("audit_grant").select((e) => [e.fn<string>("to_char", [e.ref("starts_on"), e.val("YYYY-MM-DD")]).as("s"), e.fn<string>("to_char", [e.ref("ends_on"), e.val("YYYY-MM-DD")]).as("e")]).where("id", "=", g.id).executeTakeFirstOrThrow();
    expect(dates).toEqual({ s: today, e: addDays(today, 90) });
    const houses = await t.db.selectFrom("audit_grant_house").select("house_id").where("grant_id", "=", g.id).execute();
    expect(houses.map((h) => h.house_id)).toEqual([houseA]);
    expect(houses.map((h) => h.house_id)).not.toContain(houseB);
    const page = visibleText(await (await server.request(base, { cookie: w.owner.cookie })).text());
    expect(page).toContain(k.org.name);
    expect(page).toContain("Active");
    expect(page).toContain("Annual review");
    expect(page).toContain("Review (self-assessments and their evidence)");
    const events = await t.db.selectFrom("audit_event").select("action").where("org_id", "=", w.org.id).where("action", "=", "audit_grant.issued").execute();
    expect(events).toHaveLength(1);
  });

  it("refuses bad input with a message and writes nothing", async () => {
    const { w, houseA, base } = await world();
    const k = await certifier();
    const other = await makeOperatorWorld();
    const today = todayIn("America/New_York");
    const good = { intent: "issue", certifierOrgId: k.org.id, houseIds: houseA, scope: "certification", startsOn: today };
    for (const [bad, message] of [
      [{ houseIds: "" }, "Choose at least one house."],
      [{ endsOn: addDays(today, -1) }, "The last day can't be before the first day."],
      [{ certifierOrgId: other.org.id }, "Choose a certifying body from the list."],
      [{ scope: "everything" }, "Choose review or certification."],
      [{ startsOn: "soon" }, "Use a date like"],
    ] as const) {
      const res = await send(base, w.owner.cookie, { ...good, ...bad });
      expect(res.status).toBe(400);
      expect(visibleText(await res.text())).toContain(message);
    }
    expect(await t.db.selectFrom("audit_grant").select("id").where("org_id", "=", w.org.id).execute()).toHaveLength(0);
  });

  it("is for owners and admins only", async () => {
    const { w, base } = await world();
    const manager = await w.people("house_manager");
    expect((await server.request(base, { cookie: manager.cookie })).status).toBe(403);
    expect((await server.request(base, { cookie: (await w.people("admin")).cookie })).status).toBe(200);
  });

  it("revokes after a confirmation step", async () => {
    const { w, houseA, base } = await world();
    const k = await certifier();
    const { id } = await withTenant(w.owner.ctx, (tx) => issueGrant(tx, { certifierOrgId: k.org.id, houseIds: [houseA], scope: "review", startsOn: todayIn("America/New_York") }));
    const asked = await send(base, w.owner.cookie, { intent: "revoke", grantId: id });
    expect(asked.status).toBe(200);
    expect(visibleText(await asked.text())).toContain(`Revoke ${k.org.name}'s access?`);
    expect((await t.db.selectFrom("audit_grant").select("revoked_at").where("id", "=", id).executeTakeFirstOrThrow()).revoked_at).toBeNull();
    const done = await send(base, w.owner.cookie, { intent: "revoke", grantId: id, confirmed: "yes" });
    expect(done.status).toBe(200);
    const g = await t.db.selectFrom("audit_grant").select(["revoked_at", "revoked_by"]).where("id", "=", id).executeTakeFirstOrThrow();
    expect(g.revoked_at).not.toBeNull();
    expect(g.revoked_by).toBe(w.owner.userId);
    expect(visibleText(await (await server.request(base, { cookie: w.owner.cookie })).text())).toContain("Revoked");
  });
});

describe("the grants list, a page at a time", () => {
  it("pages by keyset: every grant once across pages, newest first, and a bad cursor is a 400", async () => {
    const { w, houseA, base } = await world();
    const k = await certifier();
    const today = todayIn("America/New_York");
    // 55 grants, most issued in the same instant (one transaction): the id breaks the ties.
    const ids = await withTenant(w.owner.ctx, async (tx) => {
      const out: string[] = [];
      for (let i = 0; i < 55; i++) {
        const g = await tx.insertInto("audit_grant").values({ org_id: w.org.id, certifier_org_id: k.org.id, scope: "review", starts_on: today, note: `Grant number ${i}` })
          .returning("id").executeTakeFirstOrThrow();
        await tx.insertInto("audit_grant_house").values({ org_id: w.org.id, grant_id: g.id, house_id: houseA }).execute();
        out.push(g.id);
      }
      return out;
    });
    const seen: string[] = [];
    let url: string | null = base;
    let pages = 0;
    while (url) {
      const res = await server.request(url, { cookie: w.owner.cookie });
      expect(res.status).toBe(200);
      const html = await res.text();
      seen.push(...[...html.matchAll(/data-grant="([0-9a-f-]{36})"/g)].map((m) => m[1]!));
      const next = html.match(/href="([^"]*cursor=[^"]+)"/);
      url = next ? next[1]!.replace(/&amp;/g, "&") : null;
      pages++;
      expect(pages).toBeLessThan(5);
    }
    expect(pages).toBe(2);
    expect(seen).toHaveLength(55);
    expect(new Set(seen).size).toBe(55);
    expect([...seen].sort()).toEqual([...ids].sort());
    const order = await t.db.selectFrom("audit_grant").select("id").where("org_id", "=", w.org.id).orderBy("created_at", "desc").orderBy("id", "desc").execute();
    expect(seen).toEqual(order.map((r) => r.id));
    expect((await server.request(`${base}?cursor=garbage`, { cookie: w.owner.cookie })).status).toBe(400);
  });
});

describe("the certifier's pages", () => {
  async function submitted() {
    const { w, houseA, houseB } = await world();
    const std = `/o/${w.org.slug}/standards`;
    expect((await send(`${std}?index`, w.owner.cookie, { intent: "start", houseId: houseA, standard: `${STANDARDS_ORG_ID}:${BUILT_IN_STANDARD_ID}`, level: "2" })).status).toBe(302);
    const a = await t.db.selectFrom("assessment").select("id").where("org_id", "=", w.org.id).executeTakeFirstOrThrow();
    const item = await t.db.selectFrom("assessment_item").select("id").where("assessment_id", "=", a.id).where("code", "=", "2.F.18.a").executeTakeFirstOrThrow();
    await send(`${std}/${a.id}`, w.owner.cookie, { intent: "answer", itemId: item.id, answer: "partial", notes: "Electrical inspection booked" });
    const fd = new FormData();
    fd.append("intent", "upload");
    fd.append("label", "Inspection report");
    fd.append("file", new Blob([new Uint8Array(PDF_BYTES)], { type: "application/pdf" }), "report.pdf");
    expect((await send(`${std}/${a.id}/items/${item.id}`, w.owner.cookie, fd)).status).toBe(200);
    await send(`${std}/${a.id}/items/${item.id}`, w.owner.cookie, { intent: "link", label: "Safety log", linkPath: `/o/${w.org.slug}/houses/${houseA}/safety` });
    await send(`${std}/${a.id}/items/${item.id}`, w.owner.cookie, { intent: "link", label: "A resident", linkPath: `/o/${w.org.slug}/residents/${houseA}` });
    expect((await send(`${std}/${a.id}`, w.owner.cookie, { intent: "submit" })).status).toBe(302);
    const file = await t.db.selectFrom("assessment_evidence").select("file_id").where("assessment_id", "=", a.id).where("file_id", "is not", null).executeTakeFirstOrThrow();
    return { w, houseA, houseB, assessmentId: a.id, fileId: file.file_id! };
  }

  it("show what an active grant covers, read-only, with downloads, and audit each read in both orgs", async () => {
    const { w, houseA, houseB, assessmentId, fileId } = await submitted();
    const k = await certifier();
    await withTenant(w.owner.ctx, (tx) => issueGrant(tx, { certifierOrgId: k.org.id, houseIds: [houseA], scope: "certification", startsOn: todayIn("America/New_York") }));
    const base = `/o/${k.org.slug}/audits`;
    const houseNames = await t.db.selectFrom("house").select(["id", "name"]).where("id", "in", [houseA, houseB]).execute();
    const nameOf = (id: string) => houseNames.find((h) => h.id === id)!.name;

    const pipeline = await server.request(base, { cookie: k.cookie });
    expect(pipeline.status).toBe(200);
    const ptext = visibleText(await pipeline.text());
    expect(ptext).toContain(w.org.name);
    expect(ptext).toContain(nameOf(houseA));
    expect(ptext).not.toContain(nameOf(houseB));
    expect(ptext).toContain("Submitted for review");
    // Its progress, counted once per assessment (migration 0059): one item answered of all it has.
    const itemCount = await t.db.selectFrom("assessment_item").select((e) => e.fn.countAll<string>().as("n")).where("assessment_id", "=", assessmentId).executeTakeFirstOrThrow();
    expect(ptext).toContain(`1 of ${Number(itemCount.n)} answered`);

    const op = await server.request(`${base}/${w.org.slug}`, { cookie: k.cookie });
    expect(op.status).toBe(200);
    const page = await server.request(`${base}/${w.org.slug}/assessments/${assessmentId}`, { cookie: k.cookie });
    expect(page.status).toBe(200);
    const html = await page.text();
    const text = visibleText(html);
    expect(text).toContain("Partly met");
    expect(text).toContain("Electrical inspection booked");
    expect(text).toContain("From records:"); // the automatic evidence snapshotted at submission
    expect(text).toContain("Safety log (a record in the operator's Hearth)");
    expect(html).not.toContain(`/o/${w.org.slug}/houses/${houseA}/safety`); // a label, not a link
    expect(text).not.toContain("A resident"); // resident-identifying evidence stays hidden
    expect(html).toContain(`${base}/${w.org.slug}/files/${fileId}`);

    const download = await server.request(`${base}/${w.org.slug}/files/${fileId}`, { cookie: k.cookie });
    expect(download.status).toBe(200);
    expect(download.headers.get("content-disposition")).toMatch(/^attachment;/);
    expect(download.headers.get("content-type")).toBe("application/pdf");

    const actions = async (orgId: string) => (await t.db.selectFrom("audit_event").select("action").where("org_id", "=", orgId).execute()).map((e) => e.action);
    for (const orgId of [k.org.id, w.org.id]) {
      const seen = await actions(orgId);
      for (const action of ["audit.pipeline_viewed", "audit.operator_viewed", "assessment.viewed", "file.downloaded"]) expect(seen).toContain(action);
    }
    // The certifier cannot change the operator's answers: the assessment page's only form is
    // the review thread (ADR 053), so any other intent is refused (400) and changes nothing.
    expect((await send(`${base}/${w.org.slug}/assessments/${assessmentId}`, k.cookie, { intent: "answer" })).status).toBe(400);
  });

  it("answer 404 to a certifier never granted, after the last day and after revocation", async () => {
    const { w, houseA, assessmentId, fileId } = await submitted();
    const never = await certifier();
    const ended = await certifier();
    const revoked = await certifier();
    const today = todayIn("America/New_York");
    await withTenant(w.owner.ctx, (tx) => issueGrant(tx, { certifierOrgId: ended.org.id, houseIds: [houseA], scope: "review", startsOn: addDays(today, -30), endsOn: addDays(today, -1) }));
    const { id } = await withTenant(w.owner.ctx, (tx) => issueGrant(tx, { certifierOrgId: revoked.org.id, houseIds: [houseA], scope: "review", startsOn: today }));
    const paths = (k: { org: { slug: string } }) => [
      `/o/${k.org.slug}/audits/${w.org.slug}`,
      `/o/${k.org.slug}/audits/${w.org.slug}/assessments/${assessmentId}`,
      `/o/${k.org.slug}/audits/${w.org.slug}/files/${fileId}`,
    ];
    for (const p of paths(revoked)) expect((await server.request(p, { cookie: revoked.cookie })).status).toBe(200);
    await send(`/o/${w.org.slug}/standards/grants`, w.owner.cookie, { intent: "revoke", grantId: id, confirmed: "yes" });
    for (const k of [never, ended, revoked]) {
      for (const p of paths(k)) expect((await server.request(p, { cookie: k.cookie })).status, p).toBe(404);
      const pipeline = visibleText(await (await server.request(`/o/${k.org.slug}/audits`, { cookie: k.cookie })).text());
      expect(pipeline).not.toContain(w.org.name);
    }
    // Garbage in the address is a 404 too, and operators have no audits section.
    expect((await server.request(`/o/${never.org.slug}/audits/NOT%20A%20SLUG`, { cookie: never.cookie })).status).toBe(404);
    expect((await server.request(`/o/${w.org.slug}/audits`, { cookie: w.owner.cookie })).status).toBe(403);
  });
});
