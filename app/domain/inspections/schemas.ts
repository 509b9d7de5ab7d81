import { z } from "zod";
import { id, isoDate, optionalId, optionalText } from "#app/lib/fields";
import { VERDICTS } from "./labels";

export * from "./labels";

/** Scheduling an inspection of a house: which submitted self-assessment to walk, the day, the inspector, a note. */
export const ScheduleInput = z.strictObject({
  assessmentId: z.uuid("Choose a submitted self-assessment."),
  scheduledOn: isoDate,
  inspectorUserId: optionalId,
  note: optionalText(2000),
});
export type ScheduleInput = z.infer<typeof ScheduleInput>;

/** Another day, inspector or note for a scheduled inspection. */
export const RescheduleInput = ScheduleInput.omit({ assessmentId: true });

/** One verdict on one item (inspection mode: each its own small POST). */
export const VerdictInput = z.strictObject({
  itemId: id,
  verdict: z.enum(VERDICTS, "Choose met, partly met, not met or does not apply."),
  note: optionalText(2000),
});
export type VerdictInput = z.infer<typeof VerdictInput>;

/** A photo's item and caption (the file itself is checked by its bytes in the files module). */
export const PhotoInput = z.strictObject({ itemId: id, caption: optionalText(200) });
