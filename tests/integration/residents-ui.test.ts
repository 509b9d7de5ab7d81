import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { withTenant } from "#app/db/tenant.server";
import { admitResident } from "#app/domain/admissions/stays.server";
import { linkResidentAccount } from "#app/domain/residents/residents.server";
import { addDays, todayIn } from "#app/lib/dates";
import { useTestServer } from "#tests/support/app";
import { useTestDatabase } from "#tests/support/db";
import { makeOrg, makeUser, sessionCookieFor, uniqueEmail } from "#tests/support/factories";
import { makeHouse, makeMember, makeResident, type HouseFixture, type OrgFixture } from "#tests/support/houses";
import { flashFrom, followCookie, latestEmailTo, sessionCookieFrom, tokenIn, visibleText } from "./helpers";

/**
 * The staff pages about residents, over HTTP against the production build: the
 * directory, adding and editing a profile, the profile (audited view, stay history,
 * staff notes) and the portal invitation, for each role that may or may not use them.
 */
const t = useTestDatabase();
const client = useTestServer();

const today = todayIn("America/New_York");
const day = (n: number) => addDays(today, n);

let fx: OrgFixture;
let slug: string;
let harbor: HouseFixture;
let willow: HouseFixture;
let cookies: Record<"owner" | "manager" | "coach" | "resident" | "certifier", string>;
let managerName: string;
/** Lives in Harbor House (the manager's), has an email, no account yet. */
let sam: { id: string; stayId: string };
/** Lives in Willow House (not the manager's). */
let wren: { id: string; stayId: string };
/** Moving into Harbor House next week. */
let uma: { id: string };

const residentsPath = () => `/o/${slug}/residents`;

beforeAll(async () => {
  const org = await makeOrg({ name: "Lantern Path Homes" });
  slug = org.slug;
  const owner = await makeUser({ orgId: org.id, role: "owner", name: "Olive Owner" });
  fx = { orgId: org.id, ownerId: owner.id, owner: { orgId: org.id, userId: owner.id, role: "owner" } };
  harbor = await makeHouse(fx.owner, { rooms: 2, bedsPerRoom: 2, house: { name: "Harbor House" } });
  willow = await makeHouse(fx.owner, { rooms: 1, bedsPerRoom: 2, house: { name: "Willow House" } });
  const manager = await makeMember(fx, "house_manager", [harbor.houseId]);
  managerName = (await t.db.selectFrom("app_user").select("name").where("id", "=", manager.userId).executeTakeFirstOrThrow()).name;
  const coach = await makeMember(fx, "staff", [harbor.houseId]);
  const residentUser = await makeUser({ orgId: org.id, role: "resident" });
  const certifierOrg = await makeOrg({ kind: "certifier" });
  const certifier = await makeUser({ orgId: certifierOrg.id, role: "certifier_admin" });

  const samId = await makeResident(fx.owner, {
    legalName: "Samuel Okafor",
    preferredName: "Sam",
    pronouns: "he/him",
    dateOfBirth: "1988-07-14",
    phone: "215-555-0147",
    email: uniqueEmail("sam"),
    emergencyContactName: "Grace Okafor",
    emergencyContactPhone: "215-555-0190",
    emergencyContactRelationship: "Sister",
    recoveryStartDate: "2025-09-02",
  });
  const wrenId = await makeResident(fx.owner, { legalName: "Wren Alder", email: uniqueEmail("wren") });
  const umaId = await makeResident(fx.owner, { legalName: "Uma Planned" });
  const stays = await withTenant(fx.owner, async (tx) => ({
    sam: (await admitResident(tx, { residentId: samId, bedId: harbor.bedIds[0]!, moveInDate: day(-20), expectedMoveOutDate: null })).stayId,
    wren: (await admitResident(tx, { residentId: wrenId, bedId: willow.bedIds[0]!, moveInDate: day(-5), expectedMoveOutDate: null })).stayId,
    uma: (await admitResident(tx, { residentId: umaId, bedId: harbor.bedIds[1]!, moveInDate: day(7), expectedMoveOutDate: null })).stayId,
  }));
  sam = { id: samId, stayId: stays.sam };
  wren = { id: wrenId, stayId: stays.wren };
  uma = { id: umaId };
  cookies = {
    owner: await sessionCookieFor(owner.id),
    manager: await sessionCookieFor(manager.userId),
    coach: await sessionCookieFor(coach.userId),
    resident: await sessionCookieFor(residentUser.id),
    certifier: await sessionCookieFor(certifier.id),
  };
});

