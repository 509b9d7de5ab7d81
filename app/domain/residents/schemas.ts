import { z } from "zod";
import { id, optionalEmail, optionalId, optionalIsoDate, optionalPhone, optionalText, text } from "#app/lib/fields";

/** Input schemas for resident profiles (pure: usable by forms too). */

const notInFuture = (v: string | null) => v === null || v <= new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);

/** The fields a resident may change about themselves. */
export const ContactInput = z.strictObject({
  phone: optionalPhone,
  email: optionalEmail,
  emergencyContactName: optionalText(120),
  emergencyContactPhone: optionalPhone,
  emergencyContactRelationship: optionalText(60),
});
export type ContactInput = z.input<typeof ContactInput>;

/** The whole profile, edited by staff. */
export const ResidentInput = ContactInput.extend({
  legalName: text(120),
  preferredName: optionalText(80),
  pronouns: optionalText(40),
  dateOfBirth: optionalIsoDate.refine(notInFuture, "The date of birth cannot be in the future."),
  recoveryStartDate: optionalIsoDate.refine(notInFuture, "The recovery start date cannot be in the future."),
});
export type ResidentInput = z.input<typeof ResidentInput>;

export const ResidentListOptions = z.strictObject({
  /** current: living in or booked into a bed; all: everyone, including past residents. */
  scope: z.enum(["current", "all"]).default("current"),
  houseId: optionalId,
});
export type ResidentListOptions = z.input<typeof ResidentListOptions>;

export const StaffNoteInput = z.strictObject({ residentId: id, body: text(4000) });
export type StaffNoteInput = z.input<typeof StaffNoteInput>;

export const LinkAccountInput = z.strictObject({ residentId: id, userId: optionalId });
export type LinkAccountInput = z.input<typeof LinkAccountInput>;

/** What a profile says about a person (dates as calendar dates), shown and edited alike. */
export type ResidentDetails = {
  legalName: string;
  preferredName: string | null;
  pronouns: string | null;
  dateOfBirth: string | null;
  phone: string | null;
  email: string | null;
  emergencyContact: { name: string | null; phone: string | null; relationship: string | null };
  recoveryStartDate: string | null;
};
