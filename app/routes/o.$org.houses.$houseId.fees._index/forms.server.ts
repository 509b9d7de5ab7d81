import { z } from "zod";
import { EndScheduleInput, FeeScheduleFields, ManualEntryInput, PaymentInput, scheduleProblems } from "#app/domain/fees/schemas";

/** The house ledger page's forms: the domain's schemas plus each form's intent. */
export const paymentSchema = PaymentInput.extend({ intent: z.literal("record-payment") });
export const entrySchema = ManualEntryInput.extend({ intent: z.literal("record-entry") });
export const postSchema = z.strictObject({ intent: z.literal("post-charges") });
/** A schedule for this house, or one of its beds (org-wide schedules are set in settings). */
export const scheduleSchema = FeeScheduleFields.omit({ houseId: true })
  .extend({ intent: z.literal("add-schedule") })
  .superRefine((v, ctx) => scheduleProblems({ ...v, houseId: "00000000-0000-4000-8000-000000000000" }, ctx));
/** End one of the listed schedules from a day (ADR 031). */
export const endScheduleSchema = EndScheduleInput.extend({ intent: z.literal("end-schedule") });
