import { beforeAll, describe, expect, it } from "vitest";
import { withTenant } from "#app/db/tenant.server";
import { createApplication } from "#app/domain/admissions/applications.server";
import { admitResident, transferStay, undoTransfer } from "#app/domain/admissions/stays.server";
import { setMembershipHouses } from "#app/domain/houses/houses.server";
import { createBed, setBedStatus, updateBed } from "#app/domain/houses/layout.server";
import { createResident } from "#app/domain/residents/residents.server";
import { addDays, todayIn } from "#app/lib/dates";
import { useTestServer } from "#tests/support/app";
import { useTestDatabase } from "#tests/support/db";
import { makeOrg, makeUser, sessionCookieFor } from "#tests/support/factories";
import { makeHouse, residentInput } from "#tests/support/houses";
import { visibleText } from "./helpers";
import { get, houseCounts, makeOperatorWorld, post, stat, type OperatorWorld, type Person } from "./house-pages";

/** The occupancy board of one house, and the org overview built from the same numbers. */

const t = useTestDatabase();
const client = useTestServer();

let w: OperatorWorld;
let manager: Person;
let otherManager: Person;
let coach: Person;
let resident: Person;
let hazel: Awaited<ReturnType<typeof makeHouse>>;
let ivy: Awaited<ReturnType<typeof makeHouse>>;
let vacantBedId: string;
const people: Record<"jamie" | "river" | "noor", { id: string; legal: string; preferred: string }> = {
  jamie: { id: "", legal: "Jameson Quillfeather", preferred: "Jamie" },
  river: { id: "", legal: "Riverton Ashgrove", preferred: "Rivo" },
  noor: { id: "", legal: "Noorhan Belcastro", preferred: "Noor" },
};
let today: string;
const board = (houseId = hazel.houseId) => `/o/${w.org.slug}/houses/${houseId}`;

beforeAll(async () => {
  w = await makeOperatorWorld();
  manager = await w.people("house_manager");
  otherManager = await w.people("house_manager");
  coach = await w.people("staff");
  resident = await w.people("resident");
  today = todayIn("America/New_York");
  // Hazel House: Room 1 (A, B), Room 2 (A, B, C).
  hazel = await makeHouse(w.owner.ctx, { rooms: 2, bedsPerRoom: 2, house: { name: "Hazel House" } });
  ivy = await makeHouse(w.owner.ctx, { rooms: 1, bedsPerRoom: 3, house: { name: "Ivy House" } });
  const [r1a, r1b, r2a, r2b] = hazel.bedIds as [string, string, string, string];
  await withTenant(w.owner.ctx, async (tx) => {
    vacantBedId = (await createBed(tx, { roomId: hazel.roomIds[1]!, label: "C", accessible: true })).id;
    await updateBed(tx, r1a, { label: "A", accessible: true });
    for (const [key, p] of Object.entries(people)) {
      p.id = (await createResident(tx, residentInput({ legalName: p.legal, preferredName: p.preferred }))).id;
      void key;
    }
    await admitResident(tx, { residentId: people.jamie.id, bedId: r1a, moveInDate: addDays(today, -30) });
    await admitResident(tx, { residentId: people.river.id, bedId: r1b, moveInDate: addDays(today, -10), expectedMoveOutDate: addDays(today, 5) });
    await admitResident(tx, { residentId: people.noor.id, bedId: r2a, moveInDate: addDays(today, 3) });
    await setBedStatus(tx, { bedId: r2b, status: "out_of_service", reason: "Water damage" });
    await setMembershipHouses(tx, { membershipId: manager.membershipId, houseIds: [hazel.houseId] });
    await setMembershipHouses(tx, { membershipId: coach.membershipId, houseIds: [hazel.houseId] });
    await setMembershipHouses(tx, { membershipId: otherManager.membershipId, houseIds: [ivy.houseId] });
    for (const name of ["Applicant One", "Applicant Two"]) {
      await createApplication(tx, { applicantName: name, phone: "215-555-0111", referralSource: "self", consentToContact: true });
    }
  });
});

