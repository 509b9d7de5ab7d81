import { z } from "zod";
import { id, isoDate, optionalEmail, optionalId, optionalIsoDate, optionalPhone, optionalText, text } from "#app/lib/fields";
import { ResidentInput } from "#app/domain/residents/schemas";
export * from "./labels";
import { DISCHARGE_REASONS, HOLDABLE_REASONS, MAX_HOLD_DAYS, MOUD_ANSWERS, PAYERS, PUBLIC_APPLICATION_HONEYPOT, REFERRAL_SOURCES } from "./labels";

/** Not after tomorrow in UTC: today in every time zone a house can be in is still allowed. */
const notInFuture = (v: string | null) => v === null || v <= new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);

const optionalChoice = <T extends readonly [string, ...string[]]>(values: T, message: string) =>
  z
    .union([z.literal(""), z.enum(values, message)], message)
    .nullish()
    .transform((v) => (v || null) as T[number] | null);

/** Intake facts shared by the application and the resident's record (all optional). */
export const intakeFields = {
  payer: optionalChoice(PAYERS, "Choose who pays, or leave it empty."),
  sponsorName: optionalText(120),
  sponsorPhone: optionalPhone,
  probationContactName: optionalText(120),
  probationContactPhone: optionalPhone,
};

/** The recovery or sobriety date: shared only if the person wants to. */
export const recoveryDate = optionalIsoDate.refine(notInFuture, "The recovery date cannot be in the future.");

/** The MOUD answer on a form: "" = not asked yet (leaves it unrecorded). */
export const moudChoice = optionalChoice(MOUD_ANSWERS, "Choose yes, no or prefer not to say.");

/** Not before yesterday in UTC: today in every time zone a house can be in is still allowed. */
const notInPast = (v: string | null) => v === null || v >= new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

const applicationFields = {
  applicantName: text(120),
  phone: optionalPhone,
  email: optionalEmail,
  referralSource: z.enum(REFERRAL_SOURCES, "Choose how you heard about us."),
  referralDetail: optionalText(200),
  desiredMoveIn: optionalIsoDate.refine(notInPast, "Choose today or a later date."),
  /** Population served / needs, in the applicant's words. */
  needs: optionalText(2000),
  consentToContact: z.boolean().refine((v) => v, "Consent to be contacted is required."),
  /** House preference; empty = any house. */
  houseId: optionalId,
  recoveryDate,
  ...intakeFields,
};

const contactGiven = <T extends { phone: string | null; email: string | null }>(v: T) => v.phone !== null || v.email !== null;
const contactMessage = { message: "Give a phone number or an email address.", path: ["phone"] };

/** An application entered by staff. */
export const ApplicationInput = z.strictObject(applicationFields).refine(contactGiven, contactMessage);
export type ApplicationInput = z.input<typeof ApplicationInput>;

/** An application from the public form (anonymous). */
export const PublicApplicationInput = z
  .strictObject({ ...applicationFields, [PUBLIC_APPLICATION_HONEYPOT]: z.string().max(500).optional() })
  .refine(contactGiven, contactMessage);
export type PublicApplicationInput = z.input<typeof PublicApplicationInput>;

export const ApplicationStatusInput = z
  .strictObject({
    applicationId: id,
    status: z.enum(["new", "screening", "accepted", "waitlisted", "declined"], "Choose a status."),
    declineReason: optionalText(500),
  })
  .refine((v) => v.status !== "declined" || v.declineReason !== null, {
    message: "Give a reason for declining.",
    path: ["declineReason"],
  });
export type ApplicationStatusInput = z.input<typeof ApplicationStatusInput>;

/** The intake facts of an application, edited while screening (MOUD only where allowed). */
export const ApplicationIntakeInput = z.strictObject({
  applicationId: id,
  referralSource: z.enum(REFERRAL_SOURCES, "Choose how they heard about us."),
  referralDetail: optionalText(200),
  needs: optionalText(2000),
  recoveryDate,
  ...intakeFields,
  /** Absent when the form did not offer it (the caller may not see the answer). */
  moud: moudChoice.optional(),
});
export type ApplicationIntakeInput = z.input<typeof ApplicationIntakeInput>;

/** The intake section of a resident's record (staff only). */
export const ResidentIntakeInput = z.strictObject({
  residentId: id,
  referralSource: optionalChoice(REFERRAL_SOURCES, "Choose a referral source, or leave it empty."),
  referralDetail: optionalText(200),
  needs: optionalText(2000),
  ...intakeFields,
  moud: moudChoice.optional(),
});
export type ResidentIntakeInput = z.input<typeof ResidentIntakeInput>;

/** One entry of a screening log: about an application, or a resident after admission. */
export const ApplicationScreeningNoteInput = z.strictObject({ applicationId: id, body: text(4000) });
export const ResidentScreeningNoteInput = z.strictObject({ residentId: id, body: text(4000) });
export const ScreeningNoteInput = z.union([ApplicationScreeningNoteInput, ResidentScreeningNoteInput]);
export type ScreeningNoteInput = z.input<typeof ScreeningNoteInput>;

// ── stays ──────────────────────────────────────────────────────────────────

const moveOutAfterMoveIn = {
  message: "The move-out date must be after the move-in date.",
  path: ["expectedMoveOutDate"],
};

export const AdmitInput = z
  .strictObject({
    residentId: id,
    bedId: id,
    moveInDate: isoDate,
    /** Optional expected move-out (exclusive); leave empty for open-ended. */
    expectedMoveOutDate: optionalIsoDate,
  })
  .refine((v) => v.expectedMoveOutDate === null || v.expectedMoveOutDate > v.moveInDate, moveOutAfterMoveIn);
export type AdmitInput = z.input<typeof AdmitInput>;

export const AdmitApplicationInput = z
  .strictObject({
    applicationId: id,
    bedId: id,
    moveInDate: isoDate,
    expectedMoveOutDate: optionalIsoDate,
    /** Profile details to add or correct; the rest comes from the application. */
    resident: ResidentInput.partial().optional(),
  })
  .refine((v) => v.expectedMoveOutDate === null || v.expectedMoveOutDate > v.moveInDate, moveOutAfterMoveIn);
export type AdmitApplicationInput = z.input<typeof AdmitApplicationInput>;

export const TransferInput = z.strictObject({
  stayId: id,
  toBedId: id,
  /** First night in the new bed (and the old stay's move-out date). */
  date: isoDate,
});
export type TransferInput = z.input<typeof TransferInput>;


export const DischargeInput = z
  .strictObject({
    stayId: id,
    /** Move-out date (exclusive end of the stay); may be in the future (a scheduled discharge). */
    date: isoDate,
    reason: z.enum(DISCHARGE_REASONS, "Choose a discharge reason."),
    destination: optionalText(200),
    /** Hold the bed for the resident's return for this many days from the move-out date. */
    holdBedDays: z
      .number("Enter a number of days.")
      .int("Enter a whole number of days.")
      .min(1, "Hold the bed for at least 1 day, or leave this empty.")
      .max(MAX_HOLD_DAYS, `Hold the bed for at most ${MAX_HOLD_DAYS} days.`)
      .nullish()
      .transform((v) => v ?? null),
  })
  .refine((v) => v.holdBedDays === null || (HOLDABLE_REASONS as readonly string[]).includes(v.reason), {
    message: "A bed can be held only after a hospital or treatment stay, or a return to use with a plan to come back.",
    path: ["holdBedDays"],
  });
export type DischargeInput = z.input<typeof DischargeInput>;

export const CancelStayInput = z.strictObject({ stayId: id });
export type CancelStayInput = z.input<typeof CancelStayInput>;
