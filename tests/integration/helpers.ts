import { sql, type Kysely } from "kysely";
import { expect } from "vitest";
import { sessionCookieName } from "#app/auth/session.server";
import type { DB } from "#app/db/schema";
import { listMailbox, type MailboxMessage } from "#app/domain/outbox/mailer.server";
import { drainOutbox } from "#app/server/worker.server";

/** The session cookie a response sets, as a Cookie header ("hearth_session=…"), or null. */
export function sessionCookieFrom(res: Response): string | null {
  const header = res.headers.get("set-cookie");
  if (!header) return null;
  const pair = header.split(";")[0]!;
  return pair.startsWith(`${sessionCookieName()}=`) && pair.length > sessionCookieName().length + 1 ? pair : null;
}

/** The one-time message a redirect carries, as a Cookie header pair ("hearth_flash=saved"), or null. */
export function flashFrom(res: Response): string | null {
  for (const header of res.headers.getSetCookie()) {
    const pair = header.split(";")[0]!;
    if (pair.startsWith("hearth_flash=") && pair.length > "hearth_flash=".length) return pair;
  }
  return null;
}

/** The Cookie header a browser sends when it follows `res`'s redirect: the session and the flash. */
export const followCookie = (cookie: string, res: Response) => [cookie, flashFrom(res)].filter(Boolean).join("; ");

/** Send queued email, then return the newest message to `to` (fails the test if none). */
export async function latestEmailTo(to: string): Promise<MailboxMessage> {
  await drainOutbox();
  const message = (await listMailbox()).find((m) => m.to.toLowerCase() === to.toLowerCase());
  expect(message, `an email to ${to}`).toBeTruthy();
  return message!;
}

export async function emailsTo(to: string): Promise<MailboxMessage[]> {
  await drainOutbox();
  return (await listMailbox()).filter((m) => m.to.toLowerCase() === to.toLowerCase());
}

export function tokenIn(text: string, pattern: RegExp): string {
  const match = text.match(pattern);
  expect(match, `a link matching ${pattern}`).toBeTruthy();
  return match![1]!;
}

/** Row counts of the tables a form could write to, to prove a refused request wrote nothing. */
export async function counts(db: Kysely<DB>) {
  type Counts = Record<"users" | "memberships" | "invites" | "closed_invites" | "sessions" | "reset_tokens" | "used_reset_tokens" | "outbox" | "audits", number>;
  const row = await sql<Counts>`
    select
      (select count(*)::int from app_user) as users,
      (select count(*)::int from membership) as memberships,
      (select count(*)::int from invite) as invites,
      (select count(*)::int from invite where accepted_at is not null or revoked_at is not null) as closed_invites,
      (select count(*)::int from user_session) as sessions,
      (select count(*)::int from password_reset_token) as reset_tokens,
      (select count(*)::int from password_reset_token where used_at is not null) as used_reset_tokens,
      (select count(*)::int from outbox) as outbox,
      (select count(*)::int from audit_event) as audits`.execute(db);
  return row.rows[0]!;
}

export async function auditActions(db: Kysely<DB>, filter: { orgId?: string | null; entityId?: string }) {
  let q = db.selectFrom("audit_event").select(["action", "actor_user_id", "org_id", "entity_id", "data"]).orderBy("id");
  if (filter.orgId !== undefined) q = filter.orgId === null ? q.where("org_id", "is", null) : q.where("org_id", "=", filter.orgId);
  if (filter.entityId) q = q.where("entity_id", "=", filter.entityId);
  return q.execute();
}

/** Text of an HTML page without tags, with whitespace collapsed (for "the page says …" checks). */
export function visibleText(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");
}
