import { z } from "zod";

/**
 * zod building blocks for form fields (pure: safe to import from client code, so the
 * same schema validates in the browser and on the server). Strings are trimmed and
 * length-bounded; optional fields turn "" into null.
 */
/**
 * Control characters (NUL, escape, bell … and DEL) have no place in a form's text and
 * PostgreSQL refuses NUL outright; tab and line breaks are fine. Every text builder
 * here rejects the rest with this message. Route schemas that build a string by hand
 * wrap it in `plain(…)`.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const CONTROL_CHARACTERS_MESSAGE = "Remove the invisible control characters from this text.";
const hasNoControlCharacters = (v: string | null | undefined) => v == null || !CONTROL_CHARACTERS.test(v);

/** A hand-built string schema, with control characters refused (see CONTROL_CHARACTERS). */
export const plain = <S extends z.ZodType<string | null | undefined>>(schema: S) =>
  schema.refine((v) => hasNoControlCharacters(v as string | null | undefined), CONTROL_CHARACTERS_MESSAGE);

export const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, "Required.")
    .max(max, `Use at most ${max} characters.`)
    .refine(hasNoControlCharacters, CONTROL_CHARACTERS_MESSAGE);

export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Use at most ${max} characters.`)
    .refine(hasNoControlCharacters, CONTROL_CHARACTERS_MESSAGE)
    .nullish()
    .transform((v) => v || null);

const PHONE = /^\+?[0-9().\-\s]{7,30}(\s*(x|ext\.?)\s*[0-9]{1,6})?$/i;
const isPhone = (v: string) => PHONE.test(v) && (v.match(/[0-9]/g)?.length ?? 0) >= 7;

export const phone = z.string().trim().max(40).refine(isPhone, "Enter a phone number, e.g. 215-555-0142.");
export const optionalPhone = z
  .string()
  .trim()
  .max(40)
  .nullish()
  .transform((v) => v || null)
  .refine((v) => v === null || isPhone(v), "Enter a phone number, e.g. 215-555-0142.");

export const email = z.string().trim().toLowerCase().max(254).pipe(z.email("Enter an email address."));
export const optionalEmail = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .nullish()
  .transform((v) => v || null)
  .refine((v) => v === null || z.email().safeParse(v).success, "Enter an email address.");

/** Calendar dates come from the one dates module. */
export { isoDate, optionalIsoDate } from "./dates";

/**
 * An id. A missing one (an unchosen select: conform reads "" as missing) is left to the
 * form's error map — "Required." or the page's own words, "Choose a bed." — instead of
 * saying "Not a valid id." to a person who chose nothing.
 */
export const id = z.uuid({ error: (issue) => (issue.input === undefined ? undefined : "Not a valid id.") });
export const optionalId = z
  .union([z.literal(""), id])
  .nullish()
  .transform((v) => v || null);
