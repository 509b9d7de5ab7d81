import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { withTenant } from "#app/db/tenant.server";
import { admitResident } from "#app/domain/admissions/stays.server";
import { addStaffNote, linkResidentAccount } from "#app/domain/residents/residents.server";
import { addDays, todayIn } from "#app/lib/dates";
import { useTestServer } from "#tests/support/app";
import { useTestDatabase } from "#tests/support/db";
import { makeOrg, makeUser, sessionCookieFor } from "#tests/support/factories";
import { makeHouse, makeMember, makeResident, type OrgFixture } from "#tests/support/houses";
import { visibleText } from "./helpers";

/**
 * The resident portal (/o/:org/me and /o/:org/me/details) over HTTP: a resident sees
 * where they live and who manages their house, edits only their contact details, and
 * never reaches staff pages, staff notes or other residents.
 */
const t = useTestDatabase();
const client = useTestServer();

const today = todayIn("America/New_York");
const day = (n: number) => addDays(today, n);

let fx: OrgFixture;
let slug: string;
let cookies: Record<"kai" | "unlinked" | "owner" | "coach", string>;
let kaiId: string;
let neighbourId: string;
let managerName: string;
let managerEmail: string;
let otherManagerName: string;
const NOTE = "Staff-only: discussed a concern about curfew.";

beforeAll(async () => {
  const org = await makeOrg({ name: "Cedar Lane Homes" });
  slug = org.slug;
  const owner = await makeUser({ orgId: org.id, role: "owner", name: "Odile Owner" });
  fx = { orgId: org.id, ownerId: owner.id, owner: { orgId: org.id, userId: owner.id, role: "owner" } };
  const cedar = await makeHouse(fx.owner, {
    rooms: 2,
    bedsPerRoom: 2,
    house: { name: "Cedar House", addressLine1: "12 Cedar Lane", city: "Philadelphia", region: "PA", postalCode: "19104", phone: "215-555-0160" },
  });
  const birch = await makeHouse(fx.owner, { house: { name: "Birch House" } });
  const elm = await makeHouse(fx.owner, { house: { name: "Elm House" } });
  const manager = await makeMember(fx, "house_manager", [cedar.houseId]);
  const birchManager = await makeMember(fx, "house_manager", [birch.houseId]);
  const elmManager = await makeMember(fx, "house_manager", [elm.houseId]);
  const coach = await makeMember(fx, "staff", [cedar.houseId]);
  const users = await t.db.selectFrom("app_user").select(["id", "name", "email"]).where("id", "in", [manager.userId, birchManager.userId, elmManager.userId]).execute();
  const byId = new Map(users.map((u) => [u.id, u]));
  managerName = byId.get(manager.userId)!.name;
  managerEmail = byId.get(manager.userId)!.email;
  await t.db.updateTable("app_user").set({ phone: "(215) 555-0143" }).where("id", "=", manager.userId).execute();
  otherManagerName = byId.get(elmManager.userId)!.name;

  kaiId = await makeResident(fx.owner, {
    legalName: "Kainoa Reyes",
    preferredName: "Kai",
    pronouns: "they/them",
    phone: "215-555-0133",
    emergencyContactName: "Lani Reyes",
    emergencyContactPhone: "215-555-0134",
    emergencyContactRelationship: "Aunt",
  });
  neighbourId = await makeResident(fx.owner, { legalName: "Neighbour Person" });
  await withTenant(fx.owner, async (tx) => {
    await admitResident(tx, { residentId: kaiId, bedId: cedar.bedIds[1]!, moveInDate: day(-40), expectedMoveOutDate: day(14) });
    await admitResident(tx, { residentId: kaiId, bedId: birch.bedIds[0]!, moveInDate: day(14), expectedMoveOutDate: null });
    await admitResident(tx, { residentId: neighbourId, bedId: cedar.bedIds[0]!, moveInDate: day(-10), expectedMoveOutDate: null });
    await addStaffNote(tx, "owner", { residentId: kaiId, body: NOTE });
  });
  const kai = await makeUser({ orgId: org.id, role: "resident", name: "Kainoa Reyes" });
  await withTenant(fx.owner, (tx) => linkResidentAccount(tx, { residentId: kaiId, userId: kai.id }));
  const unlinked = await makeUser({ orgId: org.id, role: "resident", name: "Una Linked" });
  cookies = {
    kai: await sessionCookieFor(kai.id),
    unlinked: await sessionCookieFor(unlinked.id),
    owner: await sessionCookieFor(owner.id),
    coach: await sessionCookieFor(coach.userId),
  };
});

const me = () => `/o/${slug}/me`;
const details = () => `/o/${slug}/me/details`;

