import { z } from "zod";
import { plain } from "#app/lib/fields";
import { CURRENCIES, isValidTimeZone } from "#app/lib/zones";

/** The settings page's forms, checked in the action only (ADR 029): the page ships no zod. */
export const OrgSettingsInput = z
  .object({
    name: plain(z.string({ error: "Enter the organisation's name." }).trim().min(2, "Enter the organisation's name.").max(120)),
    timeZone: z.string({ error: "Choose a time zone." }).refine(isValidTimeZone, "Choose a valid time zone."),
    // Operators only (rent and fees); a certifier's form has no currency and keeps the stored one.
    currency: z.enum(CURRENCIES, { error: "Choose a currency." }).optional(),
  })
  .strict();

// Owners only. Turning the requirement off asks first (<ConfirmPanel>, confirmed=yes).
export const RequireTwoFactorInput = z
  .object({
    intent: z.literal("two-factor"),
    require: z.enum(["on", "off"], { error: "Choose whether to require two-step sign-in." }),
    confirmed: z.literal("yes").optional(),
  })
  .strict();
