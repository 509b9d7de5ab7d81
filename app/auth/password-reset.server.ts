import { sql } from "kysely";
import { config } from "#app/config.server";
import { setTenantUser, withPlatform, type Tx } from "#app/db/tenant.server";
import { audit } from "#app/domain/audit/audit.server";
import { normalizeEmail } from "#app/domain/orgs/orgs.server";
import { clearHits, hit, LIMITS } from "#app/auth/rate-limit.server";
import { logger } from "#app/lib/logger.server";
import { setPassword } from "./credentials.server";
import { hashPassword, breachedPasswordProblem } from "./password.server";
import { passwordProblem } from "./password-policy";
import { openSession, sessionCookieExpiry } from "./session.server";
import { isWellFormedToken } from "#app/lib/tokens.server";
import { DomainError } from "#app/domain/errors.server";

export const RESET_TTL_MS = 60 * 60 * 1000;

type Meta = { requestId: string | null; ip: string | null; userAgent: string | null };

/**
 * Queue a reset link if the email has an (enabled) account. The caller shows the same
 * confirmation either way, and the work is the same: one token insert that finds the
 * account itself (and inserts nothing for an unknown address), one audit row, one email
 * (a link, or a note that the address has no account).
 *
 * Limits that cannot lock the owner out: per (address, IP) the form answers 429; per
 * address from anywhere, past the limit, no more emails are sent but the answer stays
 * the same — links already sent keep working, so a stranger's requests only fill the
 * owner's inbox with working links. Per IP: 429 (`rate_limited`, thrown after the
 * counts are committed).
 */
export async function requestPasswordReset(emailInput: string, meta: Meta): Promise<void> {
  const email = normalizeEmail(emailInput);
  const result = await withPlatform(meta, async (tx) => {
    const byIp = await hit(tx, `reset:ip:${meta.ip ?? "unknown"}`, LIMITS.resetPerIp);
    const byEmailIp = await hit(tx, `reset:email-ip:${email}|${meta.ip ?? "unknown"}`, LIMITS.resetPerEmailIp);
    const byEmail = await hit(tx, `reset:email:${email}`, LIMITS.resetPerEmail);
    const limited = !byIp.allowed ? byIp : !byEmailIp.allowed ? byEmailIp : null;
    if (limited) return { retryAfterSeconds: limited.retryAfterSeconds };
    if (byEmail.allowed) await issueResetToken(tx, email);
    return null;
  });
  if (result) {
    logger().warn({ requestId: meta.requestId, ip: meta.ip }, "password reset rate limit hit");
    const minutes = Math.ceil(result.retryAfterSeconds / 60);
    throw new DomainError("rate_limited", `Too many reset requests. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`);
  }
}

/**
 * The database makes the token, stores its hash and queues the email with the link
 * (auth_issue_password_reset, migration 0011): the token never passes through the app, so
 * SQL sent as the app role cannot mint a link for someone else's account.
 */
async function issueResetToken(tx: Tx, email: string) {
  const origin = config().appUrl.origin;
  const withLink = [
    "Hello,",
    "",
    "Someone asked to reset the password for your Hearth account. To choose a new password, open this link:",
    `${origin}/reset-password?token={token}`,
    "",
    "The link works once and expires in one hour. If you didn't ask for this, you can ignore this email: your password stays the same.",
    "",
    "— Hearth",
  ].join("\n");
  const noAccount = [
    "Hello,",
    "",
    "Someone asked to reset a Hearth password for this email address, but no Hearth account uses it.",
    "If it was you, perhaps you signed up with another address. If it wasn't, you can ignore this email.",
    "",
    "— Hearth",
  ].join("\n");
  const { rows } = await sql<{ user_id: string | null }>`
    select auth_issue_password_reset(${email}, ${RESET_TTL_MS / 1000}::int, ${"Reset your Hearth password"}, ${withLink}, ${noAccount}) as user_id`.execute(tx);
  const issued = rows[0]?.user_id ?? null;
  await audit(tx, "auth.password_reset_requested", issued ? { type: "user", id: issued } : null);
}

