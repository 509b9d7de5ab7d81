import { sql } from "kysely";
import { jsonArrayFrom } from "kysely/helpers/postgres";
import type { PlanDimension, PlanEventKind, PlanGoalStatus, PlanStepStatus, ReferralStatus } from "#app/db/schema";
import type { Tx } from "#app/db/tenant.server";
import { audit } from "#app/domain/audit/audit.server";
import { houseToday } from "#app/domain/dates.server";
import { DomainError, guardDb, notFound, parseInput } from "#app/domain/errors.server";
import { pageOf, PAGE_SIZE, type Cursor } from "#app/lib/pagination";
import { CommentInput, GoalInput, GoalStatusInput, StepDoneInput, StepInput, StepReviewInput } from "./schemas";

/**
 * A resident's recovery plan (ADR 041): goals on the four dimensions with their steps, and
 * the plan's history. Written together: staff of the resident's house add goals and steps,
 * accept the resident's proposals and change a goal's status; the resident proposes goals,
 * marks their steps done and comments. RLS (0034) decides who sees and writes; these
 * functions parse input, say no clearly, write the history and audit every staff read and
 * every write (ids only, never the words).
 */

const REFUSALS = {
  "42501": { kind: "forbidden" as const, message: "Only the resident and the staff of their house can change this plan." },
  plan_goal_resident_fk: { kind: "not_found" as const, message: "Resident not found." },
  plan_step_goal_fk: { kind: "not_found" as const, message: "Goal not found.", field: "goalId" },
  plan_event_goal_fk: { kind: "not_found" as const, message: "Goal not found.", field: "goalId" },
  plan_step_resident_done_only: { kind: "forbidden" as const, message: "You can mark a step done; ask your house team to change its words or date." },
  plan_goal_title_check: { kind: "invalid" as const, message: "Use 1 to 200 characters.", field: "title" },
  plan_step_done_active: { kind: "conflict" as const, message: "Only a step on the plan can be marked done." },
  plan_step_reviewed_once: { kind: "conflict" as const, message: "That step has already been talked through." },
};

/** Whose plan: the signed-in resident's own, or a resident's by id (staff). */
export type PlanOwner = { self: true } | { residentId: string };

export type PlanGoal = {
  id: string;
  dimension: PlanDimension;
  title: string;
  targetOn: string | null;
  status: PlanGoalStatus;
  proposedByResident: boolean;
  steps: { id: string; body: string; targetOn: string | null; doneOn: string | null; status: PlanStepStatus; proposedByResident: boolean }[];
  /** Referrals linked to the goal (ADR 046), oldest first; the reader's RLS decides which. */
  referrals: { id: string; serviceName: string; status: ReferralStatus }[];
};
export type PlanEvent = {
  id: string;
  goalId: string | null;
  kind: PlanEventKind;
  status: PlanGoalStatus | null;
  body: string | null;
  byResident: boolean;
  at: string;
};
export type Plan = {
  residentId: string;
  name: string;
  today: string | null;
  goals: PlanGoal[];
  events: PlanEvent[];
  nextEvents: string | null;
};

const whoseRow = (owner: PlanOwner) => (owner && "self" in owner ? sql<boolean>`r.id = (select current_resident_id())` : sql<boolean>`r.id = ${owner.residentId}::uuid`);

/** The goals of a resident's plan with their steps, oldest first (referrals link to these). */
export function goalsQuery(tx: Tx, residentId: ReturnType<typeof sql<string>> | string) {
  const rid = typeof residentId === "string" ? sql<string>`${residentId}::uuid` : residentId;
  return tx
    .selectFrom("plan_goal as g")
    .select((eb) => [
      "g.id",
      "g.dimension",
      "g.title",
      sql<string | null>`g.target_on::text`.as("targetOn"),
      "g.status",
      "g.proposed_by_resident as proposedByResident",
      jsonArrayFrom(
        eb
          .selectFrom("plan_step as s")
          .select([
            "s.id",
            "s.body",
            sql<string | null>`s.target_on::text`.as("targetOn"),
            sql<string | null>`s.done_on::text`.as("doneOn"),
            "s.status",
            "s.proposed_by_resident as proposedByResident",
          ])
          .whereRef("s.org_id", "=", "g.org_id")
          .whereRef("s.resident_id", "=", "g.resident_id")
          .whereRef("s.goal_id", "=", "g.id")
          .orderBy("s.created_at")
          .orderBy("s.id"),
      ).as("steps"),
      jsonArrayFrom(
        eb
          .selectFrom("referral as f")
          .innerJoin("service as sv", (j) => j.onRef("sv.org_id", "=", "f.org_id").onRef("sv.id", "=", "f.service_id"))
          .select(["f.id", "sv.name as serviceName", "f.status"])
          .whereRef("f.org_id", "=", "g.org_id")
          .whereRef("f.goal_id", "=", "g.id")
          .orderBy("f.created_at")
          .orderBy("f.id"),
      ).as("referrals"),
    ])
    .where("g.org_id", "=", sql<string>`(select current_org_id())`)
    .where("g.resident_id", "=", rid)
    .orderBy("g.created_at")
    .orderBy("g.id");
}

