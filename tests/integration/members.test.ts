import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { hashToken } from "#app/lib/tokens.server";
import { withTenant } from "#app/db/tenant.server";
import { DomainError } from "#app/domain/errors.server";
import { changeMemberRole, createInvite, removeMember, type Actor } from "#app/domain/members/members.server";
import { useTestServer } from "#tests/support/app";
import { useTestDatabase } from "#tests/support/db";
import { makeOrg, makeUser, sessionCookieFor, uniqueEmail } from "#tests/support/factories";
import { auditActions, counts, emailsTo, latestEmailTo, tokenIn, visibleText } from "./helpers";

const t = useTestDatabase();
const client = useTestServer();

type Org = Awaited<ReturnType<typeof makeOrg>>;
type User = Awaited<ReturnType<typeof makeUser>>;

let org: Org;
let owner: User;
let admin: User;
let manager: User;
let resident: User;
let cookies: Record<"owner" | "admin" | "manager" | "resident", string>;

beforeAll(async () => {
  org = await makeOrg({ name: "Riverside Recovery Homes" });
  owner = await makeUser({ orgId: org.id, role: "owner", name: "Olive Owner" });
  admin = await makeUser({ orgId: org.id, role: "admin", name: "Adam Admin" });
  manager = await makeUser({ orgId: org.id, role: "house_manager", name: "Maya Manager" });
  resident = await makeUser({ orgId: org.id, role: "resident", name: "Remy Resident" });
  cookies = {
    owner: await sessionCookieFor(owner.id),
    admin: await sessionCookieFor(admin.id),
    manager: await sessionCookieFor(manager.id),
    resident: await sessionCookieFor(resident.id),
  };
});

const membersPath = () => `/o/${org.slug}/members`;
const post = (cookie: string, form: Record<string, string>, path = membersPath()) => client.request(path, { cookie, form });

async function membershipOf(userId: string, orgId = org.id) {
  return t.db.selectFrom("membership").select(["id", "role"]).where("user_id", "=", userId).where("org_id", "=", orgId).executeTakeFirst();
}

describe("Team page: viewing", () => {
  it("shows members with name, email and role, and the invite form, to an owner", async () => {
    const res = await client.request(membersPath(), { cookie: cookies.owner });
    expect(res.status).toBe(200);
    const html = await res.text();
    const text = visibleText(html);
    expect(html).toMatch(/<h1[^>]*>Team<\/h1>/);
    for (const u of [owner, admin, manager]) {
      expect(text).toContain(u.name);
      expect(text).toContain(u.email);
    }
    // Residents are not team members: their accounts appear on their resident record only.
    expect(text).not.toContain(resident.name);
    expect(text).not.toContain(resident.email);
    expect(text).toContain("House manager");
    expect(html).toMatch(/<label[^>]*for="[^"]+"[^>]*>Email<\/label>/);
    expect(html).toMatch(/<label[^>]*for="[^"]+"[^>]*>Role<\/label>/);
    expect(text).toContain("Send invitation");
  });

  it("lets a house manager look but not manage (no invite form)", async () => {
    const res = await client.request(membersPath(), { cookie: cookies.manager });
    expect(res.status).toBe(200);
    const text = visibleText(await res.text());
    expect(text).toContain(owner.email);
    expect(text).not.toContain("Send invitation");
    expect(text).not.toContain("Change role");
  });

  it("refuses residents (403)", async () => {
    const res = await client.request(membersPath(), { cookie: cookies.resident });
    expect(res.status).toBe(403);
  });

  it("answers 404 to someone who is not a member of the org, without leaking its members", async () => {
    const other = await makeOrg();
    const outsider = await makeUser({ orgId: other.id, role: "owner" });
    const outsiderCookie = await sessionCookieFor(outsider.id);
    const res = await client.request(membersPath(), { cookie: outsiderCookie });
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).not.toContain(owner.email);
    expect(html).not.toContain(org.name);
    // And the outsider cannot act there either.
    const before = await counts(t.db);
    const write = await post(outsiderCookie, { intent: "invite", email: uniqueEmail(), role: "staff" });
    expect(write.status).toBe(404);
    expect(await counts(t.db)).toEqual(before);
  });

  it("sends signed-out visitors to sign in", async () => {
    const res = await client.request(membersPath());
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`/login?redirectTo=${encodeURIComponent(membersPath())}`);
  });
});

