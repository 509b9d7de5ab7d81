import { describe, expect, it } from "vitest";
import { withTenant } from "#app/db/tenant.server";
import { admitResident } from "#app/domain/admissions/stays.server";
import { moveCertification } from "#app/domain/certification/certification.server";
import { addStaffNote, createResident } from "#app/domain/residents/residents.server";
import { addDays, todayIn } from "#app/lib/dates";
import { makeOperatorWithSlug, signedInMember } from "#tests/support/admissions";
import { useTestServer } from "#tests/support/app";
import { grantAccess, makeCertifier } from "#tests/support/certification";
import { useTestDatabase } from "#tests/support/db";
import { makeHouse } from "#tests/support/houses";
import { get, post } from "./house-pages";
import { visibleText } from "./helpers";

const t = useTestDatabase();
const server = useTestServer();

const CANARY = `zqx${Date.now().toString(36)}canary`;

/** An operator with two houses (a canary resident and staff note in the first), and a certifying body. */
async function world() {
  const op = await makeOperatorWithSlug();
  const house = await makeHouse(op.owner, { rooms: 1, bedsPerRoom: 2, house: { name: `Maple House ${CANARY.slice(-5)}` } });
  const other = await makeHouse(op.owner, { rooms: 1, bedsPerRoom: 1 });
  const today = todayIn("America/New_York");
  await withTenant(op.owner, async (tx) => {
    const { id: residentId } = await createResident(tx, {
      legalName: `Legal ${CANARY}`,
      preferredName: `Pref ${CANARY}`,
      email: `${CANARY}@example.test`,
      phone: "215-555-0199",
      emergencyContactName: `Contact ${CANARY}`,
    });
    await admitResident(tx, { residentId, bedId: house.bedIds[0]!, moveInDate: addDays(today, -3), expectedMoveOutDate: addDays(today, 30) });
    await addStaffNote(tx, "owner", { residentId, body: `Note ${CANARY}` });
  });
  const body = await makeCertifier();
  const path = (houseId = house.houseId, slug = op.slug) => `/o/${body.slug}/audits/${slug}/houses/${houseId}/certification`;
  return { op, house, other, body, today, path };
}

const events = async (orgId: string) =>
  Number((await t.db.selectFrom("certification_event").select((eb) => eb.fn.countAll().as("n")).where("org_id", "=", orgId).executeTakeFirstOrThrow()).n);

