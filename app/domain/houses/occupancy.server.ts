import { sql } from "kysely";
import type { HouseStatus } from "#app/db/schema";
import type { Tx } from "#app/db/tenant.server";
import { audit } from "#app/domain/audit/audit.server";
import { notFound, parseInput } from "#app/domain/errors.server";
import { addDays } from "#app/lib/dates";
import { id as idSchema } from "#app/lib/fields";
import { houseToday } from "#app/domain/dates.server";
import { groupRooms, roomBedRows, type BedDto } from "./layout.server";
import { OccupancyOptions } from "./schemas";

/**
 * The occupancy board. "Today" is each house's local date (its IANA zone) unless
 * `asOf` is given. A bed is occupied when a stay contains today; vacant when it is in
 * service (status available) and unoccupied; reserved when vacant with a planned
 * move-in inside the window. Occupancy % = occupied / in-service adult beds.
 * Child beds are counted separately and do not count toward capacity.
 */

export type StayRef = { stayId: string; residentId: string; displayName: string | null; moveIn: string; moveOut: string | null };

export type OccupancyBed = BedDto & {
  occupant: StayRef | null;
  /** The occupant's scheduled or expected move-out, when within the window. */
  upcomingMoveOut: string | null;
  /** The next planned move-in within the window (the bed is reserved from that date). */
  upcomingMoveIn: StayRef | null;
  vacant: boolean;
};

export type OccupancyCounts = {
  beds: number;
  childBeds: number;
  outOfService: number;
  held: number;
  occupied: number;
  childOccupied: number;
  vacant: number;
  reserved: number;
  /** occupied / (beds − outOfService) × 100, one decimal; null without in-service beds. */
  occupancyPct: number | null;
};

export type HouseOccupancy = {
  house: { id: string; name: string; timeZone: string; status: HouseStatus };
  today: string;
  windowEnd: string;
  rooms: { id: string; name: string; sizeSqFt: number | null; beds: OccupancyBed[] }[];
  counts: OccupancyCounts;
  /** Planned move-ins; `fromBedId` when it is a move from another bed of this house (a transfer). */
  moveIns: (StayRef & { bedId: string; fromBedId: string | null; transfer: boolean })[];
  /** Move-outs, without those that are the other half of a move shown among the move-ins. */
  moveOuts: (StayRef & { bedId: string; toOtherHouse: boolean })[];
};

export function occupancyPct(occupied: number, beds: number, outOfService: number): number | null {
  const inService = beds - outOfService;
  return inService > 0 ? Math.round((occupied / inService) * 1000) / 10 : null;
}

/**
 * One house's grid: rooms → beds → occupant / upcoming changes. Three queries, and a
 * fourth statement auditing which residents the board names (`resident.listed`).
 */
const emptyCounts = (): OccupancyCounts => ({
  beds: 0,
  childBeds: 0,
  outOfService: 0,
  held: 0,
  occupied: 0,
  childOccupied: 0,
  vacant: 0,
  reserved: 0,
  occupancyPct: null,
});