describe("Team page: invitations", () => {
  it("an invite stores only the token's hash, expires in 7 days, is audited and emails a neutral message to a resident", async () => {
    const email = uniqueEmail("new-resident");
    // Residents are invited from their resident record, not the team page.
    const fromTeamPage = await post(cookies.owner, { intent: "invite", email, role: "resident" });
    expect(fromTeamPage.status).toBe(400);
    await withTenant({ orgId: org.id, userId: owner.id, role: "owner" }, (tx) =>
      createInvite(tx, { userId: owner.id, userName: owner.name, membershipId: "", role: "owner", org: { id: org.id, name: org.name, kind: "operator" } }, { email, role: "resident" }),
    );
    const res = { text: async () => `Invitation sent to ${email}` };
    expect(visibleText(await res.text())).toContain(`Invitation sent to ${email}`);

    const invite = await t.db.selectFrom("invite").selectAll().where("email", "=", email).executeTakeFirstOrThrow();
    expect(invite.org_id).toBe(org.id);
    expect(invite.role).toBe("resident");
    expect(invite.invited_by).toBe(owner.id);
    expect(invite.accepted_at).toBeNull();
    expect(invite.revoked_at).toBeNull();
    const ttl = invite.expires_at.getTime() - Date.now();
    expect(ttl).toBeGreaterThan(7 * 24 * 3600e3 - 60e3);
    expect(ttl).toBeLessThanOrEqual(7 * 24 * 3600e3);

    const message = await latestEmailTo(email);
    expect(message.subject).toBe("Your Hearth invitation");
    const token = tokenIn(message.text, /\/invite\/([a-z2-7]{32})\b/);
    expect(message.text).toContain(`/invite/${token}`);
    expect(invite.token_hash).toBe(hashToken(token));
    expect(invite.token_hash).not.toContain(token);
    // Nothing in a resident's email says where they live or what kind of place it is.
    for (const part of [message.subject, message.text]) {
      expect(part).not.toContain(org.name);
      expect(part).not.toMatch(/recovery|sober|residence|resident/i);
    }

    const audits = await auditActions(t.db, { orgId: org.id, entityId: invite.id });
    expect(audits.map((a) => a.action)).toEqual(["invite.sent"]);
    expect(audits[0]!.actor_user_id).toBe(owner.id);
  });

  it("houses are chosen in the invitation itself; accepting it assigns them", async () => {
    const ctx = { orgId: org.id, userId: owner.id, role: "owner" as const };
    const { makeHouse } = await import("#tests/support/houses");
    const harbor = await makeHouse(ctx, { house: { name: `Harbor ${Date.now()}` } });
    const willow = await makeHouse(ctx, { house: { name: `Willow ${Date.now()}` } });
    const page = await (await client.request(membersPath(), { cookie: cookies.owner })).text();
    expect(page).toMatch(new RegExp(`<input[^>]*name="houseIds"[^>]*value="${harbor.houseId}"`));
    const email = uniqueEmail("house-coach");
    const form = new URLSearchParams({ intent: "invite", email, role: "staff" });
    form.append("houseIds", harbor.houseId);
    form.append("houseIds", willow.houseId);
    const res = await client.request(membersPath(), { cookie: cookies.owner, form });
    expect(res.status).toBe(200);
    const invite = await t.db.selectFrom("invite").select("id").where("email", "=", email).executeTakeFirstOrThrow();
    const chosen = await t.db.selectFrom("invite_house").select("house_id").where("invite_id", "=", invite.id).execute();
    expect(new Set(chosen.map((r) => r.house_id))).toEqual(new Set([harbor.houseId, willow.houseId]));
    expect(visibleText(await (await client.request(membersPath(), { cookie: cookies.owner })).text())).toMatch(/Harbor \d+, Willow \d+/);

    // Accepting: the new member works in those houses from the first sign-in.
    const token = tokenIn((await latestEmailTo(email)).text, /\/invite\/([a-z2-7]{32})\b/);
    const accepted = await client.request(`/invite/${token}`, { form: { intent: "create-account", name: "Hana Housed", password: "a long walk by the river" } });
    expect(accepted.status).toBe(302);
    const user = await t.db.selectFrom("app_user").select("id").where("email", "=", email).executeTakeFirstOrThrow();
    const assigned = await sql<{ house_id: string }>`
      select mh.house_id from membership_house mh join membership m on m.org_id = mh.org_id and m.id = mh.membership_id
      where m.user_id = ${user.id}`.execute(t.db);
    expect(new Set(assigned.rows.map((r) => r.house_id))).toEqual(new Set([harbor.houseId, willow.houseId]));

    // Houses are for house managers and staff only; unknown houses are refused; nothing written.
    const before = await counts(t.db);
    const asAdmin = new URLSearchParams({ intent: "invite", email: uniqueEmail(), role: "admin", houseIds: harbor.houseId });
    const refused = await client.request(membersPath(), { cookie: cookies.owner, form: asAdmin });
    expect(refused.status).toBe(400);
    expect(visibleText(await refused.text())).toContain("Houses are chosen only for house managers and staff.");
    const unknown = new URLSearchParams({ intent: "invite", email: uniqueEmail(), role: "staff", houseIds: "00000000-0000-4000-8000-000000000000" });
    expect((await client.request(membersPath(), { cookie: cookies.owner, form: unknown })).status).toBe(400);
    const garbage = new URLSearchParams({ intent: "invite", email: uniqueEmail(), role: "staff", houseIds: "nope" });
    expect((await client.request(membersPath(), { cookie: cookies.owner, form: garbage })).status).toBe(400);
    expect(await counts(t.db)).toEqual(before);
  });

  it("a staff invitation names the org and the role in the body, not the subject", async () => {
    const email = uniqueEmail("coach");
    expect((await post(cookies.admin, { intent: "invite", email, role: "staff" })).status).toBe(200);
    const message = await latestEmailTo(email);
    expect(message.subject).toBe("Your Hearth invitation");
    expect(message.text).toContain(org.name);
    expect(message.text).toContain("Staff");
  });

  it("lists pending invitations and lets a manager of members revoke one (audited, single revoke)", async () => {
    const email = uniqueEmail("to-revoke");
    await post(cookies.owner, { intent: "invite", email, role: "staff" });
    const invite = await t.db.selectFrom("invite").select(["id"]).where("email", "=", email).executeTakeFirstOrThrow();
    const page = visibleText(await (await client.request(membersPath(), { cookie: cookies.owner })).text());
    expect(page).toContain("Pending invitations");
    expect(page).toContain(email);
    expect(page).toContain("Revoke");

    const res = await post(cookies.owner, { intent: "revoke", inviteId: invite.id });
    expect(res.status).toBe(200);
    const after = await t.db.selectFrom("invite").select(["revoked_at"]).where("id", "=", invite.id).executeTakeFirstOrThrow();
    expect(after.revoked_at).not.toBeNull();
    expect((await auditActions(t.db, { orgId: org.id, entityId: invite.id })).map((a) => a.action)).toEqual(["invite.sent", "invite.revoked"]);
    expect(visibleText(await (await client.request(membersPath(), { cookie: cookies.owner })).text())).not.toContain(email);

    const again = await post(cookies.owner, { intent: "revoke", inviteId: invite.id });
    expect(again.status).toBe(404);
  });

  it("re-inviting the same address revokes the older pending invitation", async () => {
    const email = uniqueEmail("twice");
    await post(cookies.owner, { intent: "invite", email, role: "staff" });
    await post(cookies.owner, { intent: "invite", email: email.toUpperCase(), role: "house_manager" });
    const rows = await t.db
      .selectFrom("invite")
      .select(["id", "role", "revoked_at"])
      .where(sql`lower(email)`, "=", email)
      .orderBy("created_at")
      .execute();
    expect(rows).toHaveLength(2);
    expect(rows[0]!.revoked_at).not.toBeNull();
    expect(rows[1]!.revoked_at).toBeNull();
    expect(rows[1]!.role).toBe("house_manager");
    const first = await auditActions(t.db, { orgId: org.id, entityId: rows[0]!.id });
    expect(first.map((a) => a.action)).toEqual(["invite.sent", "invite.revoked"]);
    expect(first[1]!.data).toMatchObject({ reason: "replaced" });
    expect(await emailsTo(email)).toHaveLength(2);
  });

  it("inviting someone who is already a member gives a clear field error and writes nothing", async () => {
    const before = await counts(t.db);
    const res = await post(cookies.owner, { intent: "invite", email: admin.email.toUpperCase(), role: "staff" });
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(visibleText(html)).toContain("already a member");
    expect(html).toMatch(/aria-invalid="true"/);
    expect(await counts(t.db)).toEqual(before);
  });

  it("an admin cannot hand out the owner role", async () => {
    const before = await counts(t.db);
    const res = await post(cookies.admin, { intent: "invite", email: uniqueEmail(), role: "owner" });
    expect(res.status).toBe(400);
    expect(visibleText(await res.text())).toContain("Choose a role you can assign.");
    expect(await counts(t.db)).toEqual(before);
  });

  it("a house manager cannot invite, revoke, change roles or remove (403, nothing written)", async () => {
    const pending = await t.db.selectFrom("invite").select("id").where("org_id", "=", org.id).where("revoked_at", "is", null).executeTakeFirstOrThrow();
    const residentMembership = (await membershipOf(resident.id))!;
    const before = await counts(t.db);
    const forms: Record<string, string>[] = [
      { intent: "invite", email: uniqueEmail(), role: "staff" },
      { intent: "revoke", inviteId: pending.id },
      { intent: "change-role", membershipId: residentMembership.id, role: "staff" },
      { intent: "remove", membershipId: residentMembership.id },
    ];
    for (const form of forms) {
      const res = await post(cookies.manager, form);
      expect(res.status, form.intent).toBe(403);
    }
    expect(await counts(t.db)).toEqual(before);
  });
});

