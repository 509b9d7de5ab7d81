import type { FeeCadence } from "#app/db/schema";
import type { CalendarDate } from "#app/lib/dates";
import { formatCents } from "./money";
import { WEEKDAY_LABELS } from "./schemas";

/**
 * A resident's fee agreement (ADR 031), pure: which schedules apply to a stay, the exact
 * text that is shown, hashed and stored when they acknowledge it, and whether their
 * acknowledgements cover a schedule (the charge job posts only covered schedules).
 */

export type AgreementSchedule = {
  id: string;
  name: string;
  houseId: string | null;
  bedId: string | null;
  cadence: FeeCadence;
  weekday: number | null;
  monthDay: number | null;
  amountCents: number;
  isDeposit: boolean;
  effectiveFrom: CalendarDate;
  effectiveTo: CalendarDate | null;
};

export type AgreementStay = { houseId: string; bedId: string; from: CalendarDate; to: CalendarDate | null };

/** One line of the agreement, exactly as stored in the acknowledged terms. */
export type Term = {
  scheduleId: string;
  name: string;
  scope: "org" | "house" | "bed";
  cadence: FeeCadence;
  weekday: number | null;
  monthDay: number | null;
  amountCents: number;
  isDeposit: boolean;
  from: CalendarDate;
  to: CalendarDate | null;
};

export type Agreement = { version: 1; currency: string; terms: Term[] };

/** Whether a schedule applies to a stay's place: org-wide, the stay's house, or its bed. */
export const inScope = (s: Pick<AgreementSchedule, "houseId" | "bedId">, stay: Pick<AgreementStay, "houseId" | "bedId">) =>
  s.houseId === null || (s.houseId === stay.houseId && (s.bedId === null || s.bedId === stay.bedId));

/**
 * The terms that apply to a stay over the whole stay, from its first day (ADR 031): recurring
 * schedules in scope that have not ended before the stay began and begin before it ends —
 * including ones that have since ended, so an acknowledgement signed late covers every
 * period of the stay; one-time fees and deposits in scope whose dates contain the stay's
 * first day (those are the ones the job charges). Sorted: org-wide, house, bed; then first
 * day, name, id.
 */
export function agreementTerms(schedules: AgreementSchedule[], stay: AgreementStay): Term[] {
  const terms = schedules
    .filter((s) => inScope(s, stay))
    .filter((s) =>
      s.cadence === "once"
        ? stay.from >= s.effectiveFrom && (s.effectiveTo === null || stay.from <= s.effectiveTo)
        : (s.effectiveTo === null || s.effectiveTo >= stay.from) && (stay.to === null || s.effectiveFrom < stay.to),
    )
    .map(termOf);
  const rank = { org: 0, house: 1, bed: 2 } as const;
  return terms.sort((a, b) => rank[a.scope] - rank[b.scope] || cmp(a.from, b.from) || cmp(a.name, b.name) || cmp(a.scheduleId, b.scheduleId));
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function termOf(s: AgreementSchedule): Term {
  return {
    scheduleId: s.id,
    name: s.name,
    scope: s.houseId === null ? "org" : s.bedId === null ? "house" : "bed",
    cadence: s.cadence,
    weekday: s.weekday,
    monthDay: s.monthDay,
    amountCents: s.amountCents,
    isDeposit: s.isDeposit,
    from: s.effectiveFrom,
    to: s.effectiveTo,
  };
}

/** The exact text that is shown, hashed and stored: JSON with a fixed key order. */
export function agreementText(currency: string, terms: Term[]): string {
  const agreement: Agreement = {
    version: 1,
    currency,
    terms: terms.map((t) => ({
      scheduleId: t.scheduleId,
      name: t.name,
      scope: t.scope,
      cadence: t.cadence,
      weekday: t.weekday,
      monthDay: t.monthDay,
      amountCents: t.amountCents,
      isDeposit: t.isDeposit,
      from: t.from,
      to: t.to,
    })),
  };
  return JSON.stringify(agreement);
}

/** The terms of an acknowledged text (an unreadable text covers nothing). */
export function parseAgreement(text: string): Term[] {
  try {
    const a = JSON.parse(text) as Partial<Agreement>;
    return Array.isArray(a.terms) ? a.terms : [];
  } catch {
    return [];
  }
}

/**
 * Whether acknowledged terms cover a schedule: the same schedule with the same amount,
 * cadence, day, kind and first day, and a last day no later than the acknowledged one (a
 * schedule ended earlier than agreed charges less, so it stays covered; any other change is
 * a new schedule and needs a new acknowledgement).
 */
export function covers(acknowledged: Term[], s: AgreementSchedule): boolean {
  return acknowledged.some(
    (t) =>
      t.scheduleId === s.id &&
      t.amountCents === s.amountCents &&
      t.cadence === s.cadence &&
      t.weekday === s.weekday &&
      t.monthDay === s.monthDay &&
      t.isDeposit === s.isDeposit &&
      t.from === s.effectiveFrom &&
      (t.to === null || (s.effectiveTo !== null && s.effectiveTo <= t.to)),
  );
}

/** The schedule of a term (to check coverage of current terms against acknowledged ones). */
export const scheduleOfTerm = (t: Term): AgreementSchedule => ({
  id: t.scheduleId,
  name: t.name,
  houseId: null,
  bedId: null,
  cadence: t.cadence,
  weekday: t.weekday,
  monthDay: t.monthDay,
  amountCents: t.amountCents,
  isDeposit: t.isDeposit,
  effectiveFrom: t.from,
  effectiveTo: t.to,
});

/** "Every week on Monday", "Every month on day 1", "Once, at move-in", "Deposit, once at move-in". */
export function cadenceInWords(t: Pick<Term, "cadence" | "weekday" | "monthDay" | "isDeposit">): string {
  switch (t.cadence) {
    case "weekly":
      return `Every week on ${WEEKDAY_LABELS[(t.weekday ?? 1) - 1]}`;
    case "biweekly":
      return `Every two weeks on ${WEEKDAY_LABELS[(t.weekday ?? 1) - 1]}`;
    case "monthly":
      return `Every month on day ${t.monthDay}`;
    case "once":
      return t.isDeposit ? "Deposit, once at move-in (held and returned or applied when you leave)" : "Once, at move-in";
  }
}

export const SCOPE_LABELS: Record<Term["scope"], string> = { org: "Every house", house: "This house", bed: "Your bed" };

/** One line of the agreement in words, for the page and the signed copy. */
export function termInWords(t: Term, currency: string) {
  return {
    name: t.name,
    amount: formatCents(t.amountCents, currency),
    how: cadenceInWords(t),
    scope: SCOPE_LABELS[t.scope],
    from: t.from,
    to: t.to,
  };
}

/** Upcoming, in force or ended, on `today`. */
export function scheduleStatus(s: { effectiveFrom: CalendarDate; effectiveTo: CalendarDate | null }, today: CalendarDate): "upcoming" | "in_force" | "ended" {
  if (s.effectiveFrom > today) return "upcoming";
  if (s.effectiveTo !== null && s.effectiveTo < today) return "ended";
  return "in_force";
}
