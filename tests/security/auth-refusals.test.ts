import { describe, expect, it } from "vitest";
import { requestPasswordReset, resetPassword } from "#app/auth/password-reset.server";
import { LIMITS } from "#app/auth/rate-limit.server";
import { confirmSignup, signUp } from "#app/auth/signup.server";
import { verifyLoginCode } from "#app/auth/two-factor.server";
import { generateToken } from "#app/lib/tokens.server";
import { useTestDatabase } from "#tests/support/db";
import { uniqueEmail } from "#tests/support/factories";
import { expectDomainError } from "#tests/support/houses";
import { emailsTo, tokenIn } from "#tests/integration/helpers";

/**
 * Sign-in, two-step sign-in, password reset and sign-up refuse the one way: a DomainError
 * with the kind that decides the status, the message, the field and, for links, the
 * detail the page chooses its words by. Refusals that must leave a trace (a spent link, a
 * counted attempt) commit it before the throw.
 */
useTestDatabase();

const meta = (ip: string) => ({ requestId: null, ip, userAgent: "vitest" });
const signupForm = (email: string) => ({
  name: "Alex Rivera",
  email,
  password: "a long unusual passphrase",
  orgName: "Sunrise Homes",
  timeZone: "America/Chicago",
  currency: "USD",
});

describe("auth refusals are DomainErrors", () => {
  it("a sign-up link: unknown (404), then, once the address has an account, exists (409) and the link is spent (410)", async () => {
    await expectDomainError(confirmSignup(generateToken(), meta("192.0.2.10")), "not_found", { field: null, message: "This link isn't valid." });
    const email = uniqueEmail("twice");
    await signUp(signupForm(email), meta("192.0.2.11"));
    await signUp(signupForm(email), meta("192.0.2.12"));
    const [second, first] = (await emailsTo(email)).map((m) => tokenIn(m.text, /\/signup\/confirm\?token=([a-z2-7]{32})\b/));
    expect((await confirmSignup(first!, meta("192.0.2.11"))).orgSlug).toMatch(/^sunrise-homes/);
    const exists = await expectDomainError(confirmSignup(second!, meta("192.0.2.12")), "conflict", { field: null });
    expect(exists.detail).toBe("exists");
    const used = await expectDomainError(confirmSignup(second!, meta("192.0.2.12")), "gone", { message: "This link has already been used." });
    expect(used.detail).toBe("used");
  });

  it("sign-up: a breached password is refused on its field; past the network's limit, rate_limited", async () => {
    await expectDomainError(signUp({ ...signupForm(uniqueEmail("weak")), password: "qwertyuiop1" }, meta("192.0.2.20")), "invalid", {
      field: "password",
    });
    for (let i = 1; i < LIMITS.signupPerIp.max; i++) await signUp(signupForm(uniqueEmail("many")), meta("192.0.2.20"));
    await expectDomainError(signUp(signupForm(uniqueEmail("many")), meta("192.0.2.20")), "rate_limited", {
      field: null,
      message: "Too many sign-ups from this network. Try again later.",
    });
  });

  it("a reset link that is not one is not_found with detail unknown; too many requests from one address are rate_limited", async () => {
    const unknown = await expectDomainError(resetPassword({ token: generateToken(), password: "a long unusual passphrase" }, meta("192.0.2.30")), "not_found");
    expect(unknown.detail).toBe("unknown");
    for (let i = 0; i < LIMITS.resetPerIp.max; i++) await requestPasswordReset(uniqueEmail("reset"), meta("192.0.2.31"));
    await expectDomainError(requestPasswordReset(uniqueEmail("reset"), meta("192.0.2.31")), "rate_limited", {
      field: null,
      message: /^Too many reset requests\. Try again in \d+ minutes?\.$/,
    });
  });

  it("a code with no sign-in waiting for it is gone: start again with the password", async () => {
    const gone = await expectDomainError(verifyLoginCode({ token: generateToken(), code: "123456", remember: false }, meta("192.0.2.40")), "gone");
    expect(gone.detail).toBe("start_again");
  });
});