async function residentRow(id: string) {
  return t.db
    .selectFrom("resident")
    .select(["legal_name", "preferred_name", "pronouns", "phone", "email", "date_of_birth", "emergency_contact_name", "user_id"])
    .where("id", "=", id)
    .executeTakeFirst();
}

/**
 * Rows a form could write. Audit events of views are left out: a refused form is shown
 * again with the page, and showing a resident's profile is (rightly) an audited view.
 */
async function tableCounts() {
  const r = await sql<{ residents: number; notes: number; invites: number; audits: number; outbox: number }>`
    select (select count(*)::int from resident) as residents, (select count(*)::int from resident_note) as notes,
      (select count(*)::int from invite) as invites, (select count(*)::int from outbox) as outbox,
      (select count(*)::int from audit_event where action not like '%.viewed' and action not like '%.listed') as audits`.execute(t.db);
  return r.rows[0]!;
}

async function viewedEvents(residentId: string) {
  return t.db
    .selectFrom("audit_event")
    .select(["actor_user_id", "data", "entity_type"])
    .where("action", "=", "resident.viewed")
    .where("entity_id", "=", residentId)
    .orderBy("id")
    .execute();
}

const profileForm = (overrides: Record<string, string> = {}) => ({
  intent: "save-resident",
  legalName: "Teodora Vance",
  preferredName: "Teddy",
  pronouns: "she/her",
  dateOfBirth: "1992-03-08",
  phone: "267-555-0111",
  email: "",
  emergencyContactName: "Ivan Vance",
  emergencyContactPhone: "267-555-0112",
  emergencyContactRelationship: "Father",
  recoveryStartDate: "",
  ...overrides,
});

