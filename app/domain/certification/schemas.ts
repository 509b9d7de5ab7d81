import { z } from "zod";
import { optionalIsoDate, optionalText } from "#app/lib/fields";
import { CERTIFICATION_STATUSES } from "./labels";

export * from "./labels";

/** A certifying body's move of a house's certification (ADR 050). */
export const MoveInput = z.strictObject({
  status: z.enum(CERTIFICATION_STATUSES, "Choose the next status."),
  level: z.coerce.number("Choose a level.").int("Choose a level from I to IV.").min(1, "Choose a level from I to IV.").max(4, "Choose a level from I to IV."),
  decidedOn: optionalIsoDate,
  expiresOn: optionalIsoDate,
  note: optionalText(1000),
});
export type MoveInput = z.input<typeof MoveInput>;

/** An operator's appeal of a denial. */
export const AppealInput = z.strictObject({ note: optionalText(1000) });
