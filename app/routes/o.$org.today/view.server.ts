import type { ChoreState } from "#app/domain/chores/labels";
import { todaysChoreCounts, type TodayHouse, type TodayHouseSummary } from "#app/domain/today/today.server";
import { formatDay, formatInZone, relativeDay } from "#app/lib/dates";

const MOVE_LABELS = { move_in: "Moves in", move: "Moves to this house", move_out: "Moves out" } as const;
const CHORE_ORDER: ChoreState[] = ["missed", "sent_back", "done", "assigned", "verified"];

/** One house's today as the page shows it: labels, links and dates in the house's own zone. */
export function houseDetail(h: TodayHouse, orgBase: string) {
  const base = `${orgBase}/houses/${h.id}`;
  const chores = todaysChoreCounts(h);
  return {
    id: h.id,
    name: h.name,
    base,
    dayLabel: formatDay(h.today, "EEEE, MMMM d"),
    choreCounts: { done: chores.waiting, verified: chores.verified, notYet: chores.notYet, total: chores.total },
    chores: h.chores
      .map((c) => ({ id: c.assignmentId, name: c.choreName, resident: c.residentName, state: c.state, yesterday: c.day !== h.today }))
      .sort((a, b) => Number(a.yesterday) - Number(b.yesterday) || CHORE_ORDER.indexOf(a.state) - CHORE_ORDER.indexOf(b.state)),
    sessions: h.sessions.map((o) => ({
      key: `${o.seriesId}:${o.occursOn}`,
      title: o.title,
      when: `${formatInZone(o.startsAt, o.timeZone, "h:mm a")} to ${formatInZone(o.endsAt, o.timeZone, "h:mm a")}`,
      status: o.status,
      href: o.status === "cancelled" ? null : `${base}/sessions/${o.seriesId}/${o.occursOn}`,
    })),
    meetingTarget: h.meetingTarget,
    underTarget: h.underTarget.map((r) => ({ id: r.residentId, name: r.residentName, logged: r.logged })),
    unsigned: h.unsigned.map((r) => ({ id: r.residentId, name: r.residentName, missing: r.missing })),
    followUps: h.followUps.map((f) => ({
      id: f.followupId,
      text: `${f.task} (${f.serviceName})`,
      due: f.dueOn < h.today ? `overdue since ${formatDay(f.dueOn, "MMM d")}` : "due today",
      name: f.residentName,
      href: `${orgBase}/residents/${f.residentId}/referrals/${f.referralId}`,
    })),
    safetyDue: h.safetyDue.map((c) => ({
      id: c.checkId,
      name: c.name,
      due: c.naloxoneExpiredOn
        ? `expired ${formatDay(c.naloxoneExpiredOn, "MMM d")}`
        : c.dueOn < h.today ? `overdue since ${formatDay(c.dueOn, "MMM d")}` : "due today",
    })),
    moves: h.moves.map((m) => ({
      id: m.stayId,
      label: MOVE_LABELS[m.kind],
      kind: m.kind,
      when: `${formatDay(m.date, "EEE, MMM d")} (${relativeDay(m.date, h.today)})`,
      name: m.residentName,
      href: `${orgBase}/stays/${m.stayId}`,
    })),
  };
}
export type HouseDetail = ReturnType<typeof houseDetail>;

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** One house's line in the owner's summary: what needs doing, counted, nothing named. */
export function houseSummary(h: TodayHouseSummary, todayBase: string) {
  const needs = [
    h.chores.notYet ? `${count(h.chores.notYet, "chore", "chores")} not done yet` : null,
    h.chores.waiting ? `${count(h.chores.waiting, "chore", "chores")} to check` : null,
    h.yesterday ? `${count(h.yesterday, "chore", "chores")} from yesterday` : null,
    h.sessions ? `${count(h.sessions, "session", "sessions")} today` : null,
    h.underTarget ? `${count(h.underTarget, "resident", "residents")} under the meeting target` : null,
    h.unsigned ? `${count(h.unsigned, "resident", "residents")} with documents to sign` : null,
    h.followUps ? `${count(h.followUps, "referral follow-up", "referral follow-ups")} due` : null,
    h.safetyDue ? `${count(h.safetyDue, "safety check", "safety checks")} due` : null,
    h.moves ? `${count(h.moves, "move", "moves")} in the next days` : null,
  ].filter((x) => x !== null);
  return { id: h.id, name: h.name, href: `${todayBase}?house=${h.id}`, dayLabel: formatDay(h.today, "EEE, MMM d"), needs };
}
export type HouseSummaryLine = ReturnType<typeof houseSummary>;
