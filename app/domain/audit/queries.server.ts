import { sql } from "kysely";
import type { Tx } from "#app/db/tenant.server";
import { pageOf, type Cursor } from "#app/lib/pagination";
import { ACTION_LABELS, referencesOf, subjectKey, type AuditEventRow, type Subject, type SubjectKind, type Subjects } from "./describe";

export type AuditFilter = {
  actorId?: string;
  action?: string;
  from?: Date;
  to?: Date;
  /** One record's history: events about it, or naming it as their resident. */
  recordId?: string;
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
    // (select …): evaluated once; a bare call is a per-row filter here (the bitmap scan's recheck)
    .where("e.org_id", "=", sql<string>`(select current_org_id())`);
  if (f.actorId) q = q.where("e.actor_user_id", "=", f.actorId);
  if (f.action) q = q.where("e.action", "like", `${f.action.replace(/[%_\\]/g, "\\$&")}%`);
  if (f.from) q = q.where("e.created_at", ">=", f.from);
  if (f.to) q = q.where("e.created_at", "<", f.to);
  if (f.recordId) {
    const recordId = f.recordId;
    q = q.where((eb) => eb.or([eb("e.entity_id", "=", recordId), eb(sql<string>`e.data->>'residentId'`, "=", recordId)]));
  }
  if (f.cursor) q = q.where("e.id", "<", Number(f.cursor.after));
  const rows = await q.orderBy("e.id", "desc").limit(f.limit + 1).execute();
  return pageOf(rows, f.limit);
}

/**
 * Filter options: the org's members. The kinds of event come from the formatter's list
 * (describe.ts), not from a scan of the log, which keeps the page within its budget.
 */
export async function auditFilterOptions(tx: Tx) {
  const people = await tx
    .selectFrom("membership as m")
    .innerJoin("app_user as u", "u.id", "m.user_id")
    .select(["u.id", "u.name"])
    .where("m.org_id", "=", sql<string>`current_org_id()`)
    .orderBy("u.name")
    .execute();
  const actions = Object.entries(ACTION_LABELS)
    .map(([value, label]) => ({ value, label }))
    .sort((a, b) => a.label.localeCompare(b.label));
  return { people, actions };
}

/**
 * Names and places for every record a page of events refers to, in one statement
 * (a page is within its statement budget whatever its length). Row-level security
 * decides what comes back: a record the reader may not open is simply missing, and the
 * sentence says "a resident" or "a house" without a link. Only the reader's own org's
 * records are named: a certifier may read a granted operator's house, but its links are
 * below /o/:org of the org the log belongs to, so another org's record is "a house".
 */
export async function resolveSubjects(tx: Tx, events: readonly AuditEventRow[]): Promise<Subjects> {
  const ids: Record<SubjectKind, Set<string>> = {
    house: new Set(),
    room: new Set(),
    bed: new Set(),
    stay: new Set(),
    resident: new Set(),
    application: new Set(),
    membership: new Set(),
    user: new Set(),
  };
  for (const e of events) for (const [kind, id] of referencesOf(e)) ids[kind].add(id);
  const subjects: Subjects = new Map();
  if (Object.values(ids).every((set) => set.size === 0)) return subjects;
  const list = (kind: SubjectKind) => sql`${[...ids[kind]]}::uuid[]`;
  const result = await sql<Subject>`
    select 'house' as kind, h.id::text as id, h.name, null::text as place, null::text as ref
      from house h where h.org_id = current_org_id() and h.id = any(${list("house")})
    union all
    select 'room', r.id::text, r.name, h.name, h.id::text
      from room r join house h on h.org_id = r.org_id and h.id = r.house_id
      where r.org_id = current_org_id() and r.id = any(${list("room")})
    union all
    select 'bed', b.id::text, b.label, h.name || ', ' || r.name, h.id::text
      from bed b join room r on r.org_id = b.org_id and r.id = b.room_id join house h on h.org_id = b.org_id and h.id = b.house_id
      where b.org_id = current_org_id() and b.id = any(${list("bed")})
    union all
    select 'stay', s.id::text, b.label, h.name || ', ' || r.name, s.resident_id::text
      from stay s join bed b on b.org_id = s.org_id and b.id = s.bed_id
      join room r on r.org_id = b.org_id and r.id = b.room_id join house h on h.org_id = s.org_id and h.id = s.house_id
      where s.org_id = current_org_id() and s.id = any(${list("stay")})
    union all
    select 'resident', r.id::text, null, null, null from resident r where r.org_id = current_org_id() and r.id = any(${list("resident")})
    union all
    select 'application', a.id::text, null, null, null from application a where a.org_id = current_org_id() and a.id = any(${list("application")})
    union all
    select 'membership', m.id::text, u.name, m.role::text, u.id::text
      from membership m join app_user u on u.id = m.user_id where m.org_id = current_org_id() and m.id = any(${list("membership")})
    union all
    select 'user', u.id::text, u.name, null, null from app_user u where u.id = any(${list("user")})
  `.execute(tx);
  for (const row of result.rows) subjects.set(subjectKey(row.kind, row.id), row);
  return subjects;
}
