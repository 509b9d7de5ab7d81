import { z } from "zod";
import { ManualEntryInput, PaymentInput } from "#app/domain/fees/schemas";

/** The house ledger page's forms: the domain's schemas plus each form's intent. */
export const paymentSchema = PaymentInput.extend({ intent: z.literal("record-payment") });
export const entrySchema = ManualEntryInput.extend({ intent: z.literal("record-entry") });
export const postSchema = z.strictObject({ intent: z.literal("post-charges") });
