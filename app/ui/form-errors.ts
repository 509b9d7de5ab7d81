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