describe("the residents directory", () => {
  it("lists current residents with pronouns, house, bed, move-in and status; links to profiles and to Add", async () => {
    const res = await client.request(residentsPath(), { cookie: cookies.owner });
    expect(res.status).toBe(200);
    const html = await res.text();
    const text = visibleText(html);
    expect(html).toMatch(/<h1[^>]*>Residents<\/h1>/);
    expect(html.match(/<h1[\s>]/g)).toHaveLength(1);
    expect(html).toMatch(/<caption[^>]*>/);
    expect(html).toMatch(/<th scope="col"[^>]*>Room and bed<\/th>/);
    expect(text).toContain("Sam (he/him)");
    expect(text).toContain("Legal name: Samuel Okafor");
    expect(text).toContain("Harbor House");
    expect(text).toContain("Room 1, bed A");
    expect(text).toContain("Wren Alder");
    expect(text).not.toContain("Uma Planned"); // moving in: not "living here now"
    expect(html).toContain(`href="${residentsPath()}/${sam.id}"`);
    expect(html).toContain(`href="${residentsPath()}/new"`);
    expect(html).toMatch(/<label[^>]*for="q"[^>]*>Search by name<\/label>/);
    expect(html).toMatch(/<title>Residents · Hearth<\/title>/);
  });

  it("filters by status (GET) and searches by name (POST: the name never goes in a URL)", async () => {
    const upcoming = visibleText(await (await client.request(`${residentsPath()}?status=planned`, { cookie: cookies.owner })).text());
    expect(upcoming).toContain("Uma Planned");
    expect(upcoming).toContain("Moving in");
    expect(upcoming).not.toContain("Wren Alder");

    const search = await client.request(residentsPath(), { cookie: cookies.owner, form: { intent: "search", status: "all", q: "okaf" } });
    expect(search.status).toBe(200);
    const html = await search.text();
    expect(visibleText(html)).toContain("Sam");
    expect(visibleText(html)).not.toContain("Wren Alder");
    expect(visibleText(html)).not.toContain("Uma Planned");
    expect(html).not.toMatch(/href="[^"]*okaf/i);
    const none = visibleText(await (await client.request(residentsPath(), { cookie: cookies.owner, form: { intent: "search", status: "ended", q: "zzz" } })).text());
    expect(none).toContain("No residents match that name");

    // An empty search is just browsing: back to a plain GET.
    const browse = await client.request(residentsPath(), { cookie: cookies.owner, form: { intent: "search", status: "ended", q: "  " } });
    expect(browse.status).toBe(302);
    expect(browse.headers.get("location")).toBe(`${residentsPath()}?status=ended`);
  });

  it("pages with an id cursor (never a name in the URL)", async () => {
    const other = await makeOrg();
    const owner = await makeUser({ orgId: other.id, role: "owner" });
    const ctx = { orgId: other.id, userId: owner.id, role: "owner" };
    for (let i = 0; i < 51; i++) await makeResident(ctx, { legalName: `Pat Person ${String(i).padStart(2, "0")}` });
    const cookie = await sessionCookieFor(owner.id);
    const first = await (await client.request(`/o/${other.slug}/residents?status=all`, { cookie })).text();
    const next = first.match(/href="[^"]*\?status=all&amp;cursor=([\w-]+)"[^>]*>Show more residents</)?.[1];
    expect(next, "a Show more link with a cursor").toBeTruthy();
    // The cursor is the last row's id: no name travels in the URL.
    expect(Buffer.from(next!, "base64url").toString()).toMatch(/^\{"after":"[0-9a-f-]{36}"\}$/);
    expect(visibleText(first)).toContain("Pat Person 49");
    expect(visibleText(first)).not.toContain("Pat Person 50");
    const second = visibleText(await (await client.request(`/o/${other.slug}/residents?status=all&cursor=${next}`, { cookie })).text());
    expect(second).toContain("Pat Person 50");
    expect(second).not.toContain("Pat Person 49");
    expect(second).toContain("Back to the start of the list");
    // A search pages with a form, carrying the name in the body only.
    const searched = await (await client.request(`/o/${other.slug}/residents`, { cookie, form: { intent: "search", status: "all", q: "Pat" } })).text();
    expect(searched).toMatch(/<input type="hidden" name="cursor" value="[\w-]+"\/>/);
    const more = await client.request(`/o/${other.slug}/residents`, { cookie, form: { intent: "search", status: "all", q: "Pat", cursor: next! } });
    expect(visibleText(await more.text())).toContain("Pat Person 50");
  });

  it("filters by house and sorts (GET, kept by a search and its redirect); the form posts to the page's own address", async () => {
    const order = (html: string) => ["Sam", "Wren Alder", "Uma Planned"].filter((n) => visibleText(html).includes(n)).sort((a, b) => visibleText(html).indexOf(a) - visibleText(html).indexOf(b));
    const harborOnly = await (await client.request(`${residentsPath()}?status=all&house=${harbor.houseId}`, { cookie: cookies.owner })).text();
    expect(order(harborOnly)).toEqual(["Sam", "Uma Planned"]);
    expect(harborOnly).toMatch(/<caption[^>]*>Residents: everyone at Harbor House, by name<\/caption>/);
    expect(harborOnly).toMatch(new RegExp(`<option value="${harbor.houseId}" selected="">Harbor House</option>`));
    // By house: Harbor (Sam, Uma) before Willow (Wren); newest move-in first: Uma (next week), Wren, Sam.
    expect(order(await (await client.request(`${residentsPath()}?status=all&sort=house`, { cookie: cookies.owner })).text())).toEqual([
      "Sam",
      "Uma Planned",
      "Wren Alder",
    ]);
    expect(order(await (await client.request(`${residentsPath()}?status=all&sort=move_in`, { cookie: cookies.owner })).text())).toEqual([
      "Uma Planned",
      "Wren Alder",
      "Sam",
    ]);
    // The form's action is the page's address: no "?index" for a browser without JavaScript.
    expect(harborOnly).toContain(`action="${residentsPath()}?status=all&amp;house=${harbor.houseId}"`);
    expect(harborOnly).not.toMatch(/action="[^"]*index/);
    // A name search keeps the house and order; an empty one redirects to a GET that keeps them too.
    const searched = await client.request(residentsPath(), {
      cookie: cookies.owner,
      form: { intent: "search", status: "all", house: willow.houseId, sort: "move_in", q: "a" },
    });
    expect(order(await searched.text())).toEqual(["Wren Alder"]);
    const browse = await client.request(residentsPath(), { cookie: cookies.owner, form: { intent: "search", status: "all", house: willow.houseId, sort: "house", q: "" } });
    expect(browse.headers.get("location")).toBe(`${residentsPath()}?status=all&house=${willow.houseId}&sort=house`);
    // A house-scoped member cannot filter by a house that is not theirs.
    expect((await client.request(`${residentsPath()}?house=${willow.houseId}`, { cookie: cookies.coach })).status).toBe(400);
  });

  it("answers 400 to bad filters and searches, never 500", async () => {
    for (const qs of ["status=bogus", "q=Sam", "cursor=not-a-cursor", `cursor=${Buffer.from('{"after":"x"}').toString("base64url")}`, "unexpected=1", "house=nope", "sort=age"]) {
      const res = await client.request(`${residentsPath()}?${qs}`, { cookie: cookies.owner });
      expect(res.status, qs).toBe(400);
    }
    const searches: Record<string, string>[] = [
      { intent: "search", status: "all", q: "x".repeat(81) },
      { intent: "search", status: "bogus", q: "Sam" },
      { intent: "search", status: "all", q: "Sam", cursor: "not-a-cursor" },
      { intent: "search", status: "all", q: "Sam", extra: "1" },
      { intent: "search", status: "all", q: "Sam", house: "nope" },
      { intent: "search", status: "all", q: "Sam", sort: "age" },
      { intent: "probe" },
      {},
    ];
    for (const form of searches) {
      const res = await client.request(residentsPath(), { cookie: cookies.owner, form });
      expect(res.status, JSON.stringify(form)).toBe(400);
    }
  });

  it("house-scoped staff see only residents of their houses; no Add link for staff", async () => {
    const manager = visibleText(await (await client.request(`${residentsPath()}?status=all`, { cookie: cookies.manager })).text());
    expect(manager).toContain("Sam");
    expect(manager).toContain("Uma Planned");
    expect(manager).not.toContain("Wren Alder");
    const coachHtml = await (await client.request(residentsPath(), { cookie: cookies.coach })).text();
    expect(coachHtml).not.toContain(`${residentsPath()}/new`);
  });

  it("is closed to residents (403), certifiers (403) and outsiders (404)", async () => {
    expect((await client.request(residentsPath(), { cookie: cookies.resident })).status).toBe(403);
    const outsider = await makeUser();
    expect((await client.request(residentsPath(), { cookie: await sessionCookieFor(outsider.id) })).status).toBe(404);
    const certifierOrg = await t.db
      .selectFrom("membership as m")
      .innerJoin("org as o", "o.id", "m.org_id")
      .select("o.slug")
      .where("m.role", "=", "certifier_admin")
      .executeTakeFirstOrThrow();
    expect((await client.request(`/o/${certifierOrg.slug}/residents`, { cookie: cookies.certifier })).status).toBe(403);
  });
});

