import { beforeAll, describe, expect, it } from "vitest";
import { withTenant } from "#app/db/tenant.server";
import { admitResident } from "#app/domain/admissions/stays.server";
import { linkResidentAccount } from "#app/domain/residents/residents.server";
import { addDays, todayIn } from "#app/lib/dates";
import { useTestServer } from "#tests/support/app";
import { useTestDatabase } from "#tests/support/db";
import { makeOrg, makeUser, sessionCookieFor } from "#tests/support/factories";
import { makeHouse, makeResident } from "#tests/support/houses";
import { visibleText } from "./helpers";

/** Issue 7, item 15: the small things people notice in their first week. */
const t = useTestDatabase();
const server = useTestServer();

describe("small things from the first week (issue 7, item 15)", () => {
  let operator: Awaited<ReturnType<typeof makeOrg>>;
  let owner: Awaited<ReturnType<typeof makeUser>>;
  beforeAll(async () => {
    operator = await makeOrg({ name: "Juniper Homes" });
    owner = await makeUser({ orgId: operator.id, role: "owner" });
  });

  it("'Switch organisation' shows only to people in more than one organisation", async () => {
    const single = visibleText(await (await server.request(`/o/${operator.slug}`, { cookie: await sessionCookieFor(owner.id) })).text());
    expect(single).not.toContain("Switch organisation");
    const second = await makeOrg({ name: "Second Homes" });
    const both = await makeUser({ orgId: operator.id, role: "admin" });
    await t.db.insertInto("membership").values({ org_id: second.id, user_id: both.id, role: "admin" }).execute();
    const many = visibleText(await (await server.request(`/o/${operator.slug}`, { cookie: await sessionCookieFor(both.id) })).text());
    expect(many).toContain("Switch organisation");
  });

  it("an auditor sees the team but is offered nothing to manage", async () => {
    const certifier = await makeOrg({ kind: "certifier" });
    const auditor = await makeUser({ orgId: certifier.id, role: "auditor" });
    const html = await (await server.request(`/o/${certifier.slug}/members`, { cookie: await sessionCookieFor(auditor.id) })).text();
    const text = visibleText(html);
    expect(text).toContain("Team");
    expect(text).not.toMatch(/manage|Invite someone|Change role|Remove/i);
    expect(html).not.toContain('name="intent" value="invite"');
  });

  it("a certifier's settings say nothing about houses or currency; an operator's do ask the currency", async () => {
    const certifier = await makeOrg({ kind: "certifier" });
    const lead = await makeUser({ orgId: certifier.id, role: "certifier_admin" });
    const text = visibleText(await (await server.request(`/o/${certifier.slug}/settings`, { cookie: await sessionCookieFor(lead.id) })).text());
    expect(text).toContain("Time zone");
    expect(text).not.toMatch(/currency|\bhouses?\b/i);
    const own = visibleText(await (await server.request(`/o/${operator.slug}/settings`, { cookie: await sessionCookieFor(owner.id) })).text());
    expect(own).toMatch(/currency/i);
  });

  it("a resident of a peer-run house is not told that no house manager is listed", async () => {
    const ctx = { orgId: operator.id, userId: owner.id, role: "owner" as const };
    const house = await makeHouse(ctx, { house: { name: "Peer House", narrLevel: 1 } });
    const residentId = await makeResident(ctx, { legalName: "Pat Peer" });
    const today = todayIn("America/New_York");
    await withTenant(ctx, (tx) => admitResident(tx, { residentId, bedId: house.bedIds[0]!, moveInDate: addDays(today, -5), expectedMoveOutDate: null }));
    const user = await makeUser({ orgId: operator.id, role: "resident" });
    await withTenant(ctx, (tx) => linkResidentAccount(tx, { residentId, userId: user.id }));
    const text = visibleText(await (await server.request(`/o/${operator.slug}/me`, { cookie: await sessionCookieFor(user.id) })).text());
    expect(text).toContain("Peer House");
    expect(text).not.toContain("No house manager is listed yet");
    expect(text).toContain("This is a peer-run house");
  });
});
