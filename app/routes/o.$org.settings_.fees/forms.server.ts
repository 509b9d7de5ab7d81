import { z } from "zod";
import { EndScheduleInput, FeeScheduleFields, scheduleProblems } from "#app/domain/fees/schemas";

/** The org-wide fee schedules page's forms: the domain's schemas (no house, no bed) plus each form's intent. */
export const orgScheduleSchema = FeeScheduleFields.omit({ houseId: true, bedId: true })
  .extend({ intent: z.literal("add-schedule") })
  .superRefine((v, ctx) => scheduleProblems({ ...v, houseId: null, bedId: null }, ctx));
/** End one of the listed org-wide schedules from a day (ADR 031). */
export const endOrgScheduleSchema = EndScheduleInput.extend({ intent: z.literal("end-schedule") });