describe("adding and editing a resident", () => {
  it("the Add form has labelled fields, and a valid submission creates the resident and opens the profile", async () => {
    const page = await client.request(`${residentsPath()}/new`, { cookie: cookies.owner });
    expect(page.status).toBe(200);
    const html = await page.text();
    for (const label of ["Legal name", "Preferred name (optional)", "Pronouns (optional)", "Date of birth (optional)", "Phone (optional)", "Email (optional)", "Contact name", "Contact phone", "Relationship", "Recovery or sobriety date (optional)"]) {
      expect(html, label).toMatch(new RegExp(`<label[^>]*for="[^"]+"[^>]*>${label.replace(/[()]/g, "\\$&")}</label>`));
    }
    expect(html).toContain("<legend");

    const res = await client.request(`${residentsPath()}/new`, { cookie: cookies.owner, form: profileForm() });
    expect(res.status).toBe(302);
    const location = res.headers.get("location")!;
    const id = location.match(/\/residents\/([0-9a-f-]{36})$/)?.[1];
    expect(flashFrom(res)).toBe("hearth_flash=saved");
    expect(id, location).toBeTruthy();
    expect(await residentRow(id!)).toMatchObject({
      legal_name: "Teodora Vance",
      preferred_name: "Teddy",
      pronouns: "she/her",
      date_of_birth: "1992-03-08",
      phone: "267-555-0111",
      email: null,
      emergency_contact_name: "Ivan Vance",
    });
    const profile = await client.request(location, { cookie: followCookie(cookies.owner, res) });
    expect(profile.status).toBe(200);
    const text = visibleText(await profile.text());
    expect(text).toContain("Profile saved.");
    expect(text).toContain("Mar 8, 1992");
    expect(text).toContain("No stays yet");
    // "Admit them to a bed" is a link to the admission form, with this resident chosen.
    const again = await (await client.request(`${residentsPath()}/${id}`, { cookie: cookies.owner })).text();
    expect(again).toMatch(new RegExp(`<a[^>]*href="/o/${slug}/admit\\?residentId=${id}"[^>]*>Admit them to a bed</a>`));
    expect(visibleText(again)).toContain("Admit to a bed");
  });

  it("bad input answers 400 with field messages and writes nothing", async () => {
    const before = await tableCounts();
    const cases: Record<string, string>[] = [
      profileForm({ legalName: "" }),
      profileForm({ legalName: "x".repeat(121) }),
      profileForm({ email: "not-an-email" }),
      profileForm({ phone: "call me" }),
      profileForm({ dateOfBirth: "1990-02-30" }),
      profileForm({ dateOfBirth: addDays(todayIn("America/New_York"), 1) }),
      profileForm({ userId: "00000000-0000-4000-8000-000000000000" }),
      profileForm({ intent: "something-else" }),
      {},
    ];
    for (const form of cases) {
      const res = await client.request(`${residentsPath()}/new`, { cookie: cookies.owner, form });
      expect(res.status, JSON.stringify(form).slice(0, 80)).toBe(400);
    }
    const html = await (await client.request(`${residentsPath()}/new`, { cookie: cookies.owner, form: profileForm({ legalName: "" }) })).text();
    expect(visibleText(html)).toContain("Enter the resident's legal name.");
    expect(await tableCounts()).toEqual(before);
  });

  it("a house manager may add a resident and sees them until they are housed elsewhere; staff may not", async () => {
    const res = await client.request(`${residentsPath()}/new`, { cookie: cookies.manager, form: profileForm({ legalName: "Managers Newcomer" }) });
    expect(res.status).toBe(302);
    const location = res.headers.get("location")!;
    expect(location).toMatch(new RegExp(`^${residentsPath()}/[0-9a-f-]{36}$`));
    const profile = await client.request(location, { cookie: followCookie(cookies.manager, res) });
    expect(profile.status).toBe(200);
    const shown = visibleText(await profile.text());
    expect(shown).toContain("Managers Newcomer");
    expect(shown).toContain("Profile saved.");
    const id = location.split("/").at(-1)!.split("?")[0]!;
    // Once housed in a house the manager does not run, the stay's house decides: gone.
    await withTenant(fx.owner, (tx) => admitResident(tx, { residentId: id, bedId: willow.bedIds[1]!, moveInDate: day(-1), expectedMoveOutDate: null }));
    expect((await client.request(`${residentsPath()}/${id}`, { cookie: cookies.manager })).status).toBe(404);
    const before = await tableCounts();
    expect((await client.request(`${residentsPath()}/new`, { cookie: cookies.coach })).status).toBe(403);
    expect((await client.request(`${residentsPath()}/new`, { cookie: cookies.coach, form: profileForm() })).status).toBe(403);
    expect((await client.request(`${residentsPath()}/new`, { cookie: cookies.resident, form: profileForm() })).status).toBe(403);
    expect(await tableCounts()).toEqual(before);
  });

  it("edits a profile through the form; bad input leaves it untouched", async () => {
    const id = await makeResident(fx.owner, { legalName: "Edit Me", phone: "215-555-0100" });
    await withTenant(fx.owner, (tx) => admitResident(tx, { residentId: id, bedId: harbor.bedIds[2]!, moveInDate: day(-1), expectedMoveOutDate: null }));
    const page = await client.request(`${residentsPath()}/${id}/edit`, { cookie: cookies.manager });
    expect(page.status).toBe(200);
    expect(Number(page.headers.get("x-query-count"))).toBeLessThanOrEqual(8);
    const html = await page.text();
    expect(html).toContain('value="Edit Me"');
    expect(html).toMatch(/<title>Edit resident · Hearth<\/title>/);

    const bad = await client.request(`${residentsPath()}/${id}/edit`, { cookie: cookies.manager, form: profileForm({ legalName: "Changed", email: "nope" }) });
    expect(bad.status).toBe(400);
    expect((await residentRow(id))!.legal_name).toBe("Edit Me");

    const res = await client.request(`${residentsPath()}/${id}/edit`, {
      cookie: cookies.manager,
      form: profileForm({ legalName: "Edith Mead", preferredName: "", pronouns: "she/her", phone: "215-555-0177" }),
    });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`${residentsPath()}/${id}`);
    expect(flashFrom(res)).toBe("hearth_flash=saved");
    expect(await residentRow(id)).toMatchObject({ legal_name: "Edith Mead", preferred_name: null, phone: "215-555-0177" });
    const audit = await t.db.selectFrom("audit_event").select("data").where("action", "=", "resident.updated").where("entity_id", "=", id).execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toMatch(/Edith|Edit Me/);
  });

  it("staff without residents:write cannot edit (403); other houses' residents and garbage ids are 404", async () => {
    expect((await client.request(`${residentsPath()}/${sam.id}/edit`, { cookie: cookies.coach })).status).toBe(403);
    expect((await client.request(`${residentsPath()}/${sam.id}/edit`, { cookie: cookies.coach, form: profileForm() })).status).toBe(403);
    expect((await client.request(`${residentsPath()}/${wren.id}/edit`, { cookie: cookies.manager })).status).toBe(404);
    const res = await client.request(`${residentsPath()}/${wren.id}/edit`, { cookie: cookies.manager, form: profileForm({ legalName: "Hijacked" }) });
    expect(res.status).toBe(404);
    expect((await residentRow(wren.id))!.legal_name).toBe("Wren Alder");
    for (const bad of ["not-a-uuid", "1", "00000000-0000-4000-8000-000000000000", "%27%20or%201%3D1"]) {
      expect((await client.request(`${residentsPath()}/${bad}/edit`, { cookie: cookies.owner })).status, bad).toBe(404);
    }
  });
});

