import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { hashToken } from "#app/lib/tokens.server";
import { useTestServer } from "#tests/support/app";
import { useTestDatabase } from "#tests/support/db";
import { makeOrg, makeUser, sessionCookieFor, TEST_PASSWORD, uniqueEmail } from "#tests/support/factories";
import { latestEmailTo, tokenIn } from "#tests/integration/helpers";

const t = useTestDatabase();
const server = useTestServer();

function cookieFrom(res: Response): string | null {
  const raw = res.headers.get("set-cookie");
  const m = raw?.match(/(hearth_session=[^;]*)/);
  return m ? m[1]! : null;
}
const count = async (table: "app_user" | "org" | "user_session" | "audit_event") =>
  Number((await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(t.db)).rows[0]!.n);

describe("CSRF: same-origin check on every non-GET", () => {
  it("rejects a cross-site POST (login included) and writes nothing", async () => {
    const before = await count("user_session");
    const user = await makeUser();
    for (const origin of ["https://evil.example", "null"]) {
      const res = await server.request("/login", { form: { email: user.email, password: TEST_PASSWORD }, headers: { origin } });
      expect(res.status).toBe(403);
    }
    const res = await server.request("/login", {
      form: { email: user.email, password: TEST_PASSWORD },
      headers: { origin: server.url, "sec-fetch-site": "cross-site" },
    });
    expect(res.status).toBe(403);
    expect(await count("user_session")).toBe(before);
  });

  it("rejects a POST with neither Origin nor Referer, accepts a same-origin Referer", async () => {
    const user = await makeUser();
    const noOrigin = await fetch(`${server.url}/login`, {
      method: "POST",
      body: new URLSearchParams({ email: user.email, password: TEST_PASSWORD }),
      redirect: "manual",
    });
    expect(noOrigin.status).toBe(403);
    const withReferer = await fetch(`${server.url}/login`, {
      method: "POST",
      headers: { referer: `${server.url}/login` },
      body: new URLSearchParams({ email: user.email, password: TEST_PASSWORD }),
      redirect: "manual",
    });
    expect(withReferer.status).toBe(302);
  });
});

describe("headers", () => {
  it("sends security headers and a per-request CSP nonce that matches the page's scripts", async () => {
    const a = await server.request("/login");
    const b = await server.request("/login");
    const csp = a.headers.get("content-security-policy")!;
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    const nonce = csp.match(/'nonce-([^']+)'/)![1]!;
    expect(b.headers.get("content-security-policy")).not.toContain(nonce);
    const html = await a.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    expect(a.headers.get("x-content-type-options")).toBe("nosniff");
    expect(a.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(a.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.headers.get("x-powered-by")).toBeNull();
  });

  it("ignores a client-supplied request id", async () => {
    const res = await server.request("/healthz", { headers: { "x-request-id": "forged", "x-hearth-client-ip": "1.2.3.4" } });
    expect(res.headers.get("x-request-id")).not.toBe("forged");
  });

  it("authenticated pages are not cached", async () => {
    const org = await makeOrg();
    const user = await makeUser({ orgId: org.id, role: "owner" });
    const res = await server.request(`/o/${org.slug}`, { cookie: await sessionCookieFor(user.id) });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
  });
});

