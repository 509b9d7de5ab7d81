import { z } from "zod";
import { AppointmentFields, CloseFields, FollowupDoneInput, FollowupInput, HandoffInput } from "#app/domain/referrals/schemas";

/** The referral page's forms: the domain's input schemas plus each form's intent. */
export const appointmentSchema = z.strictObject({ intent: z.literal("appointment"), ...AppointmentFields });
export const closeSchema = z.strictObject({ intent: z.literal("close"), ...CloseFields });
export const handoffSchema = HandoffInput.extend({ intent: z.literal("handoff") });
export const followupSchema = FollowupInput.extend({ intent: z.literal("followup") });
export const followupDoneSchema = FollowupDoneInput.extend({ intent: z.literal("followup-done") });
export const buttonSchema = (name: string) => z.strictObject({ intent: z.literal(name) });
export const followupIdOf = (formData: FormData) => `done-${String(formData.get("followupId") ?? "").slice(0, 40)}`;

export const APPOINTMENT_FIELDS = ["appointmentOn", "appointmentTime", "appointmentPlace"] as const;
export const HANDOFF_FIELDS = ["introducedBy", "method", "contactName", "contactPhone", "happenedOn", "note"] as const;
export const FOLLOWUP_FIELDS = ["dueOn", "task"] as const;
