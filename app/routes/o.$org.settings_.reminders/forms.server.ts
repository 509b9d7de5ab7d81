import { z } from "zod";
import { ReminderSettingsInput } from "#app/domain/arrears/schemas";

/** The reminders settings form: the domain's schema plus its intent. */
export const reminderSchema = ReminderSettingsInput.extend({ intent: z.literal("save-reminders") });
