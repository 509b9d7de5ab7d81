import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { certifierAssessment, requireGrantingOperator } from "#app/domain/grants/certifier.server";
import { awaitingWords } from "#app/domain/review/labels";
import { progressByDomain } from "#app/domain/standards/assessments.server";
import { ANSWER_LABELS, APPLICABILITY_LABELS, LEVEL_LABELS } from "#app/domain/standards/labels";
import { formatDay } from "#app/lib/dates";
import { ASSESSMENT_STATUS_WORDS, NO_ACCESS, operatorParam } from "#app/ui/audits.server";
import { FormMessage, PageNotices } from "#app/ui/form";
import { orErrorPage, uuidParam, type FormActionData } from "#app/ui/forms.server";
import { Card, PageHeader } from "#app/ui/page";
import { pageErrorOf } from "#app/ui/page-error";
import { certifierCommentConstraint, entryViews } from "#app/ui/review.server";
import { ProgressBar } from "#app/ui/standards";
import { certifierAssessmentAction } from "./forms.server";
import { CertifierItem } from "./parts";

/**
 * A self-assessment, read-only for the certifier (ADR 049): progress by domain, each item's
 * answer and notes, the automatic evidence as the operator saw it when submitting, and the
 * evidence — uploads as downloads (never inline), links to the operator's records as labels
 * only. Items and evidence show once the assessment is submitted. No active grant → 404.
 * Each item carries this body's review thread (ADR 053), read in the items' statement, and
 * the form that adds a comment or requests clarification; items whose clarification is open
 * are flagged and counted at the top. Evidence about a resident shows only under the resident's
 * consent to this certifying body (ADR 054), each view a disclosure in their log; otherwise a
 * line says it was withheld.
 * Statements: signing in (3), the operator, the assessment, its items (with threads), the audit
 * (and, with consented evidence shown, the disclosures and their audit).
 */
export const meta: MetaFunction = () => [{ title: "Self-assessment · Audits · Hearth" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "audits:read");
  const slug = operatorParam(params);
  const assessmentId = uuidParam(params.assessmentId, NO_ACCESS);
  const a = await orErrorPage(withTenant(ctx.tenant, (tx) => certifierAssessment(tx, slug, assessmentId)), NO_ACCESS);
  const base = `/o/${ctx.org.slug}/audits/${a.operator.slug}`;
  const awaiting = a.items.filter((i) => i.openBodies.length > 0).length;
  return {
    operatorName: a.operator.name,
    back: base,
    title: a.houseName ?? "Whole organisation",
    description: `${a.standardLabel} · ${LEVEL_LABELS[a.level]} · ${ASSESSMENT_STATUS_WORDS[a.status]}${a.submittedAt ? ` on ${formatDay(a.submittedAt.toISOString().slice(0, 10))}` : ""}`,
    submitted: a.status === "submitted",
    progress: progressByDomain(a.items),
    awaiting: awaiting ? awaitingWords(awaiting, "the operator's") : null,
    constraint: certifierCommentConstraint(),
    items: a.items.map((i) => ({
      id: i.id, code: i.code, domainCode: i.domainCode, text: i.text, notes: i.notes,
      requirement: APPLICABILITY_LABELS[i.requirement],
      answer: i.answer ? ANSWER_LABELS[i.answer] : "Not answered",
      auto: i.auto ? { text: i.auto.text, ok: i.auto.ok, computed: formatDay(i.auto.computedOn) } : null,
      evidence: i.evidence.map((e) => ({ id: e.id, label: e.label, href: e.fileId ? `${base}/files/${e.fileId}` : null, consented: e.sharedUnderConsent })),
      withheld: i.withheld,
      raise: a.canRaise ? `${base}/findings/new?${new URLSearchParams({ assessment: a.id, item: i.id }).toString()}` : null,
      thread: entryViews(i.thread, a.operator.timeZone),
      open: i.openBodies.length > 0,
    })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "audits:read");
  const slug = operatorParam(params);
  const assessmentId = uuidParam(params.assessmentId, NO_ACCESS);
  // No active grant (never, ended, revoked) → the same 404 as the page, before the form is read.
  await orErrorPage(withTenant(ctx.tenant, (tx) => requireGrantingOperator(tx, slug)), NO_ACCESS);
  return certifierAssessmentAction(request, ctx.tenant, slug, assessmentId);
}

export type CertifierAssessmentData = ReturnType<typeof useLoaderData<typeof loader>>;

export default function CertifierAssessmentPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as FormActionData | undefined;
  const pageError = pageErrorOf(actionData, data.submitted ? data.items.map((i) => `comment-${i.id}`) : []);
  const total = data.progress.reduce((n, d) => n + d.items, 0);
  const met = data.progress.reduce((n, d) => n + d.met, 0);
  return (
    <div className="space-y-6">
      <PageHeader title={`Self-assessment: ${data.title}`} description={<>{data.operatorName} · {data.description}. <Link to={data.back}>Back to {data.operatorName}</Link></>} />
      <PageNotices notice={null} error={null}>
        {pageError ? <FormMessage>{pageError}</FormMessage> : null}
      </PageNotices>
      {!data.submitted ? (
        <Card title="Not submitted yet">
          <p>The operator is still working on this self-assessment. Its answers and evidence show here once it is submitted for review.</p>
        </Card>
      ) : (
        <>
          <Card title="Progress">
            <p className="mb-3 font-medium" data-testid="review-awaiting">{data.awaiting ?? "No item awaits the operator's answer."}</p>
            <div className="space-y-2">
              <ProgressBar label="Met or not applicable" value={met} of={total} />
              {data.progress.map((d) => <ProgressBar key={d.code} label={`${d.code}. ${d.title}`} value={d.met} of={d.items} />)}
            </div>
          </Card>
          {data.progress.map((d) => (
            <section key={d.code} aria-labelledby={`domain-${d.code}`} className="space-y-3">
              <h2 id={`domain-${d.code}`} className="text-lg font-semibold">{d.code}. {d.title}</h2>
              <ul className="space-y-3">
                {data.items.filter((i) => i.domainCode === d.code).map((i) => <CertifierItem key={i.id} item={i} data={data} actionData={actionData} />)}
              </ul>
            </section>
          ))}
        </>
      )}
    </div>
  );
}
