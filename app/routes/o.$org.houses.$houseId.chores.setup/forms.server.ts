import { z } from "zod";
import { ChoreFields, CHORE_FREQUENCIES, FREQUENCY_LABELS } from "#app/domain/chores/schemas";
import { WEEKDAY_LABELS, WEEKDAYS } from "#app/domain/chores/recurrence";
import { id } from "#app/lib/fields";

/**
 * The chore set-up forms: the domain's chore fields plus intent (and the chore's id when
 * editing); the house comes from the URL. The rules between fields (days for a weekly
 * chore, a valid recurrence rule) are the domain's, answered on the field with a 400.
 */
export const addChoreSchema = ChoreFields.omit({ houseId: true }).extend({ intent: z.literal("add-chore") });
export const updateChoreSchema = ChoreFields.omit({ houseId: true }).extend({ intent: z.literal("update-chore"), choreId: id });
/** Both chore forms' HTML constraints (checked on the server only, ADR 029; the action checks each with its own schema above). */
export const choreFormSchema = ChoreFields.omit({ houseId: true }).extend({ intent: z.enum(["add-chore", "update-chore"]), choreId: id.optional() });
export const archiveChoreSchema = z.strictObject({ intent: z.literal("archive-chore"), choreId: id });

export const CHORE_FIELDS = ["name", "area", "instructions", "effort", "frequency", "weekdays", "rule", "startsOn"] as const;
export const FREQUENCY_OPTIONS = CHORE_FREQUENCIES.map((f) => ({ value: f, label: FREQUENCY_LABELS[f] }));
export const WEEKDAY_OPTIONS = WEEKDAYS.map((d) => ({ value: d, label: WEEKDAY_LABELS[d] }));