describe("sessions", () => {
  it("login issues a new token (no fixation) and ends the session the browser had", async () => {
    const user = await makeUser();
    const old = await sessionCookieFor(user.id);
    const res = await server.request("/login", { form: { email: user.email, password: TEST_PASSWORD }, cookie: old });
    expect(res.status).toBe(302);
    const fresh = cookieFrom(res)!;
    expect(fresh).toBeTruthy();
    expect(fresh).not.toBe(old);
    const oldId = hashToken(old.split("=")[1]!);
    expect(await t.db.selectFrom("user_session").select("id").where("id", "=", oldId).executeTakeFirst()).toBeUndefined();
    const cookieHeader = res.headers.get("set-cookie")!;
    expect(cookieHeader).toMatch(/HttpOnly/);
    expect(cookieHeader).toMatch(/SameSite=Lax/);
  });

  it("logout deletes the session on the server and clears site data", async () => {
    const org = await makeOrg();
    const user = await makeUser({ orgId: org.id, role: "admin" });
    const cookie = await sessionCookieFor(user.id);
    expect((await server.request(`/o/${org.slug}`, { cookie })).status).toBe(200);
    const out = await server.request("/logout", { method: "POST", cookie });
    expect(out.status).toBe(302);
    expect(out.headers.get("clear-site-data")).toContain("cookies");
    const after = await server.request(`/o/${org.slug}`, { cookie });
    expect(after.status).toBe(302);
    expect(after.headers.get("location")).toMatch(/^\/login/);
  });

  it("an expired or idle session is refused and removed", async () => {
    const org = await makeOrg();
    const user = await makeUser({ orgId: org.id, role: "owner" });
    const cookie = await sessionCookieFor(user.id);
    const id = hashToken(cookie.split("=")[1]!);
    await t.db.updateTable("user_session").set({ last_seen_at: new Date(Date.now() - 15 * 24 * 3600 * 1000) }).where("id", "=", id).execute();
    expect((await server.request(`/o/${org.slug}`, { cookie })).status).toBe(302);
    expect(await t.db.selectFrom("user_session").select("id").where("id", "=", id).executeTakeFirst()).toBeUndefined();
  });

  it("a session's last-seen time moves at most once a minute (no write on every request)", async () => {
    const org = await makeOrg();
    const user = await makeUser({ orgId: org.id, role: "owner" });
    const cookie = await sessionCookieFor(user.id);
    const id = hashToken(cookie.split("=")[1]!);
    const lastSeen = async () =>
      (await t.db.selectFrom("user_session").select("last_seen_at").where("id", "=", id).executeTakeFirstOrThrow()).last_seen_at.getTime();
    const tenMinutesAgo = new Date(Date.now() - 20 * 1000);
    await t.db.updateTable("user_session").set({ last_seen_at: tenMinutesAgo }).where("id", "=", id).execute();
    const page = await server.request(`/o/${org.slug}`, { cookie });
    expect(page.status).toBe(200);
    expect(await lastSeen()).toBe(tenMinutesAgo.getTime());
    const overAnHourAgo = new Date(Date.now() - 3 * 60 * 1000);
    await t.db.updateTable("user_session").set({ last_seen_at: overAnHourAgo }).where("id", "=", id).execute();
    expect((await server.request(`/o/${org.slug}`, { cookie })).status).toBe(200);
    expect(await lastSeen()).toBeGreaterThan(Date.now() - 60 * 1000);
  });

  it("a session has a fixed end: no sliding renewal past its absolute cap", async () => {
    const org = await makeOrg();
    const user = await makeUser({ orgId: org.id, role: "owner" });
    const cookie = await sessionCookieFor(user.id);
    const id = hashToken(cookie.split("=")[1]!);
    const soon = new Date(Date.now() + 60 * 1000);
    await t.db.updateTable("user_session").set({ expires_at: soon }).where("id", "=", id).execute();
    expect((await server.request(`/o/${org.slug}`, { cookie })).status).toBe(200);
    const row = await t.db.selectFrom("user_session").select("expires_at").where("id", "=", id).executeTakeFirstOrThrow();
    expect(row.expires_at.getTime()).toBe(soon.getTime());
  });
});

