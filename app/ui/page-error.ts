import type { FormActionData } from "./forms.server";

type Answer = Pick<FormActionData, "formId" | "result" | "error" | "pageError"> | null | undefined;

/**
 * Where a page with several forms shows a refusal. One rule for every such page: a form
 * with fields that is on the page shows its own refusal (conform's field and form errors,
 * from `result`), and nothing else repeats it; the top of the page shows the refusals no
 * form on it can show — a button form's (`pageError`, set by the action) and one for a
 * form that is not on the page now (a stale or hand-made request: the role form of a
 * member who has since left). `shown` lists the ids of the forms with fields the page
 * rendered; falsy entries are skipped, so `canWrite && "note"` reads naturally.
 */
export function pageErrorOf(actionData: Answer, shown: Iterable<string | false | null | undefined | 0>): string | null {
  if (!actionData) return null;
  if (actionData.pageError) return actionData.pageError;
  if (new Set(shown).has(actionData.formId)) return null;
  return resultErrors(actionData.result) || actionData.error || null;
}

/** Form-level messages from a conform result, for forms rendered without useForm (plain buttons). */
export function resultErrors(result: { error?: Record<string, string[] | null> } | null | undefined): string {
  return Object.values(result?.error ?? {})
    .flatMap((e) => e ?? [])
    .join(" ");
}
