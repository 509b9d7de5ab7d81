import { sql } from "kysely";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { withTenant } from "#app/db/tenant.server";
import { createApplication } from "#app/domain/admissions/applications.server";
import { addScreeningNote } from "#app/domain/admissions/intake.server";
import { PAGE_SIZE } from "#app/lib/pagination";
import { useTestServer } from "#tests/support/app";
import { useTestDatabase } from "#tests/support/db";
import { makeOrg } from "#tests/support/factories";
import { makeHouse } from "#tests/support/houses";
import {
  admissionCounts,
  applicationInput,
  makeApplication,
  makeOperatorWithSlug,
  optionValues,
  signedInMember,
  titleOf,
  type Operator,
} from "#tests/support/admissions";
import { visibleText } from "./helpers";

const t = useTestDatabase();
const server = useTestServer();

let op: Operator;
let houseId: string;
let staffCookie: string;
let managerCookie: string;
let residentCookie: string;

beforeAll(async () => {
  op = await makeOperatorWithSlug("Harbor Light Homes");
  ({ houseId } = await makeHouse(op.owner, { house: { name: "Juniper House" } }));
  staffCookie = (await signedInMember(op, "staff", [houseId])).cookie;
  managerCookie = (await signedInMember(op, "house_manager", [houseId])).cookie;
  residentCookie = (await signedInMember(op, "resident")).cookie;
});

/** A complete public application; override fields as needed. */
function publicForm(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    applicantName: "Morgan Applewood",
    phone: "215-555-0142",
    email: "morgan.applewood@example.test",
    referralSource: "treatment_program",
    referralDetail: "Northside Treatment Center",
    desiredMoveIn: "2031-05-01",
    needs: "Looking for a quiet house near the bus line.",
    consentToContact: "on",
    website: "",
    ...overrides,
  };
}

async function applicationsNamed(name: string) {
  return t.db.selectFrom("application").selectAll().where("applicant_name", "=", name).execute();
}

