import type { Submission } from "@conform-to/react";
import { isDomainError, type DomainError } from "#app/domain/errors.server";
import { daysBetween } from "#app/lib/calendar-date";
import { formatInZone, startOfDayInZone } from "#app/lib/dates";
import { invalid, orErrorPage as orErrorPageFor, refused as refusedFor, respond, uuidParam, type FormActionData } from "#app/ui/forms.server";

/**
 * Shared by the house pages (not a route: `*.server.ts` files are ignored by the route
 * config). Route params are parsed like any input; expected domain failures become
 * error pages (loaders) or form errors (actions).
 */

const NOT_FOUND = "We couldn't find that house.";

/** The `:houseId` route param, or a 404 for anything that is not a uuid. */
export const houseIdParam = (params: { houseId?: string }) => uuidParam(params.houseId, NOT_FOUND);

/** For loaders: a DomainError becomes the error page with its status (404 for not found). */
export const orErrorPage = <T>(work: Promise<T>) => orErrorPageFor(work, NOT_FOUND);

export type HouseActionData = FormActionData;
export { invalid, respond };

/** A DomainError as the form's answer, on the field when the form has one by that name. */
export function refused(formId: string, submission: Submission<unknown> | null, error: DomainError, fields: readonly string[] = []) {
  return refusedFor(formId, submission, error, { fields });
}

/**
 * Run the action's work; a DomainError becomes 400/403/404/409 with its message on the
 * form (on the field when the form has one by that name). Anything else is rethrown.
 */
export async function attempt(
  formId: string,
  submission: Submission<unknown> | null,
  work: () => Promise<string>,
  opts: { fields?: readonly string[]; resetForm?: boolean } = {},
) {
  try {
    const notice = await work();
    return respond({ formId, result: submission?.reply(opts.resetForm ? { resetForm: true } : undefined) ?? null, notice });
  } catch (error) {
    if (!isDomainError(error)) throw error;
    return refused(formId, submission, error, opts.fields);
  }
}

/** A calendar date (YYYY-MM-DD) for people, e.g. "Wed, Mar 4, 2026", via the app's zone-aware helpers. */
export function formatDay(date: string, timeZone: string, pattern = "EEE, MMM d, yyyy"): string {
  return formatInZone(startOfDayInZone(date, timeZone), timeZone, pattern);
}

/** "today", "tomorrow", "in 3 days", "yesterday", "5 days ago" relative to `today`. */
export function relativeDay(date: string, today: string): string {
  const n = daysBetween(today, date);
  if (n === 0) return "today";
  if (n === 1) return "tomorrow";
  if (n === -1) return "yesterday";
  return n > 0 ? `in ${n} days` : `${-n} days ago`;
}
