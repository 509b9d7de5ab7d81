import { z } from "zod";
import { money } from "#app/domain/fees/money";
import { text } from "#app/lib/fields";
import { REMINDER_CADENCES } from "./labels";

export * from "./labels";

/**
 * Words a reminder's sign-off may not carry (ADR 034): it ends an email a resident's
 * family or employer might see, so nothing about recovery, substance use or housing, and
 * nothing that threatens.
 */
export const SIGN_OFF_FORBIDDEN =
  /\b(sober|sobriety|recovery|recover|rehab|addict\w*|alcohol\w*|drugs?|substances?|relapse\w*|detox|treatment|clean|narcotics?|meth|opioids?|evict\w*|court|legal|lawyer|collections?|penalt\w*|police|house|home|residence)\b/i;

export const ReminderSettingsInput = z
  .object({
    cadence: z.enum(REMINDER_CADENCES, "Choose how often reminders may go out."),
    minAmount: money,
    minDays: z
      .number("Enter a number of days from 1 to 365.")
      .int("Enter a whole number of days from 1 to 365.")
      .min(1, "Enter a number of days from 1 to 365.")
      .max(365, "Enter a number of days from 1 to 365."),
    signOff: text(80).refine((v) => !SIGN_OFF_FORBIDDEN.test(v), "Keep the sign-off neutral: a name or \"The office\", with no words about recovery, housing or consequences."),
  })
  .strict();
export type ReminderSettingsInput = z.input<typeof ReminderSettingsInput>;
