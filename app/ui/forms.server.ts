import type { Submission, SubmissionResult } from "@conform-to/react";
import { data, redirect } from "@remix-run/node";
import { z } from "zod";
import { HTTP_STATUS, isDomainError, type DomainError } from "#app/domain/errors.server";
import { notFound } from "#app/lib/http.server";
import { parseForm } from "./parse-form";

/**
 * How routes turn input and domain outcomes into responses, in one place: uuid route
 * params (garbage → 404, never 500), domain errors in loaders (→ the error page with
 * their status) and in actions (→ the form, with status and message).
 *
 * An action, in order: parse the form with the domain's schema (`parseForm`); a failure
 * is `invalid(formId, submission)`; then `attempt(form, work)` runs the domain work in
 * `withTenant` and answers with a notice, a redirect (`redirectWithFlash`) or the
 * refusal. Nothing else catches DomainErrors.
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

/**
 * What every multi-form page's action answers: which form, conform's result and a message.
 *
 * Where a refusal shows, one rule for every page: a form with fields shows its own refusal
 * (conform's field and form errors, from `result`); a refusal that has no form to show it
 * on (a button form, an action the page does not have) is `pageError`, which the page
 * shows at its top. `error` is the message in either case (for tests and for opening the
 * form's disclosure).
 */
export type FormActionData = {
  formId: string;
  result: SubmissionResult<string[]> | null;
  notice: string | null;
  error: string | null;
  /** The refusal to show at the top of the page: set only when no form of the page can show it. */
  pageError: string | null;
  /** A refusal's machine-readable detail (DomainError.detail), for pages that choose their words by it. */
  detail: string | null;
};

export function respond(body: Partial<FormActionData> & { formId: string }, status = 200) {
  return data<FormActionData>({ result: null, notice: null, error: null, pageError: null, detail: null, ...body }, { status });
}

/** Input that failed the form's schema: 400 with conform's field messages; nothing was written. */
export function invalid(
  formId: string,
  submission: Submission<unknown>,
  message = "Check the highlighted fields and try again.",
  opts: { hideFields?: string[]; button?: boolean } = {},
) {
  const pageError = opts.button ? message : null;
  return respond({ formId, result: submission.reply({ hideFields: opts.hideFields }), error: message, pageError }, 400);
}

/**
 * The domain refused: its status (400/403/404/409) and message, on the field when the
 * form has one by that name (`fields`), else on the form. Nothing was written.
 */
export function refused(
  formId: string,
  submission: Submission<unknown> | null,
  error: DomainError,
  opts: { fields?: readonly string[]; notFoundMessage?: string; hideFields?: string[] } = {},
) {
  const message = error.kind === "not_found" && opts.notFoundMessage ? opts.notFoundMessage : error.message;
  const field = error.field && opts.fields?.includes(error.field) ? error.field : undefined;
  const hideFields = opts.hideFields;
  const result = submission
    ? field
      ? submission.reply({ fieldErrors: { [field]: [message] }, hideFields })
      : submission.reply({ formErrors: [message], hideFields })
    : null;
  // No submission: a button form, which has nowhere to show the refusal but the page.
  const pageError = submission ? null : message;
  return respond({ formId, result, error: message, pageError, detail: error.detail ?? null }, HTTP_STATUS[error.kind]);
}

/** A form-level refusal without a conform submission (e.g. an unknown intent). */
export function formError(formId: string, message: string, status: 400 | 403 | 404 | 409) {
  return respond({ formId, result: { status: "error", error: { "": [message] } }, error: message, pageError: message }, status);
}

/** The form an action answers and how a refusal is placed on it (see `refused`). */
export type FormTarget = {
  formId: string;
  submission: Submission<unknown> | null;
  fields?: readonly string[];
  notFoundMessage?: string;
  /** Clear the form after a success (a form that adds one more of something). */
  resetForm?: boolean;
  /** Fields never sent back to the browser (passwords). */
  hideFields?: string[];
  /**
   * Where a `gone` refusal sends the person instead of answering the form: the session or
   * link the form depends on no longer works, so they start again there (a 302).
   */
  goneTo?: string;
};

type Answer = ReturnType<typeof respond> | Response;

/**
 * Run an action's domain work. It returns the notice to show (200, the form answered)
 * or a whole answer (`redirectWithFlash(…)`, `respond(…)`). A DomainError becomes
 * `refused` (its status and message on the field or the form; nothing was written);
 * anything else is rethrown (the 500 page with the request id).
 */
export async function attempt(form: FormTarget, work: () => Promise<string | Answer>): Promise<Answer> {
  try {
    const outcome = await work();
    if (typeof outcome !== "string") return outcome;
    const result = form.submission?.reply({ resetForm: form.resetForm, hideFields: form.hideFields }) ?? null;
    return respond({ formId: form.formId, result, notice: outcome });
  } catch (error) {
    if (!isDomainError(error)) throw error;
    if (error.kind === "gone" && form.goneTo) return redirect(form.goneTo);
    return refused(form.formId, form.submission, error, { fields: form.fields, notFoundMessage: form.notFoundMessage, hideFields: form.hideFields });
  }
}

/**
 * One arm of a page's action: the schema its form is checked with (the domain's input
 * schema plus the form's `intent`), the form it answers, and the work. `run` returns
 * what `attempt`'s work returns.
 */
export type Intent<S extends z.ZodType = z.ZodType> = {
  schema: S;
  /** The form's id; forms repeated per row add the row's id (`room-<id>`). */
  formId: string | ((formData: FormData) => string);
  /** Form fields a refusal may be placed on (others go on the form). */
  fields?: readonly string[];
  messages?: Record<string, string>;
  resetForm?: boolean;
  /** A button form (no fields of its own): refusals are the page's error (`pageError`). */
  button?: boolean;
  /** What to say when the form does not parse (a button form's hidden id was tampered with). */
  invalidMessage?: string;
  /** Fields never sent back to the browser (passwords). */
  hideFields?: string[];
  notFoundMessage?: string;
  run: (value: z.output<S>) => Promise<string | Answer>;
};

/** Type-checks one arm: `intent({ schema, formId, run })`. */
export const intent = <S extends z.ZodType>(arm: Intent<S>) => arm as unknown as Intent;

/**
 * A page's action as a table of intents: the posted `intent` picks the arm; its form is
 * parsed with the arm's schema (invalid → 400 with field messages), then its work runs
 * in `attempt`. An unknown intent is a 400, never a 500.
 */
export async function runIntent(formData: FormData, intents: Record<string, Intent>): Promise<Answer> {
  const name = formData.get("intent");
  const arm = typeof name === "string" && Object.hasOwn(intents, name) ? intents[name]! : null;
  if (!arm) return formError("none", "That action isn't available here.", 400);
  const formId = typeof arm.formId === "string" ? arm.formId : arm.formId(formData);
  const submission = parseForm(formData, arm.schema, arm.messages);
  if (submission.status !== "success") return invalid(formId, submission, arm.invalidMessage, { hideFields: arm.hideFields, button: arm.button });
  const form = {
    formId,
    submission: arm.button ? null : submission,
    fields: arm.fields,
    resetForm: arm.resetForm,
    notFoundMessage: arm.notFoundMessage,
    hideFields: arm.hideFields,
  };
  return attempt(form, () => arm.run(submission.value));
}

/** The id a per-row form carries (`roomId`, `bedId`…), cut short for use in a form id. */
export const rowId = (formData: FormData, key: string) => String(formData.get(key) ?? "").slice(0, 40);
