import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { generateToken, hashToken } from "#app/lib/tokens.server";
import type { Role } from "#app/db/schema";
import { useTestServer } from "#tests/support/app";
import { useTestDatabase } from "#tests/support/db";
import { makeOrg, makeUser, sessionCookieFor, uniqueEmail, hashMatches } from "#tests/support/factories";
import { auditActions, counts, latestEmailTo, sessionCookieFrom, tokenIn, visibleText } from "./helpers";

const t = useTestDatabase();
const client = useTestServer();

type Org = Awaited<ReturnType<typeof makeOrg>>;
let org: Org;
let ownerCookie: string;
const NEW_PASSWORD = "a long walk by the river";

beforeAll(async () => {
  org = await makeOrg({ name: "Harbor Light Homes" });
  const owner = await makeUser({ orgId: org.id, role: "owner" });
  ownerCookie = await sessionCookieFor(owner.id);
});

/** Invite through the Team page and read the token from the email, as a person would. */
async function invite(email: string, role: Role = "staff"): Promise<string> {
  const res = await client.request(`/o/${org.slug}/members`, { cookie: ownerCookie, form: { intent: "invite", email, role } });
  expect(res.status).toBe(200);
  const message = await latestEmailTo(email);
  return tokenIn(message.text, /\/invite\/([a-z2-7]{32})\b/);
}

const inviteRow = (token: string) =>
  t.db.selectFrom("invite").select(["id", "accepted_at", "revoked_at", "expires_at"]).where("token_hash", "=", hashToken(token)).executeTakeFirstOrThrow();

const userByEmail = (email: string) =>
  t.db.selectFrom("app_user").select(["id", "name", "password_hash"]).where(sql`lower(email)`, "=", email.toLowerCase()).executeTakeFirst();

const membershipOf = (userId: string) =>
  t.db.selectFrom("membership").select(["id", "role"]).where("org_id", "=", org.id).where("user_id", "=", userId).executeTakeFirst();

