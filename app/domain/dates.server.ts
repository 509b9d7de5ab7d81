import { sql, type RawBuilder } from "kysely";
import type { Tx } from "#app/db/tenant.server";
import type { CalendarDate } from "#app/lib/dates";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * "Today" in SQL, the same rule as app/lib/dates.ts: a house's day starts at midnight in
 * the house's zone, so anything about a house compares with `houseToday()`; the
 * organization's zone (`orgToday()`) only where no house is involved.
 */

/** A house's local calendar day (`alias` = the house table's alias in the query). */
export const houseToday = (alias = "h"): RawBuilder<string> => zoneToday(alias);

/** The local day of a row with a `time_zone` column (`alias`): the one expression behind houseToday and orgRowToday. */
function zoneToday(alias: string): RawBuilder<string> {
  return sql<string>`(now() at time zone ${sql.ref(`${alias}.time_zone`)})::date`;
}

/**
 * The calendar day an instant (a timestamptz expression) fell on in the zone of a row with a
 * `time_zone` column (`alias`): a house's, for a signature or a check-in at 9 pm, which in
 * UTC is already the next day. Never `instant::date`, which is the database session's day.
 */
export const localDayOf = (instant: RawBuilder<unknown>, alias = "h"): RawBuilder<string> =>
  sql<string>`(${instant} at time zone ${sql.ref(`${alias}.time_zone`)})::date`;

/** The local calendar day of an org row in the query (`alias`), e.g. a grant's operator seen by a certifier. */
export const orgRowToday = (alias = "o"): RawBuilder<string> => zoneToday(alias);

/** The current organization's local calendar day. */
export const orgToday = (): RawBuilder<string> =>
  sql<string>`(select (now() at time zone o.time_zone)::date from org o where o.id = current_org_id())`;

/**
 * Today where a page's dates apply, in one statement: the house's (given directly, or as
 * the house of a bed), else the organization's. Ids the caller cannot see (row-level
 * security) or that do not exist fall back to the organization's today.
 */
export async function localToday(tx: Tx, where: { houseId?: string | null; bedId?: string | null } = {}): Promise<CalendarDate> {
  const houseId = where.houseId && UUID.test(where.houseId) ? where.houseId : null;
  const bedId = where.bedId && UUID.test(where.bedId) ? where.bedId : null;
  const row = await sql<{ today: string }>`
    select coalesce(
      (select ${houseToday("h")} from house h where h.id = ${houseId}::uuid),
      (select ${houseToday("h")} from bed b join house h on h.org_id = b.org_id and h.id = b.house_id where b.id = ${bedId}::uuid),
      ${orgToday()}
    )::text as today`.execute(tx);
  return row.rows[0]!.today;
}
