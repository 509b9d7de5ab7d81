import { sql } from "kysely";
import type { Tx } from "#app/db/tenant.server";
import { audit } from "#app/domain/audit/audit.server";
import { localToday } from "#app/domain/dates.server";
import { parseInput } from "#app/domain/errors.server";
import { enqueueEmails } from "#app/domain/outbox/outbox.server";
import { daysBetween, formatDay, type CalendarDate } from "#app/lib/dates";
import { appLink } from "#app/lib/links.server";
import { planStatusCte, residentAgingCte } from "./aging.server";
import { REMINDER_DEFAULTS } from "./labels";
import { ReminderSettingsInput } from "./schemas";

/**
 * Payment reminders (ADR 034): an org's owners and admins choose a cadence (off, weekly,
 * every two weeks), the least overdue amount and days, and a sign-off. The worker's hourly
 * maintenance queues, per cadence period, at most one reminder per resident who has a
 * portal account and owes at least that much for at least that long. The period's key in
 * fee_reminder (unique per org, resident and period) makes a second run, or two at once,
 * queue nothing more: the insert decides who gets one, and only those are emailed.
 */

export type ReminderSettings = { cadence: "off" | "weekly" | "biweekly"; minCents: number; minDays: number; signOff: string };

export async function getReminderSettings(tx: Tx): Promise<ReminderSettings> {
  const row = await tx
    .selectFrom("fee_reminder_setting")
    .select(["cadence", "min_cents as minCents", "min_days as minDays", "sign_off as signOff"])
    .executeTakeFirst();
  return row ?? { ...REMINDER_DEFAULTS };
}

export async function saveReminderSettings(tx: Tx, raw: ReminderSettingsInput): Promise<ReminderSettings> {
  const v = parseInput(ReminderSettingsInput, raw);
  const values = { cadence: v.cadence, min_cents: v.minAmount, min_days: v.minDays, sign_off: v.signOff };
  await tx
    .insertInto("fee_reminder_setting")
    .values({ org_id: sql<string>`current_org_id()`, ...values })
    .onConflict((oc) => oc.column("org_id").doUpdateSet({ ...values, updated_by: sql<string>`current_app_user_id()`, updated_at: sql<Date>`now()` }))
    .execute();
  await audit(tx, "fee_reminder.settings_changed", null, { cadence: v.cadence, minCents: v.minAmount, minDays: v.minDays });
  return { cadence: v.cadence, minCents: v.minAmount, minDays: v.minDays, signOff: v.signOff };
}

/** The cadence period a day is in: its ISO-style week (from Monday 1970-01-05) or pair of weeks. */
export function reminderPeriodKey(cadence: "weekly" | "biweekly", day: CalendarDate): string {
  const weeks = Math.floor(daysBetween("1970-01-05", day) / 7);
  return cadence === "weekly" ? `w${weeks}` : `b${Math.floor(weeks / 2)}`;
}

/**
 * The reminder's words: brief, kind, no amount, no place, nothing about recovery or
 * consequences. For a resident whose payment plan is behind, about the plan: the day of its
 * next instalment (the first not yet fully paid), never its amount.
 */
export function reminderEmail(to: string, signOff: string, plan: { nextDue: CalendarDate | null } | null = null) {
  const about = plan
    ? plan.nextDue
      ? `This is a friendly reminder about your payment plan: its next instalment was due on ${formatDay(plan.nextDue, "MMMM d")}.`
      : "This is a friendly reminder about your payment plan: an instalment is past due."
    : "This is a friendly reminder that your account has a balance that is past due.";
  return {
    to,
    subject: plan ? "A reminder about your payment plan" : "A reminder about your account",
    text: [
      "Hello,",
      "",
      about,
      "",
      "You can see the details, and every payment received, when you sign in:",
      appLink("/login"),
      "",
      "If you have already taken care of it, thank you, and please ignore this note. If now is a hard time, reply or talk with us and we will work something out together.",
      "",
      signOff,
    ].join("\n"),
  };
}

/**
 * Queue this period's reminders in the current org (maintenance: the org's system context).
 * Returns who was reminded; nothing when reminders are off or everyone was reminded already.
 */
export async function queueFeeReminders(tx: Tx, opts: { today?: CalendarDate } = {}): Promise<{ residentIds: string[]; periodKey: string | null }> {
  const settings = await getReminderSettings(tx);
  if (settings.cadence === "off") return { residentIds: [], periodKey: null };
  const today = opts.today ?? (await localToday(tx));
  const periodKey = reminderPeriodKey(settings.cadence, today);
  // A resident on a payment plan that is on track is not reminded (ADR 034); one whose plan
  // is behind is, about the plan.
  const { rows } = await sql<{ resident_id: string; email: string; on_plan: boolean; next_due: string | null }>`
    with ${residentAgingCte(null, settings.minDays)},
    ${planStatusCte(sql`${today}::date`)},
    -- Accounts through a definer function (migration 0058): the maintenance job's system
    -- context cannot read accounts or memberships.
    account as (select a.resident_id, a.email from resident_reminder_emails(array(select resident_id from per_resident)) a),
    reminded as (
      insert into fee_reminder (org_id, resident_id, house_id, period_key, overdue_cents)
      select current_org_id(), p.resident_id, p.house_id, ${periodKey}, p.overdue
      from per_resident p
      join account a on a.resident_id = p.resident_id
      left join plan_status ps on ps.resident_id = p.resident_id
      where p.overdue >= ${settings.minCents} and ps.on_track is not true
      on conflict (org_id, resident_id, period_key) do nothing
      returning resident_id
    )
    select x.resident_id, a.email, ps.resident_id is not null as on_plan, ps.next_due::text as next_due
    from reminded x
    left join plan_status ps on ps.resident_id = x.resident_id
    join account a on a.resident_id = x.resident_id
    order by x.resident_id`.execute(tx);
  if (rows.length === 0) return { residentIds: [], periodKey };
  await enqueueEmails(
    tx,
    rows.map((r) => ({ email: reminderEmail(r.email, settings.signOff, r.on_plan ? { nextDue: r.next_due } : null), dedupeKey: `fee-reminder:${r.resident_id}:${periodKey}` })),
    { purpose: "payment_reminder" },
  );
  const residentIds = rows.map((r) => r.resident_id);
  await audit(tx, "fee_reminder.queued", null, { periodKey, residentIds });
  return { residentIds, periodKey };
}
