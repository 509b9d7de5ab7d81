import { beforeEach, describe, expect, it } from "vitest";
import { verifyPassword } from "#app/auth/password.server";
import { generateToken, hashToken } from "#app/lib/tokens.server";
import { LIMITS } from "#app/auth/rate-limit.server";
import { useTestServer } from "#tests/support/app";
import { useTestDatabase } from "#tests/support/db";
import { makeOrg, makeUser, sessionCookieFor, TEST_PASSWORD, uniqueEmail } from "#tests/support/factories";
import { auditActions, counts, emailsTo, latestEmailTo, sessionCookieFrom, tokenIn, visibleText } from "./helpers";

const t = useTestDatabase();
const client = useTestServer();
const NEW_PASSWORD = "lanterns over the quiet harbour";

// Every request comes from 127.0.0.1: start each test with fresh rate-limit windows.
beforeEach(async () => {
  await t.db.deleteFrom("rate_limit").execute();
});

const forgot = (email: string) => client.request("/forgot-password", { form: { email } });

async function requestResetToken(email: string): Promise<string> {
  expect((await forgot(email)).status).toBe(200);
  const message = await latestEmailTo(email);
  return tokenIn(message.text, /\/reset-password\?token=([a-z2-7]{32})\b/);
}

const passwordHashOf = async (userId: string) =>
  (await t.db.selectFrom("app_user").select("password_hash").where("id", "=", userId).executeTakeFirstOrThrow()).password_hash;
const sessionIdsOf = async (userId: string) =>
  (await t.db.selectFrom("user_session").select("id").where("user_id", "=", userId).orderBy("id").execute()).map((r) => r.id);

/** The page with what differs per request (nonces, request ids) blanked out. */
function normalized(html: string) {
  return html
    .replace(/nonce="[^"]*"/g, 'nonce=""')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "<uuid>");
}

describe("forgot password", () => {
  it("shows the page with its label and button", async () => {
    const res = await client.request("/forgot-password");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/<label[^>]*>Email<\/label>/);
    expect(visibleText(html)).toContain("Send reset link");
  });

  it("answers known and unknown emails identically, and sends a link only to the real account", async () => {
    const user = await makeUser();
    const unknown = uniqueEmail("nobody");
    const known = await forgot(user.email);
    const missing = await forgot(unknown);
    expect(known.status).toBe(200);
    expect(missing.status).toBe(200);
    const [a, b] = [await known.text(), await missing.text()];
    expect(visibleText(a)).toContain("If an account exists for that email address");
    expect(normalized(a)).toBe(normalized(b));
    expect([...known.headers.keys()].sort()).toEqual([...missing.headers.keys()].sort());

    // The same work both ways: an unknown address gets a note with no link.
    const note = await emailsTo(unknown);
    expect(note).toHaveLength(1);
    expect(note[0]!.text).toContain("no Hearth account uses it");
    expect(note[0]!.text).not.toMatch(/reset-password\?token=/);
    const message = await latestEmailTo(user.email);
    expect(message.subject).toBe("Reset your Hearth password");
    expect(message.text).not.toMatch(/recovery|sober|residen/i);
    const token = tokenIn(message.text, /\/reset-password\?token=([a-z2-7]{32})\b/);
    const row = await t.db.selectFrom("password_reset_token").selectAll().where("user_id", "=", user.id).executeTakeFirstOrThrow();
    expect(row.id).toBe(hashToken(token));
    const ttl = row.expires_at.getTime() - Date.now();
    expect(ttl).toBeGreaterThan(3600e3 - 60e3);
    expect(ttl).toBeLessThanOrEqual(3600e3);
    expect(row.used_at).toBeNull();
    expect((await auditActions(t.db, { orgId: null, entityId: user.id })).map((e) => e.action)).toContain("auth.password_reset_requested");
  });

  it("is rate-limited per email address and IP, the same way for known and unknown addresses", async () => {
    const user = await makeUser();
    const unknown = uniqueEmail("nobody");
    for (const email of [user.email, unknown]) {
      for (let i = 0; i < LIMITS.resetPerEmailIp.max; i++) expect((await forgot(email)).status).toBe(200);
      const limited = await forgot(email);
      expect(limited.status).toBe(429);
      expect(visibleText(await limited.text())).toContain("Too many reset requests");
    }
    expect(await emailsTo(user.email)).toHaveLength(LIMITS.resetPerEmailIp.max);
  });

  it("is rate-limited per IP address", async () => {
    for (let i = 0; i < LIMITS.resetPerIp.max; i++) expect((await forgot(uniqueEmail("spray"))).status).toBe(200);
    expect((await forgot(uniqueEmail("spray"))).status).toBe(429);
  });

  it("answers 400 for bad input and stores nothing", async () => {
    const before = await counts(t.db);
    const cases: Record<string, string>[] = [{}, { email: "" }, { email: "nope" }, { email: `${"a".repeat(260)}@x.test` }, { email: "a@b.test", extra: "1" }];
    for (const form of cases) {
      const res = await client.request("/forgot-password", { form });
      expect(res.status, JSON.stringify(form)).toBe(400);
    }
    const after = await counts(t.db);
    expect(after).toEqual(before);
  });
});