describe("occupancy board", () => {
  it("shows the summary counts", async () => {
    const { status, html } = await get(client, board(), w.owner.cookie);
    expect(status).toBe(200);
    expect(html).toMatch(/<h1[^>]*>Hazel House<\/h1>/);
    expect(stat(html, "Beds")).toBe("5");
    expect(stat(html, "Occupied")).toBe("2");
    expect(stat(html, "Available")).toBe("2");
    expect(stat(html, "Held")).toBe("0");
    expect(stat(html, "Out of service")).toBe("1");
    expect(stat(html, "Occupancy")).toBe("50%"); // 2 of 4 beds in service
    expect(visibleText(html)).toContain("1 reserved");
  });

  it("shows each bed: resident by preferred name with a link, dates, reservation, status reason, accessible flag", async () => {
    const { html } = await get(client, board(), w.owner.cookie);
    const text = visibleText(html);
    for (const p of Object.values(people)) {
      expect(html).toContain(`href="/o/${w.org.slug}/residents/${p.id}"`);
      expect(text).toContain(p.preferred);
      expect(text).not.toContain(p.legal);
    }
    expect(text).toContain("Room 1");
    expect(text).toContain("Room 2");
    expect(text).toContain("Moved in");
    expect(text).toContain("Planned move-out");
    expect(text).toContain("Planned move-in:");
    expect(text).toContain("Reason: Water damage");
    expect(text).toContain("Reserved");
    expect(text).toContain("Accessible");
    expect(text).toMatch(/in 5 days/);
    expect(text).toMatch(/in 3 days/);
  });

  it("links “Admit someone” only for vacant, unreserved beds in service", async () => {
    const { html } = await get(client, board(), w.owner.cookie);
    const links = [...html.matchAll(/href="([^"]*\/admit\?bedId=[^"]*)"/g)].map((m) => m[1]);
    expect(links).toEqual([`/o/${w.org.slug}/admit?bedId=${vacantBedId}`]);
  });

  it("lists upcoming move-ins and move-outs for the next 14 days", async () => {
    const { html } = await get(client, board(), w.owner.cookie);
    const section = visibleText(html.match(/<section aria-labelledby="upcoming"[\s\S]*?<\/section>/)![0]);
    expect(section).toContain("Move-ins");
    expect(section).toMatch(/Noor · Room 2, bed A/);
    expect(section).toMatch(/Rivo · Room 1, bed B/);
    expect(section).not.toContain("Jamie");
  });

  it("puts Admit in the header and discharge and transfer on each occupied bed, for those who may act", async () => {
    const { html } = await get(client, board(), manager.cookie);
    expect(html).toMatch(new RegExp(`href="/o/${w.org.slug}/admit"[^>]*>Admit a resident<`));
    const stayLinks = [...html.matchAll(/href="[^"]*\/stays\/([^"#]+)#(transfer|discharge)-card"/g)].map((m) => m[2]);
    expect(stayLinks).toEqual(["transfer", "discharge", "transfer", "discharge"]); // Jamie and Rivo
    const asCoach = (await get(client, board(), coach.cookie)).html;
    expect(asCoach).not.toContain("-card\"");
    expect(asCoach).not.toContain(">Admit a resident<");
  });

  it("links the house's pages in one row of tabs, by permission, with the current one marked", async () => {
    const nav = (html: string) => /<nav aria-label="House pages"[^>]*>([\s\S]*?)<\/nav>/.exec(html)?.[1] ?? null;
    const tabs = (html: string) => [...(nav(html) ?? "").matchAll(/<a [^>]*href="([^"]+)"[^>]*>([^<]+)</g)].map((m) => [m[1], m[2]]);
    const base = board();
    // Each section's tab is marked on its own pages too (documents' editor, a new session, rates).
    const pages: [string, string][] = [
      [base, base],
      [`${base}/documents`, `${base}/documents`],
      [`${base}/documents/edit`, `${base}/documents`],
      [`${base}/chores`, `${base}/chores`],
      [`${base}/sessions`, `${base}/sessions`],
      [`${base}/sessions/new`, `${base}/sessions`],
      [`${base}/sessions/rates`, `${base}/sessions`],
      [`${base}/calendar`, `${base}/calendar`],
      [`${base}/rooms`, `${base}/rooms`],
      [`${base}/edit`, `${base}/edit`],
      [`${base}/fees`, `${base}/fees`],
      [`${base}/check-ins`, `${base}/check-ins`],
      [`${base}/standards`, `${base}/standards`],
    ];
    for (const [page, path] of pages) {
      const { html, status } = await get(client, page, manager.cookie);
      expect(status, page).toBe(200);
      expect(tabs(html), page).toEqual([
        [base, "Board"],
        [`${base}/documents`, "House documents"],
        [`${base}/chores`, "Chores"],
        [`${base}/sessions`, "Sessions"],
        [`${base}/calendar`, "Calendar"],
        [`${base}/fees`, "Fees"],
        [`${base}/fund`, "House fund"],
        [`${base}/safety`, "Safety"],
        [`${base}/check-ins`, "Check-ins"],
        [`${base}/standards`, "Standards"],
        [`${base}/rooms`, "Rooms and beds"],
        [`${base}/edit`, "Edit house"],
      ]);
      expect(nav(html)!.match(/aria-current/g), page).toHaveLength(1);
      expect(nav(html), page).toMatch(new RegExp(`aria-current="page"[^>]*href="${path}"|href="${path}"[^>]*aria-current="page"`));
    }
    // Staff read the board, the house documents' signatures, the chores, the sessions (they take attendance) and the fees.
    expect(tabs((await get(client, base, coach.cookie)).html)).toEqual([
      [base, "Board"],
      [`${base}/documents`, "House documents"],
      [`${base}/chores`, "Chores"],
      [`${base}/sessions`, "Sessions"],
      [`${base}/calendar`, "Calendar"],
      [`${base}/fees`, "Fees"],
      [`${base}/fund`, "House fund"],
      [`${base}/safety`, "Safety"],
      [`${base}/check-ins`, "Check-ins"],
    ]);
  });

  it("shows a transfer within the house as one move, not a move-out and a move-in", async () => {
    const jamieStay = await t.db.selectFrom("stay").select("id").where("resident_id", "=", people.jamie.id).executeTakeFirstOrThrow();
    const { stayId: moved } = await withTenant(w.owner.ctx, (tx) => transferStay(tx, { stayId: jamieStay.id, toBedId: vacantBedId, date: addDays(today, 2) }));
    try {
      const { html } = await get(client, board(), w.owner.cookie);
      const section = visibleText(html.match(/<section aria-labelledby="upcoming"[\s\S]*?<\/section>/)![0]);
      expect(section).toMatch(/Jamie · moves to Room 2, bed C from Room 1, bed A/);
      expect(section.match(/Jamie/g)).toHaveLength(1);
      const overview = visibleText((await get(client, `/o/${w.org.slug}`, w.owner.cookie)).html);
      expect(overview).toMatch(/Move to another bed [^·]*\(\s*in 2 days\s*\) Jamie · Hazel House\s*, Room 2, bed C/);
      expect(overview.match(/Jamie/g)).toHaveLength(1);
    } finally {
      await withTenant(w.owner.ctx, (tx) => undoTransfer(tx, { stayId: moved }));
    }
  });

  it("keeps resident names out of the title and the URLs", async () => {
    const { html } = await get(client, board(), w.owner.cookie);
    const title = html.match(/<title>([^<]*)<\/title>/)![1]!;
    expect(title).toBe("Hazel House · Hearth");
    for (const href of html.matchAll(/href="([^"]*)"/g)) {
      for (const p of Object.values(people)) expect(href[1]).not.toContain(p.preferred);
    }
  });

  it("shows the board to assigned house managers and staff, 404 to an unassigned manager, 403 to residents", async () => {
    expect((await get(client, board(), manager.cookie)).status).toBe(200);
    const staffView = await get(client, board(), coach.cookie);
    expect(staffView.status).toBe(200);
    expect(visibleText(staffView.html)).not.toContain("Change status");
    expect(visibleText(staffView.html)).not.toContain("Admit someone");
    expect((await get(client, board(), otherManager.cookie)).status).toBe(404);
    expect((await get(client, board(), resident.cookie)).status).toBe(403);
  });

  it("answers 404 for garbage ids, unknown ids and another org's house", async () => {
    expect((await get(client, `/o/${w.org.slug}/houses/garbage`, w.owner.cookie)).status).toBe(404);
    expect((await get(client, `/o/${w.org.slug}/houses/00000000-0000-4000-8000-000000000000`, w.owner.cookie)).status).toBe(404);
    const other = await makeOperatorWorld();
    const theirs = await makeHouse(other.owner.ctx, { house: { name: "Quince House" } });
    const res = await get(client, board(theirs.houseId), w.owner.cookie);
    expect(res.status).toBe(404);
    expect(res.html).not.toContain("Quince House");
  });

  it("lets an assigned house manager change a bed's status from the board", async () => {
    const page = await get(client, board(), manager.cookie);
    expect(visibleText(page.html)).toContain("Change status");
    const refused = await post(client, board(), manager.cookie, { intent: "set-bed-status", bedId: vacantBedId, status: "out_of_service" });
    expect(refused.status).toBe(400);
    expect(visibleText(refused.html)).toContain("Give a reason when taking a bed out of service.");
    const { status } = await post(client, board(), manager.cookie, { intent: "set-bed-status", bedId: vacantBedId, status: "held", reason: "Deep clean" });
    expect(status).toBe(200);
    expect(await t.db.selectFrom("bed").select(["status", "status_reason"]).where("id", "=", vacantBedId).executeTakeFirstOrThrow()).toEqual({
      status: "held",
      status_reason: "Deep clean",
    });
    const after = await get(client, board(), manager.cookie);
    expect(stat(after.html, "Held")).toBe("1");
    expect(after.html).not.toContain("/admit?bedId=");
    await post(client, board(), manager.cookie, { intent: "set-bed-status", bedId: vacantBedId, status: "available" });
  });

  it("refuses status changes from staff (403), unassigned managers (404) and for beds of other houses (404)", async () => {
    const before = await t.db.selectFrom("bed").select(["id", "status"]).orderBy("id").execute();
    expect((await post(client, board(), coach.cookie, { intent: "set-bed-status", bedId: vacantBedId, status: "held", reason: "x" })).status).toBe(403);
    expect((await post(client, board(), otherManager.cookie, { intent: "set-bed-status", bedId: vacantBedId, status: "held", reason: "x" })).status).toBe(404);
    expect((await post(client, board(), w.owner.cookie, { intent: "set-bed-status", bedId: ivy.bedIds[0]!, status: "held", reason: "x" })).status).toBe(404);
    expect((await post(client, board(ivy.houseId), otherManager.cookie, { intent: "set-bed-status", bedId: vacantBedId, status: "held", reason: "x" })).status).toBe(404);
    expect((await post(client, board(), w.owner.cookie, { intent: "rename", bedId: vacantBedId })).status).toBe(400);
    expect(await t.db.selectFrom("bed").select(["id", "status"]).orderBy("id").execute()).toEqual(before);
  });

  it("stays within the page statement budget (8) on the board, the rooms page and the edit page", async () => {
    for (const path of [board(), `${board()}/rooms`, `${board()}/edit`]) {
      const { res, status } = await get(client, path, w.owner.cookie);
      expect(status).toBe(200);
      expect(Number(res.headers.get("x-query-count")), path).toBeLessThanOrEqual(8);
    }
  });

  it("has an empty state for a house without beds", async () => {
    const empty = await makeHouse(w.owner.ctx, { rooms: 0, house: { name: "Juniper House" } });
    const { status, html } = await get(client, board(empty.houseId), w.owner.cookie);
    expect(status).toBe(200);
    expect(visibleText(html)).toContain("This house has no beds yet");
  });
});

