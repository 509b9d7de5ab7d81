import { sql } from "kysely";
import type { ApplicationStatus } from "#app/db/schema";
import type { Tx } from "#app/db/tenant.server";
import { parseInput } from "#app/domain/errors.server";
import { houseToday } from "#app/domain/dates.server";
import { OccupancyOptions } from "./schemas";

/**
 * Org-wide views for the overview page (the per-house board is `getHouseOccupancy`).
 * Row-level security limits both to the houses the caller may see.
 */

export type UpcomingMove = {
  /** "move": a transfer into a bed (one entry for the whole move). */
  kind: "move_in" | "move" | "move_out";
  /** The move-in date, or the (exclusive) move-out date: YYYY-MM-DD. */
  date: string;
  /** The house's local today, for "in N days" labels. */
  today: string;
  stayId: string;
  houseId: string;
  houseName: string;
  roomName: string;
  bedId: string;
  bedLabel: string;
  residentId: string;
  displayName: string | null;
};

/**
 * Planned move-ins and move-outs across active houses within `withinDays` of each
 * house's local today, soonest first. Same rules as the board: a move-in is a stay
 * starting after today and by the window's end; a move-out is a current stay whose
 * move-out date falls after today and by the window's end. One query; at most `limit`.
 */
export async function listUpcomingMoves(
  tx: Tx,
  options: OccupancyOptions & { limit?: number } = {},
): Promise<UpcomingMove[]> {
  const { limit = 50, ...rest } = options;
  const { withinDays, asOf } = parseInput(OccupancyOptions, rest);
  const today = sql<string>`coalesce(${asOf ?? null}::date, ${houseToday("h")})`;
  const windowEnd = sql<string>`(${today} + ${withinDays}::int)`;
  const rows = await tx
    .selectFrom("stay as s")
    .innerJoin("house as h", (j) => j.onRef("h.org_id", "=", "s.org_id").onRef("h.id", "=", "s.house_id"))
    .innerJoin("bed as b", (j) => j.onRef("b.org_id", "=", "s.org_id").onRef("b.id", "=", "s.bed_id"))
    .innerJoin("room as rm", (j) => j.onRef("rm.org_id", "=", "b.org_id").onRef("rm.id", "=", "b.room_id"))
    .leftJoin("resident as p", (j) => j.onRef("p.org_id", "=", "s.org_id").onRef("p.id", "=", "s.resident_id"))
    .select([
      // A transfer is one move: its new stay's start ("move"), not also the old stay's end.
      sql<"move_in" | "move" | "move_out">`case when lower(s.during) > ${today}
        then (case when s.transferred_from_stay_id is null then 'move_in' else 'move' end) else 'move_out' end`.as("kind"),
      sql<string>`(case when lower(s.during) > ${today} then lower(s.during) else upper(s.during) end)::text`.as("date"),
      sql<string>`${today}::text`.as("today"),
      "s.id as stayId",
      "h.id as houseId",
      "h.name as houseName",
      "rm.name as roomName",
      "b.id as bedId",
      "b.label as bedLabel",
      "s.resident_id as residentId",
      sql<string | null>`coalesce(p.preferred_name, p.legal_name)`.as("displayName"),
    ])
    .where("h.status", "=", "active")
    .where(sql<boolean>`s.during && daterange(${today}, ${windowEnd}, '[]')`)
    // The old half of a move the caller can see the other half of (RLS decides) is left out.
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("stay as n")
            .select(sql`1`.as("one"))
            .whereRef("n.org_id", "=", "s.org_id")
            .whereRef("n.transferred_from_stay_id", "=", "s.id")
            .where(sql<boolean>`lower(n.during) > ${today}`),
        ),
      ),
    )
    .where((eb) =>
      eb.or([
        // planned move-in inside the window
        sql<boolean>`lower(s.during) > ${today}`,
        // current stay ending inside the window (move-out date exclusive: after today)
        sql<boolean>`upper(s.during) <= ${windowEnd}`,
      ]),
    )
    .orderBy("date")
    .orderBy(sql`lower(h.name)`)
    .orderBy("s.id")
    .limit(Math.max(1, Math.min(limit, 200)))
    .execute();
  return rows;
}

export type ApplicationCounts = Record<Extract<ApplicationStatus, "new" | "screening" | "waitlisted">, number>;

/** Open applications the caller may see, by status (one query). */
export async function countOpenApplications(tx: Tx): Promise<ApplicationCounts> {
  const row = await tx
    .selectFrom("application")
    .select([
      sql<number>`(count(*) filter (where status = 'new'))::int`.as("new"),
      sql<number>`(count(*) filter (where status = 'screening'))::int`.as("screening"),
      sql<number>`(count(*) filter (where status = 'waitlisted'))::int`.as("waitlisted"),
    ])
    .where("status", "in", ["new", "screening", "waitlisted"])
    .executeTakeFirstOrThrow();
  return row;
}
