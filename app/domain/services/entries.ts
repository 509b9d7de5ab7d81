import { z } from "zod";
import type { ServiceCategoryCode, ServiceLanguage, ServicePhoneType, ServiceStatus } from "#app/db/schema";
import { id as uuid, optionalEmail, optionalText, text } from "#app/lib/fields";
import { isoDate } from "#app/lib/dates";
import { SERVICE_CATEGORY_CODES, SERVICE_LANGUAGES, SERVICE_PHONE_TYPES, SERVICE_STATUSES } from "./labels";
import { optionalUrl } from "./schemas";

/**
 * One directory entry as a whole — the service with its provider, locations, phones,
 * contacts and weekly hours. What imports produce, exports read and the database stores
 * (directory.server.ts writes and reads exactly this shape). Ids are kept across export and
 * import, so an export imported into an empty org gives the same directory.
 */
export type ServiceEntry = {
  id: string;
  name: string;
  description: string;
  url: string | null;
  email: string | null;
  status: ServiceStatus;
  categories: ServiceCategoryCode[];
  languages: ServiceLanguage[];
  eligibility: string | null;
  fees: string | null;
  applicationProcess: string | null;
  assuredDate: string | null;
  organization: { id: string; name: string; description: string | null; website: string | null; email: string | null };
  locations: {
    id: string;
    name: string | null;
    address1: string | null;
    city: string | null;
    state: string | null;
    postalCode: string | null;
    country: string;
    accessibility: string | null;
  }[];
  phones: { id: string; number: string; type: ServicePhoneType; description: string | null }[];
  contacts: { id: string; name: string | null; title: string | null; email: string | null }[];
  schedules: { id: string; weekday: number; opensAt: string; closesAt: string }[];
};

const time = (closing: boolean) =>
  z
    .string()
    .trim()
    .regex(closing ? /^(([01]\d|2[0-3]):[0-5]\d|24:00)(:00)?$/ : /^([01]\d|2[0-3]):[0-5]\d(:00)?$/, "Use a time like 09:00.")
    .transform((v) => v.slice(0, 5));

/** What an imported entry must be (the database's limits, checked first so a row can be reported). */
export const ServiceEntrySchema = z.object({
  id: uuid,
  name: text(200),
  description: z
    .string()
    .max(4000, "Use at most 4000 characters.")
    .nullish()
    .transform((v) => v?.trim() ?? ""),
  url: optionalUrl,
  email: optionalEmail,
  status: z.enum(SERVICE_STATUSES, "Use active or inactive.").nullish().transform((v) => v ?? "active"),
  categories: z.array(z.enum(SERVICE_CATEGORY_CODES, "Not one of the directory's categories.")).min(1, "Give at least one category.").transform((v) => [...new Set(v)]),
  languages: z.array(z.enum(SERVICE_LANGUAGES, "Not a language the directory lists.")).transform((v) => [...new Set(v)]),
  eligibility: optionalText(2000),
  fees: optionalText(2000),
  applicationProcess: optionalText(2000),
  assuredDate: z.union([z.literal(""), isoDate]).nullish().transform((v) => v || null),
  organization: z.object({
    id: uuid,
    name: text(200),
    description: optionalText(2000),
    website: optionalUrl,
    email: optionalEmail,
  }),
  locations: z
    .array(
      z.object({
        id: uuid,
        name: optionalText(200),
        address1: optionalText(200),
        city: optionalText(100),
        state: optionalText(100),
        postalCode: optionalText(20),
        country: z
          .string()
          .trim()
          .regex(/^[A-Za-z]{2}$/, "Use a two-letter country code.")
          .nullish()
          .transform((v) => (v ? v.toUpperCase() : "US")),
        accessibility: optionalText(1000),
      }),
    )
    .max(20, "At most 20 locations per service."),
  phones: z
    .array(
      z.object({
        id: uuid,
        number: text(40),
        type: z.enum(SERVICE_PHONE_TYPES, "Not a phone type HSDS lists.").nullish().transform((v) => v ?? "voice"),
        description: optionalText(200),
      }),
    )
    .max(20, "At most 20 phones per service."),
  contacts: z
    .array(z.object({ id: uuid, name: optionalText(200), title: optionalText(200), email: optionalEmail }))
    .max(20, "At most 20 contacts per service."),
  schedules: z
    .array(
      z
        .object({ id: uuid, weekday: z.number().int().min(1, "Use a weekday from 1 to 7.").max(7, "Use a weekday from 1 to 7."), opensAt: time(false), closesAt: time(true) })
        .refine((s) => s.opensAt < s.closesAt, { message: "Closing time must be after opening time.", path: ["closesAt"] }),
    )
    .max(50, "At most 50 opening hours per service."),
});

/** The first problem of an entry, as "field: message" (for an import's row report). */
export function entryProblems(value: unknown): { entry: ServiceEntry | null; problems: string[] } {
  const r = ServiceEntrySchema.safeParse(value);
  if (r.success) return { entry: r.data as ServiceEntry, problems: [] };
  return { entry: null, problems: r.error.issues.slice(0, 5).map((i) => `${i.path.join(".") || "entry"}: ${i.message}`) };
}
