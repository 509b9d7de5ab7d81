import { describe, expect, it } from "vitest";
import { verifyPassword } from "#app/auth/password.server";
import { createSession, sessionCookieName } from "#app/auth/session.server";
import { hashToken } from "#app/lib/tokens.server";
import { withPlatform } from "#app/db/tenant.server";
import { useTestServer } from "#tests/support/app";
import { useTestDatabase } from "#tests/support/db";
import { makeOrg, makeUser, sessionCookieFor, TEST_PASSWORD } from "#tests/support/factories";
import { auditActions, counts, visibleText } from "./helpers";

const t = useTestDatabase();
const client = useTestServer();
const NEW_PASSWORD = "copper kettle at midnight";

const sessionIdOf = (cookie: string) => hashToken(cookie.split("=")[1]!);
const sessionIdsOf = async (userId: string) =>
  (await t.db.selectFrom("user_session").select("id").where("user_id", "=", userId).orderBy("id").execute()).map((r) => r.id);
const userRow = (userId: string) =>
  t.db.selectFrom("app_user").select(["name", "phone", "password_hash", "password_changed_at"]).where("id", "=", userId).executeTakeFirstOrThrow();

async function signedInUser() {
  const org = await makeOrg();
  const user = await makeUser({ orgId: org.id, role: "staff", name: "Casey Rivers" });
  const cookie = await sessionCookieFor(user.id);
  const others = [await sessionCookieFor(user.id), await sessionCookieFor(user.id)];
  return { user, cookie, others };
}

const post = (cookie: string, form: Record<string, string>) => client.request("/account", { cookie, form });

describe("account page", () => {
  it("sends signed-out visitors to sign in", async () => {
    const res = await client.request("/account");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/login?redirectTo=%2Faccount");
    expect((await client.request("/account", { form: { intent: "revoke-others" } })).status).toBe(302);
  });

  it("shows the name, password form and sessions with this device marked", async () => {
    const { user, cookie } = await signedInUser();
    const res = await client.request("/account", { cookie });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const html = await res.text();
    expect(html).toMatch(/<h1[^>]*>Your account<\/h1>/);
    const text = visibleText(html);
    expect(text).toContain(user.email);
    expect(html).toContain(`value="${user.name}"`);
    for (const label of ["Current password", "New password"]) expect(html).toMatch(new RegExp(`<label[^>]*>${label}</label>`));
    expect(text).toContain("Change password");
    expect(text).toContain("Your sessions");
    expect(text).toContain("This device");
    expect(text).toContain("Sign out other sessions");
    // The device in words (bowser), not the raw User-Agent header.
    expect(text).toContain("Unknown browser");
    expect(text).toContain("127.0.0.1");
    expect(text.match(/This device/g)).toHaveLength(1);
    // No session id (or its hash) is sent to the browser in full.
    for (const id of await sessionIdsOf(user.id)) expect(html).not.toContain(id);
  });
});

describe("a session's device", () => {
  it("is named in words, e.g. Chrome on Android", async () => {
    const { user } = await signedInUser();
    const { token } = await withPlatform({}, (tx) =>
      createSession(tx, user.id, {
        ip: "127.0.0.1",
        userAgent: "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36",
      }),
    );
    const text = visibleText(await (await client.request("/account", { cookie: `${sessionCookieName()}=${token}` })).text());
    expect(text).toContain("Chrome on Android");
    expect(text).not.toContain("AppleWebKit");
  });
});

describe("the work phone", () => {
  it("is saved with the name, read back, and shown to residents of the manager's houses", async () => {
    const { user, cookie } = await signedInUser();
    const res = await post(cookie, { intent: "name", name: "Casey Rivers", phone: "(215) 555-0143" });
    expect(res.status).toBe(200);
    expect((await userRow(user.id)).phone).toBe("(215) 555-0143");
    const html = await (await client.request("/account", { cookie })).text();
    expect(html).toContain('value="(215) 555-0143"');
    expect((await post(cookie, { intent: "name", name: "Casey Rivers", phone: "call me" })).status).toBe(400);
    expect((await userRow(user.id)).phone).toBe("(215) 555-0143");
    await post(cookie, { intent: "name", name: "Casey Rivers" });
    expect((await userRow(user.id)).phone).toBeNull();
  });
});