describe("login", () => {
  it("wrong password and unknown email get the same answer", async () => {
    const user = await makeUser();
    const wrong = await server.request("/login", { form: { email: user.email, password: "not the password" } });
    const unknown = await server.request("/login", { form: { email: uniqueEmail("ghost"), password: "not the password" } });
    expect(wrong.status).toBe(400);
    expect(unknown.status).toBe(400);
    const msg = "That email and password don&#x27;t match an account.";
    expect(await wrong.text()).toContain(msg);
    expect(await unknown.text()).toContain(msg);
  });

  it("is rate limited per email, and the limit answers 429 without creating a session", async () => {
    const user = await makeUser();
    const statuses: number[] = [];
    for (let i = 0; i < 9; i++) {
      statuses.push((await server.request("/login", { form: { email: user.email, password: `wrong-${i}` } })).status);
    }
    expect(statuses.slice(0, 8).every((s) => s === 400)).toBe(true);
    expect(statuses[8]).toBe(429);
    const blocked = await server.request("/login", { form: { email: user.email, password: TEST_PASSWORD } });
    expect(blocked.status).toBe(429);
    expect(await t.db.selectFrom("user_session").select("id").where("user_id", "=", user.id).execute()).toEqual([]);
  });

  it("bad input is a 400 with a message, never a 500", async () => {
    const cases: Record<string, string>[] = [
      {},
      { email: "" },
      { email: "x".repeat(5000), password: "y" },
      { email: "a@b.co", password: "p".repeat(10_000) },
      { email: "ünïcødé@example.test", password: "\u0000\u202e" },
      { email: "a@b.co", password: "x", extra: "field" },
    ];
    for (const form of cases) {
      const res = await server.request("/login", { form });
      expect(res.status, JSON.stringify(form).slice(0, 80)).toBe(400);
    }
  });
});

