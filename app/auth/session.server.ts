import { sql } from "kysely";
import { config } from "#app/config.server";
import type { Role } from "#app/db/schema";
import type { Tx } from "#app/db/tenant.server";
import { generateToken, hashToken } from "#app/lib/tokens.server";

/**
 * Sessions as in the Lucia guide: the cookie holds a random token; the database holds
 * only sha256(token), so a leaked table cannot be replayed.
 *
 * Lifetimes by kind (substance-use records on shared house computers):
 * - standard (everyone by default, always for staff roles): idle 30 minutes, at most
 *   12 hours, and a browser-session cookie (gone when the browser closes);
 * - persistent ("keep me signed in", offered to people with no staff role, on their own
 *   phone): idle 14 days, at most 30 days, a cookie that lasts as long.
 * A session that has passed the password but not the second factor signs nobody in and
 * lives 10 minutes.
 */
const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
export const SESSION_LIFETIMES = {
  standard: { idleMs: 30 * MINUTE, absoluteMs: 12 * HOUR },
  persistent: { idleMs: 14 * DAY, absoluteMs: 30 * DAY },
  twoFactorPending: { idleMs: 10 * MINUTE, absoluteMs: 10 * MINUTE },
} as const;
/** Roles that may never keep a persistent session. */
export const STAFF_ROLES: readonly Role[] = ["owner", "admin", "house_manager", "staff", "certifier_admin", "auditor"];
/** last_seen_at is written at most this often (and at least six times per idle period). */
const TOUCH_EVERY_MS = 60 * 1000;

export type SessionKind = keyof typeof SESSION_LIFETIMES;
export function lifetimeOf(s: { persistent: boolean; two_factor_pending: boolean }) {
  return SESSION_LIFETIMES[s.two_factor_pending ? "twoFactorPending" : s.persistent ? "persistent" : "standard"];
}

export type SessionUser = { id: string; email: string; name: string };
export type Session = {
  id: string;
  userId: string;
  expiresAt: Date;
  createdAt: Date;
  persistent: boolean;
  /** When this session passed a second factor (null: password only). */
  twoFactorAt: Date | null;
};

/** Whether any of the user's memberships is a staff role (RLS shows users their own). */
export async function hasStaffRole(tx: Tx, userId: string): Promise<boolean> {
  const row = await tx
    .selectFrom("membership")
    .select("id")
    .where("user_id", "=", userId)
    .where("role", "in", STAFF_ROLES)
    .limit(1)
    .executeTakeFirst();
  return !!row;
}

export async function createSession(
  tx: Tx,
  userId: string,
  meta: { ip?: string | null; userAgent?: string | null },
  opts: {
    /** "Keep me signed in": honoured only for people with no staff role. */
    remember?: boolean;
    /** Known role at creation (sign-up: owner), to skip the membership lookup. */
    role?: Role;
    twoFactorPending?: boolean;
    twoFactorAt?: Date | null;
  } = {},
): Promise<{ token: string; session: Session }> {
  const token = generateToken();
  const id = hashToken(token);
  const staff = opts.role ? STAFF_ROLES.includes(opts.role) : opts.remember ? await hasStaffRole(tx, userId) : true;
  const persistent = !!opts.remember && !staff && !opts.twoFactorPending;
  const pending = !!opts.twoFactorPending;
  const expiresAt = new Date(Date.now() + lifetimeOf({ persistent, two_factor_pending: pending }).absoluteMs);
  // Allowed only for a user proven in this transaction, or created in it (the
  // user_session_open policy, migration 0011). created_at and last_seen_at are the
  // database's now().
  const row = await tx
    .insertInto("user_session")
    .values({
      id,
      user_id: userId,
      expires_at: expiresAt,
      ip: meta.ip?.slice(0, 64) ?? null,
      user_agent: meta.userAgent?.slice(0, 300) ?? null,
      persistent,
      two_factor_pending: pending,
      two_factor_at: opts.twoFactorAt ?? null,
    })
    .returning("created_at")
    .executeTakeFirstOrThrow();
  return { token, session: { id, userId, expiresAt, createdAt: row.created_at, persistent, twoFactorAt: opts.twoFactorAt ?? null } };
}

/** The cookie's Expires: a persistent session's end, or none (a browser-session cookie). */
export function sessionCookieExpiry(session: Pick<Session, "persistent" | "expiresAt">): Date | null {
  return session.persistent ? session.expiresAt : null;
}

type SessionRow = {
  id: string;
  user_id: string;
  expires_at: Date;
  created_at: Date;
  last_seen_at: Date;
  persistent: boolean;
  two_factor_pending: boolean;
  two_factor_at: Date | null;
  disabled_at: Date | null;
};

/** Whether a session row has ended: expiry, its kind's idle timeout or absolute cap, or a disabled account. */
export function sessionEnded(row: SessionRow, now = Date.now()): boolean {
  const life = lifetimeOf(row);
  return (
    now >= row.expires_at.getTime() ||
    now >= row.created_at.getTime() + life.absoluteMs ||
    now >= row.last_seen_at.getTime() + life.idleMs ||
    row.disabled_at !== null
  );
}

/** The request's id and IP, as the transaction's settings carry them (signed with the user). */
export type AdoptMeta = { requestId?: string | null; ip?: string | null };

