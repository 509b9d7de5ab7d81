import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { generateHOTP } from "@oslojs/otp";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { withPlatform } from "#app/db/tenant.server";
import { useTestServer } from "#tests/support/app";
import { useTestDatabase } from "#tests/support/db";
import { makeOrg, makeUser, sessionCookieFor, TEST_PASSWORD } from "#tests/support/factories";
import { auditActions, sessionCookieFrom } from "#tests/integration/helpers";

const t = useTestDatabase();
const server = useTestServer();

const stepNow = () => Math.floor(Date.now() / 30_000);
/** The code of a 30-second step (now by default; the server accepts one step either side). */
const codeFor = (secret: string, step = stepNow()) => generateHOTP(decodeBase32IgnorePadding(secret), BigInt(step), 6);

/** Turn two-step sign-in on with the code of `step` (which is then spent). */
async function enrol(cookie: string, step = stepNow()) {
  const page = await (await server.request("/account/two-factor", { cookie })).text();
  const secret = page.match(/data-testid="totp-secret"[^>]*>([A-Z2-7]+)</)![1]!;
  const res = await server.request("/account/two-factor", { cookie, form: { intent: "enable", code: codeFor(secret, step) } });
  expect(res.status).toBe(200);
  const html = await res.text();
  const recovery = [...html.matchAll(/<li>([a-z2-7]{5}-[a-z2-7]{5})<\/li>/g)].map((m) => m[1]!);
  return { secret, recovery };
}

describe("two-step sign-in (TOTP)", () => {
  it("an org that requires it sends its owner to set-up, and set-up takes a right code only", async () => {
    const org = await makeOrg();
    await t.db.updateTable("org").set({ require_two_factor: true }).where("id", "=", org.id).execute();
    const owner = await makeUser({ orgId: org.id, role: "owner" });
    const staff = await makeUser({ orgId: org.id, role: "staff" });
    const cookie = await sessionCookieFor(owner.id);
    const gated = await server.request(`/o/${org.slug}`, { cookie });
    expect(gated.status).toBe(302);
    expect(gated.headers.get("location")).toBe(`/account/two-factor?required=${org.slug}`);
    // Staff roles are not asked by the org setting.
    expect((await server.request(`/o/${org.slug}/today`, { cookie: await sessionCookieFor(staff.id) })).status).toBe(200);

    const page = await (await server.request("/account/two-factor", { cookie })).text();
    expect(page).toContain("data:image/svg+xml;base64,");
    const wrong = await server.request("/account/two-factor", { cookie, form: { intent: "enable", code: "000000" } });
    expect(wrong.status).toBe(400);
    const { recovery } = await enrol(cookie);
    expect(recovery).toHaveLength(10);
    expect((await server.request(`/o/${org.slug}`, { cookie })).status).toBe(200);
    expect((await auditActions(t.db, { orgId: null, entityId: owner.id })).map((a) => a.action)).toContain("auth.two_factor_enabled");
  });

  it("sign-in then asks for a code; the waiting session signs nobody in; a right code or a recovery code (once) completes it", async () => {
    const user = await makeUser();
    const base = stepNow();
    const { secret, recovery } = await enrol(await sessionCookieFor(user.id), base);

    const step1 = await server.request("/login", { form: { email: user.email, password: TEST_PASSWORD } });
    expect(step1.status).toBe(302);
    expect(step1.headers.get("location")).toMatch(/^\/login\/two-factor/);
    const pending = sessionCookieFrom(step1)!;
    expect((await server.request("/account", { cookie: pending })).status).toBe(302);
    expect((await server.request("/login/two-factor", { cookie: pending })).status).toBe(200);
    expect((await server.request("/login/two-factor", { cookie: pending, form: { code: "123456" } })).status).toBe(400);
    const done = await server.request("/login/two-factor", { cookie: pending, form: { code: codeFor(secret, base + 1), redirectTo: "/account" } });
    expect(done.status).toBe(302);
    expect(done.headers.get("location")).toBe("/account");
    const full = sessionCookieFrom(done)!;
    expect(full).not.toBe(pending);
    expect((await server.request("/account", { cookie: full })).status).toBe(200);
    // The pending token is gone.
    expect((await server.request("/account", { cookie: pending })).status).toBe(302);

    // A recovery code works once.
    for (const expected of [302, 400]) {
      const again = sessionCookieFrom(await server.request("/login", { form: { email: user.email, password: TEST_PASSWORD } }))!;
      const res = await server.request("/login/two-factor", { cookie: again, form: { code: recovery[0]! } });
      expect(res.status).toBe(expected);
    }
  });

  it("a code is accepted once: the same code, or an earlier one, cannot sign in again", async () => {
    const user = await makeUser();
    const base = stepNow();
    const { secret } = await enrol(await sessionCookieFor(user.id), base);
    const signIn = async () => sessionCookieFrom(await server.request("/login", { form: { email: user.email, password: TEST_PASSWORD } }))!;

    const first = await server.request("/login/two-factor", { cookie: await signIn(), form: { code: codeFor(secret, base + 1) } });
    expect(first.status).toBe(302);
    // Replayed (seen over a shoulder, or in a log) while its step is still valid: refused.
    const waiting = await signIn();
    const replay = await server.request("/login/two-factor", { cookie: waiting, form: { code: codeFor(secret, base + 1) } });
    expect(replay.status).toBe(400);
    expect(await replay.text()).toContain("That code isn");
    // The set-up code's step is earlier: refused too, though still within the grace.
    expect((await server.request("/login/two-factor", { cookie: waiting, form: { code: codeFor(secret, base) } })).status).toBe(400);
    // Turning it off needs a fresh code as well.
    const off = await server.request("/account/two-factor", { cookie: await sessionCookieFor(user.id), form: { intent: "disable", code: codeFor(secret, base + 1) } });
    expect(off.status).toBe(400);
  });

  it("two sign-ins racing with one code: exactly one succeeds", async () => {
    const user = await makeUser();
    const base = stepNow();
    const { secret } = await enrol(await sessionCookieFor(user.id), base);
    const cookies = await Promise.all(
      [0, 1].map(async () => sessionCookieFrom(await server.request("/login", { form: { email: user.email, password: TEST_PASSWORD } }))!),
    );
    const statuses = await Promise.all(cookies.map((cookie) => server.request("/login/two-factor", { cookie, form: { code: codeFor(secret, base + 1) } }).then((r) => r.status)));
    expect(statuses.sort()).toEqual([302, 400]);
  });

  it("five wrong codes end the waiting session", async () => {
    const user = await makeUser();
    await enrol(await sessionCookieFor(user.id));
    const pending = sessionCookieFrom(await server.request("/login", { form: { email: user.email, password: TEST_PASSWORD } }))!;
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await server.request("/login/two-factor", { cookie: pending, form: { code: "111111" } })).status);
    expect(statuses.slice(0, 5)).toEqual([400, 400, 400, 400, 400]);
    expect(statuses[5]).toBe(302);
    expect((await server.request("/login/two-factor", { cookie: pending })).status).toBe(302);
  });

  it("the app role cannot read TOTP secrets or recovery codes", async () => {
    await expect(withPlatform({}, (tx) => sql`select totp_secret from app_user limit 1`.execute(tx))).rejects.toThrow(/permission denied/);
    await expect(withPlatform({}, (tx) => sql`select code_hash from recovery_code limit 1`.execute(tx))).rejects.toThrow(/permission denied/);
  });
});
