import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { can } from "#app/domain/permissions";
import { ATTENDANCE_RULE_LABELS } from "#app/domain/sessions/labels";
import { formConstraint } from "#app/ui/constraint";
import { takeFlash } from "#app/ui/flash.server";
import { useFormKeys } from "#app/ui/form-keys";
import { ButtonLink, FormMessage, PageNotices } from "#app/ui/form";
import { orErrorPage, runIntent } from "#app/ui/forms.server";
import { HouseNav, houseSections } from "#app/ui/house-nav";
import { Badge } from "#app/ui/occupancy";
import { Card, EmptyState, PageHeader } from "#app/ui/page";
import { houseIdParam, NOT_FOUND } from "#app/ui/params.server";
import { sessionIntents } from "./intents.server";
import { KindForm, OccurrenceItem, resultFor, TargetForm, type SessionConstraints } from "./parts";
import { WEEKS_AHEAD } from "./forms";
import { kindSchema, moveSchema, targetSchema } from "./forms.server";
import { sessionsPage } from "./view.server";

/**
 * A house's sessions (houses:read; RLS answers 404 for houses not theirs): the coming
 * weeks' occurrences with attendance, moving and cancelling; the series; and who is under
 * the weekly meeting target this week. Changes need houses:write.
 */
export const meta: MetaFunction = () => [{ title: "Sessions · Hearth" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "houses:read");
  const houseId = houseIdParam(params);
  const page = await orErrorPage(sessionsPage(ctx.tenant, houseId), NOT_FOUND.house);
  const { flash, headers } = takeFlash(request, ["created", "archived"]);
  // The forms are checked in the action (`forms.server.ts`); the page gets their HTML constraints (ADR 029).
  const constraints: SessionConstraints = { move: formConstraint(moveSchema), target: formConstraint(targetSchema), kind: formConstraint(kindSchema) };
  return data({ ...page, constraints, created: flash === "created", archived: flash === "archived", sections: houseSections(ctx.role), canPlan: can(ctx.role, "houses:write"), houseBase: `/o/${ctx.org.slug}/houses/${houseId}` }, { headers });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "houses:write");
  const houseId = houseIdParam(params);
  return runIntent(await request.formData(), sessionIntents(ctx.tenant, houseId));
}

export default function SessionsPage() {
  const { house, houseBase, occurrences, series, target, canPlan, created, archived, sections, constraints } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const keyFor = useFormKeys(actionData);
  const base = `${houseBase}/sessions`;
  const under = target.residents.filter((r) => r.under);
  return (
    <div className="space-y-6">
      <PageHeader
        title="Sessions and meetings"
        description={
          <>
            {house.name}. Times are the house’s local time ({house.timeZone.replaceAll("_", " ")}). <Link to={`${base}/rates`}>Attendance rates</Link>
          </>
        }
        actions={canPlan ? <ButtonLink to={`${base}/new`}>Add a session</ButtonLink> : null}
      />
      <HouseNav houseBase={houseBase} sections={sections} />
      <PageNotices notice={actionData?.notice} error={actionData?.error}>
        {!actionData && created ? <FormMessage kind="ok">Session added.</FormMessage> : null}
        {!actionData && archived ? <FormMessage kind="ok">Session archived. Sessions that already took place and their attendance are kept.</FormMessage> : null}
      </PageNotices>

      <Card title={`The next ${WEEKS_AHEAD} weeks`}>
        {occurrences.length === 0 ? (
          <p className="text-muted">Nothing scheduled. {canPlan ? "Add a house meeting or a class to start." : ""}</p>
        ) : (
          <ul className="divide-y divide-line">
            {occurrences.map((o) => (
              <OccurrenceItem key={`${o.seriesId}:${o.occursOn}`} o={o} base={base} canPlan={canPlan} actionData={actionData} constraint={constraints.move} keyFor={keyFor} />
            ))}
          </ul>
        )}
      </Card>

      <Card title="Weekly meeting target">
        <p className="text-sm text-muted">
          Off-site mutual-aid meetings residents log themselves, counted Monday to Sunday. This week: {target.week}.
        </p>
        {canPlan ? <TargetForm key={keyFor("target")} weekly={target.weekly} lastResult={resultFor(actionData, "target")} constraint={constraints.target} /> : null}
        {target.weekly === null ? (
          <p className="mt-2">No target is set for this house.</p>
        ) : target.residents.length === 0 ? (
          <p className="mt-2">Nobody lives in the house this week.</p>
        ) : (
          <>
            <h3 className="mt-3 font-semibold">{under.length === 0 ? "Everyone has reached the target this week." : `Not yet at ${target.weekly} this week`}</h3>
            <ul className="mt-1 space-y-1">
              {target.residents.map((r) => (
                <li key={r.residentId} className="flex flex-wrap items-center gap-2">
                  <span>{r.name}</span>
                  <Badge tone={r.under ? "warn" : "ok"}>{`${r.logged} of ${target.weekly}`}</Badge>
                </li>
              ))}
            </ul>
          </>
        )}
      </Card>

      <Card title="Sessions">
        {series.length === 0 ? (
          <EmptyState title="No sessions yet">House meetings, life-skills classes and recovery-coach groups appear here.</EmptyState>
        ) : (
          <ul className="divide-y divide-line">
            {series.map((s) => (
              <li key={s.id} className="py-3">
                <p className="font-medium">{canPlan && !s.archived ? <Link to={`${base}/${s.id}`}>{s.title}</Link> : s.title}</p>
                <p className="text-sm">{s.schedule}</p>
                <p className="text-sm text-muted">
                  {[s.kindLabel, s.place, s.facilitator ? `Led by ${s.facilitator}` : null, ATTENDANCE_RULE_LABELS[s.attendance]].filter(Boolean).join(" · ")}
                </p>
              </li>
            ))}
          </ul>
        )}
        {canPlan ? (
          <div className="mt-4 border-t border-line pt-3">
            <KindForm key={keyFor("kind")} lastResult={resultFor(actionData, "kind")} constraint={constraints.kind} />
          </div>
        ) : null}
      </Card>
    </div>
  );
}
