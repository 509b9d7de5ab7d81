import { parseWithZod } from "@conform-to/zod/v4";
import type { z } from "zod";
import { requiredMessages } from "./form-errors";

/**
 * conform's parseWithZod with the house rule for messages: a field left empty reads
 * "Required." instead of zod's "expected string, received undefined" (see
 * requiredMessages). Schema-level messages still win. Same on client and server.
 */
export function parseForm<S extends z.ZodType>(formData: FormData, schema: S) {
  return parseWithZod(formData, { schema, error: requiredMessages() });
}
