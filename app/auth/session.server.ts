import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";
import { config } from "#app/config.server";
import type { Tx } from "#app/db/tenant.server";

/**
 * Sessions as in the Lucia guide: the cookie holds a random token; the database holds
 * only sha256(token), so a leaked table cannot be replayed. 30-day expiry, extended
 * when less than 15 days remain; an absolute cap and an idle timeout on top.
 */
const DAY = 24 * 60 * 60 * 1000;
export const SESSION_TTL_MS = 30 * DAY;
const RENEW_WHEN_LEFT_MS = 15 * DAY;
export const SESSION_ABSOLUTE_MS = 90 * DAY;
export const SESSION_IDLE_MS = 14 * DAY;
/** last_seen_at moves at most once an hour: no write on every request (issue 15). */
export const TOUCH_EVERY_MS = 60 * 60 * 1000;

export function generateToken(): string {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

export function hashToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

export type SessionUser = { id: string; email: string; name: string };
export type Session = { id: string; userId: string; expiresAt: Date; createdAt: Date };

export async function createSession(
  tx: Tx,
  userId: string,
  meta: { ip?: string | null; userAgent?: string | null },
): Promise<{ token: string; session: Session }> {
  const token = generateToken();
  const id = hashToken(token);
  const now = new Date();
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await tx
    .insertInto("user_session")
    .values({
      id,
      user_id: userId,
      created_at: now,
      expires_at: expiresAt,
      last_seen_at: now,
      ip: meta.ip?.slice(0, 64) ?? null,
      user_agent: meta.userAgent?.slice(0, 300) ?? null,
    })
    .execute();
  return { token, session: { id, userId, expiresAt, createdAt: now } };
}

export async function validateSessionToken(
  tx: Tx,
  token: string,
): Promise<{ session: Session; user: SessionUser; renewed: boolean } | null> {
  if (!/^[a-z2-7]{32}$/.test(token)) return null;
  const id = hashToken(token);
  const row = await tx
    .selectFrom("user_session as s")
    .innerJoin("app_user as u", "u.id", "s.user_id")
    .select(["s.id", "s.user_id", "s.expires_at", "s.created_at", "s.last_seen_at", "u.email", "u.name", "u.disabled_at"])
    .where("s.id", "=", id)
    .executeTakeFirst();
  if (!row) return null;
  const now = Date.now();
  const expired =
    now >= row.expires_at.getTime() ||
    now >= row.created_at.getTime() + SESSION_ABSOLUTE_MS ||
    now >= row.last_seen_at.getTime() + SESSION_IDLE_MS ||
    row.disabled_at !== null;
  if (expired) {
    await tx.deleteFrom("user_session").where("id", "=", id).execute();
    return null;
  }
  let expiresAt = row.expires_at;
  let renewed = false;
  if (expiresAt.getTime() - now < RENEW_WHEN_LEFT_MS) {
    expiresAt = new Date(now + SESSION_TTL_MS);
    renewed = true;
    await tx.updateTable("user_session").set({ expires_at: expiresAt, last_seen_at: new Date(now) }).where("id", "=", id).execute();
  } else if (now - row.last_seen_at.getTime() > TOUCH_EVERY_MS) {
    await tx.updateTable("user_session").set({ last_seen_at: new Date(now) }).where("id", "=", id).execute();
  }
  return {
    session: { id, userId: row.user_id, expiresAt, createdAt: row.created_at },
    user: { id: row.user_id, email: row.email, name: row.name },
    renewed,
  };
}

export async function invalidateSession(tx: Tx, sessionId: string) {
  await tx.deleteFrom("user_session").where("id", "=", sessionId).execute();
}

export async function invalidateUserSessions(tx: Tx, userId: string, exceptSessionId?: string) {
  let q = tx.deleteFrom("user_session").where("user_id", "=", userId);
  if (exceptSessionId) q = q.where("id", "<>", exceptSessionId);
  await q.execute();
}

export function sessionCookieName() {
  return config().secureCookies ? "__Host-hearth_session" : "hearth_session";
}

export function sessionCookie(token: string, expiresAt: Date): string {
  const parts = [
    `${sessionCookieName()}=${token}`,
    "HttpOnly",
    "SameSite=Lax",
    "Path=/",
    `Expires=${expiresAt.toUTCString()}`,
  ];
  if (config().secureCookies) parts.push("Secure");
  return parts.join("; ");
}

export function blankSessionCookie(): string {
  const parts = [`${sessionCookieName()}=`, "HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=0"];
  if (config().secureCookies) parts.push("Secure");
  return parts.join("; ");
}

export function readSessionToken(request: Request): string | null {
  const header = request.headers.get("cookie");
  if (!header) return null;
  const name = sessionCookieName();
  for (const part of header.split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return v.join("=") || null;
  }
  return null;
}
