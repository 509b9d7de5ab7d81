import { beforeAll, describe, expect, it } from "vitest";
import { addDays, todayIn } from "#app/lib/dates";
import { useTestServer } from "#tests/support/app";
import { useTestDatabase } from "#tests/support/db";
import { makeApplication, makeOperatorWithSlug, type Operator } from "#tests/support/admissions";
import { makeHouse, makeResident, makeStay, type HouseFixture } from "#tests/support/houses";
import { visibleText } from "./helpers";

/**
 * Lists that name people (the residents directory, the applications list and waitlist,
 * a house's board) write one `*.listed` audit entry per request with the ids shown —
 * never the names or a search typed — and stay within the page's statement budget.
 */
const t = useTestDatabase();
const server = useTestServer();
const today = todayIn("America/New_York");

let op: Operator;
let house: HouseFixture;
const residents: string[] = [];
const applications: string[] = [];

async function listedSince(id: number, action: string) {
  return t.db
    .selectFrom("audit_event")
    .select(["id", "action", "entity_type", "entity_id", "data"])
    .where("org_id", "=", op.orgId)
    .where("action", "=", action)
    .where("id", ">", id)
    .orderBy("id")
    .execute();
}
async function lastEventId() {
  const row = await t.db.selectFrom("audit_event").select((eb) => eb.fn.max("id").as("id")).executeTakeFirstOrThrow();
  return Number(row.id ?? 0);
}
async function get(path: string, init: { form?: Record<string, string> } = {}) {
  const res = await server.request(path, { cookie: op.cookie, ...init });
  const html = await res.text();
  return { status: res.status, html, statements: Number(res.headers.get("x-query-count")) };
}
const idsLinked = (html: string, kind: string) => [...new Set([...html.matchAll(new RegExp(`href="/o/[^/]+/${kind}/([0-9a-f-]{36})"`, "g"))].map((m) => m[1]!))];

beforeAll(async () => {
  op = await makeOperatorWithSlug();
  house = await makeHouse(op.owner, { rooms: 1, bedsPerRoom: 3, house: { name: "Listed House" } });
  residents.push((await makeStay(op.owner, house.bedIds[0]!, addDays(today, -3))).residentId);
  residents.push((await makeStay(op.owner, house.bedIds[1]!, addDays(today, -9))).residentId);
  residents.push(await makeResident(op.owner, { legalName: "Nell Notadmitted" }));
  applications.push(await makeApplication(op.owner, { applicantName: "Ada Applicant" }));
  applications.push(await makeApplication(op.owner, { applicantName: "Wes Waiting" }, ["screening", "waitlisted"]));
});

describe("lists that name people are audited", () => {
  it("the residents directory: one entry per request with the ids shown, not the names", async () => {
    const before = await lastEventId();
    const page = await get(`/o/${op.slug}/residents?status=all`);
    expect(page.status).toBe(200);
    const [entry, ...more] = await listedSince(before, "resident.listed");
    expect(more).toEqual([]);
    expect(entry).toMatchObject({ entity_type: null, entity_id: null, data: { view: "directory", searched: false } });
    expect(new Set((entry!.data as { residentIds: string[] }).residentIds)).toEqual(new Set(idsLinked(page.html, "residents")));
    expect(new Set((entry!.data as { residentIds: string[] }).residentIds)).toEqual(new Set(residents));
    expect(page.statements).toBeLessThanOrEqual(8);

    // A name search: recorded as a search, without what was typed.
    const mark = await lastEventId();
    const searched = await get(`/o/${op.slug}/residents`, { form: { intent: "search", status: "all", q: "Notadmitted" } });
    expect(visibleText(searched.html)).toContain("Nell Notadmitted");
    const [search] = await listedSince(mark, "resident.listed");
    expect(search!.data).toEqual({ view: "directory", residentIds: [residents[2]], searched: true });
    expect(JSON.stringify(search!.data)).not.toMatch(/Nell/);
  });

  it("the applications list and the waitlist", async () => {
    const before = await lastEventId();
    const list = await get(`/o/${op.slug}/applications`);
    const waitlist = await get(`/o/${op.slug}/applications?view=waitlist`);
    const entries = await listedSince(before, "application.listed");
    expect(entries.map((e) => e.data)).toEqual([
      { view: "applications", applicationIds: [applications[1], applications[0]] },
      { view: "waitlist", applicationIds: [applications[1]] },
    ]);
    expect(JSON.stringify(entries)).not.toMatch(/Ada|Wes/);
    expect(list.statements).toBeLessThanOrEqual(8);
    expect(waitlist.statements).toBeLessThanOrEqual(8);
  });

  it("a house's board, and the sentences the audit log reads", async () => {
    const before = await lastEventId();
    const board = await get(`/o/${op.slug}/houses/${house.houseId}`);
    expect(board.status).toBe(200);
    const [entry, ...more] = await listedSince(before, "resident.listed");
    expect(more).toEqual([]);
    expect(entry).toMatchObject({ entity_type: "house", entity_id: house.houseId, data: { view: "board" } });
    expect(new Set((entry!.data as { residentIds: string[] }).residentIds)).toEqual(new Set(residents.slice(0, 2)));
    expect(board.statements).toBeLessThanOrEqual(8);

    // (visibleText leaves a space after a link's text: join it to the comma that follows.)
    const log = visibleText((await get(`/o/${op.slug}/audit?action=resident.listed`)).html).replace(/ ,/g, ",");
    expect(log).toContain("viewed the board of Listed House, which named 2 residents");
    expect(log).toContain("viewed a list of 3 residents in the residents directory");
    expect(log).toContain("viewed a list of 1 resident in the residents directory (a name search)");
    const apps = visibleText((await get(`/o/${op.slug}/audit?action=application.listed`)).html);
    expect(apps).toContain("viewed a list of 2 applications");
    expect(apps).toContain("viewed a list of 1 application on the waitlist");
  });
});