async function kaiRow() {
  return t.db
    .selectFrom("resident")
    .select([
      "legal_name",
      "preferred_name",
      "pronouns",
      "phone",
      "email",
      "emergency_contact_name",
      "emergency_contact_phone",
      "emergency_contact_relationship",
      "user_id",
      "date_of_birth",
    ])
    .where("id", "=", kaiId)
    .executeTakeFirstOrThrow();
}

const contactForm = (overrides: Record<string, string> = {}) => ({
  intent: "save-contact",
  phone: "215-555-0199",
  email: "kai.new@example.test",
  emergencyContactName: "Lani Reyes",
  emergencyContactPhone: "215-555-0134",
  emergencyContactRelationship: "Aunt",
  ...overrides,
});

describe("My home", () => {
  it("shows where the resident lives: house, address, bed, move-in, house phone and manager — and the planned move", async () => {
    const res = await client.request(me(), { cookie: cookies.kai });
    expect(res.status).toBe(200);
    expect(Number(res.headers.get("x-query-count"))).toBeLessThanOrEqual(8);
    const html = await res.text();
    const text = visibleText(html);
    expect(html).toMatch(/<h1[^>]*>My home<\/h1>/);
    expect(html.match(/<h1[\s>]/g)).toHaveLength(1);
    expect(text).toContain("Welcome, Kai.");
    for (const s of ["Where you live", "Cedar House", "12 Cedar Lane", "Philadelphia, PA 19104", "Room 1, bed B", "215-555-0160", managerName, managerEmail]) {
      expect(text, s).toContain(s);
    }
    expect(html).toContain(`href="mailto:${managerEmail}"`);
    // The manager's work phone, tap to call; the house phone too.
    expect(html).toContain('href="tel:2155550143">(215) 555-0143</a>');
    expect(html).toContain('href="tel:2155550160">215-555-0160</a>');
    expect(text).toContain("Your planned move");
    expect(text).toContain("Birch House");
    // The honest empty states stay.
    for (const s of ["This week", "Dues and payments", "House rules", "My recovery plan"]) expect(text).toContain(s);
    expect(html).toContain(`href="${details()}"`);
  });

  it("never shows staff notes, other residents, other houses' managers or staff", async () => {
    for (const path of [me(), details()]) {
      const html = await (await client.request(path, { cookie: cookies.kai })).text();
      expect(html).not.toContain(NOTE);
      expect(html).not.toContain("Neighbour Person");
      expect(html).not.toContain(otherManagerName);
      expect(html).not.toContain("Elm House");
      expect(html).not.toContain("Odile Owner");
    }
  });

  it("a resident whose account isn't linked yet gets a friendly message, not an error", async () => {
    const res = await client.request(me(), { cookie: cookies.unlinked });
    expect(res.status).toBe(200);
    const text = visibleText(await res.text());
    expect(text).toContain("Your house hasn't linked your account yet");
    expect(text).not.toContain("Where you live");
    const d = await client.request(details(), { cookie: cookies.unlinked });
    expect(d.status).toBe(200);
    expect(visibleText(await d.text())).toContain("Your house hasn't linked your account yet");
    const post = await client.request(details(), { cookie: cookies.unlinked, form: contactForm() });
    expect(post.status).toBe(404);
  });

  it("is the residents' page only: staff get 403, outsiders 404", async () => {
    expect((await client.request(me(), { cookie: cookies.owner })).status).toBe(403);
    expect((await client.request(me(), { cookie: cookies.coach })).status).toBe(403);
    expect((await client.request(details(), { cookie: cookies.coach, form: contactForm() })).status).toBe(403);
    const outsider = await makeUser();
    expect((await client.request(me(), { cookie: await sessionCookieFor(outsider.id) })).status).toBe(404);
  });
});

