import { z } from "zod";
import { DoneInput, SwapAnswerInput, SwapRequestInput } from "#app/domain/chores/schemas";

/** The resident's chore forms: the domain's schemas plus each form's intent. */
export const doneSchema = DoneInput.extend({ intent: z.literal("done") });
export const swapSchema = SwapRequestInput.extend({ intent: z.literal("swap") });
export const answerSchema = SwapAnswerInput.extend({ intent: z.literal("answer") });
