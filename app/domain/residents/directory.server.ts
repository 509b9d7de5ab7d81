import { z } from "zod";
import { jsonArrayFrom } from "kysely/helpers/postgres";
import { sql } from "kysely";
import { can } from "#app/domain/permissions";
import type { DischargeReason, Role, StayEndType } from "#app/db/schema";
import type { Tx } from "#app/db/tenant.server";
import { audit } from "#app/domain/audit/audit.server";
import { notFound, parseInput } from "#app/domain/errors.server";
import type { ResidentStatus, StayStatus } from "#app/domain/admissions/stay-status";
import { stayStatus } from "#app/domain/admissions/stay-status.server";
import { houseToday } from "#app/domain/dates.server";
import { joinStayPlace, STAY_PLACE_COLUMNS, STAY_PLACE_JOIN, type StayPlaceColumns } from "#app/domain/admissions/stay-place.server";
import { id as idSchema, optionalId, optionalText } from "#app/lib/fields";
import { PAGE_SIZE, pageOf, type Cursor } from "#app/lib/pagination";
import { RESIDENT_FILTERS, RESIDENT_SORTS } from "./directory";
import type { ResidentProfile } from "./residents.server";

/** The directory's search options, as given in the URL (strict: unknown keys are refused). */
export const ResidentSearchInput = z.strictObject({
  status: z.enum(RESIDENT_FILTERS).default("current"),
  q: optionalText(80),
  /** Only residents whose listed stay (see DirectoryEntry.stay) is in this house. */
  houseId: optionalId,
  sort: z.enum(RESIDENT_SORTS).default("name"),
});
export type ResidentSearchInput = z.input<typeof ResidentSearchInput>;

/**
 * Read models for the staff pages about residents: the directory (filter, search,
 * keyset pages) and one resident's file (profile, stays, staff notes, portal invite) —
 * each in a fixed number of statements, whatever the data, to keep pages within the
 * query budget. Row-level security decides which residents and stays a role sees
 * (house-scoped staff: residents with a stay in their houses).
 */

// ── the directory ───────────────────────────────────────────────────────────

export type DirectoryEntry = {
  id: string;
  displayName: string;
  legalName: string;
  pronouns: string | null;
  status: ResidentStatus;
  /** The stay behind the status: current, else the next planned, else the latest past one. */
  stay: { stayId: string; houseName: string; roomName: string; bedLabel: string; moveIn: string; moveOut: string | null } | null;
};

