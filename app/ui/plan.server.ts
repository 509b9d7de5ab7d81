import { z } from "zod";
import { withTenant, type TenantContext } from "#app/db/tenant.server";
import { dimensionScores, recordPaperCheckin, takeCheckin } from "#app/domain/plans/checkins.server";
import type { CheckinRow } from "#app/domain/plans/checkins.server";
import { addComment, addGoal, addStep, proposeStep, reviewStep, setGoalStatus, setStepDone, type Plan, type PlanEvent, type PlanOwner } from "#app/domain/plans/plan.server";
import { REFERRAL_STATUS_LABELS } from "#app/domain/referrals/labels";
import {
  CheckinInput,
  CommentInput,
  DIMENSION_LABELS,
  GOAL_STATUS_LABELS,
  GoalInput,
  GoalStatusInput,
  PaperCheckinInput,
  PLAN_DIMENSIONS,
  STEP_STATUS_LABELS,
  StepDoneInput,
  StepInput,
  StepReviewInput,
} from "#app/domain/plans/schemas";
import { formatDay, formatDateTime } from "#app/lib/dates";
import { intent, rowId } from "./forms.server";
import type { EventView, GoalView, TrendRow } from "./plan";

/** The plan pages' forms, data in words and actions (resident's and staff's pages share them). */
export const goalSchema = GoalInput.extend({ intent: z.literal("goal") });
export const stepSchema = StepInput.extend({ intent: z.literal("step") });
export const statusSchema = GoalStatusInput.extend({ intent: z.literal("status") });
export const reviewSchema = StepReviewInput.extend({ intent: z.literal("review-step") });
export const stepDoneSchema = StepDoneInput.extend({ intent: z.literal("step-done") });
export const commentSchema = CommentInput.extend({ intent: z.literal("comment") });
export const checkinSchema = CheckinInput.extend({ intent: z.literal("checkin") });
export const paperCheckinSchema = PaperCheckinInput.extend({ intent: z.literal("paper-checkin") });

export const dimensionOptions = PLAN_DIMENSIONS.map((d) => ({ value: d, label: DIMENSION_LABELS[d] }));

/** The goals in words; `referralHref` is where a linked referral opens (the staff's page or "my referrals"). */
export function goalsView(plan: Plan, referralHref: (id: string) => string): GoalView[] {
  return plan.goals.map((g) => ({
    id: g.id,
    dimension: g.dimension,
    dimensionLabel: DIMENSION_LABELS[g.dimension],
    title: g.title,
    target: g.targetOn ? formatDay(g.targetOn) : null,
    status: g.status,
    statusLabel: GOAL_STATUS_LABELS[g.status],
    proposedByResident: g.proposedByResident,
    steps: g.steps.map((s) => ({
      id: s.id,
      body: s.body,
      target: s.targetOn ? formatDay(s.targetOn) : null,
      targetOn: s.targetOn,
      done: s.doneOn ? formatDay(s.doneOn) : null,
      status: s.status,
      statusLabel: STEP_STATUS_LABELS[s.status],
    })),
    referrals: g.referrals.map((r) => ({ id: r.id, service: r.serviceName, status: REFERRAL_STATUS_LABELS[r.status], href: referralHref(r.id) })),
  }));
}

const WHAT: Record<PlanEvent["kind"], string> = {
  goal_added: "added a goal",
  goal_proposed: "proposed a goal",
  goal_accepted: "accepted a proposed goal",
  goal_status: "changed a goal's status",
  goal_edited: "changed a goal",
  step_added: "added a step",
  step_done: "marked a step done",
  step_reopened: "marked a step not done",
  comment: "commented",
  step_proposed: "proposed a step",
  step_accepted: "added a proposed step to the plan",
  step_declined: "talked through a proposed step and did not add it for now",
  step_edited: "changed the words or date of a proposed step",
};

/** The history in words; `self` is who reads it (the resident reads "You"). */
export function eventsView(plan: Plan, opts: { self: boolean; timeZone: string }): EventView[] {
  const titles = new Map(plan.goals.map((g) => [g.id, g.title]));
  return plan.events.map((e) => {
    const who = e.byResident ? (opts.self ? "You" : "The resident") : opts.self ? "Your house team" : "Staff";
    const goal = e.goalId ? titles.get(e.goalId) : null;
    const status = e.kind === "goal_status" && e.status ? ` to ${GOAL_STATUS_LABELS[e.status].toLowerCase()}` : "";
    return { id: e.id, at: formatDateTime(e.at, opts.timeZone), text: `${who} ${WHAT[e.kind]}${status}${goal ? ` (${goal})` : ""}.`, body: e.body };
  });
}

