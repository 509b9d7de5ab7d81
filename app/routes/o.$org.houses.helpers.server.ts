import type { Submission, SubmissionResult } from "@conform-to/react";
import { data } from "@remix-run/node";
import { z } from "zod";
import { HTTP_STATUS, isDomainError, type DomainError } from "#app/domain/errors.server";
import { daysBetween } from "#app/lib/calendar-date";
import { formatInZone, startOfDayInZone } from "#app/lib/dates";
import { notFound } from "#app/lib/http.server";

/**
 * Shared by the house pages (not a route: `*.server.ts` files are ignored by the route
 * config). Route params are parsed like any input; expected domain failures become
 * error pages (loaders) or form errors (actions).
 */

/** The `:houseId` route param, or a 404 for anything that is not a uuid. */
export function houseIdParam(params: { houseId?: string }): string {
  const parsed = z.uuid().safeParse(params.houseId);
  if (!parsed.success) notFound("We couldn't find that house.");
  return parsed.data;
}

/** For loaders: a DomainError becomes the error page with its status (404 for not found). */
export async function orErrorPage<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (isDomainError(error)) {
      throw data({ message: error.kind === "not_found" ? "We couldn't find that house." : error.message }, { status: HTTP_STATUS[error.kind] });
    }
    throw error;
  }
}

/** What every house action answers: which form it was, conform's result, and a message. */
export type HouseActionData = {
  formId: string;
  result: SubmissionResult<string[]> | null;
  notice: string | null;
  error: string | null;
};

export function respond(body: Partial<HouseActionData> & { formId: string }, status = 200) {
  return data<HouseActionData>({ result: null, notice: null, error: null, ...body }, { status });
}

/** Answer a form whose input was not valid: 400 with conform's field messages. */
export function invalid(formId: string, submission: Submission<unknown>) {
  return respond({ formId, result: submission.reply(), error: "Check the highlighted fields and try again." }, 400);
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

/** The answer to an action the domain refused: its status and message, on the field when the form has it. */
export function refused(formId: string, submission: Submission<unknown> | null, error: DomainError, fields: readonly string[] = []) {
  const field = error.field && fields.includes(error.field) ? error.field : undefined;
  const result = submission
    ? field
      ? submission.reply({ fieldErrors: { [field]: [error.message] } })
      : submission.reply({ formErrors: [error.message] })
    : null;
  return respond({ formId, result, error: error.message }, HTTP_STATUS[error.kind]);
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