export type ResetTokenStatus = "valid" | "unknown" | "expired" | "used";

/** Look a reset token up without changing anything. */
export async function findResetToken(tx: Tx, token: string) {
  if (!isWellFormedToken(token)) return { status: "unknown" as const };
  const { rows } = await sql<{ userId: string; email: string; name: string; expiresAt: Date; usedAt: Date | null; disabledAt: Date | null }>`
    select user_id as "userId", email, name, expires_at as "expiresAt", used_at as "usedAt", disabled_at as "disabledAt"
    from auth_password_reset(${token})`.execute(tx);
  const row = rows[0];
  if (!row || row.disabledAt) return { status: "unknown" as const };
  if (row.usedAt) return { status: "used" as const };
  if (row.expiresAt.getTime() <= Date.now()) return { status: "expired" as const };
  return { status: "valid" as const, userId: row.userId, email: row.email, name: row.name };
}

export async function checkResetToken(token: string, meta: Meta): Promise<ResetTokenStatus> {
  return (await withPlatform(meta, (tx) => findResetToken(tx, token))).status;
}

export type ResetDone = { sessionToken: string; expiresAt: Date | null; twoFactorPending: boolean };

/** A link that cannot be used: `not_found` (404) for an unknown one, `gone` (410) for a used or expired one; the detail names which. */
function unusableLink(status: Exclude<ResetTokenStatus, "valid">) {
  return status === "unknown"
    ? new DomainError("not_found", "This reset link isn't valid.", { detail: status })
    : new DomainError("gone", status === "used" ? "This reset link has already been used." : "This reset link has expired.", { detail: status });
}

/**
 * Set a new password from a reset link: the token is claimed once (a concurrent second
 * use finds it spent), every session of the user ends, and the user is signed in with
 * a fresh one. The argon2 hash is computed before the transaction opens. Refusals: an
 * unusable link (see unusableLink), or a password that breaks the policy (`invalid` on
 * the password field).
 */
export async function resetPassword(input: { token: string; password: string }, meta: Meta): Promise<ResetDone> {
  const found = await withPlatform(meta, (tx) => findResetToken(tx, input.token));
  if (found.status !== "valid") throw unusableLink(found.status);
  const problem =
    passwordProblem(input.password, { email: found.email, name: found.name }) ?? (await breachedPasswordProblem(input.password));
  if (problem) throw new DomainError("invalid", problem, { field: "password" });
  const passwordHash = await hashPassword(input.password);

  // The claim below proves the user; the database signs the user context then.
  return withPlatform(meta, async (tx) => {
    // Claims this link and spends every other open one of the account; proves the user.
    const { rows } = await sql<{ user_id: string | null }>`select auth_claim_password_reset(${input.token}) as user_id`.execute(tx);
    const claimed = rows[0]?.user_id ? { user_id: rows[0].user_id } : null;
    if (!claimed) throw unusableLink("used"); // nothing written yet
    await setTenantUser(tx, claimed.user_id);
    await setPassword(tx, claimed.user_id, passwordHash);
    const ended = await tx.deleteFrom("user_session").where("user_id", "=", claimed.user_id).returning("id").execute();
    await clearHits(tx, `login:email:${normalizeEmail(found.email)}`);
    await audit(tx, "auth.password_reset_completed", { type: "user", id: claimed.user_id }, { sessionsEnded: ended.length });
    // A reset link proves the mailbox, not the second factor: with two-factor sign-in on,
    // the new session still waits for a code.
    const { token, session, twoFactorPending } = await openSession(tx, claimed.user_id, meta);
    if (!twoFactorPending) await audit(tx, "auth.login", { type: "user", id: claimed.user_id }, { via: "password_reset" });
    return { sessionToken: token, expiresAt: sessionCookieExpiry(session), twoFactorPending };
  });
}