describe("My details", () => {
  it("shows the contact form with labelled fields, and the name and pronouns read-only", async () => {
    const res = await client.request(details(), { cookie: cookies.kai });
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const label of ["Phone", "Email", "Contact name", "Contact phone", "Relationship"]) {
      expect(html, label).toMatch(new RegExp(`<label[^>]*for="[^"]+"[^>]*>${label}</label>`));
    }
    expect(html).not.toMatch(/name="(legalName|preferredName|pronouns|dateOfBirth)"/);
    const text = visibleText(html);
    expect(text).toContain("Kainoa Reyes");
    expect(text).toContain("they/them");
    expect(text).toContain("ask your house manager");
    expect(html).toMatch(/<title>My details · Hearth<\/title>/);
  });

  it("saves the resident's own phone, email and emergency contact, audited without names", async () => {
    const res = await client.request(details(), {
      cookie: cookies.kai,
      form: contactForm({ emergencyContactName: "Mele Reyes", emergencyContactRelationship: "Cousin" }),
    });
    expect(res.status).toBe(200);
    expect(visibleText(await res.text())).toContain("Your details are saved.");
    expect(await kaiRow()).toMatchObject({
      phone: "215-555-0199",
      email: "kai.new@example.test",
      emergency_contact_name: "Mele Reyes",
      emergency_contact_relationship: "Cousin",
      legal_name: "Kainoa Reyes",
      preferred_name: "Kai",
    });
    const audit = await t.db.selectFrom("audit_event").select("data").where("action", "=", "resident.contact_updated").where("entity_id", "=", kaiId).execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toMatch(/Kai|Reyes|Mele/);
  });

  it("refuses any other field, and bad values, with 400 — nothing changes", async () => {
    const before = await kaiRow();
    const cases: Record<string, string>[] = [
      contactForm({ legalName: "Someone Else" }),
      contactForm({ preferredName: "K" }),
      contactForm({ pronouns: "he/him" }),
      contactForm({ dateOfBirth: "1990-01-01" }),
      contactForm({ userId: "00000000-0000-4000-8000-000000000000" }),
      contactForm({ residentId: neighbourId }),
      contactForm({ phone: "not a phone" }),
      contactForm({ email: "nope" }),
      contactForm({ emergencyContactName: "x".repeat(121) }),
      contactForm({ intent: "save-resident" }),
      {},
    ];
    for (const form of cases) {
      const res = await client.request(details(), { cookie: cookies.kai, form });
      expect(res.status, JSON.stringify(form).slice(0, 90)).toBe(400);
    }
    expect(await kaiRow()).toEqual(before);
    const neighbour = await t.db.selectFrom("resident").select(["phone", "email"]).where("id", "=", neighbourId).executeTakeFirstOrThrow();
    expect(neighbour).toEqual({ phone: "215-555-0100", email: null });
  });

  it("a submission that arrives with only its intent (a form whose fields lost their owner) wipes nothing", async () => {
    const before = await kaiRow();
    expect(before.phone).not.toBeNull();
    const res = await client.request(details(), { cookie: cookies.kai, form: { intent: "save-contact" } });
    expect(res.status).toBe(400);
    const text = visibleText(await res.text());
    expect(text).toContain("nothing was changed");
    expect(text).not.toContain("Your details are saved.");
    expect(await kaiRow()).toEqual(before);
  });

  it("clearing optional fields stores nothing rather than empty strings", async () => {
    const res = await client.request(details(), { cookie: cookies.kai, form: contactForm({ email: "", emergencyContactRelationship: "" }) });
    expect(res.status).toBe(200);
    expect(await kaiRow()).toMatchObject({ email: null, emergency_contact_relationship: null, phone: "215-555-0199" });
  });
});

describe("what a resident cannot reach", () => {
  it("the staff resident pages answer 403, for their own id, another resident's, and garbage", async () => {
    const paths = [
      `/o/${slug}/residents`,
      `/o/${slug}/residents?status=all`,
      `/o/${slug}/residents/new`,
      `/o/${slug}/residents/${kaiId}`,
      `/o/${slug}/residents/${neighbourId}`,
      `/o/${slug}/residents/${kaiId}/edit`,
      `/o/${slug}/residents/${neighbourId}/edit`,
      `/o/${slug}/residents/not-a-uuid`,
    ];
    for (const path of paths) {
      const res = await client.request(path, { cookie: cookies.kai });
      expect([403, 404], path).toContain(res.status);
      const body = await res.text();
      expect(body, path).not.toContain("Neighbour Person");
      expect(body, path).not.toContain(NOTE);
    }
    const before = await sql<{ n: number }>`select count(*)::int as n from resident_note`.execute(t.db);
    for (const form of [{ intent: "add-note", body: "hello" }, { intent: "invite" }] as Record<string, string>[]) {
      expect((await client.request(`/o/${slug}/residents/${kaiId}`, { cookie: cookies.kai, form })).status).toBe(403);
    }
    expect((await client.request(`/o/${slug}/residents/${neighbourId}/edit`, { cookie: cookies.kai, form: { intent: "save-resident", legalName: "X" } })).status).toBe(403);
    expect((await sql<{ n: number }>`select count(*)::int as n from resident_note`.execute(t.db)).rows[0]!.n).toBe(before.rows[0]!.n);
    expect((await t.db.selectFrom("resident").select("legal_name").where("id", "=", neighbourId).executeTakeFirstOrThrow()).legal_name).toBe("Neighbour Person");
  });
});
