import { z } from "zod";
import { optionalText } from "#app/lib/fields";

/** The residents directory's filters and labels (pure: usable by forms and loaders). */

export { RESIDENT_STATUS_LABELS, RESIDENT_STATUSES, type ResidentStatus } from "#app/domain/admissions/stay-status";

/** The directory filters: a resident status (admissions/stay-status.ts), or everyone. */
export const RESIDENT_FILTERS = ["current", "planned", "ended", "all"] as const;
export type ResidentFilter = (typeof RESIDENT_FILTERS)[number];

export const RESIDENT_FILTER_LABELS: Record<ResidentFilter, string> = {
  current: "Living here now",
  planned: "Moving in soon",
  ended: "Former residents",
  all: "Everyone",
};

/** The directory's search options, as given in the URL (strict: unknown keys are refused). */
export const ResidentSearchInput = z.strictObject({
  status: z.enum(RESIDENT_FILTERS).default("current"),
  q: optionalText(80),
});
export type ResidentSearchInput = z.input<typeof ResidentSearchInput>;
