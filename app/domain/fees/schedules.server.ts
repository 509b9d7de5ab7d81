import { sql } from "kysely";
import type { Tx } from "#app/db/tenant.server";
import { audit } from "#app/domain/audit/audit.server";
import { DomainError, guardDb, notFound, parseInput } from "#app/domain/errors.server";
import { orgToday } from "#app/domain/dates.server";
import { formatDay } from "#app/lib/dates";
import { EndScheduleInput } from "./schemas";

/**
 * Ending a fee schedule (ADR 031): `effective_to` is the only column that changes. The last
 * day may not be before the first day, nor before the last day of a period already charged
 * (or a one-time fee already charged) — a charge that was posted stays right — nor later than
 * a last day already set (a schedule is shortened, never lengthened: a longer one is a new
 * schedule, which residents acknowledge). Audited.
 */
export async function endFeeSchedule(tx: Tx, raw: EndScheduleInput, opts: { houseId?: string; orgWide?: boolean } = {}) {
  const input = parseInput(EndScheduleInput, raw);
  const s = await tx
    .selectFrom("fee_schedule as f")
    .select([
      "f.id",
      "f.house_id as houseId",
      sql<string>`f.effective_from::text`.as("from"),
      sql<string | null>`f.effective_to::text`.as("to"),
      sql<string | null>`(select greatest(max(e.period_end) - 1, max(e.effective_on))::text from ledger_entry e
        where e.org_id = f.org_id and e.schedule_id = f.id
          and not exists (select 1 from ledger_entry c where c.org_id = e.org_id and c.reverses_id = e.id))`.as("lastCharged"),
    ])
    .where("f.id", "=", input.scheduleId)
    .executeTakeFirst();
  if (!s || (opts.houseId && s.houseId !== opts.houseId) || (opts.orgWide && s.houseId !== null)) throw notFound("Fee schedule");
  if (input.lastDay < s.from) throw new DomainError("invalid", `The last day can't be before the first day (${formatDay(s.from)}).`, { field: "lastDay" });
  if (s.to !== null && input.lastDay > s.to) throw new DomainError("invalid", `It already ends on ${formatDay(s.to)}. Choose that day or an earlier one.`, { field: "lastDay" });
  if (s.lastCharged !== null && input.lastDay < s.lastCharged) {
    throw new DomainError("invalid", `Charges are already posted through ${formatDay(s.lastCharged)}. End it on that day or later.`, { field: "lastDay" });
  }
  const updated = await guardDb(tx.updateTable("fee_schedule").set({ effective_to: input.lastDay }).where("id", "=", s.id).returning("id").executeTakeFirst());
  if (!updated) throw new DomainError("forbidden", "You can't change this fee schedule.");
  await audit(tx, "fee_schedule.ended", { type: "fee_schedule", id: s.id }, { houseId: s.houseId, lastDay: input.lastDay, previous: s.to });
  return { id: s.id };
}

/** A house's beds as choices for a per-bed fee ("Room 1 · A"). One statement. */
export async function houseBedChoices(tx: Tx, houseId: string) {
  return tx
    .selectFrom("bed as b")
    .innerJoin("room as r", (j) => j.onRef("r.org_id", "=", "b.org_id").onRef("r.id", "=", "b.room_id"))
    .select(["b.id as value", sql<string>`r.name || ' · bed ' || b.label`.as("label")])
    .where("b.house_id", "=", houseId)
    .orderBy("r.name")
    .orderBy("b.label")
    .execute();
}

/**
 * The org-wide fee schedules (every house; ADR 031), newest first, with the org's today: the
 * owners' and admins' settings page. Org-wide schedules are few (a program fee, a
 * move-in fee), so the list is not paged. Two statements.
 */
export async function orgSchedules(tx: Tx) {
  const today = (await sql<{ d: string }>`select (${orgToday()})::text as d`.execute(tx)).rows[0]!.d;
  const schedules = await tx
    .selectFrom("fee_schedule")
    .select(["id", "name", "cadence", "weekday", "month_day as monthDay", "amount_cents as amountCents", "is_deposit as isDeposit", sql<string>`effective_from::text`.as("effectiveFrom"), sql<string | null>`effective_to::text`.as("effectiveTo")])
    .where("house_id", "is", null)
    .orderBy("effective_from", "desc")
    .orderBy("id")
    .limit(200)
    .execute();
  return { today, schedules };
}
