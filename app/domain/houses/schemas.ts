import { z } from "zod";
import type { BedKind, HousePopulation, HouseStatus } from "#app/db/schema";
import { id, optionalPhone, optionalText, text } from "#app/lib/fields";
import { isValidTimeZone } from "#app/lib/zones";
import { BED_STATUSES } from "./labels";

/** Input schemas and labels for houses, rooms and beds (pure: usable by forms too). */

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
export { BED_STATUS_LABELS, BED_STATUSES } from "./labels";

const timeZone = z
  .string()
  .trim()
  .max(64)
  .refine((v) => v === "" || isValidTimeZone(v), "Choose a time zone such as America/New_York.")
  .nullish()
  .transform((v) => v || null);

export const HouseInput = z.strictObject({
  name: text(120),
  addressLine1: text(200),
  addressLine2: optionalText(200),
  city: text(100),
  region: text(100),
  postalCode: z
    .string()
    .trim()
    .min(1, "Required.")
    .max(20)
    .regex(/^[A-Za-z0-9][A-Za-z0-9 -]{1,18}[A-Za-z0-9]$/, "Enter a postal code."),
  populations: z
    .array(z.enum(POPULATIONS, "Choose from the list."))
    .min(1, "Choose at least one population served.")
    .max(POPULATIONS.length)
    .transform((v) => [...new Set(v)]),
  narrLevel: z.number().int().min(1, "Choose a support level from I to IV.").max(4, "Choose a support level from I to IV."),
  /** IANA zone; empty = the organization's zone. */
  timeZone,
  phone: optionalPhone,
  /** Bathrooms in the house (for the bed-count check of the standard); empty = not entered. */
  bathroomCount: z
    .number({ error: "Enter the number of bathrooms, or leave it empty." })
    .int("Enter a whole number of bathrooms.")
    .min(0, "Enter a number of bathrooms from 0 to 50.")
    .max(50, "Enter a number of bathrooms from 0 to 50.")
    .nullish()
    .transform((v) => v ?? null),
});
export type HouseInput = z.input<typeof HouseInput>;

export const HouseStatusInput = z.strictObject({ houseId: id, status: z.enum(HOUSE_STATUSES) });

const sizeSqFt = z
  .number({ error: "Enter the size in whole square feet, or leave it empty." })
  .int("Enter the size in whole square feet.")
  .min(1, "Enter a size of at least 1 square foot.")
  .max(10_000, "Enter a size of at most 10,000 square feet.")
  .nullish()
  .transform((v) => v ?? null);
const bedKind = z.enum(BED_KINDS, "Choose who the bed is for.");

export const RoomInput = z.strictObject({
  houseId: id,
  name: text(60),
  sizeSqFt,
});
export type RoomInput = z.input<typeof RoomInput>;

export const RoomUpdateInput = RoomInput.omit({ houseId: true });
export type RoomUpdateInput = z.input<typeof RoomUpdateInput>;

export const BedInput = z.strictObject({
  roomId: id,
  label: text(20),
  kind: bedKind.default("adult"),
  accessible: z.boolean().default(false),
});
export type BedInput = z.input<typeof BedInput>;

export const BedUpdateInput = BedInput.omit({ roomId: true });
export type BedUpdateInput = z.input<typeof BedUpdateInput>;

export const AddBedsInput = z.strictObject({
  roomId: id,
  count: z
    .number({ error: "Enter how many beds to add (1 to 26)." })
    .int("Enter a whole number of beds.")
    .min(1, "Add at least one bed.")
    .max(26, "Add at most 26 beds at a time."),
  /** "letters": A, B, C… (continuing after existing labels); "numbers": 1, 2, 3… */
  labelStyle: z.enum(["letters", "numbers"], "Choose how to label the beds.").default("letters"),
  kind: bedKind.default("adult"),
  accessible: z.boolean().default(false),
});
export type AddBedsInput = z.input<typeof AddBedsInput>;

export const BedStatusInput = z
  .strictObject({
    bedId: id,
    status: z.enum(BED_STATUSES),
    reason: optionalText(200),
  })
  .refine((v) => v.status !== "out_of_service" || v.reason !== null, {
    message: "Give a reason when taking a bed out of service.",
    path: ["reason"],
  })
  .transform((v) => ({ ...v, reason: v.status === "available" ? null : v.reason }));
export type BedStatusInput = z.input<typeof BedStatusInput>;

export const MembershipHousesInput = z.strictObject({
  membershipId: id,
  houseIds: z
    .array(id)
    .max(500)
    .transform((v) => [...new Set(v)]),
});
export type MembershipHousesInput = z.input<typeof MembershipHousesInput>;

export const OccupancyOptions = z.strictObject({
  /** Look-ahead window for upcoming move-ins/move-outs. */
  withinDays: z.number().int().min(0).max(365).default(14),
  /** Compute as of this date instead of each house's local today. */
  asOf: z.iso.date().optional(),
});
export type OccupancyOptions = z.input<typeof OccupancyOptions>;

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
