import { parseWithZod } from "@conform-to/zod/v4";
import type { z } from "zod";

/**
 * conform's parseWithZod with one house rule for messages: a field left empty (conform
 * turns "" into undefined) reads "Required." instead of zod's "expected string, received
 * undefined". Schema-level messages (e.g. "Choose a status.") still win. Same on client and server.
 */
export const emptyIsRequired: z.core.$ZodErrorMap = (issue) =>
  issue.code === "invalid_type" && issue.input === undefined ? "Required." : undefined;

export function parseForm<S extends z.ZodType>(formData: FormData, schema: S) {
  return parseWithZod(formData, { schema, error: emptyIsRequired });
}