export function trendRows(checkins: CheckinRow[]): TrendRow[] {
  return checkins.map((c) => ({ day: formatDay(c.takenOn), paper: c.paper, values: dimensionScores(c.scores) }));
}

/** What the plan's forms do; the resident's page passes `{ self: true }`, staff pages the resident's id. */
export function planIntents(tenant: TenantContext, owner: PlanOwner) {
  const staffId = "residentId" in owner ? owner.residentId : null;
  const arms = {
    goal: intent({
      schema: goalSchema,
      formId: "goal",
      fields: ["dimension", "title", "targetOn"],
      resetForm: true,
      run: async ({ intent: _i, ...input }) => {
        const g = await withTenant(tenant, (tx) => addGoal(tx, owner, input));
        return g.status === "proposed" ? "Goal proposed. Your house team will talk it through with you." : "Goal added.";
      },
    }),
    "step-done": intent({
      schema: stepDoneSchema,
      formId: (f) => `step-done-${rowId(f, "stepId")}`,
      button: true,
      run: async ({ intent: _i, ...input }) => {
        const r = await withTenant(tenant, (tx) => setStepDone(tx, owner, input));
        return r.done ? "Step marked done." : "Step marked not done.";
      },
    }),
    comment: intent({
      schema: commentSchema,
      formId: (f) => `comment-${rowId(f, "goalId") || "plan"}`,
      fields: ["body"],
      resetForm: true,
      run: async ({ intent: _i, ...input }) => {
        await withTenant(tenant, (tx) => addComment(tx, owner, input));
        return "Comment added.";
      },
    }),
  };
  if (!staffId) {
    return {
      ...arms,
      step: intent({
        schema: stepSchema,
        formId: (f) => `step-${rowId(f, "goalId")}`,
        fields: ["body", "targetOn"],
        resetForm: true,
        run: async ({ intent: _i, ...input }) => {
          await withTenant(tenant, (tx) => proposeStep(tx, input));
          return "Step proposed. Your house team will talk it through with you.";
        },
      }),
    };
  }
  return {
    ...arms,
    "review-step": intent({
      schema: reviewSchema,
      formId: (f) => `review-${rowId(f, "stepId")}`,
      fields: ["body", "targetOn"],
      run: async ({ intent: _i, ...input }) => {
        const r = await withTenant(tenant, (tx) => reviewStep(tx, staffId, input));
        return r.accepted ? "Step added to the plan." : "Step not added for now; it stays in the history.";
      },
    }),
    step: intent({
      schema: stepSchema,
      formId: (f) => `step-${rowId(f, "goalId")}`,
      fields: ["body", "targetOn"],
      resetForm: true,
      run: async ({ intent: _i, ...input }) => {
        await withTenant(tenant, (tx) => addStep(tx, staffId, input));
        return "Step added.";
      },
    }),
    "paper-checkin": intent({
      schema: paperCheckinSchema,
      formId: "paper-checkin",
      fields: ["takenOn"],
      resetForm: true,
      run: async ({ intent: _i, ...input }) => {
        const row = await withTenant(tenant, (tx) => recordPaperCheckin(tx, staffId, input));
        return `Paper check-in of ${formatDay(row.takenOn)} recorded, marked as entered by staff.`;
      },
    }),
    status: intent({
      schema: statusSchema,
      formId: (f) => `status-${rowId(f, "goalId")}`,
      button: true,
      run: async ({ intent: _i, ...input }) => {
        await withTenant(tenant, (tx) => setGoalStatus(tx, staffId, input));
        return `Goal marked ${GOAL_STATUS_LABELS[input.status].toLowerCase()}.`;
      },
    }),
  };
}

export function checkinIntents(tenant: TenantContext) {
  return {
    checkin: intent({
      schema: checkinSchema,
      formId: "checkin",
      fields: [],
      resetForm: true,
      run: async ({ intent: _i, ...input }) => {
        await withTenant(tenant, (tx) => takeCheckin(tx, input));
        return "Thank you. Your check-in is saved.";
      },
    }),
  };
}
