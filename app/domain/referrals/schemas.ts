import { z } from "zod";
import { isoDate } from "#app/lib/dates";
import { id, optionalId, optionalPhone, optionalText, text } from "#app/lib/fields";
import { HANDOFF_METHODS, REFERRAL_OUTCOMES, REFERRAL_URGENCIES } from "./labels";

export * from "./labels";

/** Input schemas of referrals (pure: the forms' schemas extend these). */

export const ReferralInput = z.strictObject({
  serviceId: id,
  reason: text(1000),
  urgency: z.enum(REFERRAL_URGENCIES, "Choose how soon."),
  goalId: optionalId,
});
export type ReferralInput = z.input<typeof ReferralInput>;

const time = z
  .string("Enter a time like 14:30.")
  .trim()
  .regex(/^([01]\d|2[0-3]):[0-5]\d(:00)?$/, "Enter a time like 14:30.")
  .transform((v) => v.slice(0, 5));

/** The appointment's day, time (in the resident's house's zone) and place. */
export const AppointmentFields = { appointmentOn: isoDate, appointmentTime: time, appointmentPlace: text(300) };
export const CloseFields = { outcome: z.enum(REFERRAL_OUTCOMES, "Choose an outcome.") };

/** A status step. The appointment's day, time and place for "appointment_set"; the outcome for "closed". */
export const StepInput = z.discriminatedUnion("to", [
  z.strictObject({ to: z.literal("accepted") }),
  z.strictObject({ to: z.literal("attended") }),
  z.strictObject({ to: z.literal("appointment_set"), ...AppointmentFields }),
  z.strictObject({ to: z.literal("closed"), ...CloseFields }),
]);
export type StepInput = z.input<typeof StepInput>;

export const HandoffInput = z.strictObject({
  introducedBy: text(120),
  method: z.enum(HANDOFF_METHODS, "Choose how the introduction was made."),
  contactName: text(120),
  contactPhone: optionalPhone,
  happenedOn: isoDate,
  note: optionalText(1000),
});
export type HandoffInput = z.input<typeof HandoffInput>;

export const FollowupInput = z.strictObject({
  dueOn: isoDate,
  task: text(200),
});
export type FollowupInput = z.input<typeof FollowupInput>;

export const FollowupDoneInput = z.strictObject({
  followupId: id,
  note: optionalText(1000),
});
export type FollowupDoneInput = z.input<typeof FollowupDoneInput>;
