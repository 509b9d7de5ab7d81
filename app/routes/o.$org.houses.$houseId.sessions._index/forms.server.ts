import { z } from "zod";
import { KindInput, MoveInput, OccurrenceRef, TargetInput } from "#app/domain/sessions/schemas";

/** The sessions page's forms: the domain's schemas plus each form's intent (checked in the action only: the page ships no zod, ADR 029). */
export const cancelSchema = OccurrenceRef.extend({ intent: z.literal("cancel-occurrence") });
export const restoreSchema = OccurrenceRef.extend({ intent: z.literal("restore-occurrence") });
export const moveSchema = MoveInput.extend({ intent: z.literal("move-occurrence") });
export const targetSchema = TargetInput.extend({ intent: z.literal("set-target") });
export const kindSchema = KindInput.extend({ intent: z.literal("add-kind") });
