import { z } from "zod";
import { isoDate, optionalIsoDate } from "#app/lib/dates";
import { id, optionalText, text } from "#app/lib/fields";
import { CHECK_KINDS, CHECK_RESULTS, COMPLIANCE_KINDS } from "./labels";

export * from "./labels";

/** Input schemas of the safety and compliance log (pure: the forms use them too). */

const intervalDays = z.coerce
  .number("Enter a number of days.")
  .int("Enter a whole number of days.")
  .min(1, "Enter a number of days from 1 to 730.")
  .max(730, "Enter a number of days from 1 to 730.");

/** A recurring check on a house's list. */
export const CheckInput = z.strictObject({
  houseId: id,
  kind: z.enum(CHECK_KINDS, "Choose what is checked."),
  name: text(120),
  intervalDays,
  firstDueOn: isoDate,
});
export type CheckInput = z.input<typeof CheckInput>;

/** A check done (the photo comes separately, as an upload). Naloxone needs its expiry date (the domain checks). */
export const LogInput = z.strictObject({
  houseId: id,
  checkId: id,
  doneOn: isoDate,
  result: z.enum(CHECK_RESULTS, "Choose the result."),
  notes: optionalText(1000),
  expiresOn: optionalIsoDate,
});
export type LogInput = z.input<typeof LogInput>;

/** A compliance document with its expiry (the file comes separately, as an upload). */
export const ComplianceInput = z.strictObject({
  houseId: id,
  kind: z.enum(COMPLIANCE_KINDS, "Choose the kind of document."),
  title: text(120),
  expiresOn: optionalIsoDate,
});
export type ComplianceInput = z.input<typeof ComplianceInput>;
