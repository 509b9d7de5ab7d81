import { z } from "zod";
import { FeeScheduleFields, ManualEntryInput, PaymentInput, scheduleProblems } from "#app/domain/fees/schemas";

/** The house ledger page's forms: the domain's schemas plus each form's intent. */
export const paymentSchema = PaymentInput.extend({ intent: z.literal("record-payment") });
export const entrySchema = ManualEntryInput.extend({ intent: z.literal("record-entry") });
export const postSchema = z.strictObject({ intent: z.literal("post-charges") });
/** A schedule for this house (org-wide and bed schedules are not set from this page). */
export const scheduleSchema = FeeScheduleFields.omit({ houseId: true, bedId: true })
  .extend({ intent: z.literal("add-schedule") })
  .superRefine((v, ctx) => scheduleProblems({ ...v, houseId: null, bedId: null }, ctx));