describe("changing the name", () => {
  it("updates and audits", async () => {
    const { user, cookie } = await signedInUser();
    const res = await post(cookie, { intent: "name", name: "  Casey R.  " });
    expect(res.status).toBe(200);
    expect((await userRow(user.id)).name).toBe("Casey R.");
    const audit = (await auditActions(t.db, { orgId: null, entityId: user.id })).find((a) => a.action === "user.name_changed");
    expect(audit).toMatchObject({ actor_user_id: user.id, data: { from: "Casey Rivers", to: "Casey R." } });
  });

  it("refuses empty or overlong names with 400 and changes nothing", async () => {
    const { user, cookie } = await signedInUser();
    const before = await counts(t.db);
    const cases: Record<string, string>[] = [{ intent: "name" }, { intent: "name", name: "   " }, { intent: "name", name: "x".repeat(121) }, { intent: "name", name: "Ok", email: "x@y.test" }];
    for (const form of cases) {
      expect((await post(cookie, form)).status, JSON.stringify(form)).toBe(400);
    }
    expect((await userRow(user.id)).name).toBe("Casey Rivers");
    expect(await counts(t.db)).toEqual(before);
  });
});

describe("changing the password", () => {
  it("checks the current password: a wrong one answers 400 and changes nothing", async () => {
    const { user, cookie } = await signedInUser();
    const before = await userRow(user.id);
    const sessions = await sessionIdsOf(user.id);
    const beforeCounts = await counts(t.db);
    const res = await post(cookie, { intent: "password", currentPassword: "not my password", newPassword: NEW_PASSWORD });
    expect(res.status).toBe(400);
    expect(visibleText(await res.text())).toContain("That isn't your current password.");
    expect(await userRow(user.id)).toEqual(before);
    expect(await sessionIdsOf(user.id)).toEqual(sessions);
    expect(await counts(t.db)).toEqual(beforeCounts);
  });

  it("sets the new hash, ends the other sessions, keeps this one, and audits", async () => {
    const { user, cookie, others } = await signedInUser();
    const res = await post(cookie, { intent: "password", currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD });
    expect(res.status).toBe(200);
    expect(visibleText(await res.text())).toContain("Your password was changed. 2 other sessions were signed out.");
    const row = await userRow(user.id);
    expect((await verifyPassword(row.password_hash, NEW_PASSWORD)).ok).toBe(true);
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(await sessionIdsOf(user.id)).toEqual([sessionIdOf(cookie)]);
    expect((await client.request("/account", { cookie })).status).toBe(200);
    for (const other of others) expect((await client.request("/account", { cookie: other })).status).toBe(302);
    const audit = (await auditActions(t.db, { orgId: null, entityId: user.id })).find((a) => a.action === "auth.password_changed");
    expect(audit).toMatchObject({ actor_user_id: user.id, data: { otherSessionsEnded: 2 } });
    // The audit entry carries no secret.
    expect(JSON.stringify(audit)).not.toContain(NEW_PASSWORD);
  });

  it("refuses a weak or missing new password with 400 and changes nothing", async () => {
    const { user, cookie } = await signedInUser();
    const before = await userRow(user.id);
    const beforeCounts = await counts(t.db);
    const cases: Record<string, string>[] = [
      { intent: "password", currentPassword: TEST_PASSWORD, newPassword: "short" },
      { intent: "password", currentPassword: TEST_PASSWORD, newPassword: "password123" },
      { intent: "password", currentPassword: TEST_PASSWORD, newPassword: "x".repeat(257) },
      { intent: "password", currentPassword: TEST_PASSWORD, newPassword: user.email.split("@")[0]! },
      { intent: "password", currentPassword: TEST_PASSWORD },
      { intent: "password", newPassword: NEW_PASSWORD },
      { intent: "password", currentPassword: "x".repeat(10_000), newPassword: NEW_PASSWORD },
      { intent: "password", currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD, userId: user.id },
    ];
    for (const form of cases) expect((await post(cookie, form)).status, JSON.stringify(form).slice(0, 120)).toBe(400);
    expect(await userRow(user.id)).toEqual(before);
    expect(await counts(t.db)).toEqual(beforeCounts);
  });

  it("slows down guessing of the current password", async () => {
    const { user, cookie } = await signedInUser();
    const statuses: number[] = [];
    for (let i = 0; i < 9; i++) statuses.push((await post(cookie, { intent: "password", currentPassword: `guess ${i}`, newPassword: NEW_PASSWORD })).status);
    expect(statuses.slice(0, 8).every((s) => s === 400)).toBe(true);
    expect(statuses[8]).toBe(429);
    // Even the right password is refused while limited.
    expect((await post(cookie, { intent: "password", currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD })).status).toBe(429);
    expect((await verifyPassword((await userRow(user.id)).password_hash, TEST_PASSWORD)).ok).toBe(true);
  });
});

