import { sql } from "kysely";
import type { AttendanceStatus, Fellowship } from "#app/db/schema";
import { withTenant, type Tx } from "#app/db/tenant.server";
import { setMeetingTarget } from "#app/domain/sessions/meetings.server";
import { mondayOf } from "#app/domain/sessions/schemas";
import { createSeries, expectedAttendees, moveOccurrence, occurrencesBetween, occurrenceKey, sessionHouse } from "#app/domain/sessions/sessions.server";
import { addDays } from "#app/lib/dates";

/**
 * Demo sessions for every demo house: a weekly house meeting, two life-skills classes
 * (budgeting weekly, job search every two weeks) and a recovery-coach group, with six
 * weeks of attendance, one house meeting moved to another evening next week, a weekly
 * target of three mutual-aid meetings, and residents' logged meetings (some under the
 * target this week). Through the domain functions as each org's owner, under RLS;
 * deterministic for a given day.
 */

type Org = { id: string };
type SeedInput = { orgs: { riverside: Org; maple: Org }; users: Record<string, { id: string }> };

const WEEKS_BACK = 6;
const WEEKDAY = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"] as const;
const FELLOWSHIPS: Fellowship[] = ["aa", "na", "smart", "recovery_dharma", "celebrate_recovery", "aa"];
const PLACES = ["St. Mark's basement", "Community center", "Library meeting room", "Online", "Hospital chapel", "Clubhouse"];
const weekdayOf = (date: string) => WEEKDAY[new Date(`${date}T12:00:00Z`).getUTCDay()]!;

async function seedHouse(tx: Tx, houseId: string, n: number) {
  const house = await sessionHouse(tx, houseId);
  const start = addDays(house.today, -7 * WEEKS_BACK);
  const meetingDay = weekdayOf(addDays(house.today, -2));
  const base = { startsOn: start, attendance: "all" as const, weekdays: [] as string[] };
  const meeting = await createSeries(tx, houseId, {
    ...base,
    title: "House meeting",
    kind: "house_meeting",
    place: "Living room",
    startTime: "19:00",
    endTime: "20:00",
    repeats: "weekly",
    weekdays: [meetingDay],
  });
  await createSeries(tx, houseId, {
    ...base,
    title: "Budgeting basics",
    kind: "budgeting",
    place: "Kitchen table",
    facilitatorName: "Volunteer from the credit union",
    startTime: "18:00",
    endTime: "19:00",
    repeats: "weekly",
    weekdays: [weekdayOf(addDays(house.today, -4))],
  });
  await createSeries(tx, houseId, {
    ...base,
    title: "Job search workshop",
    kind: "job_search",
    startTime: "10:00",
    endTime: "11:30",
    repeats: "biweekly",
    weekdays: [weekdayOf(addDays(house.today, -1))],
    attendance: "optional",
  });
  await createSeries(tx, houseId, {
    ...base,
    title: "Recovery-coach group",
    kind: "recovery_coach_group",
    startTime: "17:30",
    endTime: "18:30",
    repeats: "weekly",
    weekdays: [weekdayOf(house.today)],
  });

  // Attendance for every past occurrence (not today's: left for the manager to take).
  const past = (await occurrencesBetween(tx, houseId, start, house.today)).filter((o) => o.status !== "cancelled");
  const expected = await expectedAttendees(tx, houseId, past);
  const rows: { org_id: ReturnType<typeof sql<string>>; house_id: string; series_id: string; occurs_on: string; resident_id: string; status: AttendanceStatus }[] = [];
  past.forEach((o, i) => {
    (expected.get(occurrenceKey(o)) ?? []).forEach((r, j) => {
      if (o.attendance === "optional" && (i + j + n) % 3 === 0) return;
      const roll = (i * 7 + j * 3 + n) % 10;
      const status: AttendanceStatus = roll < 7 ? "present" : roll === 7 ? "excused" : "absent";
      rows.push({ org_id: sql<string>`current_org_id()`, house_id: houseId, series_id: o.seriesId, occurs_on: o.occursOn, resident_id: r.residentId, status });
    });
  });
  if (rows.length) await tx.insertInto("session_attendance").values(rows).execute();

  // Next week's house meeting moves one evening later.
  const next = (await occurrencesBetween(tx, houseId, addDays(house.today, 5), addDays(house.today, 12))).find((o) => o.seriesId === meeting.id);
  if (next) await moveOccurrence(tx, houseId, { seriesId: next.seriesId, occursOn: next.occursOn, newDate: addDays(next.occursOn, 1), newTime: "19:30" });

  // A weekly target of three mutual-aid meetings, and what residents logged: this week
  // every other resident is under it.
  await setMeetingTarget(tx, houseId, { weeklyTarget: 3 });
  const monday = mondayOf(house.today);
  const residents = [...new Set([...(expected.values())].flat().map((r) => r.residentId))];
  const current = (await expectedAttendees(tx, houseId, [{ ...past.at(-1)!, day: house.today }])).get(occurrenceKey(past.at(-1)!)) ?? [];
  const logs: { org_id: ReturnType<typeof sql<string>>; resident_id: string; met_on: string; fellowship: Fellowship; place: string; verifier_name: string | null }[] = [];
  residents.forEach((residentId, j) => {
    const inHouseNow = current.some((r) => r.residentId === residentId);
    for (let d = 1; d <= 21; d++) {
      const day = addDays(house.today, -d);
      if ((d + j) % 3 !== 0) continue;
      logs.push({ org_id: sql<string>`current_org_id()`, resident_id: residentId, met_on: day, fellowship: FELLOWSHIPS[(d + j) % FELLOWSHIPS.length]!, place: PLACES[(d * j + n) % PLACES.length]!, verifier_name: d % 2 ? "Chair" : null });
    }
    if (inHouseNow && j % 2 === 0) {
      // This week: enough for the target.
      for (let k = 0; k < 3; k++) {
        const day = addDays(monday, k) > house.today ? house.today : addDays(monday, k);
        logs.push({ org_id: sql<string>`current_org_id()`, resident_id: residentId, met_on: day, fellowship: "aa", place: PLACES[k]!, verifier_name: null });
      }
    }
  });
  if (logs.length) await tx.insertInto("meeting_log").values(logs).execute();
}

export async function seedSessionsDemo({ orgs, users }: SeedInput) {
  const owners = { riverside: "dana.owner@demo.hearth.test", maple: "pat.owner@demo.hearth.test" } as const;
  for (const key of ["riverside", "maple"] as const) {
    const owner = users[owners[key]];
    if (!owner) throw new Error(`demo seed: missing user ${owners[key]}`);
    await withTenant({ orgId: orgs[key].id, userId: owner.id, role: "owner" }, async (tx) => {
      const houses = await tx.selectFrom("house").select("id").where("status", "=", "active").orderBy("name").execute();
      for (const [n, h] of houses.entries()) await seedHouse(tx, h.id, n);
    });
  }
}
