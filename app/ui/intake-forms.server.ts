import { z } from "zod";
import { ResidentIntakeInput } from "#app/domain/admissions/schemas";
import { text } from "#app/lib/fields";

/**
 * The forms of a resident's intake section (`intake-section.tsx`), checked in the record
 * page's action only (ADR 029: the page ships no zod; its loader sends `formConstraint` of each).
 */

/** The intake form as posted on the record's page (the resident comes from the URL). */
export const residentIntakeFormSchema = ResidentIntakeInput.omit({ residentId: true }).extend({ intent: z.literal("intake") });
export const residentLogFormSchema = z.strictObject({ intent: z.literal("screening-note"), body: text(4000) });
