import { z } from "zod";
import { id, optionalPhone, optionalText, text } from "#app/lib/fields";
import { isValidTimeZone } from "#app/lib/zones";

/** Input schemas and labels for houses, rooms and beds (pure: usable by forms too). */

export { BED_KINDS, BED_STATUS_LABELS, BED_STATUSES, HOUSE_STATUSES, NARR_LEVEL_LABELS, NARR_LEVELS, nextBedLabels, POPULATION_LABELS, POPULATIONS } from "./labels";
import { BED_KINDS, BED_STATUSES, HOUSE_STATUSES, POPULATIONS } from "./labels";


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
