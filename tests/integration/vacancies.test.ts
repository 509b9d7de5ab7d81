import { describe, expect, it } from "vitest";
import { withTenant } from "#app/db/tenant.server";
import { setBedStatus } from "#app/domain/houses/layout.server";
import { addStaffNote, createResident } from "#app/domain/residents/residents.server";
import { admitResident } from "#app/domain/admissions/stays.server";
import type { hsdsFeed } from "#app/domain/vacancies/hsds.server";
import { saveHouseListing } from "#app/domain/vacancies/listing.server";
import { addDays, todayIn } from "#app/lib/dates";
import { useTestServer } from "#tests/support/app";
import { validateHsdsServicePage } from "#tests/support/hsds-schema";
import { useTestDatabase } from "#tests/support/db";
import { makeOperatorWithSlug, signedInMember } from "#tests/support/admissions";
import { makeHouse, makeStay } from "#tests/support/houses";
import { auditActions } from "./helpers";

const t = useTestDatabase();
const server = useTestServer();

type Feed = ReturnType<typeof hsdsFeed>;
/** The feed, validated against the published HSDS 3.1 JSON Schema (tests/fixtures/hsds). */
function hsdsPage(json: unknown): Feed {
  expect(validateHsdsServicePage(json).errors).toEqual([]);
  return json as Feed;
}

const CANARY = `zqx${Date.now().toString(36)}canary`;

/** An operator with a published house (4 beds: one occupied by a canary resident, one out of service) and an unpublished one. */
async function world() {
  const op = await makeOperatorWithSlug();
  const published = await makeHouse(op.owner, { rooms: 2, bedsPerRoom: 2, house: { name: `Open House ${CANARY.slice(-6)}`, narrLevel: 3, populations: ["women", "veterans"] } });
  const hidden = await makeHouse(op.owner, { rooms: 1, bedsPerRoom: 1, house: { name: "Quiet Unlisted House" } });
  const today = todayIn("America/New_York");
  await withTenant(op.owner, async (tx) => {
    // Every resident, stay and note field that holds text carries the canary.
    const { id: residentId } = await createResident(tx, {
      legalName: `Legal ${CANARY}`,
      preferredName: `Pref ${CANARY}`,
      pronouns: `pro-${CANARY}`,
      email: `${CANARY}@example.test`,
      phone: "215-555-0199",
      emergencyContactName: `Contact ${CANARY}`,
      emergencyContactRelationship: `rel ${CANARY}`,
    });
    await admitResident(tx, { residentId, bedId: published.bedIds[0]!, moveInDate: addDays(today, -3), expectedMoveOutDate: addDays(today, 30) });
    await addStaffNote(tx, "owner", { residentId, body: `Note ${CANARY}` });
    await setBedStatus(tx, { bedId: published.bedIds[1]!, status: "out_of_service", reason: `Repair ${CANARY}` });
    await saveHouseListing(tx, published.houseId, {
      published: true,
      description: "Near the bus line.",
      weeklyFee: "175",
      contactPhone: "215-555-0100",
      contactEmail: "beds@example.test",
      feesDescription: "First week free for veterans.",
      showStreetAddress: false,
    });
    await saveHouseListing(tx, hidden.houseId, { published: false, description: "Not public." });
  });
  // A past resident of the published house too (stays ended), also the canary's name.
  await makeStay(op.owner, published.bedIds[2]!, addDays(today, -90), addDays(today, -30));
  return { op, published, hidden, today };
}

