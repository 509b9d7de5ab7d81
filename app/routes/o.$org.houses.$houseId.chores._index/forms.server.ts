import { z } from "zod";
import { CheckFields, GenerateInput, OfficeInput, REASON_RULE, reasonWhenSentBack } from "#app/domain/chores/schemas";
import { isoDate } from "#app/lib/fields";

/** The chore board's forms: the domain's schemas plus each form's intent (the house comes from the URL). */
export const generateSchema = GenerateInput.omit({ houseId: true }).extend({ intent: z.literal("generate") });
export const checkSchema = CheckFields.extend({ intent: z.literal("check") }).refine(reasonWhenSentBack, REASON_RULE);
export const officeSchema = OfficeInput.omit({ houseId: true }).extend({ intent: z.literal("office") });

/** The board's day (`?day=`): a calendar date, or the house's today when absent. */
export const dayQuery = z.strictObject({ day: isoDate.optional() });
