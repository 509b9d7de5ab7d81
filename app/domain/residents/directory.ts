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

/** How the directory is ordered (ties: by name, then id). */
export const RESIDENT_SORTS = ["name", "house", "move_in"] as const;
export type ResidentSort = (typeof RESIDENT_SORTS)[number];

export const RESIDENT_SORT_LABELS: Record<ResidentSort, string> = {
  name: "Name (A to Z)",
  house: "House",
  move_in: "Move-in (newest first)",
};