describe("a resident's profile", () => {
  it("shows the profile, current bed and stay history with links to stays, and audits the view (ids only)", async () => {
    const before = await viewedEvents(sam.id);
    const res = await client.request(`${residentsPath()}/${sam.id}`, { cookie: cookies.owner });
    expect(res.status).toBe(200);
    // Within the page budget (query-budget.test.ts skips pages with ids in the URL).
    expect(Number(res.headers.get("x-query-count"))).toBeLessThanOrEqual(8);
    const html = await res.text();
    const text = visibleText(html);
    expect(html).toMatch(/<h1[^>]*>Sam<\/h1>/);
    expect(html.match(/<h1[\s>]/g)).toHaveLength(1);
    expect(html).toMatch(/<title>Resident · Hearth<\/title>/);
    for (const s of ["Samuel Okafor", "he/him", "Jul 14, 1988", "215-555-0147", "Grace Okafor (Sister)", "215-555-0190", "Sep 2, 2025", "Harbor House", "Room 1, bed A", "Living here"]) {
      expect(text, s).toContain(s);
    }
    expect(html).toContain(`href="/o/${slug}/stays/${sam.stayId}"`);
    expect(html).toContain(`href="${residentsPath()}/${sam.id}/edit"`);
    // Transfer and discharge are reachable from the profile, not only through the house link.
    expect(html).toContain(`href="/o/${slug}/stays/${sam.stayId}#transfer-card"`);
    expect(html).toContain(`href="/o/${slug}/stays/${sam.stayId}#discharge-card"`);
    expect(html).toMatch(/<th scope="col"[^>]*>Move-in<\/th>/);

    const after = await viewedEvents(sam.id);
    expect(after).toHaveLength(before.length + 1);
    expect(after.at(-1)).toEqual({ actor_user_id: fx.ownerId, data: { staffNotes: true }, entity_type: "resident" });
    expect(JSON.stringify(after)).not.toMatch(/Sam|Okafor/);
    // Staff, who cannot admit, transfer or discharge, are not offered those links.
    const asCoach = await (await client.request(`${residentsPath()}/${sam.id}`, { cookie: cookies.coach })).text();
    expect(asCoach).not.toContain("#discharge-card");
  });

  it("every staff view is audited, including house-scoped staff; a refused view is not a view", async () => {
    const before = (await viewedEvents(sam.id)).length;
    expect((await client.request(`${residentsPath()}/${sam.id}`, { cookie: cookies.coach })).status).toBe(200);
    expect((await client.request(`${residentsPath()}/${sam.id}`, { cookie: cookies.manager })).status).toBe(200);
    expect((await client.request(`${residentsPath()}/${sam.id}`, { cookie: cookies.resident })).status).toBe(403);
    expect((await client.request(`${residentsPath()}/${wren.id}`, { cookie: cookies.manager })).status).toBe(404);
    expect((await viewedEvents(sam.id)).length).toBe(before + 2);
    expect((await viewedEvents(wren.id)).filter((e) => e.actor_user_id !== fx.ownerId)).toEqual([]);
  });

  it("answers 404 for garbage, unknown and other orgs' ids — never 500", async () => {
    const other = await makeOrg();
    const otherOwner = await makeUser({ orgId: other.id, role: "owner" });
    const foreign = await makeResident({ orgId: other.id, userId: otherOwner.id, role: "owner" }, { legalName: "Other Org Person" });
    for (const id of ["not-a-uuid", "12345", "00000000-0000-4000-8000-000000000000", foreign]) {
      const res = await client.request(`${residentsPath()}/${id}`, { cookie: cookies.owner });
      expect(res.status, id).toBe(404);
      expect(await res.text()).not.toContain("Other Org Person");
    }
    const post = await client.request(`${residentsPath()}/${foreign}`, { cookie: cookies.owner, form: { intent: "add-note", body: "x" } });
    expect(post.status).toBe(404);
  });

  it("staff notes: shown and addable with residents:notes; bad notes are refused", async () => {
    const before = await tableCounts();
    const add = await client.request(`${residentsPath()}/${sam.id}`, { cookie: cookies.coach, form: { intent: "add-note", body: "Asked about evening shifts; follow up Friday." } });
    expect(add.status).toBe(200);
    expect((await tableCounts()).notes).toBe(before.notes + 1);
    const html = await (await client.request(`${residentsPath()}/${sam.id}`, { cookie: cookies.owner })).text();
    expect(html).toMatch(/<h2[^>]*>Staff notes<\/h2>/);
    expect(visibleText(html)).toContain("Asked about evening shifts; follow up Friday.");
    expect(html).toMatch(/<label[^>]*for="[^"]+"[^>]*>New note<\/label>/);

    const mid = await tableCounts();
    const badNotes: Record<string, string>[] = [
      { intent: "add-note", body: "" },
      { intent: "add-note", body: "x".repeat(4001) },
      { intent: "add-note", body: "ok", residentId: wren.id },
      { intent: "nope" },
    ];
    for (const form of badNotes) {
      expect((await client.request(`${residentsPath()}/${sam.id}`, { cookie: cookies.owner, form })).status, JSON.stringify(form).slice(0, 60)).toBe(400);
    }
    // A house manager can't add a note to a resident of another house.
    expect((await client.request(`${residentsPath()}/${wren.id}`, { cookie: cookies.manager, form: { intent: "add-note", body: "Hi" } })).status).toBe(404);
    // A resident can't add (or see) notes at all.
    expect((await client.request(`${residentsPath()}/${sam.id}`, { cookie: cookies.resident, form: { intent: "add-note", body: "Hi" } })).status).toBe(403);
    expect(await tableCounts()).toEqual(mid);
  });
});

