import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { getCheckins } from "#app/domain/plans/checkins.server";
import { CHECKIN_STATEMENTS, SCALE, SCALE_LABELS } from "#app/domain/plans/labels";
import { formatDay } from "#app/lib/dates";
import { formConstraint } from "#app/ui/constraint";
import { useFormKeys } from "#app/ui/form-keys";
import { FormMessage, PageNotices } from "#app/ui/form";
import { orErrorPage, runIntent } from "#app/ui/forms.server";
import { Card, PageHeader } from "#app/ui/page";
import { CheckinForm, Trend } from "#app/ui/plan";
import { checkinIntents, checkinSchema, dimensionOptions, trendRows } from "#app/ui/plan.server";

/**
 * My check-ins (ADR 041): ten statements about recovery capital, answered on a six-point
 * scale at admission and then monthly; the trend by dimension as a chart and a table.
 */
export const meta: MetaFunction = () => [{ title: "My check-ins · Hearth" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "self:read");
  const view = await orErrorPage(
    withTenant(ctx.tenant, (tx) => getCheckins(tx, { self: true })),
    "You'll see your check-ins here once you live in one of the houses.",
  );
  return {
    plan: `/o/${ctx.org.slug}/me/plan`,
    living: view.today !== null,
    due: view.due,
    nextDue: view.nextDue ? formatDay(view.nextDue) : null,
    trend: trendRows(view.checkins),
    dimensions: dimensionOptions,
    statements: CHECKIN_STATEMENTS.map((s) => s.text),
    scale: SCALE.map((v) => ({ value: String(v), label: `${v} · ${SCALE_LABELS[v]}` })),
    constraint: formConstraint(checkinSchema),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "self:read");
  return runIntent(await request.formData(), checkinIntents(ctx.tenant));
}

export default function MyCheckins() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const keyFor = useFormKeys(actionData);
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <PageHeader title="My check-ins" description="A few minutes, once a month: how your recovery is going, in your own view. Only you and the staff of your house see your answers." />
      <p className="-mt-4 text-sm">
        <Link to={data.plan}>My plan</Link>
      </p>
      <PageNotices notice={actionData?.notice} error={null}>
        {actionData?.pageError ? <FormMessage>{actionData.pageError}</FormMessage> : null}
      </PageNotices>
      <Card title="How it's going">
        <Trend rows={data.trend} dimensions={data.dimensions} />
      </Card>
      {data.living ? (
        <Card title={data.due ? "A check-in is due" : "Take a check-in"}>
          {data.due ? null : <p className="mb-2 text-sm text-muted">{`Your next one is due ${data.nextDue}. You can take one sooner if you like.`}</p>}
          <p className="mb-3 text-sm">How much do you agree with each statement today?</p>
          <CheckinForm key={keyFor("checkin")} actionData={actionData} constraint={data.constraint} statements={data.statements} scale={data.scale} />
        </Card>
      ) : null}
    </div>
  );
}
