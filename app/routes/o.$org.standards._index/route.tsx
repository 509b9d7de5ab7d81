import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { can } from "#app/domain/permissions";
import { clarificationsToAnswer } from "#app/domain/review/threads.server";
import type { FormActionData } from "#app/ui/forms.server";
import { FormMessage, PageNotices } from "#app/ui/form";
import { pageErrorOf } from "#app/ui/page-error";
import { PageHeader } from "#app/ui/page";
import { AssessmentList, StartForm } from "#app/ui/standards";
import { assessmentRows, listAssessments, startAction, startFormData } from "#app/ui/standards.server";

/**
 * The organisation's Standards page (issue 13; ADR 047): readiness per house and domain —
 * each self-assessment with the share of its applicable items met, overall and per domain —
 * and the form that starts one. Owners and admins see every house and the whole-organisation
 * assessment; house managers their houses (RLS). Above them, the certifying bodies'
 * clarification requests still to answer (ADR 053), linking to each self-assessment.
 * Signing in (3), assessments, requests to answer, houses, standards.
 */
export const meta: MetaFunction = () => [{ title: "Standards · Hearth" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "standards:assess");
  const [rows, toAnswer] = await withTenant(ctx.tenant, async (tx) => [await listAssessments(tx), await clarificationsToAnswer(tx)] as const);
  const start = await startFormData(ctx.tenant, ctx.org.slug, { wholeOrg: can(ctx.role, "standards:submit") });
  const grantsHref = can(ctx.role, "grants:manage") ? `/o/${ctx.org.slug}/standards/grants` : null;
  const requests = toAnswer.reduce((n, a) => n + a.requests, 0);
  return {
    assessments: assessmentRows(ctx.org.slug, rows),
    start,
    grantsHref,
    dashboardHref: `/o/${ctx.org.slug}/standards/dashboard`,
    findingsHref: `/o/${ctx.org.slug}/standards/findings`,
    toAnswer: requests
      ? {
          title: `${requests} clarification ${requests === 1 ? "request" : "requests"} to answer`,
          rows: toAnswer.map((a) => ({ href: `/o/${ctx.org.slug}/standards/${a.assessmentId}`, label: `${a.houseName ?? "Whole organisation"}: ${a.requests} to answer` })),
        }
      : null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "standards:assess");
  return startAction(request, ctx.tenant, ctx.org.slug, can(ctx.role, "standards:submit"));
}

export default function StandardsPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as FormActionData | undefined;
  const pageError = pageErrorOf(actionData, ["start"]);
  return (
    <div className="space-y-6">
      <PageHeader title="Standards" description="How ready each house is against the recovery-residence standard: self-assessments with evidence." />
      <p>
        <Link className="font-medium text-brand-700 underline underline-offset-2" to={data.dashboardHref}>Standards dashboard</Link>: readiness by house and
        domain, open findings, safety checks due, documents and certifications about to expire.
      </p>
      <PageNotices notice={actionData?.notice} error={null}>
        {pageError ? <FormMessage>{pageError}</FormMessage> : null}
      </PageNotices>
      {data.toAnswer ? (
        <section aria-labelledby="to-answer" className="rounded-lg border border-amber-300 bg-amber-50 p-4">
          <h2 id="to-answer" className="font-semibold" data-testid="clarifications-to-answer">{data.toAnswer.title}</h2>
          <ul className="mt-2 space-y-1">
            {data.toAnswer.rows.map((r) => <li key={r.href}><Link to={r.href}>{r.label}</Link></li>)}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="readiness" className="space-y-3">
        <h2 id="readiness" className="text-lg font-semibold">Readiness</h2>
        <AssessmentList rows={data.assessments} />
      </section>
      <StartForm data={data.start} actionData={actionData} />
      <p>
        <Link to={data.findingsHref}>Findings</Link>: what certifying bodies found not met, and your corrective action plans.
      </p>
      {data.grantsHref ? (
        <p>
          <Link to={data.grantsHref}>Certifier access</Link>: give a certifying body access to review your houses, or revoke it.
        </p>
      ) : null}
    </div>
  );
}
