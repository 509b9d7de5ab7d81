/**
 * The services directory's value lists and words (zod-free, importable by any page):
 * languages (ISO 639 codes, HSDS language.code), phone types (HSDS phone.type), weekdays
 * (ISO numbers and HSDS byday codes) and how long an entry stays "verified".
 */
import type { ServiceLanguage, ServicePhoneType, ServiceStatus } from "#app/db/schema";

export { SERVICE_CATEGORIES, SERVICE_CATEGORY_CODES, SERVICE_CATEGORY_LABELS, isServiceCategory } from "./categories";

export const SERVICE_LANGUAGES = ["en", "es", "zh", "vi", "ko", "tl", "ru", "ar", "fr", "ht", "pt", "pl", "ase"] as const satisfies readonly ServiceLanguage[];
export const SERVICE_LANGUAGE_LABELS: Record<ServiceLanguage, string> = {
  en: "English",
  es: "Spanish",
  zh: "Chinese",
  vi: "Vietnamese",
  ko: "Korean",
  tl: "Tagalog",
  ru: "Russian",
  ar: "Arabic",
  fr: "French",
  ht: "Haitian Creole",
  pt: "Portuguese",
  pl: "Polish",
  ase: "American Sign Language",
};

export const SERVICE_STATUSES = ["active", "inactive"] as const satisfies readonly ServiceStatus[];
export const SERVICE_PHONE_TYPES = ["voice", "text", "fax", "cell", "textphone", "hotline"] as const satisfies readonly ServicePhoneType[];

/** ISO weekdays (1 = Monday), the form's field prefix and HSDS's byday code. */
export const SERVICE_WEEKDAYS = [
  { day: 1, key: "mon", byday: "MO", label: "Monday" },
  { day: 2, key: "tue", byday: "TU", label: "Tuesday" },
  { day: 3, key: "wed", byday: "WE", label: "Wednesday" },
  { day: 4, key: "thu", byday: "TH", label: "Thursday" },
  { day: 5, key: "fri", byday: "FR", label: "Friday" },
  { day: 6, key: "sat", byday: "SA", label: "Saturday" },
  { day: 7, key: "sun", byday: "SU", label: "Sunday" },
] as const;
export type WeekdayKey = (typeof SERVICE_WEEKDAYS)[number]["key"];

/** An entry not verified for this many months is flagged. */
export const VERIFY_EVERY_MONTHS = 12;

/** The HSDS taxonomy vocabulary our category codes belong to. */
export const CATEGORY_VOCABULARY = "hearth-service-category";
