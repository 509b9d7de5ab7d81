import { setTenantUser, withPlatform } from "#app/db/tenant.server";
import { audit } from "#app/domain/audit/audit.server";
import { findUserByEmail, normalizeEmail } from "#app/domain/orgs/orgs.server";
import { clearHits, hit, LIMITS } from "#app/lib/rate-limit.server";
import { logger } from "#app/lib/logger.server";
import { readPasswordHash, writePasswordHash } from "./credentials.server";
import { hashPassword, verifyPassword } from "./password.server";
import { createSession, hashToken, invalidateSession, SESSION_ABSOLUTE_MS } from "./session.server";

type Meta = { requestId: string | null; ip: string | null; userAgent: string | null };

export type LoginResult =
  | { ok: true; token: string; expiresAt: Date; userId: string }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "rate_limited"; retryAfterSeconds: number };

/**
 * Check a password and open a new session (a new token every time: no fixation).
 * Wrong email and wrong password look the same, in message and in timing.
 */
export async function login(input: { email: string; password: string; previousToken?: string | null }, meta: Meta): Promise<LoginResult> {
  const email = normalizeEmail(input.email);
  const limited = await withPlatform(meta, async (tx) => {
    const byIp = await hit(tx, `login:ip:${meta.ip ?? "unknown"}`, LIMITS.loginPerIp);
    const byEmail = await hit(tx, `login:email:${email}`, LIMITS.loginPerEmail);
    return !byIp.allowed ? byIp : !byEmail.allowed ? byEmail : null;
  });
  if (limited) {
    logger().warn({ requestId: meta.requestId, ip: meta.ip }, "login rate limit hit");
    return { ok: false, reason: "rate_limited", retryAfterSeconds: limited.retryAfterSeconds };
  }
  const user = await withPlatform(meta, async (tx) => {
    const found = await findUserByEmail(tx, email);
    return found ? { ...found, passwordHash: found.disabled_at ? null : await readPasswordHash(tx, found.id) } : undefined;
  });
  const { ok, needsRehash } = await verifyPassword(user?.passwordHash, input.password);
  if (!ok || !user) {
    logger().warn({ requestId: meta.requestId, ip: meta.ip }, "failed login");
    if (user) {
      await withPlatform({ ...meta, userId: user.id }, (tx) => audit(tx, "auth.login_failed", { type: "user", id: user.id }));
    }
    return { ok: false, reason: "invalid" };
  }
  const newHash = needsRehash ? await hashPassword(input.password) : null;
  return withPlatform({ ...meta, userId: user.id }, async (tx) => {
    if (input.previousToken) await invalidateSession(tx, hashToken(input.previousToken));
    if (newHash) await writePasswordHash(tx, user.id, newHash);
    const { token, session } = await createSession(tx, user.id, meta);
    await clearHits(tx, `login:email:${email}`);
    await setTenantUser(tx, user.id);
    await audit(tx, "auth.login", { type: "user", id: user.id });
    // The cookie lives as long as the longest possible session; the database decides
    // when the session really ends (sliding expiry, idle timeout, absolute cap).
    return { ok: true as const, token, expiresAt: new Date(session.createdAt.getTime() + SESSION_ABSOLUTE_MS), userId: user.id };
  });
}

/** End a session on the server. Unknown tokens are ignored. */
export async function logout(token: string, meta: Meta) {
  await withPlatform(meta, async (tx) => {
    const removed = await tx.deleteFrom("user_session").where("id", "=", hashToken(token)).returning("user_id").executeTakeFirst();
    if (removed) {
      await setTenantUser(tx, removed.user_id);
      await audit(tx, "auth.logout", { type: "user", id: removed.user_id });
    }
  });
}
