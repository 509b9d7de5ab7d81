import { z } from "zod";
import { HouseInput } from "#app/domain/houses/schemas";
import { COMMON_TIME_ZONES } from "#app/lib/zones";
import { formConstraint } from "./constraint";

/**
 * The house form (new and edit): the domain's own input schema plus the intent, checked in
 * the action only (ADR 029); the loader sends `houseConstraint()` so the page ships no zod.
 */
export const houseFormSchema = HouseInput.extend({ intent: z.literal("save-house") });
export const HOUSE_FIELDS = ["name", "addressLine1", "addressLine2", "city", "region", "postalCode", "populations", "narrLevel", "timeZone", "phone", "bathroomCount"];
export const houseConstraint = () => formConstraint(houseFormSchema);

/** Time zone choices: the common ones, with `current` first if it is not among them. */
export function timeZoneOptions(current: string) {
  const zones: string[] = (COMMON_TIME_ZONES as readonly string[]).includes(current) ? [...COMMON_TIME_ZONES] : [current, ...COMMON_TIME_ZONES];
  return zones.map((z) => ({ value: z, label: z.replaceAll("_", " ") }));
}
