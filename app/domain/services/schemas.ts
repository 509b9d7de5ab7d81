import { z } from "zod";
import { optionalEmail, optionalPhone, optionalText, text } from "#app/lib/fields";
import { SERVICE_CATEGORY_CODES, SERVICE_LANGUAGES, SERVICE_WEEKDAYS, type WeekdayKey } from "./labels";

export * from "./labels";

const TIME = /^([01]\d|2[0-3]):[0-5]\d(:00)?$/;
/** A local time typed in a time field ("09:00"); "24:00" only as a closing time. */
const optionalTime = (closing: boolean) =>
  z
    .string()
    .trim()
    .nullish()
    .transform((v) => (v ? v.slice(0, 5) : null))
    .refine((v) => v === null || TIME.test(v) || (closing && v === "24:00"), "Enter a time like 09:00.");

export const optionalUrl = z
  .string()
  .trim()
  .max(500, "Use at most 500 characters.")
  .nullish()
  .transform((v) => v || null)
  .refine((v) => v === null || /^https?:\/\/[^\s/]+\.[^\s]+$/i.test(v), "Enter a web address starting with https://.");

const postalCode = z
  .string()
  .trim()
  .max(20)
  .nullish()
  .transform((v) => v || null)
  .refine((v) => v === null || /^[A-Za-z0-9][A-Za-z0-9 -]{1,18}[A-Za-z0-9]$/.test(v), "Enter a ZIP or postal code.");

type HoursFields = { [K in `${WeekdayKey}Opens` | `${WeekdayKey}Closes`]: ReturnType<typeof optionalTime> };
const hoursFields = Object.fromEntries(
  SERVICE_WEEKDAYS.flatMap((d) => [
    [`${d.key}Opens`, optionalTime(false)],
    [`${d.key}Closes`, optionalTime(true)],
  ]),
) as HoursFields;

/**
 * The add/edit form: one entry with its provider, one address, one phone, one contact and
 * weekly hours. Imports carry more (several locations and phones); the form edits the first.
 */
export const ServiceInput = z
  .object({
    name: text(200),
    organizationName: text(200),
    description: optionalText(4000),
    categories: z
      .array(z.enum(SERVICE_CATEGORY_CODES, "Choose from the list."))
      .min(1, "Choose at least one category.")
      .transform((v) => [...new Set(v)]),
    languages: z
      .array(z.enum(SERVICE_LANGUAGES, "Choose from the list."))
      .nullish()
      .transform((v) => [...new Set(v ?? [])]),
    url: optionalUrl,
    email: optionalEmail,
    phone: optionalPhone,
    contactName: optionalText(200),
    address1: optionalText(200),
    city: optionalText(100),
    state: optionalText(100),
    postalCode,
    accessibility: optionalText(1000),
    eligibility: optionalText(2000),
    fees: optionalText(2000),
    applicationProcess: optionalText(2000),
    ...hoursFields,
  })
  .superRefine((v, ctx) => {
    for (const d of SERVICE_WEEKDAYS) {
      const opens = v[`${d.key}Opens`];
      const closes = v[`${d.key}Closes`];
      if (opens && !closes) ctx.addIssue({ code: "custom", path: [`${d.key}Closes`], message: `Enter when it closes on ${d.label}.` });
      else if (closes && !opens) ctx.addIssue({ code: "custom", path: [`${d.key}Opens`], message: `Enter when it opens on ${d.label}.` });
      else if (opens && closes && opens >= closes) ctx.addIssue({ code: "custom", path: [`${d.key}Closes`], message: "Closing time must be after opening time." });
    }
  });
export type ServiceInput = z.output<typeof ServiceInput>;

export const SERVICE_MESSAGES = { categories: "Choose at least one category." };

/** The search form (a GET: every field optional; bad values are refused, never a 500). */
export const DirectoryQuery = z.object({
  q: z
    .string()
    .trim()
    .max(200, "Use at most 200 characters.")
    .nullish()
    .transform((v) => v || null),
  category: z
    .union([z.literal(""), z.enum(SERVICE_CATEGORY_CODES)])
    .nullish()
    .transform((v) => v || null),
  place: z
    .string()
    .trim()
    .max(100)
    .nullish()
    .transform((v) => v || null),
  language: z
    .union([z.literal(""), z.enum(SERVICE_LANGUAGES)])
    .nullish()
    .transform((v) => v || null),
  open: z
    .union([z.literal(""), z.literal("now")])
    .nullish()
    .transform((v) => v === "now"),
});
export type DirectoryQuery = z.output<typeof DirectoryQuery>;