describe("reset password", () => {
  it("sets the new password, ends every session, signs in afresh, and audits", async () => {
    const org = await makeOrg();
    const user = await makeUser({ orgId: org.id, role: "staff" });
    const oldCookies = [await sessionCookieFor(user.id), await sessionCookieFor(user.id)];
    const token = await requestResetToken(user.email);

    const page = await client.request(`/reset-password?token=${token}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toMatch(/<label[^>]*>New password<\/label>/);
    expect(visibleText(html)).toContain("Set new password");

    const res = await client.request(`/reset-password?token=${token}`, { form: { token, password: NEW_PASSWORD } });
    expect(res.status).toBe(302);
    const cookie = sessionCookieFrom(res);
    expect(cookie).toBeTruthy();

    const hash = await passwordHashOf(user.id);
    expect((await verifyPassword(hash, NEW_PASSWORD)).ok).toBe(true);
    expect((await verifyPassword(hash, TEST_PASSWORD)).ok).toBe(false);
    expect(await sessionIdsOf(user.id)).toEqual([hashToken(cookie!.split("=")[1]!)]);
    for (const old of oldCookies) expect((await client.request("/account", { cookie: old })).status).toBe(302);
    expect((await client.request("/account", { cookie: cookie! })).status).toBe(200);
    const token_ = await t.db.selectFrom("password_reset_token").select("used_at").where("id", "=", hashToken(token)).executeTakeFirstOrThrow();
    expect(token_.used_at).not.toBeNull();
    const actions = (await auditActions(t.db, { orgId: null, entityId: user.id })).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["auth.password_reset_requested", "auth.password_reset_completed"]));

    // Single use: the same link again changes nothing.
    const before = await counts(t.db);
    const again = await client.request(`/reset-password?token=${token}`, { form: { token, password: "someone else's choice" } });
    expect(again.status).toBe(410);
    expect(visibleText(await again.text())).toContain("already been used");
    expect(await passwordHashOf(user.id)).toBe(hash);
    expect(await counts(t.db)).toEqual(before);
    expect((await client.request(`/reset-password?token=${token}`)).status).toBe(410);
  });

  it("a newer reset kills older outstanding links for the same account", async () => {
    const user = await makeUser();
    const first = await requestResetToken(user.email);
    const second = await requestResetToken(user.email);
    expect(first).not.toBe(second);
    expect((await client.request(`/reset-password?token=${second}`, { form: { token: second, password: NEW_PASSWORD } })).status).toBe(302);
    const hash = await passwordHashOf(user.id);
    expect((await client.request(`/reset-password?token=${first}`, { form: { token: first, password: "yet another passphrase" } })).status).toBe(410);
    expect(await passwordHashOf(user.id)).toBe(hash);
  });

  it("an expired link answers 410 and changes nothing", async () => {
    const user = await makeUser();
    const cookie = await sessionCookieFor(user.id);
    const token = await requestResetToken(user.email);
    await t.db.updateTable("password_reset_token").set({ expires_at: new Date(Date.now() - 1000) }).where("id", "=", hashToken(token)).execute();
    const hash = await passwordHashOf(user.id);
    const sessions = await sessionIdsOf(user.id);
    const page = await client.request(`/reset-password?token=${token}`);
    expect(page.status).toBe(410);
    expect(visibleText(await page.text())).toContain("This reset link has expired");
    const before = await counts(t.db);
    const res = await client.request(`/reset-password?token=${token}`, { form: { token, password: NEW_PASSWORD } });
    expect(res.status).toBe(410);
    expect(sessionCookieFrom(res)).toBeNull();
    expect(await passwordHashOf(user.id)).toBe(hash);
    expect(await sessionIdsOf(user.id)).toEqual(sessions);
    expect(await counts(t.db)).toEqual(before);
    expect((await client.request("/account", { cookie })).status).toBe(200);
  });

  it("an unknown or malformed token answers 404 and changes nothing", async () => {
    const before = await counts(t.db);
    for (const token of [generateToken(), "short", "Z".repeat(32), ""]) {
      expect((await client.request(`/reset-password?token=${encodeURIComponent(token)}`)).status, token).toBe(404);
      const res = await client.request("/reset-password", { form: { token, password: NEW_PASSWORD } });
      expect(res.status, token).toBe(token === "" ? 400 : 404);
    }
    expect((await client.request("/reset-password")).status).toBe(404);
    expect(await counts(t.db)).toEqual(before);
  });

  it("a weak password is refused (400) and the link stays usable", async () => {
    const user = await makeUser();
    const token = await requestResetToken(user.email);
    const hash = await passwordHashOf(user.id);
    const before = await counts(t.db);
    for (const password of ["short", "password1", "p".repeat(257), user.email.split("@")[0]!]) {
      const res = await client.request(`/reset-password?token=${token}`, { form: { token, password } });
      expect(res.status, password).toBe(400);
    }
    expect(await client.request(`/reset-password?token=${token}`, { form: { token, password: NEW_PASSWORD, admin: "1" } }).then((r) => r.status)).toBe(400);
    expect(await passwordHashOf(user.id)).toBe(hash);
    expect(await counts(t.db)).toEqual(before);
    expect((await client.request(`/reset-password?token=${token}`)).status).toBe(200);
  });
});