describe("public application form /apply/:slug", () => {
  beforeEach(async () => {
    // Every request comes from 127.0.0.1: start each test with a fresh per-IP allowance.
    await sql`delete from rate_limit where key like 'apply:%'`.execute(t.db);
  });

  it("welcomes the applicant with the org's name and an accessible form, without sign-in", async () => {
    const res = await server.request(`/apply/${op.slug}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/<h1[^>]*>Apply to Harbor Light Homes<\/h1>/);
    for (const label of ["Your name", "Phone number", "Email address", "When would you like to move in? (optional)"]) {
      expect(html).toMatch(new RegExp(`<label[^>]*for="[^"]+"[^>]*>${label.replace(/[?()]/g, "\\$&")}</label>`));
    }
    expect(html).toMatch(/<fieldset[^>]*>\s*<legend[^>]*>How did you hear about us\?<\/legend>/);
    expect(html).toContain("I agree that Harbor Light Homes may contact me");
    // The honeypot: hidden from people and assistive technology, out of the tab order, no autofill.
    const honeypot = html.match(/<div aria-hidden="true" class="([^"]*)"><label[^>]*>[^<]*<\/label><input ([^>]*)\/?>/);
    expect(honeypot, "honeypot wrapper").toBeTruthy();
    expect(honeypot![1]).toContain("-left-[10000px]");
    expect(honeypot![2]).toContain('name="website"');
    expect(honeypot![2]).toContain('tabindex="-1"');
    expect(honeypot![2]).toMatch(/autocomplete="off"/i); // React renders the attribute as autoComplete
  });

  it("never shows anything about other applicants", async () => {
    await makeApplication(op.owner, { applicantName: "Quincy Otherapplicant", email: "quincy@example.test" });
    const html = await (await server.request(`/apply/${op.slug}`)).text();
    expect(html).not.toContain("Quincy");
    expect(html).not.toContain("quincy@example.test");
  });

  it("stores an application and thanks the applicant without revealing an id", async () => {
    const before = await admissionCounts(t.db, op.orgId);
    const res = await server.request(`/apply/${op.slug}`, { form: publicForm({ houseId }) });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(visibleText(html)).toContain("Thank you — we've received your application");
    const [row, ...more] = await applicationsNamed("Morgan Applewood");
    expect(more).toEqual([]);
    expect(row).toMatchObject({
      org_id: op.orgId,
      status: "new",
      submitted_via: "public",
      phone: "215-555-0142",
      email: "morgan.applewood@example.test",
      referral_source: "treatment_program",
      referral_detail: "Northside Treatment Center",
      desired_move_in: "2031-05-01",
      needs: "Looking for a quiet house near the bus line.",
      consent_to_contact: true,
      house_id: houseId,
    });
    expect(html).not.toContain(row!.id);
    expect(titleOf(html)).not.toContain("Morgan");
    const after = await admissionCounts(t.db, op.orgId);
    expect(after.applications).toBe(before.applications + 1);
    // Audited without the applicant's name.
    const audit = await t.db.selectFrom("audit_event").select(["action", "data", "actor_user_id"]).where("entity_id", "=", row!.id).execute();
    expect(audit).toEqual([{ action: "application.submitted", data: expect.anything(), actor_user_id: null }]);
    expect(JSON.stringify(audit[0]!.data)).not.toContain("Morgan");
  });

  it("accepts a filled honeypot with the same thank-you and stores nothing", async () => {
    const before = await admissionCounts(t.db, op.orgId);
    const res = await server.request(`/apply/${op.slug}`, { form: publicForm({ applicantName: "Botty McSpam", website: "http://spam.example" }) });
    expect(res.status).toBe(200);
    expect(visibleText(await res.text())).toContain("Thank you — we've received your application");
    expect(await applicationsNamed("Botty McSpam")).toEqual([]);
    expect(await admissionCounts(t.db, op.orgId)).toEqual(before);
  });

  it.each([
    ["without consent", { consentToContact: "" }, "Tick this box so we can get in touch with you."],
    ["without a name", { applicantName: "" }, "Enter your name."],
    ["without any contact", { phone: "", email: "" }, "Give a phone number or an email address."],
    ["with an invalid email", { email: "not-an-email" }, "Enter an email address."],
    ["with an unknown referral source", { referralSource: "police" }, "Choose how you heard about us."],
    ["with an impossible date", { desiredMoveIn: "2031-02-30" }, "Use a date like 2026-03-01."],
    ["with a move-in date in the past", { desiredMoveIn: "2020-01-15" }, "Choose today or a later date."],
    ["with an overlong name", { applicantName: "x".repeat(121) }, "Use at most 120 characters."],
    ["with a field the form does not have", { status: "accepted" }, "Unrecognized key"],
    ["with a NUL byte in the name", { applicantName: "Morgan\u0000Applewood" }, "Remove the invisible control characters from this text."],
    ["with control characters in the notes", { needs: "quiet\u0000house\u001b[31m" }, "Remove the invisible control characters from this text."],
  ])("answers 400 %s and stores nothing", async (_, overrides, message) => {
    const before = await admissionCounts(t.db, op.orgId);
    const form = publicForm({ applicantName: "Invalid Ivy", ...overrides });
    for (const [k, v] of Object.entries(form)) if (v === "") delete form[k];
    const res = await server.request(`/apply/${op.slug}`, { form });
    expect(res.status).toBe(400);
    expect(visibleText(await res.text())).toContain(message);
    expect(await admissionCounts(t.db, op.orgId)).toEqual(before);
  });

  it("limits applications per network: 429 once the hourly allowance is used, nothing stored", async () => {
    // Honeypot submissions count too (and store nothing), so the allowance is used up cheaply.
    for (let i = 0; i < 10; i++) {
      const res = await server.request(`/apply/${op.slug}`, { form: publicForm({ website: "x" }) });
      expect(res.status).toBe(200);
    }
    const before = await admissionCounts(t.db, op.orgId);
    const res = await server.request(`/apply/${op.slug}`, { form: publicForm({ applicantName: "Rata Limitson" }) });
    expect(res.status).toBe(429);
    expect(visibleText(await res.text())).toContain("Please try again in");
    expect(await applicationsNamed("Rata Limitson")).toEqual([]);
    expect(await admissionCounts(t.db, op.orgId)).toEqual(before);
  });

  it("answers 404 for an unknown org, a certifier and a malformed slug", async () => {
    const certifier = await makeOrg({ kind: "certifier" });
    for (const slug of ["no-such-org-anywhere", certifier.slug, "Bad%20Slug", "x".repeat(60)]) {
      expect((await server.request(`/apply/${slug}`)).status, slug).toBe(404);
      expect((await server.request(`/apply/${slug}`, { form: publicForm() })).status, slug).toBe(404);
    }
    expect(await applicationsNamed("Morgan Applewood")).toHaveLength(1); // only the one stored above
  });
});