describe("the certifier's certification page", () => {
  it("answers 404 without an active grant: never granted, expired, revoked, another house; review-only reads but its writes are 404", async () => {
    const w = await world();
    const move = { intent: "move", status: "in_review", level: "2" };
    // Never granted.
    expect((await get(server, w.path(), w.body.adminCookie)).status).toBe(404);
    expect((await post(server, w.path(), w.body.adminCookie, move)).status).toBe(404);
    // Expired, then revoked.
    await grantAccess(w.op, w.body.orgId, [w.house.houseId], { startsIn: -60, endsIn: -1 });
    expect((await get(server, w.path(), w.body.adminCookie)).status).toBe(404);
    expect((await post(server, w.path(), w.body.adminCookie, move)).status).toBe(404);
    await grantAccess(w.op, w.body.orgId, [w.house.houseId], { revoked: true });
    expect((await get(server, w.path(), w.body.auditorCookie)).status).toBe(404);
    expect((await post(server, w.path(), w.body.auditorCookie, move)).status).toBe(404);
    // Review only: the page reads, with no form; a write is 404.
    await grantAccess(w.op, w.body.orgId, [w.house.houseId], { scope: "review" });
    const review = await get(server, w.path(), w.body.auditorCookie);
    expect(review.status).toBe(200);
    expect(visibleText(review.html)).toContain("review this house, not decide");
    expect(review.html).not.toContain('name="status"');
    expect((await post(server, w.path(), w.body.auditorCookie, move)).status).toBe(404);
    // A house the grant does not name; an operator that does not exist; garbage ids.
    expect((await get(server, w.path(w.other.houseId), w.body.adminCookie)).status).toBe(404);
    expect((await get(server, w.path(w.house.houseId, "no-such-operator"), w.body.adminCookie)).status).toBe(404);
    expect((await get(server, w.path("not-a-uuid"), w.body.adminCookie)).status).toBe(404);
    expect((await get(server, w.path(w.house.houseId, "Bad Slug!"), w.body.adminCookie)).status).toBe(404);
    // The operator's own people under their org: not a certifier org, 404.
    expect((await get(server, `/o/${w.op.slug}/audits/${w.op.slug}/houses/${w.house.houseId}/certification`, w.op.cookie)).status).toBe(404);
    expect(await events(w.op.orgId)).toBe(0);
  });

  it("moves the certification with the form and reads every field back; bad input is a clear 400 and changes nothing", async () => {
    const w = await world();
    await grantAccess(w.op, w.body.orgId, [w.house.houseId]);
    const start = await post(server, w.path(), w.body.auditorCookie, { intent: "move", status: "in_review", level: "3", note: "Application received." });
    expect(start.status).toBe(200);
    expect(visibleText(start.html)).toContain("The certification is now: in review.");

    const decidedOn = addDays(w.today, -2);
    const expiresOn = addDays(w.today, 700);
    const refusals: [Record<string, string>, string][] = [
      [{ status: "appeal", level: "3" }, "cannot follow"],
      [{ status: "certified", level: "3", decidedOn, expiresOn: decidedOn }, "The expiry must be after the decision date."],
      [{ status: "certified", level: "3", decidedOn: addDays(w.today, 2) }, "A decision date cannot be in the future."],
      [{ status: "interview", level: "9" }, "Choose a level from I to IV."],
      [{ status: "certified", level: "3", decidedOn: "2026-02-30" }, "Use a date like"],
      [{ status: "nonsense", level: "3" }, "Choose the next status."],
    ];
    for (const [form, message] of refusals) {
      const r = await post(server, w.path(), w.body.adminCookie, { intent: "move", ...form });
      expect(r.status, JSON.stringify(form)).toBe(400);
      expect(visibleText(r.html)).toContain(message);
    }
    expect(await events(w.op.orgId)).toBe(1);

    const done = await post(server, w.path(), w.body.adminCookie, { intent: "move", status: "certified", level: "4", decidedOn, expiresOn, note: `Decided ${CANARY}` });
    expect(done.status).toBe(200);
    const row = await t.db.selectFrom("certification").selectAll().where("org_id", "=", w.op.orgId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: "certified", level: 4, decided_on: decidedOn, expires_on: expiresOn, note: `Decided ${CANARY}`, certifier_org_id: w.body.orgId, house_id: w.house.houseId });
    const page = visibleText((await get(server, w.path(), w.body.adminCookie)).html);
    expect(page).toContain("Certified");
    expect(page).toContain("Level IV (service provider)");
    expect(page).toContain(`Decided ${CANARY}`);
    expect(page).toContain("Application received.");
    expect(page).toContain(w.body.adminName);
    // Both orgs' audit logs.
    for (const orgId of [w.op.orgId, w.body.orgId]) {
      const n = await t.db.selectFrom("audit_event").select("action").where("org_id", "=", orgId).where("action", "=", "certification.status_changed").execute();
      expect(n).toHaveLength(2);
    }
  });
});

describe("the house's Standards tab", () => {
  it("shows status, level, expiry, certifying body and history to owners and the house's manager; after a denial an owner requests an appeal, a manager may not", async () => {
    const w = await world();
    await grantAccess(w.op, w.body.orgId, [w.house.houseId]);
    await withTenant(w.body.admin, async (tx) => {
      await moveCertification(tx, w.op.slug, w.house.houseId, { status: "in_review", level: 2, note: "Started." });
      await moveCertification(tx, w.op.slug, w.house.houseId, { status: "denied", level: 2, note: "Bedrooms below 50 square feet per bed." });
    });
    const tab = `/o/${w.op.slug}/houses/${w.house.houseId}/standards`;
    const manager = await signedInMember(w.op, "house_manager", [w.house.houseId]);
    for (const cookie of [w.op.cookie, manager.cookie]) {
      const text = visibleText((await get(server, tab, cookie)).html);
      expect(text).toContain(`Certification by ${w.body.name}`);
      expect(text).toContain("Not certified (denied)");
      expect(text).toContain("Level II (monitored)");
      expect(text).toContain("Bedrooms below 50 square feet per bed.");
      expect(text, text.slice(text.indexOf("History"), text.indexOf("History") + 600)).toContain("In review → Not certified (denied)");
    }
    const certificationId = (await t.db.selectFrom("certification").select("id").where("org_id", "=", w.op.orgId).executeTakeFirstOrThrow()).id;
    expect((await get(server, tab, manager.cookie)).html).not.toContain("Request an appeal");
    expect((await post(server, tab, manager.cookie, { intent: "appeal", certificationId, note: "x" })).status).toBe(403);
    expect((await post(server, tab, w.op.cookie, { intent: "appeal", certificationId: "nope", note: "x" })).status).toBe(400);
    expect((await post(server, tab, w.op.cookie, { intent: "appeal", certificationId, note: "y".repeat(1001) })).status).toBe(400);
    expect(await events(w.op.orgId)).toBe(2);

    const appeal = await post(server, tab, w.op.cookie, { intent: "appeal", certificationId, note: "The rooms were re-measured." });
    expect(appeal.status).toBe(200);
    expect(visibleText(appeal.html)).toContain("Appeal requested.");
    const row = await t.db.selectFrom("certification").select(["status", "note"]).where("id", "=", certificationId).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: "appeal", note: "The rooms were re-measured." });
    const text = visibleText((await get(server, tab, w.op.cookie)).html);
    expect(text).toContain("Not certified (denied) → Appeal requested");
    expect(text).toContain("The rooms were re-measured.");
    // A second appeal is refused with words (not a denial any more), nothing changes.
    const again = await post(server, tab, w.op.cookie, { intent: "appeal", certificationId, note: "again" });
    expect(again.status).toBe(409);
    expect(await events(w.op.orgId)).toBe(3);
  });
});

