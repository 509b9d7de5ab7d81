import type { BedKind, BedStatus, HousePopulation, HouseStatus } from "#app/db/schema";

/** Houses' value lists and labels (no zod here: pages import it in the browser; schemas.ts re-exports them). */

export const POPULATIONS = [
  "men",
  "women",
  "all_genders",
  "lgbtq_affirming",
  "families_with_children",
  "pregnant_postpartum",
  "veterans",
  "young_adults",
  "older_adults",
  "justice_involved",
  "moud_supportive",
] as const satisfies readonly HousePopulation[];

export const POPULATION_LABELS: Record<HousePopulation, string> = {
  men: "Men",
  women: "Women",
  all_genders: "All genders",
  lgbtq_affirming: "LGBTQ+ affirming",
  families_with_children: "Families / with children",
  pregnant_postpartum: "Pregnant or postpartum",
  veterans: "Veterans",
  young_adults: "Young adults (18–25)",
  older_adults: "Older adults",
  justice_involved: "Re-entry / justice-involved",
  moud_supportive: "Medication for OUD welcome",
};

export const NARR_LEVELS = [1, 2, 3, 4] as const;
export const NARR_LEVEL_LABELS: Record<(typeof NARR_LEVELS)[number], string> = {
  1: "Level I — peer-run",
  2: "Level II — monitored",
  3: "Level III — supervised",
  4: "Level IV — service provider",
};

export const HOUSE_STATUSES = ["active", "inactive"] as const satisfies readonly HouseStatus[];
export const BED_KINDS = ["adult", "child"] as const satisfies readonly BedKind[];

export const BED_STATUSES = ["available", "held", "out_of_service"] as const satisfies readonly BedStatus[];
export const BED_STATUS_LABELS: Record<BedStatus, string> = {
  available: "Available",
  held: "Held",
  out_of_service: "Out of service",
};

/** Labels for a new batch of beds, skipping labels the room already uses. */
export function nextBedLabels(existing: readonly string[], count: number, style: "letters" | "numbers"): string[] {
  const taken = new Set(existing.map((l) => l.trim().toLowerCase()));
  const labels: string[] = [];
  for (let i = 1; labels.length < count && i < 10_000; i++) {
    const label = style === "numbers" ? String(i) : letterLabel(i);
    if (!taken.has(label.toLowerCase())) labels.push(label);
  }
  return labels;
}

/** 1 → A, 26 → Z, 27 → AA, … */
function letterLabel(n: number): string {
  let s = "";
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}