describe("applications list /o/:org/applications", () => {
  let ids: { screening: string; waitOld: string; waitNew: string; declined: string; otherHouse: string };
  let otherHouseId: string;

  beforeAll(async () => {
    ({ houseId: otherHouseId } = await makeHouse(op.owner, { house: { name: "Sycamore House" } }));
    const waitOld = await makeApplication(op.owner, { applicantName: "Wren Earlybird" }, ["screening", "waitlisted"]);
    await withTenant(op.owner, (tx) => addScreeningNote(tx, { applicationId: waitOld, body: "Works nights; call after 4 pm." }));
    // Applied later, listed later on the waitlist.
    await sql`update application set created_at = now() - interval '3 days' where id = ${waitOld}`.execute(t.db);
    ids = {
      waitOld,
      waitNew: await makeApplication(op.owner, { applicantName: "Wade Latecomer" }, ["screening", "waitlisted"]),
      screening: await makeApplication(op.owner, { applicantName: "Sasha Screened", houseId }, ["screening"]),
      declined: await makeApplication(op.owner, { applicantName: "Dell Declined" }, ["declined"]),
      otherHouse: await makeApplication(op.owner, { applicantName: "Orla Otherhouse", houseId: otherHouseId }, ["screening"]),
    };
  });

  it("lists applications with status, house preference and an add link for those who can write", async () => {
    const res = await server.request(`/o/${op.slug}/applications`, { cookie: op.cookie });
    expect(res.status).toBe(200);
    const html = await res.text();
    const text = visibleText(html);
    for (const name of ["Wren Earlybird", "Wade Latecomer", "Sasha Screened", "Dell Declined", "Orla Otherhouse"]) expect(text).toContain(name);
    expect(html).toMatch(/<caption[^>]*>Applications, newest first<\/caption>/);
    expect(html).toMatch(/<th scope="col"[^>]*>Applicant<\/th>/);
    expect(html).toContain(`href="/o/${op.slug}/applications/${ids.screening}"`);
    expect(text).toContain("Add an application");
    expect(titleOf(html)).toBe("Applications · Hearth");
  });

  it("filters by status and by house (with applications open to any house)", async () => {
    const byStatus = visibleText(await (await server.request(`/o/${op.slug}/applications?status=declined`, { cookie: op.cookie })).text());
    expect(byStatus).toContain("Dell Declined");
    expect(byStatus).not.toContain("Sasha Screened");
    expect(byStatus).not.toContain("Wren Earlybird");

    const byHouse = visibleText(await (await server.request(`/o/${op.slug}/applications?house=${houseId}`, { cookie: op.cookie })).text());
    expect(byHouse).toContain("Sasha Screened");
    expect(byHouse).toContain("Dell Declined"); // any house
    expect(byHouse).not.toContain("Orla Otherhouse");
  });

  it("shows the waitlist oldest first, with screening notes and places", async () => {
    const res = await server.request(`/o/${op.slug}/applications?view=waitlist`, { cookie: op.cookie });
    expect(res.status).toBe(200);
    const html = await res.text();
    const text = visibleText(html);
    expect(html).toMatch(/<h1[^>]*>Waitlist<\/h1>/);
    expect(text).not.toContain("Sasha Screened");
    const early = text.indexOf("Wren Earlybird");
    const late = text.indexOf("Wade Latecomer");
    expect(early).toBeGreaterThan(-1);
    expect(late).toBeGreaterThan(early);
    expect(text).toContain("Works nights; call after 4 pm.");
    expect(text).toMatch(/1 Wren Earlybird/);
    expect(text).toMatch(/2 Wade Latecomer/);
  });

  it("pages through many applications with a keyset cursor, no row twice or missing", async () => {
    const big = await makeOperatorWithSlug();
    const total = PAGE_SIZE + 7;
    await withTenant(big.owner, async (tx) => {
      for (let i = 0; i < total; i++) await createApplication(tx, applicationInput({ applicantName: `Paged Person ${String(i).padStart(3, "0")}` }));
    });
    const seen: string[] = [];
    let url: string | null = `/o/${big.slug}/applications`;
    let pages = 0;
    while (url && pages < 5) {
      const html: string = await (await server.request(url, { cookie: big.cookie })).text();
      seen.push(...[...visibleText(html).matchAll(/Paged Person (\d{3})/g)].map((m) => m[1]!));
      const next: RegExpMatchArray | null = html.match(/<a[^>]*href="([^"]*cursor=[^"]*)"[^>]*>Older applications<\/a>/);
      url = next ? next[1]!.replace(/&amp;/g, "&") : null;
      pages++;
    }
    expect(pages).toBe(2);
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
  });

  it("lets staff read but not add; refuses residents; rejects bad filters", async () => {
    const staff = await server.request(`/o/${op.slug}/applications`, { cookie: staffCookie });
    expect(staff.status).toBe(200);
    const text = visibleText(await staff.text());
    expect(text).toContain("Sasha Screened"); // their house
    expect(text).not.toContain("Orla Otherhouse"); // another house: row-level security
    expect(text).not.toContain("Add an application");
    expect((await server.request(`/o/${op.slug}/applications`, { cookie: residentCookie })).status).toBe(403);
    expect((await server.request(`/o/${op.slug}/applications?status=bogus`, { cookie: op.cookie })).status).toBe(400);
    expect((await server.request(`/o/${op.slug}/applications?cursor=%7B%7D`, { cookie: op.cookie })).status).toBe(400);
  });
});

