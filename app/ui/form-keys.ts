import { useRef } from "react";

/**
 * Keys for the forms of a page with several: a form keyed `keyFor(formId)` starts afresh
 * (values and messages) whenever another form on the page has answered, so a message
 * from an earlier attempt ("Give a reason for declining.") never outlives later actions.
 * The form that answered keeps its key, and shows that answer.
 */
export function useFormKeys(actionData: { formId: string } | null | undefined) {
  const seen = useRef<{ data: unknown; count: number }>({ data: actionData, count: 0 });
  if (seen.current.data !== actionData) seen.current = { data: actionData, count: seen.current.count + 1 };
  const count = seen.current.count;
  return (formId: string) => (actionData?.formId === formId ? `${formId}-answered-${count}` : `${formId}-${count}`);
}
