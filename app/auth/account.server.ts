import { sql } from "kysely";
import { setTenantUser, withPlatform, type Tx } from "#app/db/tenant.server";
import { audit } from "#app/domain/audit/audit.server";
import { DomainError } from "#app/domain/errors.server";
import { clearHits, hit, LIMITS } from "#app/auth/rate-limit.server";
import { logger } from "#app/lib/logger.server";
import { provePassword, readPasswordParams, setPassword } from "./credentials.server";
import { hashPassword, passwordCandidate, breachedPasswordProblem } from "./password.server";
import { passwordProblem } from "./password-policy";

/**
 * The signed-in user's own account: profile, password and sessions. Platform tables
 * (no org); every change is audited with org unset and the user as the actor.
 */

/**
 * Sessions are keyed by sha256(token). The page refers to one by a short prefix of that
 * id instead, so not even the hash of another device's token is sent to the browser.
 */
export const SESSION_HANDLE_PATTERN = /^[0-9a-f]{16}$/;
export const sessionHandle = (sessionId: string) => sessionId.slice(0, 16);


export async function getAccount(tx: Tx, userId: string, currentSessionId: string) {
  const user = await tx.selectFrom("app_user").select(["name", "email", "phone"]).where("id", "=", userId).executeTakeFirstOrThrow();
  // Times are shown in the zone of the user's first organisation (users have no zone of their own).
  const zone = await tx
    .selectFrom("membership as m")
    .innerJoin("org as o", "o.id", "m.org_id")
    .select("o.time_zone")
    .where("m.user_id", "=", userId)
    .orderBy("m.created_at")
    .executeTakeFirst();
  const sessions = await tx
    .selectFrom("user_session")
    .select(["id", "created_at", "last_seen_at", "ip", "user_agent"])
    .where("user_id", "=", userId)
    .where("expires_at", ">", sql<Date>`now()`)
    .orderBy("last_seen_at", "desc")
    .execute();
  return {
    name: user.name,
    email: user.email,
    phone: user.phone,
    timeZone: zone?.time_zone ?? "UTC",
    sessions: sessions.map((s) => ({
      handle: sessionHandle(s.id),
      createdAt: s.created_at,
      lastSeenAt: s.last_seen_at,
      ip: s.ip,
      userAgent: s.user_agent,
      current: s.id === currentSessionId,
    })),
  };
}

export async function changeName(tx: Tx, userId: string, name: string, phone?: string | null) {
  const before = await tx.selectFrom("app_user").select(["name", "phone"]).where("id", "=", userId).executeTakeFirstOrThrow();
  const phoneChanged = phone !== undefined && (before.phone ?? null) !== phone;
  if (phoneChanged) {
    await tx.updateTable("app_user").set({ phone }).where("id", "=", userId).execute();
    await audit(tx, "user.phone_changed", { type: "user", id: userId });
  }
  if (before.name === name) return { changed: phoneChanged };
  await tx.updateTable("app_user").set({ name }).where("id", "=", userId).execute();
  await audit(tx, "user.name_changed", { type: "user", id: userId }, { from: before.name, to: name });
  return { changed: true };
}

/** Sign out one of the user's other devices. The current session is ended with "Sign out" instead. */
export async function revokeSession(tx: Tx, userId: string, handle: string, currentSessionId: string) {
  if (!SESSION_HANDLE_PATTERN.test(handle)) throw new DomainError("not_found", "That session has already ended.");
  const ended = await tx
    .deleteFrom("user_session")
    .where("user_id", "=", userId)
    .where(sql`left(id, 16)`, "=", handle)
    .where("id", "<>", currentSessionId)
    .returning("id")
    .execute();
  if (!ended.length) throw new DomainError("not_found", "That session has already ended.");
  await audit(tx, "auth.sessions_revoked", { type: "user", id: userId }, { scope: "one", count: ended.length });
  return { count: ended.length };
}

export async function revokeOtherSessions(tx: Tx, userId: string, currentSessionId: string) {
  const ended = await tx
    .deleteFrom("user_session")
    .where("user_id", "=", userId)
    .where("id", "<>", currentSessionId)
    .returning("id")
    .execute();
  await audit(tx, "auth.sessions_revoked", { type: "user", id: userId }, { scope: "others", count: ended.length });
  return { count: ended.length };
}

type Meta = { requestId: string | null; ip: string | null; userAgent: string | null };


/**
 * Change the password of the signed-in user: check the current one (rate-limited per
 * user, like sign-in), hash the new one outside any transaction, then store it and end
 * every other session in one transaction. The current session stays signed in.
 */
export async function changePassword(
  input: { userId: string; sessionId: string; email: string; name: string; currentPassword: string; newPassword: string },
  meta: Meta,
): Promise<{ otherSessionsEnded: number }> {
  // No user context here: the functions used check the user themselves; the last
  // transaction's password check proves the user and the database signs it then.
  const ctx = meta;
  const limitKey = `password-change:user:${input.userId}`;
  const { limit, params } = await withPlatform(ctx, async (tx) => ({
    limit: await hit(tx, limitKey, LIMITS.loginFailuresPerAccountIp),
    params: await readPasswordParams(tx, input.userId),
  }));
  if (!limit.allowed) {
    logger().warn({ requestId: meta.requestId, userId: input.userId }, "password change rate limit hit");
    const minutes = Math.ceil(limit.retryAfterSeconds / 60);
    throw new DomainError("rate_limited", `Too many attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`);
  }
  // The current password, hashed with the stored parameters: the database compares.
  const { candidate } = await passwordCandidate(params, input.currentPassword);
  const ok = candidate !== null && (await withPlatform(ctx, (tx) => provePassword(tx, input.userId, candidate)));
  if (!ok) {
    logger().warn({ requestId: meta.requestId, userId: input.userId }, "password change with wrong current password");
    throw new DomainError("invalid", "That isn't your current password.", { field: "currentPassword" });
  }
  const problem =
    passwordProblem(input.newPassword, { email: input.email, name: input.name }) ?? (await breachedPasswordProblem(input.newPassword));
  if (problem) throw new DomainError("invalid", problem, { field: "newPassword" });
  const passwordHash = await hashPassword(input.newPassword);

  return withPlatform(ctx, async (tx) => {
    // Only if the password is still the one we checked (no change in between).
    const updated = await setPassword(tx, input.userId, passwordHash, candidate);
    if (!updated) throw new DomainError("conflict", "Your password was changed somewhere else just now. Try again.");
    await setTenantUser(tx, input.userId);
    const ended = await tx
      .deleteFrom("user_session")
      .where("user_id", "=", input.userId)
      .where("id", "<>", input.sessionId)
      .returning("id")
      .execute();
    await clearHits(tx, limitKey);
    await audit(tx, "auth.password_changed", { type: "user", id: input.userId }, { otherSessionsEnded: ended.length });
    return { otherSessionsEnded: ended.length };
  });
}