/** The goals of a resident's plan (for referrals: "linked plan goal"). */
export async function listGoals(tx: Tx, residentId: string): Promise<PlanGoal[]> {
  return (await goalsQuery(tx, residentId).execute()) as PlanGoal[];
}

/**
 * The whole plan in one statement (resident, goals with steps, a page of history), then its
 * audit event when staff read it. Staff outside the resident's house: not found.
 */
export async function getPlan(tx: Tx, owner: PlanOwner, opts: { cursor?: Cursor | null } = {}): Promise<Plan> {
  const staff = !("self" in owner);
  const after = opts.cursor?.after ?? null;
  const row = await tx
    .selectFrom("resident as r")
    .select((eb) => [
      "r.id",
      sql<string>`coalesce(r.preferred_name, r.legal_name)`.as("name"),
      sql<boolean>`(select current_app_role()) in ('owner', 'admin') or r.id = any ((select current_plan_resident_ids())::uuid[])`.as("onTeam"),
      eb
        .selectFrom("stay as s")
        .innerJoin("house as h", (j) => j.onRef("h.org_id", "=", "s.org_id").onRef("h.id", "=", "s.house_id"))
        .select(houseToday("h").as("today"))
        .whereRef("s.org_id", "=", "r.org_id")
        .whereRef("s.resident_id", "=", "r.id")
        .where(sql<boolean>`s.during @> ${houseToday("h")}`)
        .limit(1)
        .as("today"),
      jsonArrayFrom(goalsQuery(tx, sql<string>`r.id`)).as("goals"),
      jsonArrayFrom(
        eb
          .selectFrom("plan_event as e")
          .select([
            "e.id",
            "e.goal_id as goalId",
            "e.kind",
            "e.status",
            "e.body",
            sql<boolean>`e.actor_role = 'resident'`.as("byResident"),
            sql<string>`to_char(e.created_at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`.as("at"),
          ])
          .whereRef("e.org_id", "=", "r.org_id")
          .whereRef("e.resident_id", "=", "r.id")
          .$if(after !== null, (q) =>
            q.where(sql<boolean>`(e.created_at, e.id) < (select c.created_at, c.id from plan_event c where c.org_id = r.org_id and c.id = ${after}::uuid)`),
          )
          .orderBy("e.created_at", "desc")
          .orderBy("e.id", "desc")
          .limit(PAGE_SIZE + 1),
      ).as("events"),
    ])
    .where("r.org_id", "=", sql<string>`(select current_org_id())`)
    .where(whoseRow(owner))
    .executeTakeFirst();
  if (!row) throw notFound("Resident");
  if (staff && !row.onTeam) throw new DomainError("not_found", "Resident not found.");
  if (staff) await audit(tx, "plan.viewed", { type: "resident", id: row.id }, { goals: row.goals.length });
  const page = pageOf(row.events as PlanEvent[]);
  return { residentId: row.id, name: row.name, today: row.today, goals: row.goals as PlanGoal[], events: page.items, nextEvents: page.next };
}

/** The resident id behind a PlanOwner (the signed-in resident's own, or the id given). */
async function residentOf(tx: Tx, owner: PlanOwner): Promise<string> {
  if (!("self" in owner)) return owner.residentId;
  const row = await tx.selectFrom("resident as r").select("r.id").where(whoseRow(owner)).executeTakeFirst();
  if (!row) throw new DomainError("forbidden", "Only residents have a plan of their own.");
  return row.id;
}

async function event(tx: Tx, residentId: string, kind: PlanEventKind, extra: { goalId?: string | null; status?: PlanGoalStatus | null; body?: string | null } = {}) {
  return guardDb(
    tx
      .insertInto("plan_event")
      .values({ org_id: sql<string>`(select current_org_id())`, resident_id: residentId, kind, goal_id: extra.goalId ?? null, status: extra.status ?? null, body: extra.body ?? null })
      .returning("id")
      .executeTakeFirstOrThrow(),
    REFUSALS,
  );
}

