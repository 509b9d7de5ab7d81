import { parseWithZod } from "@conform-to/zod/v4";
import type { z } from "zod";
import { requiredMessages } from "./form-errors";

/**
 * conform's parseWithZod with the house rule for messages: a field left empty reads
 * "Required." instead of zod's "expected string, received undefined" (see
 * requiredMessages), or the message given for that field. Schema-level messages still
 * win. Use the same call in `useForm`'s onValidate and in the action.
 */
export function parseForm<S extends z.ZodType>(formData: FormData, schema: S, messages: Record<string, string> = {}) {
  return parseWithZod(formData, { schema, error: requiredMessages(messages) });
}