describe("sign-up", () => {
  const valid = () => ({
    name: "Alex Rivera",
    email: uniqueEmail("signup"),
    password: "a long unusual passphrase",
    orgName: "Sunrise Homes",
    timeZone: "America/Chicago",
    currency: "USD",
  });

  it("asks to confirm the email, then creates a user, an operator org and an owner membership, and signs in", async () => {
    const form = valid();
    const [users, orgs] = [await count("app_user"), await count("org")];
    const res = await server.request("/signup", { form });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Check your email");
    expect([await count("app_user"), await count("org")]).toEqual([users, orgs]);
    const message = await latestEmailTo(form.email);
    const token = tokenIn(message.text, /\/signup\/confirm\?token=([a-z2-7]{32})\b/);
    const page = await server.request(`/signup/confirm?token=${token}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Create my account");
    expect([await count("app_user"), await count("org")]).toEqual([users, orgs]);
    const done = await server.request(`/signup/confirm?token=${token}`, { method: "POST" });
    expect(done.status).toBe(302);
    expect(done.headers.get("location")).toMatch(/^\/o\/sunrise-homes/);
    const cookie = cookieFrom(done)!;
    // New orgs ask owners and admins for two-step sign-in: the new owner is sent to set it up first.
    const home = await server.request(done.headers.get("location")!, { cookie });
    expect(home.status).toBe(302);
    expect(home.headers.get("location")).toBe("/account/two-factor?required=sunrise-homes");
    const org = await t.db.selectFrom("org").select("require_two_factor").where("slug", "=", done.headers.get("location")!.split("/")[2]!).executeTakeFirstOrThrow();
    expect(org.require_two_factor).toBe(true);
    // The link works once.
    expect((await server.request(`/signup/confirm?token=${token}`, { method: "POST" })).status).toBe(410);
  });

  it("answers an existing email exactly as a new one (same status and body), creates nothing, and tells the owner", async () => {
    const existing = await makeUser();
    const [users, orgs] = [await count("app_user"), await count("org")];
    const fresh = await server.request("/signup", { form: valid() });
    const dup = await server.request("/signup", { form: { ...valid(), email: existing.email.toUpperCase() } });
    expect(dup.status).toBe(fresh.status);
    const blank = (html: string) => html.replace(/nonce="[^"]*"/g, "").replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "");
    expect(blank(await dup.text())).toBe(blank(await fresh.text()));
    expect([await count("app_user"), await count("org")]).toEqual([users, orgs]);
    const notice = await latestEmailTo(existing.email);
    expect(notice.subject).toContain("Someone tried to create a Hearth account");
    expect(notice.text).not.toMatch(/signup\/confirm/);
  });

  it("invalid fields answer 400 with field messages and write nothing", async () => {
    const [users, orgs] = [await count("app_user"), await count("org")];
    for (const patch of [
      { password: "short" },
      { password: "password123" },
      { timeZone: "Mars/Olympus" },
      { currency: "XYZ" },
      { orgName: "" },
      { email: "not-an-email" },
      { name: "n".repeat(500) },
    ]) {
      const res = await server.request("/signup", { form: { ...valid(), ...patch } });
      expect(res.status, JSON.stringify(patch)).toBe(400);
    }
    expect([await count("app_user"), await count("org")]).toEqual([users, orgs]);
  });

  it("a NUL byte (or another control character) in a name answers 400 with a clear message, not a 500", async () => {
    const [users, orgs] = [await count("app_user"), await count("org")];
    for (const patch of [{ name: "Alex\u0000Rivera" }, { orgName: "Sunrise\u0000Homes" }, { orgName: "Sunrise\u001bHomes" }]) {
      const res = await server.request("/signup", { form: { ...valid(), ...patch } });
      expect(res.status, JSON.stringify(patch)).toBe(400);
      expect(await res.text()).toContain("Remove the invisible control characters from this text.");
    }
    expect([await count("app_user"), await count("org")]).toEqual([users, orgs]);
  });
});

describe("malformed addresses", () => {
  it.each([
    ["a NUL byte in the path", "/apply/%00riverside"],
    ["invalid UTF-8 in the path", "/o/%ED%A0%80/houses"],
    ["a broken percent-escape", "/o/%ZZ"],
    ["a NUL byte in a query value", "/login?redirectTo=%2Fo%00"],
  ])("%s answers 400 with the request id", async (_, url) => {
    const res = await server.request(url);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain(res.headers.get("x-request-id")!);
  });
});

describe("errors", () => {
  it("unknown pages answer a friendly 404", async () => {
    const res = await server.request("/no/such/page");
    expect(res.status).toBe(404);
    expect(await res.text()).toContain("We couldn");
  });

  it("a signed-in member without the permission gets 403", async () => {
    const org = await makeOrg();
    const staff = await makeUser({ orgId: org.id, role: "staff" });
    const res = await server.request(`/o/${org.slug}/audit`, { cookie: await sessionCookieFor(staff.id) });
    expect(res.status).toBe(403);
  });

  it("the audit page rejects malformed filters with 400", async () => {
    const org = await makeOrg();
    const owner = await makeUser({ orgId: org.id, role: "owner" });
    const cookie = await sessionCookieFor(owner.id);
    for (const q of ["from=2026-13-45", "actor=not-a-uuid", "cursor=%%%", "unknown=1"]) {
      expect((await server.request(`/o/${org.slug}/audit?${q}`, { cookie })).status, q).toBe(400);
    }
    expect((await server.request(`/o/${org.slug}/audit?from=2026-01-01&to=2026-12-31`, { cookie })).status).toBe(200);
  });
});

describe("settings", () => {
  it("shows operators their public application link, and certifiers none", async () => {
    const op = await makeOrg();
    const owner = await makeUser({ orgId: op.id, role: "owner" });
    const page = await (await server.request(`/o/${op.slug}/settings`, { cookie: await sessionCookieFor(owner.id) })).text();
    expect(page).toContain(`/apply/${op.slug}`);
    const cert = await makeOrg({ kind: "certifier" });
    const admin = await makeUser({ orgId: cert.id, role: "certifier_admin" });
    const certPage = await server.request(`/o/${cert.slug}/settings`, { cookie: await sessionCookieFor(admin.id) });
    expect(certPage.status).toBe(200);
    expect(await certPage.text()).not.toContain("/apply/");
  });
});