describe("accepting an invitation with a new account", () => {
  it("names neither the org nor the role to a link holder, then creates user, membership and session in one go", async () => {
    const email = uniqueEmail("newcomer");
    const token = await invite(email, "house_manager");

    const page = await client.request(`/invite/${token}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toMatch(/<h1[^>]*>Accept your invitation<\/h1>/);
    const text = visibleText(html);
    // Neutral until the invitee signs in: not in the page, nor in the loader data.
    expect(html).not.toContain("Harbor Light Homes");
    expect(html).not.toContain("House manager");
    expect(html).not.toContain("house_manager");
    expect(text).toContain(email);
    expect(html).toMatch(/<label[^>]*>Your name<\/label>/);
    expect(html).toMatch(/<label[^>]*>Password<\/label>/);
    expect(text).toContain("Accept invitation");

    const res = await client.request(`/invite/${token}`, { form: { intent: "create-account", name: "Nia Newcomer", password: NEW_PASSWORD } });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`/o/${org.slug}`);
    const cookie = sessionCookieFrom(res);
    expect(cookie).toBeTruthy();

    const user = (await userByEmail(email))!;
    expect(user.name).toBe("Nia Newcomer");
    expect(await hashMatches(user.password_hash, NEW_PASSWORD)).toBe(true);
    expect((await membershipOf(user.id))!.role).toBe("house_manager");
    expect((await inviteRow(token)).accepted_at).not.toBeNull();
    const audits = await auditActions(t.db, { orgId: org.id, entityId: (await inviteRow(token)).id });
    expect(audits.map((a) => a.action)).toEqual(["invite.sent", "invite.accepted"]);
    expect(audits[1]!.actor_user_id).toBe(user.id);

    // The new member can reach the org, and their Team page.
    const home = await client.request(`/o/${org.slug}/today`, { cookie: cookie! });
    expect(home.status).toBe(200);
    expect(visibleText(await home.text())).toContain("Nia Newcomer");
    expect((await client.request(`/o/${org.slug}/members`, { cookie: cookie! })).status).toBe(200);
  });

  it("a used link can't be used again: 410 and nothing written", async () => {
    const email = uniqueEmail("twice");
    const token = await invite(email);
    const first = await client.request(`/invite/${token}`, { form: { intent: "create-account", name: "First", password: NEW_PASSWORD } });
    expect(first.status).toBe(302);
    const before = await counts(t.db);
    const again = await client.request(`/invite/${token}`, { form: { intent: "create-account", name: "Second", password: NEW_PASSWORD } });
    expect(again.status).toBe(410);
    expect(visibleText(await again.text())).toContain("already been used");
    expect(sessionCookieFrom(again)).toBeNull();
    expect(await counts(t.db)).toEqual(before);
    expect((await client.request(`/invite/${token}`)).status).toBe(410);
    expect((await userByEmail(email))!.name).toBe("First");
  });

  it("two simultaneous acceptances of one link create exactly one account", async () => {
    const email = uniqueEmail("race");
    const token = await invite(email);
    const before = await counts(t.db);
    const results = await Promise.all(
      ["One", "Two", "Three"].map((name) => client.request(`/invite/${token}`, { form: { intent: "create-account", name, password: NEW_PASSWORD } })),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 302)).toHaveLength(1);
    expect(statuses.filter((s) => s === 302 || s === 409 || s === 410), `statuses ${statuses.join(", ")}`).toHaveLength(3);
    const after = await counts(t.db);
    expect(after.users).toBe(before.users + 1);
    expect(after.memberships).toBe(before.memberships + 1);
  });

  it("a weak password is refused with a field message; the invite stays usable", async () => {
    const email = uniqueEmail("weak");
    const token = await invite(email);
    const before = await counts(t.db);
    for (const password of ["short", "password123", "x".repeat(300)]) {
      const res = await client.request(`/invite/${token}`, { form: { intent: "create-account", name: "Wes", password } });
      expect(res.status, password).toBe(400);
    }
    // The password must not be the email's local part either (checked with the invite's email).
    const local = email.split("@")[0]!;
    expect((await client.request(`/invite/${token}`, { form: { intent: "create-account", name: "Wes", password: local } })).status).toBe(400);
    expect(await counts(t.db)).toEqual(before);
    expect((await inviteRow(token)).accepted_at).toBeNull();
    expect((await client.request(`/invite/${token}`)).status).toBe(200);
  });

  it("malformed submissions answer 400, never 500, and write nothing", async () => {
    const token = await invite(uniqueEmail("fuzz"));
    const before = await counts(t.db);
    const cases: Record<string, string>[] = [
      {},
      { intent: "create-account" },
      { intent: "create-account", name: "", password: NEW_PASSWORD },
      { intent: "create-account", name: "   ", password: NEW_PASSWORD },
      { intent: "create-account", name: "n".repeat(121), password: NEW_PASSWORD },
      { intent: "create-account", name: "Ok", password: NEW_PASSWORD, role: "owner" },
      { intent: "create-account", name: "Ok", password: NEW_PASSWORD, email: "attacker@example.test" },
      { intent: "something-else", name: "Ok", password: NEW_PASSWORD },
    ];
    for (const form of cases) {
      const res = await client.request(`/invite/${token}`, { form });
      expect(res.status, JSON.stringify(form)).toBe(400);
    }
    expect(await counts(t.db)).toEqual(before);
  });
});

describe("accepting with an existing account", () => {
  it("requires signing in as the invited address, then adds the membership and rotates the session", async () => {
    const existing = await makeUser({ email: uniqueEmail("existing") });
    const token = await invite(existing.email.toUpperCase(), "staff");

    // Signed out: a link to sign in that comes back here; no account form.
    const signedOut = await client.request(`/invite/${token}`);
    expect(signedOut.status).toBe(200);
    const signedOutHtml = await signedOut.text();
    expect(signedOutHtml).toContain(`/login?redirectTo=${encodeURIComponent(`/invite/${token}`)}`);
    expect(signedOutHtml).not.toMatch(/<label[^>]*>Your name<\/label>/);
    const before = await counts(t.db);
    const anonymousPost = await client.request(`/invite/${token}`, { form: { intent: "accept" } });
    expect(anonymousPost.status).toBe(302);
    expect(anonymousPost.headers.get("location")).toBe(`/login?redirectTo=${encodeURIComponent(`/invite/${token}`)}`);
    // Nor can anyone create a second account for that address.
    const dup = await client.request(`/invite/${token}`, { form: { intent: "create-account", name: "Impostor", password: NEW_PASSWORD } });
    expect(dup.status).toBe(409);
    expect(await counts(t.db)).toEqual(before);

    // Signed in as someone else: told so, and refused.
    const other = await makeUser();
    const otherCookie = await sessionCookieFor(other.id);
    const wrong = await client.request(`/invite/${token}`, { cookie: otherCookie });
    expect(visibleText(await wrong.text())).toContain(`You're signed in as ${other.email}`);
    const beforeWrong = await counts(t.db);
    const wrongPost = await client.request(`/invite/${token}`, { cookie: otherCookie, form: { intent: "accept" } });
    expect(wrongPost.status).toBe(403);
    expect(await counts(t.db)).toEqual(beforeWrong);
    expect(await membershipOf(other.id)).toBeUndefined();

    // Signed in as the invited address: one button.
    const cookie = await sessionCookieFor(existing.id);
    const page = await client.request(`/invite/${token}`, { cookie });
    const text = visibleText(await page.text());
    expect(text).toContain("Join Harbor Light Homes");
    expect(text).toContain("Accept invitation");
    const res = await client.request(`/invite/${token}`, { cookie, form: { intent: "accept" } });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`/o/${org.slug}`);
    const fresh = sessionCookieFrom(res);
    expect(fresh).toBeTruthy();
    expect(fresh).not.toBe(cookie);
    expect((await membershipOf(existing.id))!.role).toBe("staff");
    expect((await inviteRow(token)).accepted_at).not.toBeNull();
    // The old token no longer works; the new one does.
    const stale = await client.request(`/o/${org.slug}/today`, { cookie });
    expect(stale.status).toBe(302);
    expect(stale.headers.get("location")).toMatch(/^\/login/);
    expect((await client.request(`/o/${org.slug}/today`, { cookie: fresh! })).status).toBe(200);
  });

  it("someone who is already a member is told so, and nothing is written", async () => {
    const member = await makeUser({ orgId: org.id, role: "staff" });
    // Invite before they joined (the Team page refuses to invite members), then accept.
    const token = generateToken();
    await t.db
      .insertInto("invite")
      .values({ org_id: org.id, email: member.email, role: "admin", token_hash: hashToken(token), expires_at: new Date(Date.now() + 3600e3) })
      .execute();
    const cookie = await sessionCookieFor(member.id);
    const before = await counts(t.db);
    const res = await client.request(`/invite/${token}`, { cookie, form: { intent: "accept" } });
    expect(res.status).toBe(409);
    expect(visibleText(await res.text())).toContain("already a member");
    expect(await counts(t.db)).toEqual(before);
    expect((await membershipOf(member.id))!.role).toBe("staff");
  });
});

