import type { Submission, SubmissionResult } from "@conform-to/react";
import { data } from "@remix-run/node";
import { z } from "zod";
import { HTTP_STATUS, isDomainError, type DomainError } from "#app/domain/errors.server";
import { notFound } from "#app/lib/http.server";

/**
 * Shared by the resident pages, staff and portal (not a route: `*.server.ts` files are
 * ignored by the route config).
 */

const NOT_FOUND = "We couldn't find that resident.";

/** The `:residentId` route param, or a 404 for anything that is not a uuid (never a 500). */
export function residentIdParam(params: { residentId?: string }): string {
  const parsed = z.uuid().safeParse(params.residentId);
  if (!parsed.success) notFound(NOT_FOUND);
  return parsed.data;
}

/** For loaders: a DomainError becomes the error page with its status (not found → 404). */
export async function orErrorPage<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (isDomainError(error)) {
      throw data({ message: error.kind === "not_found" ? NOT_FOUND : error.message }, { status: HTTP_STATUS[error.kind] });
    }
    throw error;
  }
}

export type ResidentActionData = {
  formId: string;
  result: SubmissionResult<string[]> | null;
  notice: string | null;
  error: string | null;
};

export function respond(body: Partial<ResidentActionData> & { formId: string }, status = 200) {
  return data<ResidentActionData>({ result: null, notice: null, error: null, ...body }, { status });
}

/** Input that failed the form's schema: 400 with conform's field messages; nothing was written. */
export function invalid(formId: string, submission: Submission<unknown>) {
  return respond({ formId, result: submission.reply(), error: "Check the highlighted fields and try again." }, 400);
}

/** A DomainError as the form's answer: its status, and its message on the field when the form has it. */
export function refused(formId: string, submission: Submission<unknown> | null, error: DomainError, fields: readonly string[] = []) {
  const field = error.field && fields.includes(error.field) ? error.field : undefined;
  const message = error.kind === "not_found" ? NOT_FOUND : error.message;
  const result = submission
    ? field
      ? submission.reply({ fieldErrors: { [field]: [message] } })
      : submission.reply({ formErrors: [message] })
    : null;
  return respond({ formId, result, error: message }, HTTP_STATUS[error.kind]);
}