describe("org overview", () => {
  it("sums occupancy across houses, lists vacancies by house, upcoming moves and new applications", async () => {
    const before = await houseCounts(t.db);
    const { res, status, html } = await get(client, `/o/${w.org.slug}`, w.owner.cookie);
    expect(status).toBe(200);
    expect(html).toMatch(/<h1[^>]*>Overview<\/h1>/);
    // Hazel (5 beds, 1 out of service, 2 occupied) + Ivy (3) + Juniper (0) = 8 beds, 2 of 7 in service.
    expect(stat(html, "Beds")).toBe("8");
    expect(stat(html, "Occupied")).toBe("2");
    expect(stat(html, "Available")).toBe("5");
    expect(stat(html, "Held")).toBe("0");
    expect(stat(html, "Occupancy")).toBe("28.6%");
    expect(stat(html, "New applications")).toBe("2");
    const text = visibleText(html);
    expect(text).toContain("2 new applications are waiting for a first look.");
    expect(html).toContain(`href="/o/${w.org.slug}/applications"`);
    expect(html).toContain(`href="/o/${w.org.slug}/houses/${hazel.houseId}"`);
    expect(html).toContain(`href="/o/${w.org.slug}/houses/${ivy.houseId}"`);
    expect(text).toMatch(/Move-in [^·]*\(\s*in 3 days\s*\) Noor · Hazel House\s*, Room 2, bed A/);
    expect(text).toMatch(/Move-out [^·]*\(\s*in 5 days\s*\) Rivo · Hazel House\s*, Room 1, bed B/);
    expect(text).not.toContain("Jamie");
    expect(Number(res.headers.get("x-query-count"))).toBeLessThanOrEqual(8);
    expect(await houseCounts(t.db)).toEqual(before); // a GET writes nothing
  });

  it("counts held beds in the tiles, so occupied, available, held and out of service add up to the beds", async () => {
    await withTenant(w.owner.ctx, (tx) => setBedStatus(tx, { bedId: ivy.bedIds[0]!, status: "held", reason: "Returning Friday" }));
    try {
      const { html } = await get(client, `/o/${w.org.slug}`, w.owner.cookie);
      const n = (label: string) => Number(stat(html, label));
      expect(n("Held")).toBe(1);
      expect(n("Occupied") + n("Available") + n("Held") + n("Out of service")).toBe(n("Beds"));
    } finally {
      await withTenant(w.owner.ctx, (tx) => setBedStatus(tx, { bedId: ivy.bedIds[0]!, status: "available", reason: null }));
    }
  });

  it("sends a house manager to their today, which shows only their houses", async () => {
    const home = await get(client, `/o/${w.org.slug}`, manager.cookie);
    expect(home.status).toBe(302);
    expect(home.res.headers.get("location")).toBe(`/o/${w.org.slug}/today`);
    const { res, html } = await get(client, `/o/${w.org.slug}/today`, manager.cookie);
    const text = visibleText(html);
    expect(text).toContain("Hazel House");
    expect(text).not.toContain("Ivy House");
    expect(Number(res.headers.get("x-query-count"))).toBeLessThanOrEqual(8);
  });

  it("says what to do in an org without houses, keeps the certifier overview, and sends residents to their page", async () => {
    const org = await makeOrg();
    const owner = await makeUser({ orgId: org.id, role: "owner" });
    const empty = await get(client, `/o/${org.slug}`, await sessionCookieFor(owner.id));
    expect(visibleText(empty.html)).toContain("Start by adding a house");
    expect(empty.html).toContain(`href="/o/${org.slug}/houses/new"`);

    const certifier = await makeOrg({ kind: "certifier" });
    const auditor = await makeUser({ orgId: certifier.id, role: "certifier_admin" });
    const c = await get(client, `/o/${certifier.slug}`, await sessionCookieFor(auditor.id));
    expect(c.status).toBe(200);
    expect(visibleText(c.html)).toContain("Certification reviews are on their way");

    const r = await client.request(`/o/${w.org.slug}`, { cookie: resident.cookie });
    expect(r.status).toBe(302);
    expect(r.headers.get("location")).toBe(`/o/${w.org.slug}/me`);
  });
});
