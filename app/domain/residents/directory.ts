import { z } from "zod";
import { optionalText } from "#app/lib/fields";

/** The residents directory's filters and labels (pure: usable by forms and loaders). */

/**
 * Where a resident stands today, from their stays (in each house's time zone):
 * current = in a bed now; upcoming = a planned move-in and no current bed;
 * former = only past stays; none = no stay yet (added, not admitted).
 */
export const RESIDENT_STATUSES = ["current", "upcoming", "former", "none"] as const;
export type ResidentStatus = (typeof RESIDENT_STATUSES)[number];

export const RESIDENT_STATUS_LABELS: Record<ResidentStatus, string> = {
  current: "Current",
  upcoming: "Moving in",
  former: "Former",
  none: "Not admitted",
};

export const RESIDENT_FILTERS = ["current", "upcoming", "former", "all"] as const;
export type ResidentFilter = (typeof RESIDENT_FILTERS)[number];

export const RESIDENT_FILTER_LABELS: Record<ResidentFilter, string> = {
  current: "Living here now",
  upcoming: "Moving in soon",
  former: "Former residents",
  all: "Everyone",
};

/** The directory's search options, as given in the URL (strict: unknown keys are refused). */
export const ResidentSearchInput = z.strictObject({
  status: z.enum(RESIDENT_FILTERS).default("current"),
  q: optionalText(80),
});
export type ResidentSearchInput = z.input<typeof ResidentSearchInput>;
