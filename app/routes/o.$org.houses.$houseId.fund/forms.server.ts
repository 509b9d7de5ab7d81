import { z } from "zod";
import { OfficeInput } from "#app/domain/chores/schemas";

/** The fund tab's one form: who holds an office (the house from the URL). */
export const officeSchema = OfficeInput.omit({ houseId: true }).extend({ intent: z.literal("office") });