/** Staff add a goal (active); a resident's own goal is a proposal (the database makes it one). */
export async function addGoal(tx: Tx, owner: PlanOwner, raw: GoalInput): Promise<{ id: string; status: PlanGoalStatus }> {
  const input = parseInput(GoalInput, raw);
  const residentId = await residentOf(tx, owner);
  const row = await guardDb(
    tx
      .insertInto("plan_goal")
      .values({ org_id: sql<string>`(select current_org_id())`, resident_id: residentId, dimension: input.dimension, title: input.title, target_on: input.targetOn, status: "active" })
      .returning(["id", "status"])
      .executeTakeFirstOrThrow(),
    REFUSALS,
  );
  await event(tx, residentId, row.status === "proposed" ? "goal_proposed" : "goal_added", { goalId: row.id, status: row.status });
  await audit(tx, row.status === "proposed" ? "plan.goal_proposed" : "plan.goal_added", { type: "resident", id: residentId }, { goalId: row.id, dimension: input.dimension });
  return row;
}

async function goalOf(tx: Tx, residentId: string, goalId: string) {
  const goal = await tx
    .selectFrom("plan_goal")
    .select(["id", "status"])
    .where("resident_id", "=", residentId)
    .where("id", "=", goalId)
    .executeTakeFirst();
  if (!goal) throw new DomainError("not_found", "Goal not found.");
  return goal;
}

/** Staff: accept a proposal (→ active), mark a goal achieved, set it aside, or take it up again. */
export async function setGoalStatus(tx: Tx, residentId: string, raw: GoalStatusInput): Promise<void> {
  const input = parseInput(GoalStatusInput, raw);
  const goal = await goalOf(tx, residentId, input.goalId);
  if (goal.status === input.status) throw new DomainError("conflict", "The goal already has that status.");
  const updated = await guardDb(
    tx.updateTable("plan_goal").set({ status: input.status }).where("resident_id", "=", residentId).where("id", "=", input.goalId).executeTakeFirst(),
    REFUSALS,
  );
  if (updated.numUpdatedRows === 0n) throw new DomainError("forbidden", REFUSALS["42501"].message);
  const accepted = goal.status === "proposed" && input.status === "active";
  await event(tx, residentId, accepted ? "goal_accepted" : "goal_status", { goalId: input.goalId, status: input.status });
  await audit(tx, accepted ? "plan.goal_accepted" : "plan.goal_status", { type: "resident", id: residentId }, { goalId: input.goalId, from: goal.status, to: input.status });
}

/** Staff add a step to a goal. */
export async function addStep(tx: Tx, residentId: string, raw: StepInput): Promise<{ id: string }> {
  const input = parseInput(StepInput, raw);
  await goalOf(tx, residentId, input.goalId);
  const row = await guardDb(
    tx
      .insertInto("plan_step")
      .values({ org_id: sql<string>`(select current_org_id())`, resident_id: residentId, goal_id: input.goalId, body: input.body, target_on: input.targetOn })
      .returning("id")
      .executeTakeFirstOrThrow(),
    REFUSALS,
  );
  await event(tx, residentId, "step_added", { goalId: input.goalId });
  await audit(tx, "plan.step_added", { type: "resident", id: residentId }, { goalId: input.goalId, stepId: row.id });
  return row;
}

/**
 * The resident proposes a step under one of their goals that is being worked on (ADR 052). It
 * waits, marked as proposed, until the staff of their house accept it or don't add it for now;
 * RLS (0048) lets a resident insert only a proposal, only on their own plan.
 */
export async function proposeStep(tx: Tx, raw: StepInput): Promise<{ id: string }> {
  const input = parseInput(StepInput, raw);
  const residentId = await residentOf(tx, { self: true });
  const goal = await goalOf(tx, residentId, input.goalId);
  if (goal.status !== "active") throw new DomainError("conflict", "Steps go under a goal you're working on.", { field: "goalId" });
  const row = await guardDb(
    tx
      .insertInto("plan_step")
      .values({ org_id: sql<string>`(select current_org_id())`, resident_id: residentId, goal_id: input.goalId, body: input.body, target_on: input.targetOn, status: "proposed" })
      .returning("id")
      .executeTakeFirstOrThrow(),
    REFUSALS,
  );
  await event(tx, residentId, "step_proposed", { goalId: input.goalId });
  await audit(tx, "plan.step_proposed", { type: "resident", id: residentId }, { goalId: input.goalId, stepId: row.id });
  return row;
}

/**
 * Staff review a proposed step (ADR 052): accept it with the words and date of the form (a
 * change is its own history entry), or don't add it for now. Reviewed once.
 */
