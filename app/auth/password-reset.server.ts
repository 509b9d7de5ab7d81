import { sql } from "kysely";
import { config } from "#app/config.server";
import { setTenantUser, withPlatform, type Tx } from "#app/db/tenant.server";
import { audit } from "#app/domain/audit/audit.server";
import { normalizeEmail } from "#app/domain/orgs/orgs.server";
import { enqueueEmail } from "#app/domain/outbox/outbox.server";
import { clearHits, hit, LIMITS } from "#app/auth/rate-limit.server";
import { logger } from "#app/lib/logger.server";
import { writePasswordHash } from "./credentials.server";
import { hashPassword, breachedPasswordProblem } from "./password.server";
import { passwordProblem } from "./password-policy";
import { openSession, sessionCookieExpiry } from "./session.server";
import { generateToken, hashToken, isWellFormedToken } from "#app/lib/tokens.server";

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
 * owner's inbox with working links. Per IP: 429.
 */
export async function requestPasswordReset(
  emailInput: string,
  meta: Meta,
): Promise<{ ok: true } | { ok: false; retryAfterSeconds: number }> {
  const email = normalizeEmail(emailInput);
  const result = await withPlatform(meta, async (tx) => {
    const byIp = await hit(tx, `reset:ip:${meta.ip ?? "unknown"}`, LIMITS.resetPerIp);
    const byEmailIp = await hit(tx, `reset:email-ip:${email}|${meta.ip ?? "unknown"}`, LIMITS.resetPerEmailIp);
    const byEmail = await hit(tx, `reset:email:${email}`, LIMITS.resetPerEmail);
    const limited = !byIp.allowed ? byIp : !byEmailIp.allowed ? byEmailIp : null;
    if (limited) return { ok: false as const, retryAfterSeconds: limited.retryAfterSeconds };
    if (byEmail.allowed) await issueResetToken(tx, email);
    return { ok: true as const };
  });
  if (!result.ok) logger().warn({ requestId: meta.requestId, ip: meta.ip }, "password reset rate limit hit");
  return result;
}

async function issueResetToken(tx: Tx, email: string) {
  const token = generateToken();
  const issued = await tx
    .insertInto("password_reset_token")
    .columns(["id", "user_id", "expires_at"])
    .expression((eb) =>
      eb
        .selectFrom("app_user")
        .select([
          sql<string>`${hashToken(token)}`.as("id"),
          "id as user_id",
          sql<Date>`${new Date(Date.now() + RESET_TTL_MS)}::timestamptz`.as("expires_at"),
        ])
        .where(sql`lower(email)`, "=", email)
        .where("disabled_at", "is", null),
    )
    .returning("user_id")
    .executeTakeFirst();
  await audit(tx, "auth.password_reset_requested", issued ? { type: "user", id: issued.user_id } : null);
  const origin = config().appUrl.origin;
  await enqueueEmail(
    tx,
    issued
      ? {
          to: email,
          subject: "Reset your Hearth password",
          text: [
            "Hello,",
            "",
            "Someone asked to reset the password for your Hearth account. To choose a new password, open this link:",
            `${origin}/reset-password?token=${token}`,
            "",
            "The link works once and expires in one hour. If you didn't ask for this, you can ignore this email: your password stays the same.",
            "",
            "— Hearth",
          ].join("\n"),
        }
      : {
          to: email,
          subject: "Reset your Hearth password",
          text: [
            "Hello,",
            "",
            "Someone asked to reset a Hearth password for this email address, but no Hearth account uses it.",
            "If it was you, perhaps you signed up with another address. If it wasn't, you can ignore this email.",
            "",
            "— Hearth",
          ].join("\n"),
        },
  );
}

export type ResetTokenStatus = "valid" | "unknown" | "expired" | "used";

/** Look a reset token up without changing anything. */
export async function findResetToken(tx: Tx, token: string) {
  if (!isWellFormedToken(token)) return { status: "unknown" as const };
  const row = await tx
    .selectFrom("password_reset_token as t")
    .innerJoin("app_user as u", "u.id", "t.user_id")
    .select(["t.user_id as userId", "t.expires_at as expiresAt", "t.used_at as usedAt", "u.email", "u.name", "u.disabled_at as disabledAt"])
    .where("t.id", "=", hashToken(token))
    .executeTakeFirst();
  if (!row || row.disabledAt) return { status: "unknown" as const };
  if (row.usedAt) return { status: "used" as const };
  if (row.expiresAt.getTime() <= Date.now()) return { status: "expired" as const };
  return { status: "valid" as const, userId: row.userId, email: row.email, name: row.name };
}

export async function checkResetToken(token: string, meta: Meta): Promise<ResetTokenStatus> {
  return (await withPlatform(meta, (tx) => findResetToken(tx, token))).status;
}

export type ResetResult =
  | { ok: true; sessionToken: string; expiresAt: Date | null; twoFactorPending: boolean }
  | { ok: false; reason: "token"; status: Exclude<ResetTokenStatus, "valid"> }
  | { ok: false; reason: "password"; message: string };

/**
 * Set a new password from a reset link: the token is claimed once (a concurrent second
 * use finds it spent), every session of the user ends, and the user is signed in with
 * a fresh one. The argon2 hash is computed before the transaction opens.
 */
export async function resetPassword(input: { token: string; password: string }, meta: Meta): Promise<ResetResult> {
  const found = await withPlatform(meta, (tx) => findResetToken(tx, input.token));
  if (found.status !== "valid") return { ok: false, reason: "token", status: found.status };
  const problem =
    passwordProblem(input.password, { email: found.email, name: found.name }) ?? (await breachedPasswordProblem(input.password));
  if (problem) return { ok: false, reason: "password", message: problem };
  const passwordHash = await hashPassword(input.password);

  return withPlatform({ ...meta, userId: found.userId }, async (tx) => {
    const claimed = await tx
      .updateTable("password_reset_token")
      .set({ used_at: sql<Date>`now()` })
      .where("id", "=", hashToken(input.token))
      .where("used_at", "is", null)
      .where("expires_at", ">", sql<Date>`now()`)
      .returning(["user_id"])
      .executeTakeFirst();
    if (!claimed) return { ok: false as const, reason: "token" as const, status: "used" as const };
    await setTenantUser(tx, claimed.user_id);
    await writePasswordHash(tx, claimed.user_id, passwordHash);
    // Any other outstanding links for this account die with this one.
    await tx
      .updateTable("password_reset_token")
      .set({ used_at: sql<Date>`now()` })
      .where("user_id", "=", claimed.user_id)
      .where("used_at", "is", null)
      .execute();
    const ended = await tx.deleteFrom("user_session").where("user_id", "=", claimed.user_id).returning("id").execute();
    await clearHits(tx, `login:email:${normalizeEmail(found.email)}`);
    await audit(tx, "auth.password_reset_completed", { type: "user", id: claimed.user_id }, { sessionsEnded: ended.length });
    // A reset link proves the mailbox, not the second factor: with two-factor sign-in on,
    // the new session still waits for a code.
    const { token, session, twoFactorPending } = await openSession(tx, claimed.user_id, meta);
    if (!twoFactorPending) await audit(tx, "auth.login", { type: "user", id: claimed.user_id }, { via: "password_reset" });
    return { ok: true as const, sessionToken: token, expiresAt: sessionCookieExpiry(session), twoFactorPending };
  });
}
