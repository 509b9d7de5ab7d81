import { z } from "zod";
import { isoDate, optionalIsoDate } from "#app/lib/dates";
import { id, optionalId, optionalText, text } from "#app/lib/fields";
import { CHECKIN_STATEMENTS, NEED_ANSWERS, NEED_CODES, PLAN_DIMENSIONS } from "./labels";

export * from "./labels";

/** Input schemas of recovery plans, screenings and check-ins (pure: the forms' actions use them too). */

export const GoalInput = z.strictObject({
  dimension: z.enum(PLAN_DIMENSIONS, "Choose a dimension."),
  title: text(200),
  targetOn: optionalIsoDate,
});
export type GoalInput = z.input<typeof GoalInput>;

export const StepInput = z.strictObject({
  goalId: id,
  body: text(200),
  targetOn: optionalIsoDate,
});
export type StepInput = z.input<typeof StepInput>;

/** Staff: accept a proposal (active), mark achieved, set aside, or take up again. */
export const GoalStatusInput = z.strictObject({
  goalId: id,
  status: z.enum(["active", "achieved", "set_aside"], "Choose a status."),
});
export type GoalStatusInput = z.input<typeof GoalStatusInput>;

/**
 * Staff review a step the resident proposed (ADR 052): accept it with the words and date in the
 * form (changed or as written), or don't add it for now.
 */
export const StepReviewInput = z.strictObject({
  stepId: id,
  decision: z.enum(["accept", "decline"], "Choose accept or not now."),
  body: optionalText(200),
  targetOn: optionalIsoDate,
});
export type StepReviewInput = z.input<typeof StepReviewInput>;

export const StepDoneInput = z.strictObject({
  stepId: id,
  done: z.enum(["yes", "no"], "Choose done or not done."),
});
export type StepDoneInput = z.input<typeof StepDoneInput>;

export const CommentInput = z.strictObject({
  goalId: optionalId,
  body: text(1000),
});
export type CommentInput = z.input<typeof CommentInput>;

/** The screening: an answer to every question (yes, no or prefer not to say), and the day. */
export const ScreeningInput = z.strictObject({
  answeredOn: isoDate,
  ...(Object.fromEntries(NEED_CODES.map((c) => [c, z.enum(NEED_ANSWERS, "Choose an answer.")])) as Record<
    (typeof NEED_CODES)[number],
    z.ZodEnum<{ yes: "yes"; no: "no"; skip: "skip" }>
  >),
});
export type ScreeningInput = z.input<typeof ScreeningInput>;

/** The check-in's answers: fields s1…s10, each 1–6. */
export const CHECKIN_FIELDS = CHECKIN_STATEMENTS.map((_, i) => `s${i + 1}`) as `s${number}`[];
const score = z.coerce.number("Choose how much you agree.").int("Choose how much you agree.").min(1, "Choose how much you agree.").max(6, "Choose how much you agree.");
export const CheckinInput = z.strictObject(Object.fromEntries(CHECKIN_FIELDS.map((f) => [f, score])) as Record<`s${number}`, typeof score>);
export type CheckinInput = z.input<typeof CheckinInput>;
/** Staff recording answers given on paper name the day. */
export const PaperCheckinInput = CheckinInput.extend({ takenOn: isoDate });

export const scoresOf = (input: Record<string, unknown>): number[] => CHECKIN_FIELDS.map((f) => Number(input[f]));
