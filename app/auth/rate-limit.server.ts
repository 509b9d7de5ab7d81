import { sql } from "kysely";
import type { Tx } from "#app/db/tenant.server";
import { logger } from "#app/lib/logger.server";

export type Limit = { max: number; windowSeconds: number };

export const LIMITS = {
  /** Failed sign-ins from one address (successes never count: a house shares one Wi-Fi address). */
  loginFailuresPerIp: { max: 30, windowSeconds: 15 * 60 },
  /** Failed sign-ins for one account from one address: the hard limit. */
  loginFailuresPerAccountIp: { max: 8, windowSeconds: 15 * 60 },
  /** Failed sign-ins for one account from anywhere: slows attempts, never blocks. */
  loginFailuresPerAccount: { max: Number.MAX_SAFE_INTEGER, windowSeconds: 60 * 60 },
  resetPerIp: { max: 10, windowSeconds: 60 * 60 },
  /** Reset requests for one address from one IP (answered 429). */
  resetPerEmailIp: { max: 3, windowSeconds: 60 * 60 },
  /** Reset emails to one address from anywhere (past it: the same answer, no email). */
  resetPerEmail: { max: 6, windowSeconds: 60 * 60 },
  signupPerIp: { max: 10, windowSeconds: 60 * 60 },
  applicationPerIp: { max: 10, windowSeconds: 60 * 60 },
  /** The public vacancy page and feed (ADR 042): directories poll it; a person reads it a few times. */
  vacanciesPerIp: { max: 300, windowSeconds: 60 * 60 },
  /** The public certification page and certificate (ADR 050): referral partners check a house. */
  verifyPerIp: { max: 300, windowSeconds: 60 * 60 },
  /**
   * Fetches of one calendar feed (calendar apps refresh every 15 minutes or less often). Counted
   * per feed, not per address: Google's and Apple's fetchers, and every phone on a house's Wi-Fi,
   * share a few addresses, and one address's count would cut off everyone behind it.
   */
  calendarFetchesPerFeed: { max: 60, windowSeconds: 60 * 60 },
  /** Unknown, revoked or malformed feed links from one address (guessing, or a stale subscription gone wild). */
  calendarMissesPerIp: { max: 120, windowSeconds: 60 * 60 },
  /** Family pay link views and Pay presses from one address (ADR 032). */
  payLinkPerIp: { max: 60, windowSeconds: 60 * 60 },
} satisfies Record<string, Limit>;

/**
 * Count a hit against `key` in a fixed window stored in Postgres (shared by every app
 * process). Returns whether the hit is allowed and how long until the window resets.
 */
export async function hit(tx: Tx, key: string, limit: Limit): Promise<{ allowed: boolean; retryAfterSeconds: number }> {
  // rate_limit is reached only through these functions (migration 0011): its keys hold
  // emails and addresses, and the app role may not rewrite them.
  const row = await sql<{ hits: number; window_start: Date }>`
    select hits, window_start from rate_limit_hit(${key}, ${limit.windowSeconds}::int)`.execute(tx);
  const { hits, window_start } = row.rows[0]!;
  const resetAt = new Date(window_start).getTime() + limit.windowSeconds * 1000;
  const allowed = hits <= limit.max;
  // Every refusal is logged (security.md), naming the kind of limit only: keys hold
  // emails and addresses, which stay out of the logs.
  if (!allowed) logger().warn({ limit: key.split(":").slice(0, 2).join(":"), hits }, "rate limit hit");
  return { allowed, retryAfterSeconds: Math.max(1, Math.ceil((resetAt - Date.now()) / 1000)) };
}

/** The hits counted against `key` in its current window, without adding one. */
export async function peek(tx: Tx, key: string, limit: Limit): Promise<{ hits: number; allowed: boolean; retryAfterSeconds: number }> {
  const { rows } = await sql<{ hits: number; window_start: Date }>`select hits, window_start from rate_limit_peek(${key})`.execute(tx);
  const row = rows[0];
  const start = row ? new Date(row.window_start).getTime() : 0;
  const resetAt = start + limit.windowSeconds * 1000;
  const hits = row && resetAt > Date.now() ? row.hits : 0;
  return { hits, allowed: hits < limit.max, retryAfterSeconds: Math.max(1, Math.ceil((resetAt - Date.now()) / 1000)) };
}

/** Clear a key (e.g. the per-email login counter after a successful sign-in). */
export async function clearHits(tx: Tx, key: string) {
  await sql`select rate_limit_clear(${key})`.execute(tx);
}
