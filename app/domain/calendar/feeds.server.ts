import { sql } from "kysely";
import type { CalendarFeedKind, Role } from "#app/db/schema";
import { enterFeed, type Tx } from "#app/db/tenant.server";
import { audit } from "#app/domain/audit/audit.server";
import { DomainError, guardDb, parseInput } from "#app/domain/errors.server";
import { can } from "#app/domain/permissions";
import { houseToday } from "#app/domain/dates.server";
import { houseSchedule, type Occurrence } from "#app/domain/sessions/sessions.server";
import { addDays } from "#app/lib/dates";
import { id as idSchema } from "#app/lib/fields";
import { generateToken, hashToken, isWellFormedToken } from "#app/lib/tokens.server";
import { FEED_DAYS_AHEAD, FEED_DAYS_BACK } from "./schemas";
import { myDays, type MyDays } from "./week.server";

/**
 * Private calendar feeds (migration 0019, ADR 026). A feed is a link with an unguessable
 * token; only the token's hash is stored, so the link is shown once, when it is made.
 * Making a new one turns the old one off (regenerate); turning it off keeps the row
 * (revoked_at) for the audit trail. The signed-in member's own feeds only (RLS).
 *
 * Reading a feed (`openFeed`, then `residentFeed` / `houseFeed`, in one transaction): the
 * calendar app has no session, so the database maps the raw token to the feed's org and
 * member and signs that member's context (`enter_feed`, migration 0021), and the events
 * are read in that context: row-level security decides what the feed shows, as on
 * the member's own pages. A feed whose member was switched off, or whose role no longer
 * fits, answers as an unknown one (404).
 */

export type FeedTarget = { kind: "resident" } | { kind: "house"; houseId: string };
export type LiveFeed = { id: string; createdAt: Date };

function targetOf(target: FeedTarget) {
  return target.kind === "resident" ? { kind: target.kind, houseId: null } : { kind: target.kind, houseId: parseInput(idSchema, target.houseId) };
}

/** The signed-in member's live feed for a target, or null. One statement. */
export async function myLiveFeed(tx: Tx, target: FeedTarget): Promise<LiveFeed | null> {
  const t = targetOf(target);
  let q = tx
    .selectFrom("calendar_feed")
    .select(["id", "created_at as createdAt"])
    .where("user_id", "=", sql<string>`current_app_user_id()`)
    .where("kind", "=", t.kind)
    .where("revoked_at", "is", null);
  q = t.houseId ? q.where("house_id", "=", t.houseId) : q.where("resident_id", "=", sql<string>`current_resident_id()`);
  return (await q.executeTakeFirst()) ?? null;
}

/**
 * Make the signed-in member's feed for a target, turning off the one they had (the old
 * link stops working at once). Returns the new token: the only time it exists outside
 * the caller's calendar app.
 */
export async function makeFeed(tx: Tx, target: FeedTarget): Promise<{ id: string; token: string; replaced: boolean }> {
  const t = targetOf(target);
  let residentId: string | null = null;
  if (t.kind === "resident") {
    const me = await sql<{ id: string | null }>`select current_resident_id() as id`.execute(tx);
    residentId = me.rows[0]?.id ?? null;
    if (!residentId) throw new DomainError("forbidden", "Your account isn't linked to a resident record yet. Ask your house manager.");
  } else {
    const house = await tx.selectFrom("house").select("id").where("id", "=", t.houseId!).executeTakeFirst();
    if (!house) throw new DomainError("not_found", "House not found.");
  }
  const old = await myLiveFeed(tx, target);
  if (old) await tx.updateTable("calendar_feed").set({ revoked_at: sql<Date>`now()` }).where("id", "=", old.id).execute();
  const token = generateToken();
  const id = crypto.randomUUID();
  await guardDb(
    tx
      .insertInto("calendar_feed")
      .values({ id, org_id: sql<string>`current_org_id()`, kind: t.kind, resident_id: residentId, house_id: t.houseId, token_hash: hashToken(token) })
      .execute(),
  );
  if (old) await audit(tx, "calendar_feed.regenerated", { type: "calendar_feed", id }, { kind: t.kind, houseId: t.houseId, replacedId: old.id });
  else await audit(tx, "calendar_feed.created", { type: "calendar_feed", id }, { kind: t.kind, houseId: t.houseId });
  return { id, token, replaced: Boolean(old) };
}

/** Turn off the signed-in member's feed for a target: its link answers 404 from now on. */
export async function turnOffFeed(tx: Tx, target: FeedTarget): Promise<void> {
  const t = targetOf(target);
  const live = await myLiveFeed(tx, target);
  if (!live) throw new DomainError("not_found", "There is no calendar link to turn off.");
  const res = await tx.updateTable("calendar_feed").set({ revoked_at: sql<Date>`now()` }).where("id", "=", live.id).where("revoked_at", "is", null).executeTakeFirst();
  if (res.numUpdatedRows === 0n) throw new DomainError("conflict", "That calendar link was just changed in another window. Reload the page.");
  await audit(tx, "calendar_feed.revoked", { type: "calendar_feed", id: live.id }, { kind: t.kind, houseId: t.houseId });
}

export type FeedHolder = {
  feedId: string;
  orgId: string;
  userId: string;
  role: Role;
  kind: CalendarFeedKind;
  residentId: string | null;
  houseId: string | null;
};

/**
 * Who a feed link belongs to, and the rest of the transaction as that member: the
 * database hashes the raw token, finds the live feed, checks that its member and account
 * are active and the role fits the feed, and signs the member's context (`enter_feed`,
 * migration 0021; ADR 010) — the events are then read under row-level security as on the
 * member's own pages. Null (no context) for an unknown, revoked or malformed link, a
 * member switched off, a role that no longer fits — returned, not thrown, so the
 * request's rate-limit count is kept. One statement.
 */
export async function openFeed(tx: Tx, token: string): Promise<FeedHolder | null> {
  if (!isWellFormedToken(token)) return null;
  const f = await enterFeed(tx, token);
  if (!f) return null;
  const role = f.role as Role;
  const kind = f.kind as CalendarFeedKind;
  const fits = kind === "resident" ? role === "resident" : role !== "resident" && can(role, "houses:read");
  if (!fits) return null;
  return { feedId: f.feed_id, orgId: f.org_id, userId: f.user_id, role, kind, residentId: f.resident_id, houseId: f.house_id };
}

/** A resident feed's days (run as the feed's member): their chores and sessions, or null. */
export async function residentFeed(tx: Tx, holder: FeedHolder): Promise<MyDays | null> {
  const days = await myDays(tx, { fromOffset: -FEED_DAYS_BACK, days: FEED_DAYS_BACK + FEED_DAYS_AHEAD });
  // null too when the account was linked to another resident record since the feed was made.
  return days && days.residentId === holder.residentId ? days : null;
}

/** A house feed's sessions (run as the feed's member), or null once the house is out of their reach. */
export async function houseFeed(tx: Tx, holder: FeedHolder): Promise<{ timeZone: string; occurrences: Occurrence[] } | null> {
  const house = await tx
    .selectFrom("house as h")
    .select(["h.id", "h.time_zone as timeZone", sql<string>`${houseToday("h")}::text`.as("today")])
    .where("h.id", "=", holder.houseId!)
    .executeTakeFirst();
  if (!house) return null;
  const { occurrences } = await houseSchedule(tx, house.id, addDays(house.today, -FEED_DAYS_BACK), addDays(house.today, FEED_DAYS_AHEAD));
  return { timeZone: house.timeZone, occurrences };
}