describe("inviting a resident to the portal", () => {
  it("is offered only when there is an email and no account, to roles with residents:write", async () => {
    const withEmail = await (await client.request(`${residentsPath()}/${sam.id}`, { cookie: cookies.owner })).text();
    expect(visibleText(withEmail)).toContain("Invite to the resident portal");
    const coach = await (await client.request(`${residentsPath()}/${sam.id}`, { cookie: cookies.coach })).text();
    expect(visibleText(coach)).not.toContain("Invite to the resident portal");
    const noEmail = await (await client.request(`${residentsPath()}/${uma.id}`, { cookie: cookies.owner })).text();
    expect(visibleText(noEmail)).not.toContain("Invite to the resident portal");
    expect(visibleText(noEmail)).toContain("Add an email address to the profile to invite them.");

    const before = await tableCounts();
    const refused = await client.request(`${residentsPath()}/${uma.id}`, { cookie: cookies.owner, form: { intent: "invite" } });
    expect(refused.status).toBe(400);
    expect(visibleText(await refused.text())).toContain("Add an email address to the profile first.");
    expect((await client.request(`${residentsPath()}/${sam.id}`, { cookie: cookies.coach, form: { intent: "invite" } })).status).toBe(403);
    expect((await client.request(`${residentsPath()}/${wren.id}`, { cookie: cookies.manager, form: { intent: "invite" } })).status).toBe(404);
    expect((await client.request(`${residentsPath()}/${sam.id}`, { cookie: cookies.owner, form: { intent: "invite", role: "owner" } })).status).toBe(400);
    expect(await tableCounts()).toEqual(before);
  });

  it("a house manager invites; the email hides the org; accepting links the account and the resident sees their bed", async () => {
    const email = (await residentRow(sam.id))!.email!;
    const res = await client.request(`${residentsPath()}/${sam.id}`, { cookie: cookies.manager, form: { intent: "invite" } });
    expect(res.status).toBe(200);
    expect(visibleText(await res.text())).toContain("Invitation sent.");
    const invite = await t.db.selectFrom("invite").select(["id", "role", "resident_id"]).where("resident_id", "=", sam.id).executeTakeFirstOrThrow();
    expect(invite).toMatchObject({ role: "resident", resident_id: sam.id });
    const sent = await t.db.selectFrom("audit_event").select("data").where("action", "=", "invite.sent").where("entity_id", "=", invite.id).executeTakeFirstOrThrow();
    expect(sent.data).toEqual({ role: "resident", residentId: sam.id });

    const profile = visibleText(await (await client.request(`${residentsPath()}/${sam.id}`, { cookie: cookies.owner })).text());
    expect(profile).toContain("An invitation is waiting to be accepted");
    expect(profile).toContain("Send a new invitation");

    const message = await latestEmailTo(email);
    expect(message.subject).toBe("Your Hearth invitation");
    for (const hint of ["Lantern", "Harbor", "recovery", "Recovery", "sober", "house", "Sam"]) {
      expect(message.subject + message.text, hint).not.toContain(hint);
    }
    const token = tokenIn(message.text, /\/invite\/([a-z2-7]{32})\b/);

    const accepted = await client.request(`/invite/${token}`, { form: { intent: "create-account", name: "Sam Okafor", password: "quiet mornings by the river" } });
    expect(accepted.status).toBe(302);
    const cookie = sessionCookieFrom(accepted)!;
    expect(cookie).toBeTruthy();
    const user = await t.db.selectFrom("app_user").select("id").where(sql`lower(email)`, "=", email.toLowerCase()).executeTakeFirstOrThrow();
    expect((await residentRow(sam.id))!.user_id).toBe(user.id);
    const membership = await t.db.selectFrom("membership").select("role").where("user_id", "=", user.id).executeTakeFirstOrThrow();
    expect(membership.role).toBe("resident");

    const home = await client.request(`/o/${slug}`, { cookie });
    expect(home.status).toBe(302);
    expect(home.headers.get("location")).toBe(`/o/${slug}/me`);
    const me = await client.request(`/o/${slug}/me`, { cookie });
    expect(me.status).toBe(200);
    const text = visibleText(await me.text());
    expect(text).toContain("Where you live");
    expect(text).toContain("Harbor House");
    expect(text).toContain("Room 1, bed A");
    expect(text).toContain(managerName);
    expect(text).not.toContain("Asked about evening shifts");

    // The profile now says the account is linked, with no invite button.
    const after = visibleText(await (await client.request(`${residentsPath()}/${sam.id}`, { cookie: cookies.owner })).text());
    expect(after).toContain("Their account is linked");
    expect(after).not.toContain("Invite to the resident portal");
    // …and the newly linked resident cannot open the staff pages.
    expect((await client.request(`${residentsPath()}/${sam.id}`, { cookie })).status).toBe(403);
    expect((await client.request(residentsPath(), { cookie })).status).toBe(403);
  });

  it("an invitation for a record linked in the meantime cannot be used; nothing is written", async () => {
    const id = await makeResident(fx.owner, { legalName: "Twice Invited", email: uniqueEmail("twice") });
    expect((await client.request(`${residentsPath()}/${id}`, { cookie: cookies.owner, form: { intent: "invite" } })).status).toBe(200);
    const token = tokenIn((await latestEmailTo((await residentRow(id))!.email!)).text, /\/invite\/([a-z2-7]{32})\b/);
    const other = await makeUser({ orgId: fx.orgId, role: "resident" });
    await withTenant(fx.owner, (tx) => linkResidentAccount(tx, { residentId: id, userId: other.id }));
    const before = await tableCounts();
    const res = await client.request(`/invite/${token}`, { form: { intent: "create-account", name: "Someone", password: "quiet mornings by the river" } });
    expect(res.status).toBe(409);
    expect(sessionCookieFrom(res)).toBeNull();
    expect(await tableCounts()).toEqual(before);
    expect((await residentRow(id))!.user_id).toBe(other.id);
  });
});
