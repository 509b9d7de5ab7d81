import { describe, expect, it } from "vitest";
import { useTestServer } from "#tests/support/app";
import { useTestDatabase } from "#tests/support/db";
import { makeOrg, makeUser, sessionCookieFor } from "#tests/support/factories";
import { PAGE_SIZE } from "#app/lib/pagination";
import { makeHouse, makeMember, makeStay } from "#tests/support/houses";
import { visibleText } from "./helpers";

const t = useTestDatabase();
const server = useTestServer();

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

async function world(ownerName = "Dana Owner") {
  const org = await makeOrg();
  const owner = await makeUser({ orgId: org.id, role: "owner", name: ownerName });
  const fx = { orgId: org.id, ownerId: owner.id, owner: { orgId: org.id, userId: owner.id, role: "owner" as const } };
  const house = await makeHouse(fx.owner, { rooms: 1, bedsPerRoom: 2, house: { name: "Harbor House" } });
  const { residentId, stayId } = await makeStay(fx.owner, house.bedIds[0]!, "2026-01-05");
  return { org, owner, fx, house, residentId, stayId, cookie: await sessionCookieFor(owner.id) };
}

describe("the audit log", () => {
  it("reads as sentences with links to the records, not codes, ids and JSON", async () => {
    const w = await world();
    const res = await server.request(`/o/${w.org.slug}/audit`, { cookie: w.cookie });
    expect(res.status).toBe(200);
    const html = await res.text();
    const text = visibleText(html);
    expect(text).toContain("Dana Owner admitted a resident to Harbor House, Room 1, bed A");
    expect(text).toContain("Dana Owner added the house Harbor House");
    expect(html).toContain(`href="/o/${w.org.slug}/stays/${w.stayId}"`);
    expect(html).toContain(`href="/o/${w.org.slug}/residents/${w.residentId}"`);
    expect(html).toContain(`href="/o/${w.org.slug}/houses/${w.house.houseId}"`);
    // No event codes, raw ids or JSON in what a reader sees.
    expect(text).not.toContain("stay.admitted");
    expect(text).not.toMatch(UUID);
    expect(text).not.toContain("{");
    // Residents are not named in the log.
    const resident = await t.db.selectFrom("resident").select("legal_name").where("id", "=", w.residentId).executeTakeFirstOrThrow();
    expect(text).not.toContain(resident.legal_name);
  });

  it("filters by what happened and by one record's history", async () => {
    const w = await world();
    const byAction = visibleText(await (await server.request(`/o/${w.org.slug}/audit?action=house.created`, { cookie: w.cookie })).text());
    expect(byAction).toContain("added the house Harbor House");
    expect(byAction).not.toContain("admitted a resident");

    const byRecord = visibleText(await (await server.request(`/o/${w.org.slug}/audit?record=${w.residentId}`, { cookie: w.cookie })).text());
    expect(byRecord).toContain("Showing the history of one record");
    expect(byRecord).toContain("admitted a resident to Harbor House");
    expect(byRecord).not.toContain("added the house Harbor House");

    const bad = await server.request(`/o/${w.org.slug}/audit?record=nope`, { cookie: w.cookie });
    expect(bad.status).toBe(400);
  });

  it("runs the same number of statements for 5 events as for 60", async () => {
    const w = await world();
    const count = async () => {
      const res = await server.request(`/o/${w.org.slug}/audit`, { cookie: w.cookie });
      await res.text();
      return Number(res.headers.get("x-query-count"));
    };
    const few = await count();
    for (let i = 0; i < 12; i++) await makeStay(w.fx.owner, (await makeHouse(w.fx.owner, { rooms: 1, bedsPerRoom: 1 })).bedIds[0]!, "2026-02-01");
    const many = await count();
    expect(many).toBe(few);
    expect(many).toBeLessThanOrEqual(8);
  });

  it("pages through every event once, with the one cursor shape; a bad cursor is a 400", async () => {
    const w = await world();
    for (let i = 0; i < 30; i++) await makeHouse(w.fx.owner, { rooms: 1, bedsPerRoom: 1 });
    const total = Number(
      (await t.db.selectFrom("audit_event").select((eb) => eb.fn.countAll().as("n")).where("org_id", "=", w.org.id).executeTakeFirstOrThrow()).n,
    );
    expect(total).toBeGreaterThan(PAGE_SIZE);
    const ids: string[] = [];
    let url: string | null = `/o/${w.org.slug}/audit`;
    let pages = 0;
    while (url && pages < 5) {
      const html: string = await (await server.request(url, { cookie: w.cookie })).text();
      ids.push(...[...html.matchAll(/<time dateTime="([^"]+)"/g)].map((m) => m[1]!));
      const next: RegExpMatchArray | null = html.match(/<a[^>]*href="([^"]*cursor=[^"]*)"[^>]*>Older events<\/a>/);
      url = next ? next[1]!.replace(/&amp;/g, "&") : null;
      pages++;
    }
    // Reading the log is not audited, so the count is fixed while paging.
    expect(pages).toBe(2);
    // Every event once, newest first across the page boundary.
    expect(ids.length).toBe(total);
    expect([...ids].sort().reverse()).toEqual(ids);
    for (const cursor of ["%%%", "e30", Buffer.from('{"after":"0"}').toString("base64url")]) {
      expect((await server.request(`/o/${w.org.slug}/audit?cursor=${cursor}`, { cookie: w.cookie })).status, cursor).toBe(400);
    }
  });

  it("exports the filtered log as CSV with sentences, formula-safe, and audits the export", async () => {
    const w = await world("=HYPERLINK(\"http://x\")");
    const res = await server.request(`/o/${w.org.slug}/audit.csv?action=stay.admitted`, { cookie: w.cookie });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    expect(res.headers.get("content-disposition")).toMatch(/attachment; filename="audit-log-.*\.csv"/);
    const csv = (await res.text()).replace(/^\uFEFF/, "");
    const lines = csv.trim().split(/\r?\n/);
    expect(lines[0]).toContain("What happened");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain("admitted a resident to Harbor House, Room 1, bed A");
    expect(lines[1]).toContain(w.stayId);
    // The person cell starts with "=": escaped so a spreadsheet shows it as text.
    expect(lines[1]).toContain(`,"'=HYPERLINK(`);
    expect(lines[1]).not.toMatch(/(^|,)"?=/);
    const exported = await t.db.selectFrom("audit_event").select("data").where("org_id", "=", w.org.id).where("action", "=", "audit.exported").execute();
    expect(exported).toHaveLength(1);
  });

  it("is for owners and administrators: others get 403, other orgs 404", async () => {
    const w = await world();
    const staff = await makeMember(w.fx, "staff", [w.house.houseId]);
    const staffCookie = await sessionCookieFor(staff.userId);
    expect((await server.request(`/o/${w.org.slug}/audit`, { cookie: staffCookie })).status).toBe(403);
    expect((await server.request(`/o/${w.org.slug}/audit.csv`, { cookie: staffCookie })).status).toBe(403);
    const other = await world();
    expect((await server.request(`/o/${w.org.slug}/audit.csv`, { cookie: other.cookie })).status).toBe(404);
  });
});
