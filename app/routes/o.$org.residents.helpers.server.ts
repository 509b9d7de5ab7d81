import type { Submission } from "@conform-to/react";
import type { DomainError } from "#app/domain/errors.server";
import { invalid, orErrorPage as orErrorPageFor, refused as refusedFor, respond, uuidParam, type FormActionData } from "#app/ui/forms.server";

/**
 * Shared by the resident pages, staff and portal (not a route: `*.server.ts` files are
 * ignored by the route config). Built on app/lib/forms.server.ts.
 */

const NOT_FOUND = "We couldn't find that resident.";

/** The `:residentId` route param, or a 404 for anything that is not a uuid (never a 500). */
export const residentIdParam = (params: { residentId?: string }) => uuidParam(params.residentId, NOT_FOUND);

/** For loaders: a DomainError becomes the error page with its status (not found → 404). */
export const orErrorPage = <T>(work: Promise<T>) => orErrorPageFor(work, NOT_FOUND);

export type ResidentActionData = FormActionData;
export { invalid, respond };

/** A DomainError as the form's answer: its status, and its message on the field when the form has it. */
export function refused(formId: string, submission: Submission<unknown> | null, error: DomainError, fields: readonly string[] = []) {
  return refusedFor(formId, submission, error, { fields, notFoundMessage: NOT_FOUND });
}
