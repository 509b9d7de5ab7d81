import { beforeEach, describe, expect, it } from "vitest";
import { login, LOGIN_REFUSED, loginDelayMs, NOTIFY_OWNER_AT, SLOWDOWN_AFTER } from "#app/auth/login.server";
import { breachedPasswordProblem } from "#app/auth/password.server";
import { isRepetitive, passwordProblem } from "#app/auth/password-policy";
import { DEMO_PASSWORD } from "#app/auth/demo-password";
import { LIMITS } from "#app/auth/rate-limit.server";
import { useTestServer } from "#tests/support/app";
import { useTestDatabase } from "#tests/support/db";
import { makeUser, TEST_PASSWORD, uniqueEmail } from "#tests/support/factories";
import { emailsTo } from "#tests/integration/helpers";
import { expectDomainError } from "#tests/support/houses";

const t = useTestDatabase();
const server = useTestServer();

beforeEach(async () => {
  await t.db.deleteFrom("rate_limit").execute();
});

const meta = (ip: string) => ({ requestId: null, ip, userAgent: "vitest" });
/** A sign-in expected to be refused as a wrong email or password (400, on the form). */
const wrong = (p: Promise<unknown>) => expectDomainError(p, "invalid", { field: null, message: LOGIN_REFUSED });
/** A sign-in expected to be refused by a rate limit (429). */
const limited = (p: Promise<unknown>) => expectDomainError(p, "rate_limited", { field: null, message: /^Too many sign-in attempts\. Try again in \d+ minutes?, or reset your password\.$/ });

/** Records the waits login() asks for instead of sleeping through them. */
function recorder() {
  const waits: number[] = [];
  return { waits, wait: async (ms: number) => void waits.push(ms) };
}

describe("sign-in limits cannot lock the owner out", () => {
  it("a stranger's failures from another address do not block the owner's correct password", async () => {
    const user = await makeUser();
    const r = recorder();
    for (let i = 0; i < LIMITS.loginFailuresPerAccountIp.max + 4; i++) {
      const attempt = login({ email: user.email, password: `wrong-${i}` }, meta("203.0.113.7"), r);
      await (i < LIMITS.loginFailuresPerAccountIp.max ? wrong(attempt) : limited(attempt));
    }
    // The attacker's own address is now refused…
    await limited(login({ email: user.email, password: TEST_PASSWORD }, meta("203.0.113.7"), r));
    // …the owner, elsewhere, signs in (after a bounded wait).
    const owner = recorder();
    const ok = await login({ email: user.email, password: TEST_PASSWORD }, meta("198.51.100.20"), owner);
    expect(ok.userId).toBe(user.id);
    expect(owner.waits.length).toBe(1);
    expect(owner.waits[0]).toBeLessThanOrEqual(8000);
  });

  it("the hard limit is per (account, address): 8 failures, then 429 for that pair only", async () => {
    const user = await makeUser();
    const other = await makeUser();
    const r = recorder();
    for (let i = 0; i < LIMITS.loginFailuresPerAccountIp.max; i++) {
      await wrong(login({ email: user.email, password: "nope" }, meta("192.0.2.1"), r));
    }
    await limited(login({ email: user.email, password: "nope" }, meta("192.0.2.1"), r));
    // Another account from the same address is not affected.
    expect((await login({ email: other.email, password: TEST_PASSWORD }, meta("192.0.2.1"), r)).userId).toBe(other.id);
  });

  it("progressive delays per account: none at first, then doubling, capped", async () => {
    expect([0, SLOWDOWN_AFTER - 1].map(loginDelayMs)).toEqual([0, 0]);
    expect(loginDelayMs(SLOWDOWN_AFTER)).toBe(250);
    expect(loginDelayMs(SLOWDOWN_AFTER + 1)).toBe(500);
    expect(loginDelayMs(100)).toBe(8000);
    const user = await makeUser();
    const r = recorder();
    // Failures spread over many addresses still slow the account down.
    for (let i = 0; i < SLOWDOWN_AFTER + 2; i++) await wrong(login({ email: user.email, password: "nope" }, meta(`10.0.0.${i + 1}`), r));
    expect(r.waits).toEqual([250, 500]);
  });

  it("emails the account owner once when the account sees many failures", async () => {
    const user = await makeUser();
    const r = recorder();
    for (let i = 0; i < NOTIFY_OWNER_AT + 2; i++) await wrong(login({ email: user.email, password: "nope" }, meta(`10.1.${i}.1`), r));
    const mails = (await emailsTo(user.email)).filter((m) => m.subject.includes("failed sign-in attempts"));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).not.toMatch(/recovery|sober|residen/i);
  });

  it("successful sign-ins never count against the per-address limit (a house shares one Wi-Fi address)", async () => {
    const house = "198.51.100.99";
    const r = recorder();
    const residents = await Promise.all(Array.from({ length: 6 }, () => makeUser()));
    // People of one house signing in again and again from the same address.
    for (let round = 0; round < 2; round++) {
      for (const u of residents) expect((await login({ email: u.email, password: TEST_PASSWORD }, meta(house), r)).userId).toBe(u.id);
    }
    const row = await t.db.selectFrom("rate_limit").select("hits").where("key", "=", `login:ip:${house}`).executeTakeFirst();
    expect(row).toBeUndefined();
  }, 60_000);

  it("failures per address are still limited", async () => {
    const r = recorder();
    const ip = "192.0.2.200";
    for (let i = 0; i < LIMITS.loginFailuresPerIp.max; i++) await wrong(login({ email: uniqueEmail("spray"), password: "nope" }, meta(ip), r));
    const user = await makeUser();
    await limited(login({ email: user.email, password: TEST_PASSWORD }, meta(ip), r));
  });
});

