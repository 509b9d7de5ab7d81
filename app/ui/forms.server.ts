import type { Submission, SubmissionResult } from "@conform-to/react";
import { data } from "@remix-run/node";
import { z } from "zod";
import { HTTP_STATUS, isDomainError, type DomainError } from "#app/domain/errors.server";
import { notFound } from "#app/lib/http.server";

/**
 * How routes turn input and domain outcomes into responses, in one place: uuid route
 * params (garbage → 404, never 500), domain errors in loaders (→ the error page with
 * their status) and in actions (→ the form, with status and message).
 */

/** A uuid route param, or a 404 with `message` for anything else. */
export function uuidParam(value: string | undefined, message: string): string {
  const parsed = z.uuid().safeParse(value);
  if (!parsed.success) notFound(message);
  return parsed.data;
}

/** For loaders: a DomainError becomes the error page with its status (not found → `notFoundMessage`). */
export async function orErrorPage<T>(work: Promise<T>, notFoundMessage: string): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (isDomainError(error)) {
      throw data({ message: error.kind === "not_found" ? notFoundMessage : error.message }, { status: HTTP_STATUS[error.kind] });
    }
    throw error;
  }
}

/** What every multi-form page's action answers: which form, conform's result and a message. */
export type FormActionData = {
  formId: string;
  result: SubmissionResult<string[]> | null;
  notice: string | null;
  error: string | null;
};

export function respond(body: Partial<FormActionData> & { formId: string }, status = 200) {
  return data<FormActionData>({ result: null, notice: null, error: null, ...body }, { status });
}

/** Input that failed the form's schema: 400 with conform's field messages; nothing was written. */
export function invalid(formId: string, submission: Submission<unknown>) {
  return respond({ formId, result: submission.reply(), error: "Check the highlighted fields and try again." }, 400);
}

/**
 * The domain refused: its status (400/403/404/409) and message, on the field when the
 * form has one by that name (`fields`), else on the form. Nothing was written.
 */
export function refused(
  formId: string,
  submission: Submission<unknown> | null,
  error: DomainError,
  opts: { fields?: readonly string[]; notFoundMessage?: string } = {},
) {
  const message = error.kind === "not_found" && opts.notFoundMessage ? opts.notFoundMessage : error.message;
  const field = error.field && opts.fields?.includes(error.field) ? error.field : undefined;
  const result = submission
    ? field
      ? submission.reply({ fieldErrors: { [field]: [message] } })
      : submission.reply({ formErrors: [message] })
    : null;
  return respond({ formId, result, error: message }, HTTP_STATUS[error.kind]);
}
