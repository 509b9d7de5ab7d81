import { z } from "zod";
import { isoDate } from "#app/lib/dates";
import { id, optionalText, text } from "#app/lib/fields";
import { ruleProblem, WEEKDAYS } from "./recurrence";

/** Input schemas and labels for chores, their rotation and house offices (pure: forms use them too). */

export { ASSIGNMENT_STATUSES, CHORE_FREQUENCIES, FREQUENCY_LABELS, OFFICE_LABELS, OFFICES, STATE_LABELS, type ChoreState } from "./labels";
import { CHORE_FREQUENCIES, OFFICES } from "./labels";

export const EFFORT_MAX = 5;

/** A chore's fields (forms add their intent); `ChoreInput` adds the rules between them. */
export const ChoreFields = z.strictObject({
  houseId: id,
  name: text(80),
  area: optionalText(80),
  instructions: optionalText(2000),
  effort: z
    .number({
      error: `Enter the effort from 1 (quick) to ${EFFORT_MAX} (a big job).`,
    })
    .int(`Enter the effort from 1 (quick) to ${EFFORT_MAX} (a big job).`)
    .min(1, `Enter the effort from 1 (quick) to ${EFFORT_MAX} (a big job).`)
    .max(
      EFFORT_MAX,
      `Enter the effort from 1 (quick) to ${EFFORT_MAX} (a big job).`
    ),
  frequency: z.enum(CHORE_FREQUENCIES, "Choose how often."),
  weekdays: z
    .array(z.enum(WEEKDAYS, "Choose days of the week."))
    .max(7)
    .default([])
    .transform((v) => WEEKDAYS.filter((d) => v.includes(d))),
  rule: optionalText(500),
  startsOn: isoDate,
});

export const ChoreInput = ChoreFields.superRefine((v, ctx) => {
  if (v.frequency === "weekly" && v.weekdays.length === 0) {
    ctx.addIssue({
      code: "custom",
      path: ["weekdays"],
      message: "Choose at least one day of the week.",
    });
  }
  if (v.frequency === "custom") {
    const problem =
      v.rule === null
        ? "Enter a recurrence rule such as FREQ=WEEKLY;INTERVAL=2;BYDAY=SA."
        : ruleProblem(v.rule);
    if (problem)
      ctx.addIssue({ code: "custom", path: ["rule"], message: problem });
  }
}).transform((v) => ({
  ...v,
  weekdays: v.frequency === "weekly" ? v.weekdays : [],
  rule:
    v.frequency === "custom"
      ? (v.rule ?? "").trim().replace(/^RRULE:/i, "")
      : null,
}));
export type ChoreInput = z.input<typeof ChoreInput>;

export const ChoreUpdateInput = z.strictObject({ choreId: id });

/** Generate (or regenerate) the rotation for a period in a house. */
export const GenerateInput = z.strictObject({
  houseId: id,
  from: isoDate,
  days: z
    .number({ error: "Enter how many days (1 to 28)." })
    .int("Enter a whole number of days.")
    .min(1, "Generate at least one day.")
    .max(28, "Generate at most 28 days at a time.")
    .default(7),
  /** Replace the period's untouched future assignments (after an admission or a move-out). */
  regenerate: z.boolean().default(false),
});
export type GenerateInput = z.input<typeof GenerateInput>;

export const DoneInput = z.strictObject({
  assignmentId: id,
  note: optionalText(500),
});
export type DoneInput = z.input<typeof DoneInput>;

export const CheckFields = z.strictObject({
  assignmentId: id,
  outcome: z.enum(["verified", "sent_back"], "Choose verify or send back."),
  reason: optionalText(500),
});
/** A chore sent back says why (the form's schema and the domain's share it). */
export const reasonWhenSentBack = (v: { outcome: string; reason: string | null }) => v.outcome !== "sent_back" || v.reason !== null;
export const REASON_RULE = { message: "Say what needs redoing.", path: ["reason"] };
export const CheckInput = CheckFields.refine(reasonWhenSentBack, REASON_RULE);
export type CheckInput = z.input<typeof CheckInput>;

export const SwapRequestInput = z.strictObject({
  assignmentId: id,
  toResidentId: id,
});
export type SwapRequestInput = z.input<typeof SwapRequestInput>;

export const SwapAnswerInput = z.strictObject({
  swapId: id,
  answer: z.enum(["accepted", "declined", "cancelled"], "Choose an answer."),
});
export type SwapAnswerInput = z.input<typeof SwapAnswerInput>;

export const OfficeInput = z.strictObject({
  houseId: id,
  office: z.enum(OFFICES, "Choose an office."),
  /** The resident who holds it; empty = nobody. */
  residentId: z
    .union([z.literal(""), id])
    .nullish()
    .transform((v) => v || null),
});
export type OfficeInput = z.input<typeof OfficeInput>;
