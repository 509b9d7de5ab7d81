import { z } from "zod";
import { EndPlanInput, PlanInput } from "#app/domain/fees/plans";
import { ReversalInput, SettleDepositInput } from "#app/domain/fees/schemas";
import { cursorParam } from "#app/lib/cursor.server";

/** The resident ledger page's forms and query (checked on the server only). */
export const filterSchema = z.strictObject({ cursor: cursorParam.optional() });
export const reverseSchema = ReversalInput.extend({ intent: z.literal("reverse"), confirmed: z.literal("yes").optional() });
// Payment plans (ADR 033): checked in the action only (ADR 029).
export const planSchema = PlanInput.safeExtend({ intent: z.literal("agree-plan") });
export const endPlanSchema = EndPlanInput.extend({ intent: z.literal("end-plan") });
export const settleSchema = SettleDepositInput.safeExtend({ intent: z.literal("settle-deposit") });