export async function getHouseOccupancy(tx: Tx, houseId: string, options: OccupancyOptions = {}): Promise<HouseOccupancy> {
  const id = parseInput(idSchema, houseId);
  const { withinDays, asOf } = parseInput(OccupancyOptions, options);
  const house = await tx
    .selectFrom("house as h")
    .select(["h.id", "h.name", "h.time_zone", "h.status", sql<string>`coalesce(${asOf ?? null}::date, ${houseToday("h")})::text`.as("today")])
    .where("h.id", "=", id)
    .executeTakeFirst();
  if (!house) throw notFound("House");
  const today = house.today;
  const windowEnd = addDays(today, withinDays);

  const bedRows = await roomBedRows(tx, id);

  // Stays touching [today, windowEnd]: current ones and planned ones starting in the window.
  const stays = await tx
    .selectFrom("stay as s")
    .leftJoin("resident as p", (j) => j.onRef("p.org_id", "=", "s.org_id").onRef("p.id", "=", "s.resident_id"))
    .select([
      "s.id",
      "s.bed_id",
      "s.resident_id",
      sql<string>`lower(s.during)::text`.as("move_in"),
      sql<string | null>`upper(s.during)::text`.as("move_out"),
      sql<string | null>`coalesce(p.preferred_name, p.legal_name)`.as("display_name"),
      "s.end_type",
      "s.transferred_from_stay_id",
    ])
    .where("s.house_id", "=", id)
    .where(sql<boolean>`s.during && daterange(${today}::date, ${windowEnd}::date, '[]')`)
    .orderBy(sql`lower(s.during)`)
    .execute();

  const current = new Map<string, StayRef>();
  const next = new Map<string, StayRef>();
  const moveIns: HouseOccupancy["moveIns"] = [];
  const moveOuts: HouseOccupancy["moveOuts"] = [];
  // A transfer within the house is one move (shown as a move-in "from" the old bed), not a
  // move-out and a move-in; a transfer to another house is this house's move-out.
  const bedOfStay = new Map(stays.map((s) => [s.id, s.bed_id]));
  const movedWithin = new Set(stays.filter((s) => s.transferred_from_stay_id && bedOfStay.has(s.transferred_from_stay_id)).map((s) => s.transferred_from_stay_id!));
  for (const s of stays) {
    const ref: StayRef = {
      stayId: s.id,
      residentId: s.resident_id,
      displayName: s.display_name,
      moveIn: s.move_in,
      moveOut: s.move_out,
    };
    if (s.move_in <= today) {
      current.set(s.bed_id, ref);
      if (s.move_out !== null && s.move_out <= windowEnd && !movedWithin.has(s.id)) {
        moveOuts.push({ ...ref, bedId: s.bed_id, toOtherHouse: s.end_type === "transfer" });
      }
    } else {
      if (!next.has(s.bed_id)) next.set(s.bed_id, ref);
      const fromBedId = s.transferred_from_stay_id ? (bedOfStay.get(s.transferred_from_stay_id) ?? null) : null;
      moveIns.push({ ...ref, bedId: s.bed_id, fromBedId, transfer: s.transferred_from_stay_id !== null });
    }
  }

  const counts = emptyCounts();
  const rooms = groupRooms(bedRows).map((room) => ({
    ...room,
    beds: room.beds.map((bed): OccupancyBed => {
      const occupant = current.get(bed.id) ?? null;
      const upcomingMoveIn = next.get(bed.id) ?? null;
      const vacant = !occupant && bed.status === "available";
      if (bed.kind === "child") {
        counts.childBeds++;
        if (occupant) counts.childOccupied++;
      } else {
        counts.beds++;
        if (bed.status === "out_of_service") counts.outOfService++;
        if (occupant) counts.occupied++;
        else if (bed.status === "held") counts.held++;
        if (vacant) counts.vacant++;
        if (vacant && upcomingMoveIn) counts.reserved++;
      }
      return {
        ...bed,
        occupant,
        upcomingMoveOut: occupant?.moveOut && occupant.moveOut <= windowEnd ? occupant.moveOut : null,
        upcomingMoveIn,
        vacant,
      };
    }),
  }));
  counts.occupancyPct = occupancyPct(counts.occupied, counts.beds, counts.outOfService);

  // The board names the residents of these stays: a read of their records, audited (ids only).
  const shown = [...new Set(stays.map((s) => s.resident_id))];
  if (shown.length) await audit(tx, "resident.listed", { type: "house", id }, { view: "board", residentIds: shown });

  return {
    house: { id: house.id, name: house.name, timeZone: house.time_zone, status: house.status },
    today,
    windowEnd,
    rooms,
    counts,
    moveIns,
    moveOuts,
  };
}

export type HouseOccupancySummary = OccupancyCounts & {
  houseId: string;
  name: string;
  narrLevel: number;
  today: string;
};

export type OccupancySummary = {
  houses: HouseOccupancySummary[];
  totals: OccupancyCounts;
};

