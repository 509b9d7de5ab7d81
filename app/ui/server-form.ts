import type { FieldMetadata, SubmissionResult } from "@conform-to/react";
import type { FormConstraint } from "./constraint";

/**
 * A form checked only on the server, without conform's client runtime (≈ 9 KB gzip): the
 * same field metadata conform's `useForm` gives (ids, names, errors, initial values, HTML
 * constraints), built from the action's `lastResult`, so `Field`, `SelectField`,
 * and `CheckboxGroup` work unchanged (`form.props` stands for `getFormProps(form)`), and the ids are conform's
 * (`<form>-<field>`, `…-error`). For pages held to the first-load JS budget (issue 15) whose
 * forms gain nothing from checking in the browser; the action parses with `parseForm` as
 * always, and the loader sends `formConstraint(schema)` (the page ships no zod).
 *
 * There is no client state: what the form shows comes from `lastResult` (the submitted
 * values and messages after a refusal; the defaults again after `resetForm`) or
 * `defaultValue`. Key the form by its answers (`useFormKeys`) so its inputs start again from
 * them after each submission.
 */
export function useServerForm<Shape extends Record<string, unknown>>({
  id,
  lastResult,
  constraint,
  defaultValue,
}: {
  id: string;
  lastResult?: SubmissionResult<string[]> | null;
  constraint?: FormConstraint | null;
  defaultValue?: Partial<{ [K in keyof Shape]: unknown }>;
}) {
  const initial = (lastResult?.initialValue ?? defaultValue ?? {}) as Record<string, unknown>;
  const error = (lastResult?.error ?? {}) as Record<string, string[] | null | undefined>;
  const errorsOf = (name: string) => {
    const list = error[name];
    return list?.length ? list : undefined;
  };
  const field = (name: string) => {
    const fieldId = `${id}-${name}`;
    const allErrors = Object.fromEntries(
      Object.entries(error).filter(([key, list]) => list?.length && (key === name || key.startsWith(`${name}[`) || key.startsWith(`${name}.`))),
    );
    return {
      ...(constraint?.[name] ?? {}),
      id: fieldId,
      name,
      formId: id,
      errorId: `${fieldId}-error`,
      descriptionId: `${fieldId}-description`,
      initialValue: initial[name],
      errors: errorsOf(name),
      allErrors,
      valid: Object.keys(allErrors).length === 0,
    };
  };
  const formErrors = errorsOf("");
  const form = {
    id,
    errorId: `${id}-error`,
    errors: formErrors,
    /** What conform's `getFormProps(form)` gives a form that does not validate in the browser. */
    props: { id, noValidate: true, "aria-describedby": formErrors ? `${id}-error` : undefined },
  };
  const fields = new Proxy({} as { [K in keyof Shape]-?: FieldMetadata<Shape[K]> }, {
    get: (_, name) => (typeof name === "string" ? field(name) : undefined),
  });
  return [form, fields] as const;
}
