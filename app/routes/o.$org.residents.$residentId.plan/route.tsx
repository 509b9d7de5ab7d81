import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { assertOnPlanTeam, getCheckins } from "#app/domain/plans/checkins.server";
import { getPlan } from "#app/domain/plans/plan.server";
import { CHECKIN_STATEMENTS, SCALE, SCALE_LABELS } from "#app/domain/plans/labels";
import { cursorParam } from "#app/lib/cursor.server";
import { formatDay } from "#app/lib/dates";
import { badRequest } from "#app/lib/http.server";
import { formConstraint } from "#app/ui/constraint";
import { useFormKeys } from "#app/ui/form-keys";
import { FormMessage, PageNotices } from "#app/ui/form";
import { orErrorPage, runIntent } from "#app/ui/forms.server";
import { Card, PageHeader } from "#app/ui/page";
import { Pager } from "#app/ui/pager";
import { NOT_FOUND, residentIdParam } from "#app/ui/params.server";
import { CheckinForm, CommentForm, GoalForm, GoalList, StatusButton, StepButtons, StepForm, StepReview, Timeline, Trend } from "#app/ui/plan";
import { commentSchema, dimensionOptions, eventsView, goalSchema, goalsView, paperCheckinSchema, planIntents, reviewSchema, stepSchema, trendRows } from "#app/ui/plan.server";

/**
 * A resident's recovery plan, for the staff of their house (and owners/admins; ADR 041): add
 * goals and steps, accept the resident's proposals, mark goals achieved or set aside,
 * comment; the history; the check-in trend, and a check-in the resident answered on paper
 * (entered here, audited, marked as entered by staff). Every read is audited.
 */
export const meta: MetaFunction = () => [{ title: "Recovery plan · Hearth" }];

const query = z.strictObject({ cursor: cursorParam.optional() });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "residents:read");
  const residentId = residentIdParam(params);
  const parsed = query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) badRequest("That page of the plan's history doesn't exist.");
  const { plan, checkins } = await orErrorPage(
    withTenant(ctx.tenant, async (tx) => ({
      plan: await getPlan(tx, { residentId }, { cursor: parsed.data.cursor }),
      checkins: await getCheckins(tx, { residentId }),
    })),
    NOT_FOUND.resident,
  );
  const base = `/o/${ctx.org.slug}/residents/${residentId}`;
  return {
    base,
    name: plan.name,
    goals: goalsView(plan, (id) => `${base}/referrals/${id}`),
    events: eventsView(plan, { self: false, timeZone: ctx.org.timeZone }),
    nextEvents: plan.nextEvents,
    dimensions: dimensionOptions,
    checkin: { due: checkins.due, nextDue: checkins.nextDue ? formatDay(checkins.nextDue) : null, trend: trendRows(checkins.checkins), today: checkins.today },
    statements: CHECKIN_STATEMENTS.map((st) => st.text),
    scale: SCALE.map((v) => ({ value: String(v), label: `${v} · ${SCALE_LABELS[v]}` })),
    constraints: { goal: formConstraint(goalSchema), step: formConstraint(stepSchema), review: formConstraint(reviewSchema), comment: formConstraint(commentSchema), paper: formConstraint(paperCheckinSchema) },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "residents:read");
  const residentId = residentIdParam(params);
  // Another org's or another house's resident is not found, before the form is read.
  await orErrorPage(withTenant(ctx.tenant, (tx) => assertOnPlanTeam(tx, residentId)), NOT_FOUND.resident);
  return runIntent(await request.formData(), planIntents(ctx.tenant, { residentId }));
}

export default function ResidentPlan() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const keyFor = useFormKeys(actionData);
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <PageHeader title={`${data.name}: recovery plan`} description="Written together with the resident. Only they and the staff of their house can see it." />
      <p className="-mt-4 flex flex-wrap gap-4 text-sm">
        <Link to={data.base}>Back to the profile</Link>
        <Link to={`${data.base}/screening`}>Needs screening</Link>
      </p>
      <PageNotices notice={actionData?.notice} error={null}>
        {actionData?.pageError ? <FormMessage>{actionData.pageError}</FormMessage> : null}
      </PageNotices>
      <GoalList
        goals={data.goals}
        dimensions={data.dimensions}
        actions={(g) => (
          <>
            {g.status === "proposed" ? <StatusButton goalId={g.id} status="active" label="Accept" title={g.title} /> : null}
            {g.status === "active" ? (
              <>
                <StatusButton goalId={g.id} status="achieved" label="Achieved" title={g.title} />
                <StatusButton goalId={g.id} status="set_aside" label="Set aside" title={g.title} />
                <StepButtons goal={g} />
                {g.steps
                  .filter((st) => st.status === "proposed")
                  .map((st) => (
                    <StepReview key={keyFor(`review-${st.id}`)} actionData={actionData} constraint={data.constraints.review} step={st} />
                  ))}
              </>
            ) : null}
            {g.status === "achieved" || g.status === "set_aside" ? <StatusButton goalId={g.id} status="active" label="Take up again" title={g.title} /> : null}
            {g.status !== "proposed" ? <StepForm key={keyFor(`step-${g.id}`)} actionData={actionData} constraint={data.constraints.step} goalId={g.id} /> : null}
            <CommentForm key={keyFor(`comment-${g.id}`)} actionData={actionData} constraint={data.constraints.comment} goalId={g.id} label="Comment on this goal" />
          </>
        )}
      />
      <Card title="Add a goal">
        <GoalForm key={keyFor("goal")} actionData={actionData} constraint={data.constraints.goal} dimensions={data.dimensions} submitLabel="Add the goal" />
      </Card>
      <Card title="Recovery-capital check-ins">
        <p className="mb-2 text-sm">{data.checkin.due ? "A check-in is due." : `Next check-in due ${data.checkin.nextDue}.`}</p>
        <Trend rows={data.checkin.trend} dimensions={data.dimensions} />
      </Card>
      {data.checkin.today ? (
        <Card title="Enter a check-in answered on paper">
          <p className="mb-3 text-sm text-muted">For a resident who filled in the questionnaire on paper. It is marked as entered by staff, with your name in the audit log.</p>
          <CheckinForm
            key={keyFor("paper-checkin")}
            actionData={actionData}
            constraint={data.constraints.paper}
            statements={data.statements}
            scale={data.scale}
            paper={{ today: data.checkin.today }}
          />
        </Card>
      ) : null}
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
