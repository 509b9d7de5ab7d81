import { z } from "zod";
import { MoveInput } from "#app/domain/certification/schemas";

/** The certifier's form: the domain's move plus its intent. */
export const moveSchema = MoveInput.extend({ intent: z.literal("move") });