export async function reviewStep(tx: Tx, residentId: string, raw: StepReviewInput): Promise<{ accepted: boolean; edited: boolean }> {
  const input = parseInput(StepReviewInput, raw);
  const step = await tx
    .selectFrom("plan_step")
    .select(["id", "goal_id", "status", "body", sql<string | null>`target_on::text`.as("targetOn")])
    .where("resident_id", "=", residentId)
    .where("id", "=", input.stepId)
    .executeTakeFirst();
  if (!step) throw new DomainError("not_found", "Step not found.");
  if (step.status !== "proposed") throw new DomainError("conflict", REFUSALS.plan_step_reviewed_once.message);
  const accepted = input.decision === "accept";
  const body = accepted && input.body ? input.body : step.body;
  const targetOn = accepted ? (input.targetOn ?? null) : step.targetOn;
  const edited = body !== step.body || targetOn !== step.targetOn;
  const updated = await guardDb(
    tx
      .updateTable("plan_step")
      .set({ status: accepted ? "active" : "declined", body, target_on: targetOn })
      .where("resident_id", "=", residentId)
      .where("id", "=", input.stepId)
      .where("status", "=", "proposed")
      .executeTakeFirst(),
    REFUSALS,
  );
  if (updated.numUpdatedRows === 0n) throw new DomainError("forbidden", REFUSALS["42501"].message);
  if (edited) await event(tx, residentId, "step_edited", { goalId: step.goal_id });
  await event(tx, residentId, accepted ? "step_accepted" : "step_declined", { goalId: step.goal_id });
  await audit(tx, accepted ? "plan.step_accepted" : "plan.step_declined", { type: "resident", id: residentId }, { goalId: step.goal_id, stepId: step.id, edited });
  return { accepted, edited };
}

/** The resident (or staff) marks a step done, today in the resident's house, or not done again. */
export async function setStepDone(tx: Tx, owner: PlanOwner, raw: StepDoneInput): Promise<{ done: boolean }> {
  const input = parseInput(StepDoneInput, raw);
  const residentId = await residentOf(tx, owner);
  const done = input.done === "yes";
  const step = await tx
    .updateTable("plan_step as s")
    .set({
      done_on: done
        ? sql<string>`coalesce((select ${houseToday()} from stay st join house h on h.org_id = st.org_id and h.id = st.house_id
            where st.org_id = s.org_id and st.resident_id = s.resident_id order by lower(st.during) desc limit 1), current_date)`
        : null,
    })
    .where("s.resident_id", "=", residentId)
    .where("s.id", "=", input.stepId)
    .where(done ? sql<boolean>`s.done_on is null` : sql<boolean>`s.done_on is not null`)
    .where("s.status", "=", "active")
    .returning(["s.goal_id"])
    .executeTakeFirst();
  if (!step) {
    const exists = await tx.selectFrom("plan_step").select(["id", "status"]).where("resident_id", "=", residentId).where("id", "=", input.stepId).executeTakeFirst();
    if (!exists) throw new DomainError("not_found", "Step not found.");
    if (exists.status !== "active") throw new DomainError("conflict", REFUSALS.plan_step_done_active.message);
    throw new DomainError("conflict", done ? "That step is already done." : "That step is not marked done.");
  }
  await event(tx, residentId, done ? "step_done" : "step_reopened", { goalId: step.goal_id });
  await audit(tx, done ? "plan.step_done" : "plan.step_reopened", { type: "resident", id: residentId }, { stepId: input.stepId });
  return { done };
}

/** A comment on the plan or one of its goals, by the resident or staff (kept in the history). */
export async function addComment(tx: Tx, owner: PlanOwner, raw: CommentInput): Promise<{ id: string }> {
  const input = parseInput(CommentInput, raw);
  const residentId = await residentOf(tx, owner);
  if (input.goalId) await goalOf(tx, residentId, input.goalId);
  const row = await event(tx, residentId, "comment", { goalId: input.goalId, body: input.body });
  await audit(tx, "plan.commented", { type: "resident", id: residentId }, { eventId: row.id, goalId: input.goalId });
  return row;
}

/**
 * Everything of the plan area Hearth holds about one resident, for their "my data"
 * download (no registry exists yet: the export module calls this). Audited.
 */
export async function exportPlanForResident(tx: Tx, residentId: string) {
  const goals = await listGoals(tx, residentId);
  const events = await tx
      .selectFrom("plan_event")
      .select(["id", "goal_id as goalId", "kind", "status", "body", "actor_role as actorRole", "created_at as createdAt"])
      .where("resident_id", "=", residentId)
      .orderBy("created_at")
      .orderBy("id")
      .execute();
  const screenings = await tx
      .selectFrom("needs_screening")
      .select(["id", sql<string>`answered_on::text`.as("answeredOn"), "needs", "declined", "created_at as createdAt"])
      .where("resident_id", "=", residentId)
      .orderBy("answered_on")
      .execute();
  const checkins = await tx
      .selectFrom("checkin")
      .select(["id", sql<string>`taken_on::text`.as("takenOn"), "scores", "created_at as createdAt"])
      .where("resident_id", "=", residentId)
      .orderBy("taken_on")
      .execute();
  await audit(tx, "plan.exported", { type: "resident", id: residentId }, { goals: goals.length, screenings: screenings.length, checkins: checkins.length });
  return { goals, history: events, screenings, checkins };
}