describe("sessions", () => {
  it("'Sign out other sessions' ends all but this one, audited", async () => {
    const { user, cookie, others } = await signedInUser();
    const res = await post(cookie, { intent: "revoke-others" });
    expect(res.status).toBe(200);
    expect(await sessionIdsOf(user.id)).toEqual([sessionIdOf(cookie)]);
    for (const other of others) expect((await client.request("/account", { cookie: other })).status).toBe(302);
    const audit = (await auditActions(t.db, { orgId: null, entityId: user.id })).find((a) => a.action === "auth.sessions_revoked");
    expect(audit).toMatchObject({ actor_user_id: user.id, data: { scope: "others", count: 2 } });
  });

  it("'Sign out' ends one chosen session, never another user's or the current one", async () => {
    const { user, cookie, others } = await signedInUser();
    const target = sessionIdOf(others[0]!);
    const res = await post(cookie, { intent: "revoke-session", session: target.slice(0, 16) });
    expect(res.status).toBe(200);
    expect(await sessionIdsOf(user.id)).toEqual([sessionIdOf(cookie), sessionIdOf(others[1]!)].sort());
    expect((await auditActions(t.db, { orgId: null, entityId: user.id })).at(-1)).toMatchObject({
      action: "auth.sessions_revoked",
      data: { scope: "one", count: 1 },
    });

    // Someone else's session: 404, untouched.
    const stranger = await signedInUser();
    const before = await counts(t.db);
    const foreign = await post(cookie, { intent: "revoke-session", session: sessionIdOf(stranger.cookie).slice(0, 16) });
    expect(foreign.status).toBe(404);
    // The current session is not signed out this way (use "Sign out").
    expect((await post(cookie, { intent: "revoke-session", session: sessionIdOf(cookie).slice(0, 16) })).status).toBe(404);
    expect(await counts(t.db)).toEqual(before);
    expect((await client.request("/account", { cookie: stranger.cookie })).status).toBe(200);
  });

  it("answers 400 for malformed session actions, and changes nothing", async () => {
    const { cookie } = await signedInUser();
    const before = await counts(t.db);
    const cases: Record<string, string>[] = [
      {},
      { intent: "nope" },
      { intent: "revoke-session" },
      { intent: "revoke-session", session: "'; delete from user_session; --" },
      { intent: "revoke-session", session: "%" },
      { intent: "revoke-session", session: "0".repeat(64) },
      { intent: "revoke-others", session: "abc" },
    ];
    for (const form of cases) {
      expect((await post(cookie, form)).status, JSON.stringify(form)).toBe(400);
    }
    expect(await counts(t.db)).toEqual(before);
  });
});
