import { sql } from "kysely";
import type { Tx } from "#app/db/tenant.server";
import { pageOf, type Cursor } from "#app/lib/pagination";

export type AuditFilter = {
  actorId?: string;
  action?: string;
  from?: Date;
  to?: Date;
  cursor?: Cursor;
  limit: number;
};

/**
 * The org's audit log, newest first, keyset-paginated on the id (an identity column, so
 * it follows insertion order exactly; timestamps would lose microseconds in JavaScript
 * and skip rows at page boundaries). RLS limits it to the current org and to roles
 * allowed to read it.
 */
export async function listAuditEvents(tx: Tx, f: AuditFilter) {
  let q = tx
    .selectFrom("audit_event as e")
    .leftJoin("app_user as u", "u.id", "e.actor_user_id")
    .select(["e.id", "e.created_at", "e.action", "e.entity_type", "e.entity_id", "e.request_id", "e.ip", "e.data", "u.name as actor_name"])
    .where("e.org_id", "=", sql<string>`current_org_id()`);
  if (f.actorId) q = q.where("e.actor_user_id", "=", f.actorId);
  if (f.action) q = q.where("e.action", "like", `${f.action.replace(/[%_\\]/g, "\\$&")}%`);
  if (f.from) q = q.where("e.created_at", ">=", f.from);
  if (f.to) q = q.where("e.created_at", "<", f.to);
  if (f.cursor) q = q.where("e.id", "<", Number(f.cursor.id));
  const rows = await q.orderBy("e.id", "desc").limit(f.limit + 1).execute();
  return pageOf(rows, f.limit, (r) => ({ at: r.created_at.toISOString(), id: String(r.id) }));
}

/** Filter options: the org's members and the distinct action names. */
export async function auditFilterOptions(tx: Tx) {
  // Sequential on purpose: one transaction is one connection.
  const people = await tx
    .selectFrom("membership as m")
    .innerJoin("app_user as u", "u.id", "m.user_id")
    .select(["u.id", "u.name"])
    .where("m.org_id", "=", sql<string>`current_org_id()`)
    .orderBy("u.name")
    .execute();
  const actions = await tx
    .selectFrom("audit_event")
    .select("action")
    .distinct()
    .where("org_id", "=", sql<string>`current_org_id()`)
    .orderBy("action")
    .limit(200)
    .execute();
  return { people, actions: actions.map((a) => a.action) };
}