describe("public bed vacancies", () => {
  it("show published houses with beds free today, and nothing about residents", async () => {
    const { op, published } = await world();
    const other = await world();

    const page = await server.request(`/vacancies/${op.slug}`);
    expect(page.status).toBe(200);
    expect(page.headers.get("cache-control")).toContain("public");
    const html = await page.text();
    expect(html).toContain(`Open House ${CANARY.slice(-6)}`);
    expect(html).toContain("2 beds open today");
    expect(html).toContain("of 3 beds");
    expect(html).toContain(`/apply/${op.slug}`);
    expect(html).not.toContain("Quiet Unlisted House");
    expect(html).not.toContain(other.published.houseId);
    expect(html.toLowerCase()).not.toContain(CANARY);

    const feed = await server.request(`/vacancies/${op.slug}.json`);
    expect(feed.status).toBe(200);
    expect(feed.headers.get("content-type")).toContain("application/json");
    const etag = feed.headers.get("etag");
    expect(etag).toMatch(/^".+"$/);
    const body = await feed.text();
    expect(body.toLowerCase()).not.toContain(CANARY);
    const parsed = hsdsPage(JSON.parse(body));
    expect(parsed.contents.map((s) => s.id)).toEqual([published.houseId]);
    const service = parsed.contents[0]!;
    expect(service.capacities[0]).toMatchObject({ available: 2, maximum: 3, unit: { name: "bed" } });
    expect(service.application_process).toContain(`/apply/${op.slug}`);
    expect(service.cost_options[0]).toMatchObject({ amount: 175, currency: "USD" });
    expect(service.attributes.map((a) => a.taxonomy_term.code)).toContain("recovery_residence");
    expect(service.fees_description).toBe("First week free for veterans.");
    // The house's NARR level and the populations it serves (as eligibility), from the house record.
    const terms = service.attributes.map((a) => `${a.taxonomy_term.taxonomy}:${a.taxonomy_term.code}`);
    expect(terms).toEqual(["hearth-service-type:recovery_residence", "narr-level:level_3", "hearth-population:women", "hearth-population:veterans"]);
    expect(service.eligibility_description).toBe("Serves: Women, Veterans.");
    // The street stays private unless the operator shows it (HSDS requires the field: empty).
    expect(service.service_at_locations[0]!.location.addresses[0]!.address_1).toBe("");
    expect(body).not.toContain(other.published.houseId);

    const again = await server.request(`/vacancies/${op.slug}.json`, { headers: { "if-none-match": etag! } });
    expect(again.status).toBe(304);
  });

  it("answer 404 for an unknown slug and list nothing for an org without published houses", async () => {
    expect((await server.request("/vacancies/no-such-operator-here")).status).toBe(404);
    expect((await server.request("/vacancies/no-such-operator-here.json")).status).toBe(404);
    const op = await makeOperatorWithSlug();
    await makeHouse(op.owner);
    const feed = hsdsPage(await (await server.request(`/vacancies/${op.slug}.json`)).json());
    expect(feed.contents).toEqual([]);
    expect(await (await server.request(`/vacancies/${op.slug}`)).text()).toContain("No houses are listed right now");
  });

  it("the listing form saves every field and reads it back; bad input changes nothing", async () => {
    const op = await makeOperatorWithSlug();
    const { houseId } = await makeHouse(op.owner);
    const url = `/o/${op.slug}/houses/${houseId}/listing`;
    const form = {
      intent: "save-listing",
      published: "on",
      description: "Two blocks from the clinic.",
      feesDescription: "Sliding scale available.",
      weeklyFee: "180.50",
      contactPhone: "215-555-0123",
      contactEmail: "Intake@Example.test",
      showStreetAddress: "on",
    };
    const saved = await server.request(url, { form, cookie: op.cookie });
    expect(saved.status).toBe(200);
    const html = await (await server.request(url, { cookie: op.cookie })).text();
    expect(html).toContain("This house is published.");
    expect(html).toContain("Two blocks from the clinic.");
    expect(html).toContain('value="Sliding scale available."');
    expect(html).toContain('value="180.50"');
    expect(html).toContain('value="215-555-0123"');
    expect(html).toContain('value="intake@example.test"');
    expect(html).toMatch(/name="published"[^>]*checked|checked[^>]*name="published"/);
    expect(html).toMatch(/name="showStreetAddress"[^>]*checked|checked[^>]*name="showStreetAddress"/);
    expect((await auditActions(t.db, { orgId: op.orgId, entityId: houseId })).map((a) => a.action)).toContain("house.listing_saved");

    const bad = await server.request(url, { form: { ...form, weeklyFee: "-5", contactEmail: "not-an-email" }, cookie: op.cookie });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain("Enter an email address.");
    const after = await (await server.request(url, { cookie: op.cookie })).text();
    expect(after).toContain('value="180.50"');

    // Unpublish: the house leaves the feed.
    await server.request(url, { form: { intent: "save-listing" }, cookie: op.cookie });
    const feed = hsdsPage(await (await server.request(`/vacancies/${op.slug}.json`)).json());
    expect(feed.contents).toEqual([]);
  });

  it("only owners and admins publish", async () => {
    const op = await makeOperatorWithSlug();
    const { houseId } = await makeHouse(op.owner);
    const manager = await signedInMember(op, "house_manager", [houseId]);
    const res = await server.request(`/o/${op.slug}/houses/${houseId}/listing`, { form: { intent: "save-listing", published: "on" }, cookie: manager.cookie });
    expect(res.status).toBe(403);
    const admin = await signedInMember(op, "admin");
    expect((await server.request(`/o/${op.slug}/houses/${houseId}/listing`, { cookie: admin.cookie })).status).toBe(200);
  });
});
