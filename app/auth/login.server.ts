import { sql } from "kysely";
import { setTenantUser, withPlatform, type Tx } from "#app/db/tenant.server";
import { audit } from "#app/domain/audit/audit.server";
import { findUserByEmail, normalizeEmail } from "#app/domain/orgs/orgs.server";
import { enqueueEmail } from "#app/domain/outbox/outbox.server";
import { config } from "#app/config.server";
import { clearHits, hit, LIMITS, peek } from "#app/auth/rate-limit.server";
import { logger } from "#app/lib/logger.server";
import { provePassword, readPasswordParams, setPassword } from "./credentials.server";
import { hashPassword, passwordCandidate } from "./password.server";
import { openSession, sessionCookieExpiry } from "./session.server";
import { DomainError } from "#app/domain/errors.server";

import { z } from "zod";

/** The sign-in form. */
export const LoginFormInput = z
  .object({
    email: z.string({ error: "Enter your email address." }).trim().max(254).email("Enter a valid email address."),
    password: z.string({ error: "Enter your password." }).min(1, "Enter your password.").max(256),
    redirectTo: z.string().max(500).optional(),
    remember: z.boolean().optional(),
  })
  .strict();

type Meta = { requestId: string | null; ip: string | null; userAgent: string | null };

export type SignedIn = { token: string; expiresAt: Date | null; userId: string; twoFactorPending: boolean };

/** The one answer to a wrong email or a wrong password (the form shows it above the fields). */
export const LOGIN_REFUSED = "That email and password don't match an account.";

const minutes = (seconds: number) => {
  const m = Math.ceil(seconds / 60);
  return `${m} minute${m === 1 ? "" : "s"}`;
};

/** No account has this id: unknown emails read a password hash for it, as known ones do. */
const NO_USER = "00000000-0000-0000-0000-000000000000";

/** Failed attempts on one account (from anywhere) before sign-in slows down. */
export const SLOWDOWN_AFTER = 5;
/** The owner is emailed once a window when their account reaches this many failures. */
export const NOTIFY_OWNER_AT = 15;
const MAX_DELAY_MS = 8000;

/**
 * The wait before checking a password for an account that has seen `failures` recent
 * failed attempts: none for the first few, then 0.25 s doubling up to 8 s. A wait slows a
 * guesser without ever locking the real person out.
 */
export function loginDelayMs(failures: number): number {
  if (failures < SLOWDOWN_AFTER) return 0;
  return Math.min(MAX_DELAY_MS, 250 * 2 ** (failures - SLOWDOWN_AFTER));
}