describe("the public verification page", () => {
  it("shows a certified house's public facts with cacheable headers, never resident data or notes; a printable certificate; expired and revoked show as such; unknown links 404", async () => {
    const w = await world();
    await grantAccess(w.op, w.body.orgId, [w.house.houseId, w.other.houseId]);
    const decidedOn = addDays(w.today, -10);
    const expiresOn = addDays(w.today, 355);
    await withTenant(w.body.admin, async (tx) => {
      await moveCertification(tx, w.op.slug, w.house.houseId, { status: "in_review", level: 3, note: `Note ${CANARY}` });
      await moveCertification(tx, w.op.slug, w.house.houseId, { status: "certified", level: 3, decidedOn, expiresOn, note: `Decision ${CANARY}` });
      await moveCertification(tx, w.op.slug, w.other.houseId, { status: "in_review", level: 2 });
    });
    const tokenOf = async (houseId: string) =>
      (await t.db.selectFrom("certification").select("public_token").where("house_id", "=", houseId).executeTakeFirstOrThrow()).public_token;
    const token = await tokenOf(w.house.houseId);

    const res = await server.request(`/verify/${token}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("public, max-age=300");
    const html = await res.text();
    const text = visibleText(html);
    expect(text).toContain(`Maple House ${CANARY.slice(-5)}`);
    expect(text).toContain(w.op.name);
    expect(text).toContain(w.body.name);
    expect(text).toContain("Level III (supervised)");
    expect(text).toContain("Certified");
    expect(html).toContain(`dateTime="${decidedOn}"`);
    expect(html).toContain(`dateTime="${expiresOn}"`);
    expect(html.toLowerCase()).not.toContain(CANARY);

    const cert = await server.request(`/verify/${token}/certificate`);
    expect(cert.status).toBe(200);
    expect(cert.headers.get("cache-control")).toBe("public, max-age=300");
    const certHtml = await cert.text();
    expect(visibleText(certHtml)).toContain("Certificate of certification");
    expect(certHtml).not.toContain('data-testid="certificate-warning"');
    expect(certHtml.toLowerCase()).not.toContain(CANARY);

    // Never certified, unknown and malformed links: 404 with nothing in them.
    for (const path of [`/verify/${await tokenOf(w.other.houseId)}`, `/verify/${"0".repeat(32)}`, "/verify/not-a-token", `/verify/${"0".repeat(32)}/certificate`]) {
      const r = await server.request(path);
      expect(r.status, path).toBe(404);
      expect(await r.text()).not.toContain(w.op.name);
    }

    // Revoked: shown as revoked, not hidden; the certificate says it is no longer valid.
    await withTenant(w.body.admin, (tx) => moveCertification(tx, w.op.slug, w.house.houseId, { status: "revoked", level: 3 }));
    expect(visibleText(await (await server.request(`/verify/${token}`)).text())).toContain("revoked this certification");
    const revoked = await (await server.request(`/verify/${token}/certificate`)).text();
    expect(visibleText(revoked)).toContain("Revoked: this certificate is no longer valid");
  });

  it("shows an expired certification as expired", async () => {
    const w = await world();
    await grantAccess(w.op, w.body.orgId, [w.house.houseId]);
    await withTenant(w.body.admin, async (tx) => {
      await moveCertification(tx, w.op.slug, w.house.houseId, { status: "in_review", level: 2 });
      await moveCertification(tx, w.op.slug, w.house.houseId, { status: "certified", level: 2, decidedOn: addDays(w.today, -400), expiresOn: addDays(w.today, -2) });
    });
    const token = (await t.db.selectFrom("certification").select("public_token").where("house_id", "=", w.house.houseId).executeTakeFirstOrThrow()).public_token;
    // Before maintenance has run, the page already says expired.
    const text = visibleText(await (await server.request(`/verify/${token}`)).text());
    expect(text).toContain("Expired");
    expect(text).toContain("It is no longer valid.");
  });
});