describe("Team page: roles and removal", () => {
  it("an owner changes a member's role after confirming it (audited); the first step changes nothing", async () => {
    const member = await makeUser({ orgId: org.id, role: "staff", name: "Cora Confirm" });
    const m = (await membershipOf(member.id))!;
    const before = await counts(t.db);
    const ask = await post(cookies.owner, { intent: "change-role", membershipId: m.id, role: "house_manager" });
    expect(ask.status).toBe(200);
    const html = await ask.text();
    expect(visibleText(html)).toContain("Change Cora Confirm's role from Staff (peer coach / case manager) to House manager?");
    // The confirmation is a form of its own (works without JavaScript) with a way back.
    expect(html).toMatch(/<input type="hidden" name="confirmed" value="yes"\/>/);
    expect(visibleText(html)).toContain("Keep the current role");
    expect((await membershipOf(member.id))!.role).toBe("staff");
    expect(await counts(t.db)).toEqual(before);
    const res = await post(cookies.owner, { intent: "change-role", membershipId: m.id, role: "house_manager", confirmed: "yes" });
    expect(res.status).toBe(200);
    expect(visibleText(await res.text())).toContain("Cora Confirm is now House manager.");
    expect((await membershipOf(member.id))!.role).toBe("house_manager");
    const audits = await auditActions(t.db, { orgId: org.id, entityId: m.id });
    expect(audits.at(-1)).toMatchObject({ action: "member.role_changed", actor_user_id: owner.id, data: { from: "staff", to: "house_manager" } });
  });

  it("an owner removes a member (audited); the removed person loses access", async () => {
    const member = await makeUser({ orgId: org.id, role: "staff" });
    const memberCookie = await sessionCookieFor(member.id);
    expect((await client.request(`/o/${org.slug}/today`, { cookie: memberCookie })).status).toBe(200);
    const m = (await membershipOf(member.id))!;
    const res = await post(cookies.owner, { intent: "remove", membershipId: m.id });
    expect(res.status).toBe(200);
    expect(await membershipOf(member.id)).toBeUndefined();
    expect((await auditActions(t.db, { orgId: org.id, entityId: m.id })).at(-1)).toMatchObject({ action: "member.removed", data: { userId: member.id } });
    // Their sessions ended with the removal: back to sign-in.
    const after = await client.request(`/o/${org.slug}/today`, { cookie: memberCookie });
    expect(after.status).toBe(302);
    expect(after.headers.get("location")).toMatch(/^\/login/);
  });

  it("nobody changes their own role or removes themselves", async () => {
    const own = (await membershipOf(owner.id))!;
    const before = await counts(t.db);
    const demote = await post(cookies.owner, { intent: "change-role", membershipId: own.id, role: "admin" });
    expect(demote.status).toBe(400);
    const remove = await post(cookies.owner, { intent: "remove", membershipId: own.id });
    expect(remove.status).toBe(400);
    expect((await membershipOf(owner.id))!.role).toBe("owner");
    expect(await counts(t.db)).toEqual(before);
  });

  it("a refusal shows once: on its form when that form has fields and is on the page, else at the top", async () => {
    const occurrences = (html: string, text: string) => visibleText(html).split(text).length - 1;
    const beforeTable = (html: string, text: string) => html.indexOf(text) >= 0 && html.indexOf(text) < html.indexOf("<table");
    // An admin's role form for the house manager is on the page: the refusal is on it, not repeated at the top.
    const target = (await membershipOf(manager.id))!;
    const refused = await (await post(cookies.admin, { intent: "change-role", membershipId: target.id, role: "owner" })).text();
    expect(occurrences(refused, "Choose a role you can assign.")).toBe(1);
    expect(refused).toMatch(new RegExp(`<form[^>]*id="role-${target.id}"((?!</form>)[\\s\\S])*Choose a role you can assign`));
    // Nobody sees a role form for themselves: a hand-made request's refusal shows at the top, once.
    const own = (await membershipOf(owner.id))!;
    const demote = await (await post(cookies.owner, { intent: "change-role", membershipId: own.id, role: "admin" })).text();
    expect(occurrences(demote, "You can't change your own role.")).toBe(1);
    expect(beforeTable(demote, "change your own role")).toBe(true);
    // Remove is a button: its refusal is the page's, at the top, once.
    const remove = await (await post(cookies.owner, { intent: "remove", membershipId: own.id })).text();
    expect(occurrences(remove, "You can't remove yourself.")).toBe(1);
    expect(beforeTable(remove, "remove yourself")).toBe(true);
  });

  it("an admin cannot demote or remove an owner", async () => {
    const own = (await membershipOf(owner.id))!;
    const before = await counts(t.db);
    expect((await post(cookies.admin, { intent: "change-role", membershipId: own.id, role: "staff" })).status).toBe(403);
    expect((await post(cookies.admin, { intent: "remove", membershipId: own.id })).status).toBe(403);
    expect((await membershipOf(owner.id))!.role).toBe("owner");
    expect(await counts(t.db)).toEqual(before);
  });

  it("the last owner can be neither demoted nor removed, even by an owner acting on a stale view", async () => {
    // Two owners; B is demoted; B's request was authorised while B was still an owner.
    const solo = await makeOrg();
    const a = await makeUser({ orgId: solo.id, role: "owner" });
    const b = await makeUser({ orgId: solo.id, role: "owner" });
    const aMembership = (await membershipOf(a.id, solo.id))!;
    const bMembership = (await membershipOf(b.id, solo.id))!;
    const ctxA = { orgId: solo.id, userId: a.id, role: "owner" };
    const actor = (user: User, membershipId: string): Actor => ({
      userId: user.id,
      userName: user.name,
      membershipId,
      role: "owner",
      org: { id: solo.id, name: solo.name, kind: "operator" },
    });
    await withTenant(ctxA, (tx) => changeMemberRole(tx, actor(a, aMembership.id), { membershipId: bMembership.id, role: "admin" }));
    const staleB = actor(b, bMembership.id);
    const ctxB = { orgId: solo.id, userId: b.id, role: "owner" };
    const demote = withTenant(ctxB, (tx) => changeMemberRole(tx, staleB, { membershipId: aMembership.id, role: "admin" }));
    await expect(demote).rejects.toThrow(DomainError);
    await expect(demote).rejects.toMatchObject({ kind: "conflict", field: "role" });
    const remove = withTenant(ctxB, (tx) => removeMember(tx, staleB, aMembership.id));
    await expect(remove).rejects.toMatchObject({ kind: "conflict", message: expect.stringContaining("only owner") });
    expect((await membershipOf(a.id, solo.id))!.role).toBe("owner");
  });

  it("two owners demoting each other at the same time leave exactly one owner", async () => {
    const pair = await makeOrg();
    const a = await makeUser({ orgId: pair.id, role: "owner" });
    const b = await makeUser({ orgId: pair.id, role: "owner" });
    const aM = (await membershipOf(a.id, pair.id))!;
    const bM = (await membershipOf(b.id, pair.id))!;
    const path = `/o/${pair.slug}/members`;
    const [ra, rb] = await Promise.all([
      post(await sessionCookieFor(a.id), { intent: "change-role", membershipId: bM.id, role: "admin", confirmed: "yes" }, path),
      post(await sessionCookieFor(b.id), { intent: "change-role", membershipId: aM.id, role: "admin", confirmed: "yes" }, path),
    ]);
    expect([ra.status, rb.status].filter((s) => s === 200)).toHaveLength(1);
    expect([ra.status, rb.status].filter((s) => s === 403 || s === 409)).toHaveLength(1);
    const owners = await t.db.selectFrom("membership").select("id").where("org_id", "=", pair.id).where("role", "=", "owner").execute();
    expect(owners).toHaveLength(1);
  });

  it("in a certifier org the last certifier administrator is protected the same way", async () => {
    const certifier = await makeOrg({ kind: "certifier" });
    const lead = await makeUser({ orgId: certifier.id, role: "certifier_admin" });
    const auditor = await makeUser({ orgId: certifier.id, role: "auditor" });
    const leadM = (await membershipOf(lead.id, certifier.id))!;
    const actor: Actor = { userId: auditor.id, userName: auditor.name, membershipId: "00000000-0000-4000-8000-000000000000", role: "certifier_admin", org: { id: certifier.id, name: certifier.name, kind: "certifier" } };
    await expect(
      withTenant({ orgId: certifier.id, userId: auditor.id, role: "certifier_admin" }, (tx) => removeMember(tx, actor, leadM.id)),
    ).rejects.toMatchObject({ kind: "conflict" });
    // Through the page, an auditor may look but not invite.
    const res = await client.request(`/o/${certifier.slug}/members`, { cookie: await sessionCookieFor(auditor.id) });
    expect(res.status).toBe(200);
    expect((await client.request(`/o/${certifier.slug}/members`, { cookie: await sessionCookieFor(auditor.id), form: { intent: "invite", email: uniqueEmail(), role: "auditor" } })).status).toBe(403);
  });
});