describe("enumeration: the same answer and the same work", () => {
  it("failed sign-in writes the same rows for a known and an unknown email", async () => {
    const user = await makeUser();
    const unknown = uniqueEmail("ghost");
    const r = recorder();
    const countRows = async () => ({
      audit: Number((await t.db.selectFrom("audit_event").select((eb) => eb.fn.countAll().as("n")).where("action", "=", "auth.login_failed").executeTakeFirstOrThrow()).n),
      limits: Number((await t.db.selectFrom("rate_limit").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n),
    });
    const before = await countRows();
    await wrong(login({ email: user.email, password: "nope" }, meta("192.0.2.50"), r));
    const afterKnown = await countRows();
    await wrong(login({ email: unknown, password: "nope" }, meta("192.0.2.51"), r));
    const afterUnknown = await countRows();
    expect(afterKnown.audit - before.audit).toBe(afterUnknown.audit - afterKnown.audit);
    expect(afterKnown.limits - before.limits).toBe(afterUnknown.limits - afterKnown.limits);
  });

  it("sign-in over HTTP: same status and body for a wrong password and an unknown email", async () => {
    const user = await makeUser();
    const blank = (html: string) => html.replace(/nonce="[^"]*"/g, "").replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "");
    const ghost = user.email.replace("@", "x@");
    const a = await server.request("/login", { form: { email: user.email, password: "wrong password" } });
    const b = await server.request("/login", { form: { email: ghost, password: "wrong password" } });
    expect(a.status).toBe(400);
    expect(b.status).toBe(400);
    // Identical but for the address typed, which the form echoes back.
    expect(blank(await a.text()).replaceAll(user.email, "E")).toBe(blank(await b.text()).replaceAll(ghost, "E"));
  });
});

describe("password policy", () => {
  it("rejects passwords from the breached list (offline)", async () => {
    for (const p of ["iloveyou2", "football1", "qwertyuiop1", "trustno1"]) expect(await breachedPasswordProblem(p), p).toMatch(/leaked/);
    expect(await breachedPasswordProblem("lanterns over the quiet harbour")).toBeNull();
  });

  it("rejects trivially repetitive passwords", () => {
    for (const p of ["aaaaaaaaaa", "abababababab", "abcabcabcabc", "12121212", "abcdefghij", "98765432", "xyxyxyxyy"]) {
      expect(isRepetitive(p), p).toBe(true);
      expect(passwordProblem(p), p).toBeTruthy();
    }
    expect(isRepetitive("lantern orchard pebble")).toBe(false);
  });

  it("rejects the published demo password for any account set through a form", async () => {
    expect(passwordProblem(DEMO_PASSWORD)).toMatch(/demo password/);
    const res = await server.request("/signup", {
      form: { name: "Alex", email: uniqueEmail("demo"), password: DEMO_PASSWORD, orgName: "Demo Org", timeZone: "America/Chicago", currency: "USD" },
    });
    expect(res.status).toBe(400);
  });

  it("sign-up refuses a breached password with a field message and writes nothing", async () => {
    const email = uniqueEmail("breach");
    const res = await server.request("/signup", {
      form: { name: "Alex", email, password: "sunshine1", orgName: "Breach Org", timeZone: "America/Chicago", currency: "USD" },
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("leaked passwords");
    expect(await emailsTo(email)).toHaveLength(0);
  });
});