describe("adding an application /o/:org/applications/new", () => {
  it("creates a staff-entered application and opens it", async () => {
    const page = await server.request(`/o/${op.slug}/applications/new`, { cookie: op.cookie });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(optionValues(html, "houseId")).toContain(houseId);
    const res = await server.request(`/o/${op.slug}/applications/new`, {
      cookie: op.cookie,
      form: { applicantName: "Frankie Phonecall", email: "frankie@example.test", referralSource: "court", houseId, consentToContact: "on" },
    });
    expect(res.status).toBe(302);
    const [row] = await applicationsNamed("Frankie Phonecall");
    expect(row).toMatchObject({ submitted_via: "staff", status: "new", referral_source: "court", house_id: houseId });
    expect(res.headers.get("location")).toBe(`/o/${op.slug}/applications/${row!.id}`);
  });

  it("answers 400 without contact details or consent, and writes nothing", async () => {
    const before = await admissionCounts(t.db, op.orgId);
    const forms: Record<string, string>[] = [
      { applicantName: "Nora Nocontact", referralSource: "self", consentToContact: "on" },
      { applicantName: "Nora Nocontact", phone: "215-555-0100", referralSource: "self" },
    ];
    for (const form of forms) {
      const res = await server.request(`/o/${op.slug}/applications/new`, { cookie: op.cookie, form });
      expect(res.status).toBe(400);
    }
    expect(await admissionCounts(t.db, op.orgId)).toEqual(before);
  });

  it("is refused (403) to staff without applications:write", async () => {
    expect((await server.request(`/o/${op.slug}/applications/new`, { cookie: staffCookie })).status).toBe(403);
    const res = await server.request(`/o/${op.slug}/applications/new`, {
      cookie: staffCookie,
      form: { applicantName: "Stan Staffentry", phone: "215-555-0100", referralSource: "self", consentToContact: "on" },
    });
    expect(res.status).toBe(403);
    expect(await applicationsNamed("Stan Staffentry")).toEqual([]);
  });
});

