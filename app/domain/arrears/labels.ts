import type { ReminderCadence } from "#app/db/schema";

/** Labels for arrears and reminders (zod-free: server-checked forms and pages import it). */

export const REMINDER_CADENCES = ["off", "weekly", "biweekly"] as const satisfies readonly ReminderCadence[];
export const REMINDER_CADENCE_LABELS: Record<ReminderCadence, string> = {
  off: "Off: no reminders",
  weekly: "At most once a week",
  biweekly: "At most once every two weeks",
};

export const AGING_BUCKET_LABELS = ["Current", "1–7 days", "8–30 days", "31+ days"] as const;

/** What a new org's reminders are until an owner or admin chooses (ADR 034): off; these once turned on. */
export const REMINDER_DEFAULTS = { cadence: "off" as ReminderCadence, minCents: 2500, minDays: 8, signOff: "The office" };

/** A listed resident's payment plan on the arrears report (ADR 034): none, on track or behind. */
export function planStatusLabel(plan: "on_track" | "behind" | null): string {
  return plan === "on_track" ? "Payment plan: on track" : plan === "behind" ? "Payment plan: behind" : "No payment plan";
}