const keys = (email: string, ip: string | null) => ({
  ip: `login:ip:${ip ?? "unknown"}`,
  accountIp: `login:account-ip:${email}|${ip ?? "unknown"}`,
  account: `login:account:${email}`,
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Check a password and open a new session (a new token every time: no fixation).
 *
 * Abuse limits that cannot be turned against the account's owner:
 * - hard limit on failures per (account, address): a stranger elsewhere cannot use up
 *   the owner's attempts;
 * - failures per address (successful sign-ins never count, so a house sharing one
 *   Wi-Fi address is never blocked by its own residents signing in);
 * - per account, from anywhere: a growing wait before the check (loginDelayMs), and an
 *   email to the owner when the account sees many failures.
 *
 * Wrong email and wrong password look the same, in message and in work: both read a
 * password hash (a decoy for unknown emails), verify it, count the failure and audit it.
 *
 * Refusals are DomainErrors thrown after the failure has been recorded (committed):
 * `invalid` (400) for a wrong email or password, `rate_limited` (429) past a limit.
 */
export async function login(
  input: { email: string; password: string; previousToken?: string | null; remember?: boolean },
  meta: Meta,
  opts: { wait?: (ms: number) => Promise<void> } = {},
): Promise<SignedIn> {
  const email = normalizeEmail(input.email);
  const k = keys(email, meta.ip);
  const before = await withPlatform(meta, async (tx) => {
    const byIp = await peek(tx, k.ip, LIMITS.loginFailuresPerIp);
    const byAccountIp = await peek(tx, k.accountIp, LIMITS.loginFailuresPerAccountIp);
    const byAccount = await peek(tx, k.account, LIMITS.loginFailuresPerAccount);
    const found = await findUserByEmail(tx, email);
    const usable = found && !found.disabled_at ? found : undefined;
    const params = await readPasswordParams(tx, usable?.id ?? NO_USER);
    return { limited: !byIp.allowed ? byIp : !byAccountIp.allowed ? byAccountIp : null, failures: byAccount.hits, user: usable, params };
  });
  if (before.limited) {
    logger().warn({ requestId: meta.requestId, ip: meta.ip }, "login rate limit hit");
    throw new DomainError("rate_limited", `Too many sign-in attempts. Try again in ${minutes(before.limited.retryAfterSeconds)}, or reset your password.`);
  }
  const delay = loginDelayMs(before.failures);
  if (delay > 0) await (opts.wait ?? sleep)(delay);

  const user = before.user;
  // The typed password hashed with the stored salt and parameters (a random salt for an
  // unknown email: the same work); the database compares it with the stored hash.
  const { candidate, needsRehash } = await passwordCandidate(user ? before.params : null, input.password);
  const newHash = candidate && needsRehash ? await hashPassword(input.password) : null;
  // No user context until the database has checked the password (it signs it then).
  const result = await withPlatform(meta, async (tx) => {
    if (!(await provePassword(tx, user?.id ?? NO_USER, candidate)) || !user) {
      await recordFailure(tx, k, user);
      return { ok: false as const, reason: "invalid" as const };
    }
    if (newHash) await setPassword(tx, user.id, newHash);
    const { token, session, twoFactorPending } = await openSession(tx, user.id, meta, {
      remember: input.remember,
      previousToken: input.previousToken,
    });
    await clearHits(tx, k.accountIp);
    await clearHits(tx, k.account);
    await setTenantUser(tx, user.id);
    if (!twoFactorPending) await audit(tx, "auth.login", { type: "user", id: user.id });
    return { ok: true as const, token, expiresAt: sessionCookieExpiry(session), userId: user.id, twoFactorPending };
  });
  if (!result.ok) {
    logger().warn({ requestId: meta.requestId, ip: meta.ip }, "failed login");
    throw new DomainError("invalid", LOGIN_REFUSED);
  }
  const { ok: _ok, ...signedIn } = result;
  return signedIn;
}

async function recordFailure(tx: Tx, k: ReturnType<typeof keys>, user: { id: string; email: string } | undefined) {
  await hit(tx, k.ip, LIMITS.loginFailuresPerIp);
  await hit(tx, k.accountIp, LIMITS.loginFailuresPerAccountIp);
  await hit(tx, k.account, LIMITS.loginFailuresPerAccount);
  // The same audit row for unknown emails (no entity): the same work either way.
  await audit(tx, "auth.login_failed", user ? { type: "user", id: user.id } : null);
  const failures = await peek(tx, k.account, LIMITS.loginFailuresPerAccount);
  if (user && failures.hits === NOTIFY_OWNER_AT) {
    const origin = config().appUrl.origin;
    await enqueueEmail(tx, {
      to: user.email,
      subject: "Many failed sign-in attempts on your Hearth account",
      text: [
        "Hello,",
        "",
        `Someone has tried to sign in to your Hearth account with a wrong password ${NOTIFY_OWNER_AT} times in the last hour.`,
        "If that was you, there is nothing to do. If not, your account is safe as long as your password is not known to anyone else;",
        "to be sure, choose a new password and turn on two-step sign-in on your account page:",
        `${origin}/account`,
        "",
        "— Hearth",
      ].join("\n"),
    }, { purpose: "sign_in_alert" });
    await audit(tx, "auth.login_failures_notified", { type: "user", id: user.id }, { failures: NOTIFY_OWNER_AT });
  }
}

/** End a session on the server. Unknown tokens are ignored. */
export async function logout(token: string, meta: Meta) {
  await withPlatform(meta, async (tx) => {
    // Ending a live session by its raw token proves its user (auth_end_session), so the
    // database signs the user's context for the audit entry.
    const { rows } = await sql<{ user_id: string }>`select user_id from auth_end_session(${token})`.execute(tx);
    const removed = rows[0];
    if (removed && (await setTenantUser(tx, removed.user_id, { soft: true }))) {
      await audit(tx, "auth.logout", { type: "user", id: removed.user_id });
    }
  });
}