async function findSessionRow(tx: Tx, token: string, opts: { adoptUser?: AdoptMeta } = {}) {
  const adopt = opts.adoptUser;
  return tx
    .selectFrom("user_session as s")
    .innerJoin("app_user as u", "u.id", "s.user_id")
    // The guard's lookup also signs the user's context for the rest of the request's
    // transaction (enter_session, migration 0021: one settings statement fewer per page);
    // the caller notes it, or forgets the settings when the session turns out not to sign
    // anyone in.
    .$if(!!adopt, (q) =>
      q
        .leftJoin(sql`enter_session(${token}, null, null, ${adopt?.requestId ?? ""}, ${adopt?.ip ?? ""})`.as("e"), (j) => j.onTrue())
        .select([
          sql<string>`set_config('app.mac', coalesce(e.mac, ''), true)`.as("_mac"),
          sql<string>`set_config('app.org_id', '', true)`.as("_org"),
          sql<string>`set_config('app.role', '', true)`.as("_role"),
          sql<string>`set_config('app.user_id', coalesce(e.user_id::text, ''), true)`.as("_user"),
        ]),
    )
    .select([
      "s.id",
      "s.user_id",
      "s.expires_at",
      "s.created_at",
      "s.last_seen_at",
      "s.persistent",
      "s.two_factor_pending",
      "s.two_factor_at",
      "u.email",
      "u.name",
      "u.disabled_at",
    ])
    .where("s.id", "=", hashToken(token))
    .executeTakeFirst();
}

export async function validateSessionToken(
  tx: Tx,
  token: string,
  opts: { adoptUser?: AdoptMeta } = {},
): Promise<{ session: Session; user: SessionUser } | null> {
  if (!/^[a-z2-7]{32}$/.test(token)) return null;
  const id = hashToken(token);
  const row = await findSessionRow(tx, token, opts);
  // A session waiting for its second factor signs nobody in (it is read only by
  // findPendingTwoFactor, on the code page).
  if (!row || row.two_factor_pending) return null;
  const now = Date.now();
  if (sessionEnded(row, now)) {
    await tx.deleteFrom("user_session").where("id", "=", id).execute();
    return null;
  }
  if (now - row.last_seen_at.getTime() > Math.min(TOUCH_EVERY_MS, lifetimeOf(row).idleMs / 6)) {
    await tx.updateTable("user_session").set({ last_seen_at: new Date(now) }).where("id", "=", id).execute();
  }
  return {
    session: { id, userId: row.user_id, expiresAt: row.expires_at, createdAt: row.created_at, persistent: row.persistent, twoFactorAt: row.two_factor_at },
    user: { id: row.user_id, email: row.email, name: row.name },
  };
}

/** The user behind a session that has passed the password and waits for a code. */
export async function findPendingTwoFactor(tx: Tx, token: string): Promise<{ sessionId: string; userId: string } | null> {
  if (!/^[a-z2-7]{32}$/.test(token)) return null;
  const row = await findSessionRow(tx, token);
  if (!row || !row.two_factor_pending) return null;
  if (sessionEnded(row)) {
    await tx.deleteFrom("user_session").where("id", "=", row.id).execute();
    return null;
  }
  return { sessionId: row.id, userId: row.user_id };
}

/**
 * Open the session a proven password (or a reset or invitation link) earns: a full one,
 * or, when the account uses two-factor sign-in, one that waits for the code. A
 * second factor already passed by the session being replaced carries over.
 */
export async function openSession(
  tx: Tx,
  userId: string,
  meta: { ip?: string | null; userAgent?: string | null },
  opts: { remember?: boolean; previousToken?: string | null } = {},
): Promise<{ token: string; session: Session; twoFactorPending: boolean }> {
  let carried: Date | null = null;
  if (opts.previousToken && /^[a-z2-7]{32}$/.test(opts.previousToken)) {
    const ended = await endSessionByToken(tx, opts.previousToken);
    if (ended && ended.user_id === userId && !ended.two_factor_pending) carried = ended.two_factor_at;
  }
  const user = await tx.selectFrom("app_user").select("totp_enabled_at").where("id", "=", userId).executeTakeFirst();
  const twoFactorPending = !!user?.totp_enabled_at && !carried;
  const { token, session } = await createSession(tx, userId, meta, { remember: opts.remember, twoFactorPending, twoFactorAt: carried });
  return { token, session, twoFactorPending };
}

/**
 * End the session a raw token names (the database hashes it): a live one proves its user
 * for the rest of the transaction (auth_end_session, migration 0011).
 */
async function endSessionByToken(tx: Tx, token: string) {
  const { rows } = await sql<{ user_id: string; two_factor_at: Date | null; two_factor_pending: boolean; ip: string | null; user_agent: string | null }>`
    select user_id, two_factor_at, two_factor_pending, ip, user_agent from auth_end_session(${token})`.execute(tx);
  return rows[0] ?? null;
}

/** Mark a waiting session as signed in: the code was right. `token` is the waiting session's. */
export async function completeTwoFactor(tx: Tx, token: string, remember: boolean): Promise<{ token: string; session: Session } | null> {
  // A new token for the signed-in session (the pending one ends): no fixation across the step.
  const ended = await endSessionByToken(tx, token);
  if (!ended?.two_factor_pending) return null;
  return createSession(tx, ended.user_id, { ip: ended.ip, userAgent: ended.user_agent }, { remember, twoFactorAt: new Date() });
}

export function sessionCookieName() {
  return config().secureCookies ? "__Host-hearth_session" : "hearth_session";
}

/** The session cookie; without `expiresAt` it is a browser-session cookie (no Expires). */
export function sessionCookie(token: string, expiresAt: Date | null): string {
  const parts = [`${sessionCookieName()}=${token}`, "HttpOnly", "SameSite=Lax", "Path=/"];
  if (expiresAt) parts.push(`Expires=${expiresAt.toUTCString()}`);
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
