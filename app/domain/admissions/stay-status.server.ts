import { sql, type RawBuilder } from "kysely";
import { houseToday } from "#app/domain/dates.server";
import type { StayStatus } from "./stay-status";

/**
 * A stay's status in SQL (`stay` = the stay table's alias; `today` defaults to the
 * house's local today, so the query must join the stay's house as `h`). The only place
 * the CASE is written.
 */
export function stayStatus(stay = "s", today: RawBuilder<string> = houseToday("h")): RawBuilder<StayStatus> {
  const during = sql.ref(`${stay}.during`);
  return sql<StayStatus>`(case
    when lower(${during}) > ${today} then 'planned'
    when upper_inf(${during}) or upper(${during}) > ${today} then 'current'
    else 'ended' end)`;
}

/** True for a stay that has not ended by `today` (current or planned). */
export function stayNotEnded(stay = "s", today: RawBuilder<string> = houseToday("h")): RawBuilder<boolean> {
  const during = sql.ref(`${stay}.during`);
  return sql<boolean>`(upper_inf(${during}) or upper(${during}) > ${today})`;
}
