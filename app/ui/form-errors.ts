import type { $ZodErrorMap } from "zod/v4/core";

/**
 * conform turns empty inputs into `undefined`, so a blank required field fails with
 * zod's "Invalid input: expected string, received undefined". Pass this as
 * `parseWithZod(formData, { schema, error: requiredMessages({ … }) })` (on the client
 * and the server) to say something a person understands instead; other messages are
 * the schema's own.
 */
export function requiredMessages(messages: Record<string, string> = {}): $ZodErrorMap {
  return (issue) => {
    if (issue.code === "invalid_type" && issue.input === undefined) {
      const key = (issue.path ?? []).join(".");
      return messages[key] ?? "Required.";
    }
    return undefined;
  };
}

/**
 * A copy of form data without some keys (e.g. `intent`), so a multi-form page can
 * validate each form with the domain's own strict schema.
 */
export function withoutKeys(formData: FormData, keys: readonly string[]): FormData {
  const copy = new FormData();
  for (const [key, value] of formData) if (!keys.includes(key)) copy.append(key, value);
  return copy;
}

/**
 * getZodConstraint marks the optional field builders of app/lib/fields.ts
 * (`optionalIsoDate`, `optionalId`: "" or a value, then null) as required, which would
 * put `required` on inputs labelled "(optional)". Clear it for the given fields.
 */
export function withOptional<C extends Record<string, { required?: boolean }>>(constraint: C, keys: readonly string[]): C {
  const copy: Record<string, { required?: boolean }> = { ...constraint };
  for (const key of keys) if (copy[key]) copy[key] = { ...copy[key], required: false };
  return copy as C;
}