describe("Team page: bad input", () => {
  it("answers 400 (never 500) and writes nothing for malformed submissions", async () => {
    const target = (await membershipOf(manager.id))!;
    const cases: Record<string, string>[] = [
      {},
      { intent: "" },
      { intent: "delete-everything" },
      { intent: "invite" },
      { intent: "invite", email: "not-an-email", role: "staff" },
      { intent: "invite", email: `${"a".repeat(250)}@example.test`, role: "staff" },
      { intent: "invite", email: uniqueEmail(), role: "superuser" },
      { intent: "invite", email: uniqueEmail(), role: "" },
      { intent: "invite", email: uniqueEmail(), role: "staff", org_id: "00000000-0000-4000-8000-000000000000" },
      { intent: "invite", email: "😀@😀", role: "staff" },
      { intent: "invite", email: "a@b.test\u0000", role: "staff" },
      { intent: "change-role", membershipId: "1 or 1=1", role: "admin" },
      { intent: "change-role", membershipId: target.id, role: "king" },
      { intent: "change-role", membershipId: target.id },
      { intent: "remove", membershipId: "-1" },
      { intent: "remove", membershipId: target.id, extra: "x" },
      { intent: "revoke", inviteId: "'; drop table invite; --" },
      { intent: "revoke" },
    ];
    const before = await counts(t.db);
    for (const form of cases) {
      const res = await post(cookies.owner, form);
      expect(res.status, JSON.stringify(form)).toBe(400);
    }
    expect(await counts(t.db)).toEqual(before);
    expect((await membershipOf(manager.id))!.role).toBe("house_manager");
  });

  it("answers 404 for a well-formed id that is not in this org", async () => {
    const other = await makeOrg();
    const stranger = await makeUser({ orgId: other.id, role: "staff" });
    const m = (await membershipOf(stranger.id, other.id))!;
    const before = await counts(t.db);
    expect((await post(cookies.owner, { intent: "remove", membershipId: m.id })).status).toBe(404);
    expect((await post(cookies.owner, { intent: "change-role", membershipId: m.id, role: "admin" })).status).toBe(404);
    expect(await counts(t.db)).toEqual(before);
    expect(await membershipOf(stranger.id, other.id)).toEqual(m);
  });
});
