import { sql, type SelectQueryBuilder } from "kysely";
import type { DB } from "#app/db/schema";

type StayScope = DB & { s: DB["stay"] };

/**
 * A query on stays (`stay as s`) with the place of each: its house `h`, bed `b` and room
 * `rm`, each joined on org_id as well as id. The one place this join is written; the house
 * as `h` is also what `stayStatus()` reads the house's today from.
 */
export function joinStayPlace<S extends StayScope, TB extends keyof S, O>(qb: SelectQueryBuilder<S, TB, O>) {
  return (qb as unknown as SelectQueryBuilder<StayScope, "s", O>)
    .innerJoin("house as h", (j) => j.onRef("h.org_id", "=", "s.org_id").onRef("h.id", "=", "s.house_id"))
    .innerJoin("bed as b", (j) => j.onRef("b.org_id", "=", "s.org_id").onRef("b.id", "=", "s.bed_id"))
    .innerJoin("room as rm", (j) => j.onRef("rm.org_id", "=", "b.org_id").onRef("rm.id", "=", "b.room_id")) as unknown as SelectQueryBuilder<
    S & { h: DB["house"]; b: DB["bed"]; rm: DB["room"] },
    TB | "h" | "b" | "rm",
    O
  >;
}

/** The same join in raw SQL, for lateral subqueries: `from stay s ${STAY_PLACE_JOIN}`. */
export const STAY_PLACE_JOIN = sql`join house h on h.org_id = s.org_id and h.id = s.house_id
  join bed b on b.org_id = s.org_id and b.id = s.bed_id
  join room rm on rm.org_id = b.org_id and rm.id = b.room_id`;

/** A stay's place and dates as columns of a raw-SQL row (`StayPlaceColumns`; null when a left join found no stay). */
export const STAY_PLACE_COLUMNS = sql`s.id as stay_id, s.house_id, h.name as house_name, rm.name as room_name, b.label as bed_label,
  lower(s.during)::text as move_in, upper(s.during)::text as move_out`;

export type StayPlaceColumns = {
  stay_id: string | null;
  house_id: string | null;
  house_name: string | null;
  room_name: string | null;
  bed_label: string | null;
  move_in: string | null;
  move_out: string | null;
};
