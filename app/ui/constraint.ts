import { getZodConstraint } from "@conform-to/zod/v4";
import type { z } from "zod";

/**
 * The HTML constraints (required, maxlength, min/max, pattern) of a form's zod schema, for
 * conform's `useForm({ constraint })`. Every form uses this rather than conform's
 * `getZodConstraint` alone, which, with our field building blocks (app/lib/fields.ts),
 * marks optional fields `required` (an optional date or id is a union inside `nullish`,
 * and the union's branches overwrite the optional flag) and finds no `maxlength` (it reads
 * a check bag this zod version no longer fills). So, per top-level field:
 *  - required: the field cannot be left empty ("" and a missing value are both refused);
 *  - maxLength: the smallest `.max(n)` on the field's string schema, wherever it sits
 *    (inside optional, nullable, default, pipe/transform or a union's branches).
 */
export function formConstraint(schema: z.ZodType): Constraints {
  const base = getZodConstraint(schema) as Record<string, Record<string, unknown> | undefined>;
  const shape = objectShape(schema);
  if (!shape) return base as Constraints;
  const out: Record<string, Record<string, unknown>> = {};
  for (const [name, field] of Object.entries(shape)) {
    const constraint: Record<string, unknown> = { ...(base[name] ?? {}) };
    constraint.required = !(field.safeParse("").success || field.safeParse(undefined).success);
    const max = maxLengthOf(field);
    if (max !== null) constraint.maxLength = max;
    else delete constraint.maxLength;
    out[name] = constraint;
  }
  return out as Constraints;
}

type Constraints = ReturnType<typeof getZodConstraint>;
/** What `formConstraint` returns: plain data, so a loader can send it to a form that ships no zod. */
export type FormConstraint = Constraints;

type AnyDef = {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  options?: z.ZodType[];
  checks?: { _zod: { def: { check?: string; maximum?: number } } }[];
  left?: z.ZodType;
  right?: z.ZodType;
};
const defOf = (s: z.ZodType) => (s as unknown as { _zod: { def: AnyDef } })._zod.def;

function objectShape(schema: z.ZodType): Record<string, z.ZodType> | null {
  const def = defOf(schema);
  if (def.type === "object") return def.shape ?? null;
  if (def.type === "pipe") return objectShape(def.in!);
  if (def.type === "optional" || def.type === "nullable" || def.type === "default" || def.type === "readonly") return objectShape(def.innerType!);
  return null;
}

/** The field's maximum string length, or null when it has none (or is not a string). */
export function maxLengthOf(schema: z.ZodType): number | null {
  const def = defOf(schema);
  switch (def.type) {
    case "string": {
      const maxima = (def.checks ?? []).map((c) => c._zod.def).filter((d) => d.check === "max_length").map((d) => d.maximum!);
      return maxima.length ? Math.min(...maxima) : null;
    }
    case "optional":
    case "nullable":
    case "default":
    case "readonly":
    case "nonoptional":
      return maxLengthOf(def.innerType!);
    case "pipe": {
      const a = maxLengthOf(def.in!);
      const b = maxLengthOf(def.out!);
      return a === null ? b : b === null ? a : Math.min(a, b);
    }
    case "union": {
      const each = (def.options ?? []).map(maxLengthOf).filter((m): m is number => m !== null);
      return each.length ? Math.max(...each) : null;
    }
    default:
      return null;
  }
}