/** Org-wide summary across active houses the caller can see. One query. */
export async function getOccupancySummary(tx: Tx, options: OccupancyOptions = {}): Promise<OccupancySummary> {
  const { withinDays, asOf } = parseInput(OccupancyOptions, options);
  const rows = await sql<{
    id: string;
    name: string;
    narr_level: number;
    today: string;
    beds: number;
    child_beds: number;
    out_of_service: number;
    held: number;
    occupied: number;
    child_occupied: number;
    vacant: number;
    reserved: number;
  }>`
    with h as materialized (
      select hs.id, hs.org_id, hs.name, hs.narr_level,
        coalesce(${asOf ?? null}::date, ${houseToday("hs")}) as today
      from house hs where hs.org_id = (select current_org_id()) and hs.status = 'active'
    ),
    -- Two per-house aggregates joined to the 60-odd houses, never a join per bed (issue 15):
    -- the planner cannot count these CTEs' rows and looped over every stay for every bed.
    -- sb: per bed that has a stay touching the window, occupied today (cur) and a move-in
    -- planned within the window (nxt), with the bed's kind and status; summed per house.
    sb as materialized (
      select x.house_id,
        (count(*) filter (where x.kind = 'adult' and x.cur))::int as occupied,
        (count(*) filter (where x.kind = 'child' and x.cur))::int as child_occupied,
        (count(*) filter (where x.kind = 'adult' and x.cur and x.status = 'held'))::int as held_occupied,
        (count(*) filter (where x.kind = 'adult' and x.cur and x.status = 'available'))::int as available_occupied,
        (count(*) filter (where x.kind = 'adult' and not x.cur and x.status = 'available' and x.nxt))::int as reserved
      from (
        select s.house_id, b.kind, b.status, bool_or(s.during @> h.today) as cur, bool_or(lower(s.during) > h.today) as nxt
        from h join stay s on s.org_id = h.org_id and s.house_id = h.id
        join bed b on b.org_id = s.org_id and b.id = s.bed_id
        where s.during && daterange(h.today, h.today + ${withinDays}::int, '[]')
        group by s.house_id, s.bed_id, b.kind, b.status
      ) x
      group by x.house_id
    ),
    -- bc: the beds of each house by kind and status.
    bc as materialized (
      select b.house_id,
        (count(*) filter (where b.kind = 'adult'))::int as beds,
        (count(*) filter (where b.kind = 'child'))::int as child_beds,
        (count(*) filter (where b.kind = 'adult' and b.status = 'out_of_service'))::int as out_of_service,
        (count(*) filter (where b.kind = 'adult' and b.status = 'held'))::int as held,
        (count(*) filter (where b.kind = 'adult' and b.status = 'available'))::int as available
      from h join bed b on b.org_id = h.org_id and b.house_id = h.id
      group by b.house_id
    )
    select h.id, h.name, h.narr_level, h.today::text as today,
      coalesce(bc.beds, 0) as beds,
      coalesce(bc.child_beds, 0) as child_beds,
      coalesce(bc.out_of_service, 0) as out_of_service,
      coalesce(bc.held, 0) - coalesce(sb.held_occupied, 0) as held,
      coalesce(sb.occupied, 0) as occupied,
      coalesce(sb.child_occupied, 0) as child_occupied,
      coalesce(bc.available, 0) - coalesce(sb.available_occupied, 0) as vacant,
      coalesce(sb.reserved, 0) as reserved
    from h
    left join bc on bc.house_id = h.id
    left join sb on sb.house_id = h.id
    order by lower(h.name), h.id`.execute(tx);

  const houses = rows.rows.map(
    (r): HouseOccupancySummary => ({
      houseId: r.id,
      name: r.name,
      narrLevel: r.narr_level,
      today: r.today,
      beds: r.beds,
      childBeds: r.child_beds,
      outOfService: r.out_of_service,
      held: r.held,
      occupied: r.occupied,
      childOccupied: r.child_occupied,
      vacant: r.vacant,
      reserved: r.reserved,
      occupancyPct: occupancyPct(r.occupied, r.beds, r.out_of_service),
    }),
  );
  const totals = emptyCounts();
  for (const h of houses) {
    totals.beds += h.beds;
    totals.childBeds += h.childBeds;
    totals.outOfService += h.outOfService;
    totals.held += h.held;
    totals.occupied += h.occupied;
    totals.childOccupied += h.childOccupied;
    totals.vacant += h.vacant;
    totals.reserved += h.reserved;
  }
  totals.occupancyPct = occupancyPct(totals.occupied, totals.beds, totals.outOfService);
  return { houses, totals };
}
