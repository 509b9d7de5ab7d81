import type { TenantContext } from "#app/db/tenant.server";
import { withTenant } from "#app/db/tenant.server";
import { audit } from "#app/domain/audit/audit.server";
import { meetingTargetStatus } from "#app/domain/sessions/meetings.server";
import { describeRule } from "#app/domain/sessions/schemas";
import { houseSchedule, sessionHouse } from "#app/domain/sessions/sessions.server";
import { addDays, formatDay, formatInZone } from "#app/lib/dates";
import { WEEKS_AHEAD } from "./forms";



/** The sessions page in words: the coming weeks' occurrences, the series, and this week's meeting target. */
export async function sessionsPage(tenant: TenantContext, houseId: string) {
  return withTenant(tenant, async (tx) => {
    const house = await sessionHouse(tx, houseId);
    const from = addDays(house.today, -1);
    const { occurrences, series } = await houseSchedule(tx, houseId, from, addDays(house.today, 7 * WEEKS_AHEAD));
    const target = await meetingTargetStatus(tx, houseId, house.today);
    await audit(tx, "session.listed", { type: "house", id: houseId }, { view: "sessions", residentIds: target.residents.map((r) => r.residentId) });
    const now = Date.now();
    return {
      house: { id: house.id, name: house.name, today: house.today, timeZone: house.timeZone },
      occurrences: occurrences.map((o) => ({
        seriesId: o.seriesId,
        occursOn: o.occursOn,
        title: o.title,
        kindLabel: o.kindLabel,
        place: o.place,
        status: o.status,
        when: `${formatInZone(o.startsAt, o.timeZone, "EEE, MMM d, h:mm a")}–${formatInZone(o.endsAt, o.timeZone, "h:mm a")}`,
        originally: o.status === "moved" ? formatInZone(o.originalStartsAt, o.timeZone, "EEE, MMM d, h:mm a") : null,
        canTakeAttendance: o.status !== "cancelled" && o.day <= house.today,
        canChange: o.status !== "cancelled" && o.endsAt.getTime() > now,
        // Undo a cancellation or a move while its planned time is still ahead.
        // Not once its planned time has passed, nor a moved one that has begun at its new time (restoreOccurrence).
        canRestore:
          o.status !== "scheduled" &&
          o.originalStartsAt.getTime() + (o.endsAt.getTime() - o.startsAt.getTime()) > now &&
          !(o.status === "moved" && o.startsAt.getTime() <= now),
        moveDefaults: { newDate: o.day, newTime: formatInZone(o.startsAt, o.timeZone, "HH:mm") },
      })),
      series: series.map((s) => ({
        id: s.id,
        title: s.title,
        kindLabel: s.kindLabel,
        schedule: `${describeRule(s.rule)} from ${formatDay(s.startsOn)}, ${s.startTime} for ${s.durationMinutes} min${s.archivedFrom ? `; archived: none from ${formatDay(s.archivedFrom)} on` : ""}`,
        archived: Boolean(s.archivedFrom),
        place: s.place,
        facilitator: s.facilitator,
        attendance: s.attendance,
      })),
      target: {
        weekly: target.target,
        week: `${formatDay(target.weekStart, "EEE, MMM d")} – ${formatDay(target.weekEnd, "EEE, MMM d")}`,
        residents: target.residents,
      },
    };
  });
}