describe("an application /o/:org/applications/:applicationId", () => {
  const path = (id: string) => `/o/${op.slug}/applications/${id}`;
  const statusOf = async (id: string) => (await t.db.selectFrom("application").select(["status", "decline_reason"]).where("id", "=", id).executeTakeFirstOrThrow());
  const post = (id: string, form: Record<string, string>, cookie = op.cookie) => server.request(path(id), { cookie, form });

  it("shows the applicant's details, without their name in the title, and audits the read", async () => {
    const id = await makeApplication(op.owner, { applicantName: "Theo Detailed", email: "theo@example.test", needs: "Ground-floor room" });
    const res = await server.request(path(id), { cookie: op.cookie });
    expect(res.status).toBe(200);
    const html = await res.text();
    const text = visibleText(html);
    expect(text).toContain("Application from Theo Detailed");
    expect(text).toContain("theo@example.test");
    // Tap to call, tap to write.
    expect(html).toContain('href="mailto:theo@example.test"');
    expect(html).toContain('href="tel:2155550199">215-555-0199</a>');
    expect(text).toContain("Ground-floor room");
    expect(text).toContain("Start screening");
    expect(titleOf(html)).toBe("Application · Hearth");
    const audits = await t.db.selectFrom("audit_event").select("action").where("entity_id", "=", id).where("action", "=", "application.viewed").execute();
    expect(audits).toHaveLength(1);
  });

  it("moves through screening to accepted with buttons valid for each status", async () => {
    const id = await makeApplication(op.owner);
    expect(visibleText(await (await server.request(path(id), { cookie: op.cookie })).text())).not.toContain("Accept ");
    expect((await post(id, { intent: "status", applicationId: id, status: "screening" })).status).toBe(200);
    expect((await statusOf(id)).status).toBe("screening");
    const text = visibleText(await (await server.request(path(id), { cookie: op.cookie })).text());
    for (const label of ["Accept", "Add to the waitlist", "Decline application"]) expect(text).toContain(label);
    expect(text).not.toContain("Start screening");
    expect((await post(id, { intent: "status", applicationId: id, status: "accepted" })).status).toBe(200);
    expect((await statusOf(id)).status).toBe("accepted");
  });

  it("refuses a transition the workflow does not allow (409) and changes nothing", async () => {
    const id = await makeApplication(op.owner);
    const res = await post(id, { intent: "status", applicationId: id, status: "accepted" });
    expect(res.status).toBe(409);
    expect(visibleText(await res.text())).toContain("can't be marked accepted");
    expect((await statusOf(id)).status).toBe("new");
    // "admitted" is reached only by admitting.
    const screened = await makeApplication(op.owner, {}, ["screening", "accepted"]);
    expect((await post(screened, { intent: "status", applicationId: screened, status: "admitted" })).status).toBe(400);
    expect((await statusOf(screened)).status).toBe("accepted");
  });

  it("needs a reason to decline, then records it; a declined application can be reopened", async () => {
    const id = await makeApplication(op.owner, {}, ["screening"]);
    const refused = await post(id, { intent: "status", applicationId: id, status: "declined" });
    expect(refused.status).toBe(400);
    expect(visibleText(await refused.text())).toContain("Give a reason for declining.");
    expect((await statusOf(id)).status).toBe("screening");

    const ok = await post(id, { intent: "status", applicationId: id, status: "declined", declineReason: "Needs a higher level of care right now." });
    expect(ok.status).toBe(200);
    expect(await statusOf(id)).toEqual({ status: "declined", decline_reason: "Needs a higher level of care right now." });
    const text = visibleText(await (await server.request(path(id), { cookie: op.cookie })).text());
    expect(text).toContain("Needs a higher level of care right now.");
    expect(text).toContain("Reopen for screening");

    expect((await post(id, { intent: "status", applicationId: id, status: "screening" })).status).toBe(200);
    expect(await statusOf(id)).toEqual({ status: "screening", decline_reason: null });
  });

  it("adds to the screening log", async () => {
    const id = await makeApplication(op.owner);
    const res = await post(id, { intent: "screening-note", applicationId: id, body: "Spoke by phone; wants a women's house." });
    expect(res.status).toBe(200);
    expect(visibleText(await res.text())).toContain("Added to the screening log.");
    const rows = await t.db.selectFrom("screening_note").select("body").where("application_id", "=", id).execute();
    expect(rows).toEqual([{ body: "Spoke by phone; wants a women's house." }]);
    expect((await post(id, { intent: "screening-note", applicationId: id, body: "x".repeat(4001) })).status).toBe(400);
    // The old one-box form is gone: nothing overwrites the log.
    expect((await post(id, { intent: "notes", applicationId: id, notes: "replaced" })).status).toBe(400);
  });

  it("uses the id in the URL, not one smuggled into the form", async () => {
    const target = await makeApplication(op.owner);
    const other = await makeApplication(op.owner);
    expect((await post(target, { intent: "status", applicationId: other, status: "screening" })).status).toBe(200);
    expect((await statusOf(target)).status).toBe("screening");
    expect((await statusOf(other)).status).toBe("new");
  });

  it("lets staff read but not change (403), and house managers change", async () => {
    const id = await makeApplication(op.owner, { houseId }, []);
    const page = await server.request(path(id), { cookie: staffCookie });
    expect(page.status).toBe(200);
    expect(visibleText(await page.text())).not.toContain("Start screening");
    expect((await post(id, { intent: "status", applicationId: id, status: "screening" }, staffCookie)).status).toBe(403);
    expect((await post(id, { intent: "notes", applicationId: id, notes: "hi" }, staffCookie)).status).toBe(403);
    expect((await statusOf(id)).status).toBe("new");
    expect((await post(id, { intent: "status", applicationId: id, status: "screening" }, managerCookie)).status).toBe(200);
    expect((await statusOf(id)).status).toBe("screening");
  });

  it("answers 404 to garbage ids, unknown ids and another org's applications", async () => {
    const other = await makeOperatorWithSlug();
    const foreign = await makeApplication(other.owner, { applicantName: "Fiona Foreign" });
    for (const id of ["not-a-uuid", "00000000-0000-4000-8000-000000000000", foreign, "'; drop table application; --"]) {
      const res = await server.request(path(encodeURIComponent(id)), { cookie: op.cookie });
      expect(res.status, id).toBe(404);
      expect(await res.text()).not.toContain("Fiona");
      expect((await post(encodeURIComponent(id), { intent: "status", applicationId: foreign, status: "screening" })).status, id).toBe(404);
    }
    expect((await statusOf(foreign)).status).toBe("new");
  });

  it("answers 400 to an unknown intent", async () => {
    const id = await makeApplication(op.owner);
    expect((await post(id, { intent: "launch" })).status).toBe(400);
  });
});
