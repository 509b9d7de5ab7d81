import { notFound } from "#app/lib/http.server";

/**
 * The certifier's pages (ADR 049) name the operator by its slug: anything that is not a
 * slug answers 404 like an operator with no active grant, in the same words.
 */
export const NO_ACCESS = "We couldn't find that. Access may have ended or been revoked.";

export function operatorParam(params: { operator?: string }): string {
  const slug = params.operator ?? "";
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(slug)) notFound(NO_ACCESS);
  return slug;
}

export const ASSESSMENT_STATUS_WORDS: Record<"draft" | "submitted", string> = { draft: "In progress (not submitted)", submitted: "Submitted for review" };