describe("links that can't be used", () => {
  it("an expired invitation answers 410 and creates nothing", async () => {
    const email = uniqueEmail("late");
    const token = await invite(email);
    await t.db.updateTable("invite").set({ expires_at: new Date(Date.now() - 1000) }).where("token_hash", "=", hashToken(token)).execute();
    const page = await client.request(`/invite/${token}`);
    expect(page.status).toBe(410);
    expect(visibleText(await page.text())).toContain("This invitation has expired");
    const before = await counts(t.db);
    const res = await client.request(`/invite/${token}`, { form: { intent: "create-account", name: "Late", password: NEW_PASSWORD } });
    expect(res.status).toBe(410);
    expect(sessionCookieFrom(res)).toBeNull();
    expect(await counts(t.db)).toEqual(before);
    expect(await userByEmail(email)).toBeUndefined();
  });

  it("a revoked invitation answers 410 and creates nothing, for new and existing accounts", async () => {
    const email = uniqueEmail("withdrawn");
    const token = await invite(email);
    const row = await inviteRow(token);
    const revoke = await client.request(`/o/${org.slug}/members`, { cookie: ownerCookie, form: { intent: "revoke", inviteId: row.id } });
    expect(revoke.status).toBe(200);
    expect((await client.request(`/invite/${token}`)).status).toBe(410);
    const before = await counts(t.db);
    const res = await client.request(`/invite/${token}`, { form: { intent: "create-account", name: "Gone", password: NEW_PASSWORD } });
    expect(res.status).toBe(410);
    expect(visibleText(await res.text())).toContain("no longer valid");
    expect(await counts(t.db)).toEqual(before);

    const existing = await makeUser({ email: uniqueEmail("withdrawn-existing") });
    const token2 = await invite(existing.email);
    await client.request(`/o/${org.slug}/members`, { cookie: ownerCookie, form: { intent: "revoke", inviteId: (await inviteRow(token2)).id } });
    const cookie = await sessionCookieFor(existing.id);
    const before2 = await counts(t.db);
    expect((await client.request(`/invite/${token2}`, { cookie, form: { intent: "accept" } })).status).toBe(410);
    expect(await counts(t.db)).toEqual(before2);
    expect(await membershipOf(existing.id)).toBeUndefined();
  });

  it("an unknown or malformed token answers 404 and writes nothing", async () => {
    const before = await counts(t.db);
    for (const token of [generateToken(), "not-a-token", "A".repeat(32), "x".repeat(500), "%00"]) {
      // An address with a control character (%00) is refused before routing (400); the rest are unknown (404).
      const expected = token === "%00" ? 400 : 404;
      const page = await client.request(`/invite/${token}`);
      expect(page.status, token).toBe(expected);
      const res = await client.request(`/invite/${token}`, { form: { intent: "create-account", name: "Nobody", password: NEW_PASSWORD } });
      expect(res.status, token).toBe(expected);
    }
    expect(await counts(t.db)).toEqual(before);
  });
});
