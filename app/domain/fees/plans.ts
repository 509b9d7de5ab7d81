import { z } from "zod";
import { addDays, isoDate, monthDayIn, type CalendarDate } from "#app/lib/dates";
import { id, optionalText, text } from "#app/lib/fields";
import { money } from "./money";

/**
 * Payment plans (ADR 033), the pure part: generating instalments exactly in cents and
 * computing a plan's progress from what was paid since it started. Progress is computed,
 * never stored. Pure: the forms use the schemas too.
 */

export const PLAN_EVERY = ["week", "two_weeks", "month"] as const;
export type PlanEvery = (typeof PLAN_EVERY)[number];
export const PLAN_EVERY_LABELS: Record<PlanEvery, string> = { week: "Every week", two_weeks: "Every two weeks", month: "Every month" };
export const MAX_INSTALMENTS = 104;

export type Instalment = { seq: number; dueOn: CalendarDate; amountCents: number };

/** "N instalments of X every week/two weeks/month from a day" for an amount covered. */
export const PlanInput = z
  .object({
    residentId: id,
    amount: money,
    count: z.number("Enter how many instalments.").int("Enter a whole number of instalments.").min(1, "Enter at least 1 instalment.").max(MAX_INSTALMENTS, `At most ${MAX_INSTALMENTS} instalments.`),
    instalment: money.optional(),
    every: z.enum(PLAN_EVERY, "Choose how often."),
    firstDue: isoDate,
    note: optionalText(500),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.instalment !== undefined && v.count > 1 && v.instalment * (v.count - 1) >= v.amount) {
      ctx.addIssue({ code: "custom", path: ["instalment"], message: "That many instalments of this amount cover more than the plan: lower the amount or the number." });
    }
    if (v.instalment !== undefined && v.instalment * v.count < v.amount) {
      ctx.addIssue({ code: "custom", path: ["instalment"], message: "That many instalments of this amount don't cover the plan: raise the amount or the number." });
    }
  });
export type PlanInput = z.input<typeof PlanInput>;

export const EndPlanInput = z.object({ planId: id, reason: text(200) }).strict();
export type EndPlanInput = z.input<typeof EndPlanInput>;

/** The due day of instalment k (0-based) from the first. Monthly keeps the first's day of month (or the month's last). */
export function dueDay(first: CalendarDate, every: PlanEvery, k: number): CalendarDate {
  if (every === "week") return addDays(first, 7 * k);
  if (every === "two_weeks") return addDays(first, 14 * k);
  return monthDayIn(first, k, Number(first.slice(8, 10)));
}

/**
 * The instalments: `count` of `each` (default: the amount divided evenly, rounded down to
 * a cent), the last taking the remainder, so they add up to the amount exactly.
 * 100.00 in 3 → 33.33, 33.33, 33.34.
 */
export function generateInstalments(p: { amountCents: number; count: number; eachCents?: number; every: PlanEvery; firstDue: CalendarDate }): Instalment[] {
  const { amountCents, count } = p;
  if (!Number.isSafeInteger(amountCents) || amountCents < 1 || !Number.isInteger(count) || count < 1) throw new RangeError("A plan covers a positive amount in at least one instalment.");
  const each = p.eachCents ?? Math.floor(amountCents / count);
  const last = amountCents - each * (count - 1);
  if (each < 1 || last < 1) throw new RangeError("Every instalment must be at least one cent.");
  return Array.from({ length: count }, (_, k) => ({ seq: k + 1, dueOn: dueDay(p.firstDue, p.every, k), amountCents: k === count - 1 ? last : each }));
}

export type InstalmentStatus = "paid" | "partly_paid" | "due" | "overdue";
export type InstalmentProgress = Instalment & { paidCents: number; status: InstalmentStatus };
export type PlanProgress = {
  instalments: InstalmentProgress[];
  totalCents: number;
  paidCents: number;
  /** What should have been paid by today (instalments due before today). */
  expectedCents: number;
  behindCents: number;
  onTrack: boolean;
  complete: boolean;
  next: InstalmentProgress | null;
};

/**
 * Apply what was paid since the plan started to its instalments in due order: each is
 * paid, partly paid, due (today or later) or overdue (its day has passed). "Behind" is what
 * was due before today and is not yet paid.
 */
export function planProgress(instalments: Instalment[], paidSinceStartCents: number, today: CalendarDate): PlanProgress {
  const sorted = [...instalments].sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : a.seq - b.seq));
  const totalCents = sorted.reduce((s, i) => s + i.amountCents, 0);
  const paidCents = Math.min(Math.max(0, paidSinceStartCents), totalCents);
  let left = paidCents;
  const rows = sorted.map((i): InstalmentProgress => {
    const paid = Math.min(left, i.amountCents);
    left -= paid;
    const status: InstalmentStatus = paid === i.amountCents ? "paid" : i.dueOn < today ? "overdue" : paid > 0 ? "partly_paid" : "due";
    return { ...i, paidCents: paid, status };
  });
  const expectedCents = sorted.filter((i) => i.dueOn < today).reduce((s, i) => s + i.amountCents, 0);
  const behindCents = Math.max(0, expectedCents - paidCents);
  return {
    instalments: rows,
    totalCents,
    paidCents,
    expectedCents,
    behindCents,
    onTrack: behindCents === 0,
    complete: paidCents >= totalCents,
    next: rows.find((r) => r.status !== "paid") ?? null,
  };
}

export const INSTALMENT_STATUS_LABELS: Record<InstalmentStatus, string> = { paid: "Paid", partly_paid: "Partly paid", due: "Coming up", overdue: "Past due" };