const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, "\\$&")}%`;

/**
 * Residents filtered by where they stand today, by the house of their listed stay and by
 * a name search (legal or preferred), in the chosen order, one page at a time. One
 * statement, and one more auditing which residents the page names (`resident.listed`).
 *
 * Keyset pages on (k0, k1, k2, id), the sort's key (name: the lower-cased display name;
 * house: house name, then name; move-in: newest first, then name), in the one cursor shape
 * (app/lib/pagination.ts): the last row's id, whose key is computed in the query, so no
 * name ever travels in a URL. A cursor that no longer matches the filters (the resident
 * moved meanwhile) starts the list over rather than failing.
 */
export async function searchResidents(
  tx: Tx,
  input: ResidentSearchInput & { cursor?: Cursor | null; limit?: number },
): Promise<{ items: DirectoryEntry[]; next: string | null }> {
  const { status, q, houseId, sort } = parseInput(ResidentSearchInput, {
    status: input.status,
    q: input.q,
    houseId: input.houseId,
    sort: input.sort,
  });
  const after = input.cursor ? parseInput(idSchema, input.cursor.after) : null;
  const limit = Math.min(Math.max(Math.trunc(input.limit ?? PAGE_SIZE), 1), 200);
  const pattern = q ? likePattern(q) : null;
  type Row = StayPlaceColumns & { id: string; legal_name: string; preferred_name: string | null; pronouns: string | null; status: ResidentStatus };
  // The listed stay: current, else the next planned, else the latest past one.
  const listedStay = sql`left join lateral (
        select ${STAY_PLACE_COLUMNS}, ${stayStatus("s")} as status,
          array_position(array['current', 'planned', 'ended'], ${stayStatus("s")}::text) as rank
        from stay s ${STAY_PLACE_JOIN}
        where s.org_id = r.org_id and s.resident_id = r.id
        order by rank, case when ${stayStatus("s")} = 'planned' then lower(s.during) end, upper(s.during) desc nulls first
        limit 1
      ) st on true`;
  const named = sql`r.org_id = (select current_org_id())
        and (${pattern}::text is null or r.legal_name ilike ${pattern}::text or r.preferred_name ilike ${pattern}::text)`;
  // "current" (the default list) is "has a current stay" (in the house asked for): found for
  // the whole org in one pass over its stays, never a stay lookup per past resident.
  // Written into the query only for "current", and as an array computed once that the resident
  // key answers (`r.id = any(array(…))`), never as `status <> 'current' or r.id in (…)`: a
  // filter under an OR ran after the row-level policy, and a house manager's policy looked up a
  // stay for every resident of the org (2,880 on the scale org, 50 ms) to list their 24.
  const currentHere = status !== "current" ? sql`true` : sql`r.id = any(array(
          select cs.resident_id from stay cs join house ch on ch.org_id = cs.org_id and ch.id = cs.house_id
          where cs.org_id = (select current_org_id()) and ${stayStatus("cs", houseToday("ch"))} = 'current'
            and (${houseId}::uuid is null or cs.house_id = ${houseId}::uuid)))`;
  // By name, the default order, neither the order nor the filter needs the listed stay (a
  // current resident's listed stay is their current one): the page is cut from the names
  // first and the stay looked up for its rows only (issue 15: 480 lookups -> 51 on the
  // scale org). Other orders and filters rank or filter by the stay, so look it up first.
  const byNameFirst = sort === "name" && (status === "current" || (status === "all" && !houseId));
  const rows = byNameFirst
    ? await sql<Row>`
    with f as materialized (
      select r.org_id, r.id, r.legal_name, r.preferred_name, r.pronouns, lower(coalesce(r.preferred_name, r.legal_name)) as sort_name
      from resident r
      where ${named} and ${currentHere}
    ),
    c as (select f.sort_name, f.id from f where f.id = ${after}::uuid),
    p as (
      select f.* from f
      where not exists (select 1 from c) or (f.sort_name, f.id) > (select c.sort_name, c.id from c)
      order by f.sort_name, f.id
      limit ${limit + 1}
    )
    select r.id, r.legal_name, r.preferred_name, r.pronouns,
      st.stay_id, st.house_id, st.house_name, st.room_name, st.bed_label, st.move_in, st.move_out,
      coalesce(st.status, 'none') as status
    from p r
    ${listedStay}
    order by r.sort_name, r.id`.execute(tx)
    : await sql<Row>`
    with x as (
      select r.id, r.legal_name, r.preferred_name, r.pronouns,
        lower(coalesce(r.preferred_name, r.legal_name)) as sort_name,
        st.stay_id, st.house_id, st.house_name, st.room_name, st.bed_label, st.move_in, st.move_out,
        coalesce(st.status, 'none') as status
      from resident r
      ${listedStay}
      where ${named} and ${currentHere}
    ),
    k as (
      select x.*,
        case when ${sort} = 'name' then 0 when ${sort} = 'house' then (x.house_name is null)::int else (x.move_in is null)::int end as k0,
        case when ${sort} = 'house' then coalesce(lower(x.house_name), '')
             -- newest first as an ascending key: days before 9999-12-31, zero-padded digits
             when ${sort} = 'move_in' then coalesce(lpad((date '9999-12-31' - x.move_in::date)::text, 7, '0'), '')
             else '' end as k1,
        x.sort_name as k2
      from x
      where (${status} = 'all' or x.status = ${status})
        and (${houseId}::uuid is null or x.house_id = ${houseId}::uuid)
    )
    select k.* from k
    where (${after}::uuid is null
      or not exists (select 1 from k c where c.id = ${after}::uuid)
      or (k.k0, k.k1, k.k2, k.id) > (select c.k0, c.k1, c.k2, c.id from k c where c.id = ${after}::uuid))
    order by k.k0, k.k1, k.k2, k.id
    limit ${limit + 1}`.execute(tx);
  const page = pageOf(rows.rows, limit);
  // Names on a list are a read of those records: audited with the ids shown (never the
  // names, nor the search typed).
  if (page.items.length) {
    await audit(tx, "resident.listed", null, { view: "directory", residentIds: page.items.map((r) => r.id), searched: Boolean(q) });
  }
  return {
    next: page.next,
    items: page.items.map((r) => ({
      id: r.id,
      displayName: r.preferred_name ?? r.legal_name,
      legalName: r.legal_name,
      pronouns: r.pronouns,
      status: r.status,
      stay: r.stay_id
        ? { stayId: r.stay_id, houseName: r.house_name!, roomName: r.room_name!, bedLabel: r.bed_label!, moveIn: r.move_in!, moveOut: r.move_out }
        : null,
    })),
  };
}

// ── one resident's file ─────────────────────────────────────────────────────

export type ResidentFileStay = {
  id: string;
  houseName: string;
  roomName: string;
  bedLabel: string;
  moveIn: string;
  /** Exclusive; null = open-ended. */
  moveOut: string | null;
  endType: StayEndType | null;
  dischargeReason: DischargeReason | null;
  status: StayStatus;
};

export type ResidentFile = {
  profile: ResidentProfile;
  /** Newest move-in first (only the stays this role may see). */
  stays: ResidentFileStay[];
  /** Staff-only notes, newest first; null when the role may not read them (never queried then). */
  notes: { id: string; body: string; authorName: string | null; createdAt: string }[] | null;
  /** The pending portal invitation, if one is waiting to be accepted. */
  pendingInvite: { expiresAt: Date } | null;
};

/**
 * A resident's file for staff: profile, stays, staff-only notes (only for roles with
 * `residents:notes`) and the pending portal invite, in one statement; then the read is
 * audited (`resident.viewed`, with whether staff notes were shown — ids only, no names).
 * Not visible (another org, another house, a resident) → not_found.
 */
export async function getResidentFile(tx: Tx, role: Role, residentId: string): Promise<ResidentFile> {
  const id = parseInput(idSchema, residentId);
  const withNotes = can(role, "residents:notes");
  const row = await tx
    .selectFrom("resident as r")
    .select((eb) => [
      "r.id",
      "r.user_id",
      "r.legal_name",
      "r.preferred_name",
      "r.pronouns",
      "r.date_of_birth",
      "r.phone",
      "r.email",
      "r.emergency_contact_name",
      "r.emergency_contact_phone",
      "r.emergency_contact_relationship",
      "r.recovery_start_date",
      "r.created_at",
      "r.updated_at",
      jsonArrayFrom(
        joinStayPlace(eb.selectFrom("stay as s"))
          .select([
            "s.id",
            "h.name as houseName",
            "rm.name as roomName",
            "b.label as bedLabel",
            sql<string>`lower(s.during)::text`.as("moveIn"),
            sql<string | null>`upper(s.during)::text`.as("moveOut"),
            "s.end_type as endType",
            "s.discharge_reason as dischargeReason",
            stayStatus("s").as("status"),
          ])
          .whereRef("s.org_id", "=", "r.org_id")
          .whereRef("s.resident_id", "=", "r.id")
          .orderBy(sql`lower(s.during)`, "desc")
          .orderBy("s.id"),
      ).as("stays"),
      eb
        .selectFrom("invite as i")
        .select("i.expires_at")
        .whereRef("i.org_id", "=", "r.org_id")
        .whereRef("i.resident_id", "=", "r.id")
        .where("i.accepted_at", "is", null)
        .where("i.revoked_at", "is", null)
        .where("i.expires_at", ">", sql<Date>`now()`)
        .orderBy("i.created_at", "desc")
        .limit(1)
        .as("invite_expires_at"),
      withNotes
        ? jsonArrayFrom(
            eb
              .selectFrom("resident_note as n")
              .leftJoin("app_user as u", "u.id", "n.author_user_id")
              .select(["n.id", "n.body", "u.name as authorName", "n.created_at as createdAt"])
              .whereRef("n.org_id", "=", "r.org_id")
              .whereRef("n.resident_id", "=", "r.id")
              .orderBy("n.created_at", "desc")
              .orderBy("n.id", "desc"),
          ).as("notes")
        : sql<null>`null`.as("notes"),
    ])
    .where("r.id", "=", id)
    .executeTakeFirst();
  if (!row) throw notFound("Resident");
  await audit(tx, "resident.viewed", { type: "resident", id }, { staffNotes: withNotes });
  return {
    profile: {
      id: row.id,
      legalName: row.legal_name,
      preferredName: row.preferred_name,
      displayName: row.preferred_name ?? row.legal_name,
      pronouns: row.pronouns,
      dateOfBirth: row.date_of_birth,
      phone: row.phone,
      email: row.email,
      emergencyContact: {
        name: row.emergency_contact_name,
        phone: row.emergency_contact_phone,
        relationship: row.emergency_contact_relationship,
      },
      recoveryStartDate: row.recovery_start_date,
      hasAccount: row.user_id !== null,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    },
    stays: row.stays as ResidentFileStay[],
    notes: withNotes ? ((row.notes ?? []) as { id: string; body: string; authorName: string | null; createdAt: string }[]) : null,
    pendingInvite: row.invite_expires_at ? { expiresAt: new Date(row.invite_expires_at) } : null,
  };
}
