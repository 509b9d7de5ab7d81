import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { getPlan } from "#app/domain/plans/plan.server";
import { cursorParam } from "#app/lib/cursor.server";
import { badRequest } from "#app/lib/http.server";
import { formConstraint } from "#app/ui/constraint";
import { useFormKeys } from "#app/ui/form-keys";
import { FormMessage, PageNotices } from "#app/ui/form";
import { orErrorPage, runIntent } from "#app/ui/forms.server";
import { Card, PageHeader } from "#app/ui/page";
import { Pager } from "#app/ui/pager";
import { CommentForm, GoalForm, GoalList, StepButtons, StepForm, Timeline } from "#app/ui/plan";
import { commentSchema, dimensionOptions, eventsView, goalSchema, goalsView, planIntents, stepSchema } from "#app/ui/plan.server";

/**
 * My plan (ADR 041): the resident's recovery plan on the four dimensions, written with their
 * house team. The resident proposes goals and steps (ADR 052), marks steps done and comments; the history shows
 * who did what. Works without JavaScript.
 */
export const meta: MetaFunction = () => [{ title: "My plan · Hearth" }];

const query = z.strictObject({ cursor: cursorParam.optional() });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "self:read");
  const parsed = query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) badRequest("That page of your plan's history doesn't exist.");
  const plan = await orErrorPage(
    withTenant(ctx.tenant, (tx) => getPlan(tx, { self: true }, { cursor: parsed.data.cursor })),
    "You'll see your plan here once you live in one of the houses.",
  );
  return {
    home: `/o/${ctx.org.slug}/me`,
    checkins: `/o/${ctx.org.slug}/me/check-ins`,
    goals: goalsView(plan, (id) => `/o/${ctx.org.slug}/me/referrals#referral-${id}`),
    events: eventsView(plan, { self: true, timeZone: ctx.org.timeZone }),
    nextEvents: plan.nextEvents,
    dimensions: dimensionOptions,
    constraints: { goal: formConstraint(goalSchema), step: formConstraint(stepSchema), comment: formConstraint(commentSchema) },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "self:read");
  return runIntent(await request.formData(), planIntents(ctx.tenant, { self: true }));
}

export default function MyPlan() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const keyFor = useFormKeys(actionData);
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <PageHeader title="My plan" description="Your recovery goals, written with your house team. Only you and the staff of your house can see it." />
      <p className="-mt-4 flex flex-wrap gap-4 text-sm">
        <Link to={data.home}>Back to my home</Link>
        <Link to={data.checkins}>My check-ins</Link>
      </p>
      <PageNotices notice={actionData?.notice} error={null}>
        {actionData?.pageError ? <FormMessage>{actionData.pageError}</FormMessage> : null}
      </PageNotices>
      <GoalList
        goals={data.goals}
        dimensions={data.dimensions}
        actions={(g) => (
          <>
            {g.status === "active" ? (
              <>
                <StepButtons goal={g} />
                <StepForm key={keyFor(`step-${g.id}`)} actionData={actionData} constraint={data.constraints.step} goalId={g.id} propose />
              </>
            ) : null}
            <CommentForm key={keyFor(`comment-${g.id}`)} actionData={actionData} constraint={data.constraints.comment} goalId={g.id} label="Comment on this goal" />
          </>
        )}
      />
      <Card title="Propose a goal">
        <p className="mb-2 text-sm text-muted">Your house team will talk it through with you and add it to your plan.</p>
        <GoalForm key={keyFor("goal")} actionData={actionData} constraint={data.constraints.goal} dimensions={data.dimensions} submitLabel="Propose the goal" />
      </Card>
      <Card title="History">
        <CommentForm key={keyFor("comment-plan")} actionData={actionData} constraint={data.constraints.comment} goalId="" label="Comment on the plan" />
        <div className="mt-3">
          <Timeline events={data.events} />
        </div>
        <Pager next={data.nextEvents} nextLabel="Older history" />
      </Card>
    </div>
  );
}
