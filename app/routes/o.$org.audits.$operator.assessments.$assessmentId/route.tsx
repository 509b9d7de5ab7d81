import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { certifierAssessment } from "#app/domain/grants/certifier.server";
import { progressByDomain } from "#app/domain/standards/assessments.server";
import { ANSWER_LABELS, APPLICABILITY_LABELS, LEVEL_LABELS } from "#app/domain/standards/labels";
import { formatDay } from "#app/lib/dates";
import { ASSESSMENT_STATUS_WORDS, NO_ACCESS, operatorParam } from "#app/ui/audits.server";
import { orErrorPage, uuidParam } from "#app/ui/forms.server";
import { Card, PageHeader } from "#app/ui/page";
import { ProgressBar } from "#app/ui/standards";

/**
 * A self-assessment, read-only for the certifier (ADR 049): progress by domain, each item's
 * answer and notes, the automatic evidence as the operator saw it when submitting, and the
 * evidence — uploads as downloads (never inline), links to the operator's records as labels
 * only. Items and evidence show once the assessment is submitted. No active grant → 404.
 * Evidence about a resident shows only under the resident's consent to this certifying body
 * (ADR 054), each view a disclosure in their log; otherwise a line says it was withheld.
 * Statements: signing in (3), the operator, the assessment, its items, the audit (and, with
 * consented evidence shown, the disclosures and their audit).
 */
export const meta: MetaFunction = () => [{ title: "Self-assessment · Audits · Hearth" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "audits:read");
  const slug = operatorParam(params);
  const assessmentId = uuidParam(params.assessmentId, NO_ACCESS);
  const a = await orErrorPage(withTenant(ctx.tenant, (tx) => certifierAssessment(tx, slug, assessmentId)), NO_ACCESS);
  const base = `/o/${ctx.org.slug}/audits/${a.operator.slug}`;
  return {
    operatorName: a.operator.name,
    back: base,
    title: a.houseName ?? "Whole organisation",
    description: `${a.standardLabel} · ${LEVEL_LABELS[a.level]} · ${ASSESSMENT_STATUS_WORDS[a.status]}${a.submittedAt ? ` on ${formatDay(a.submittedAt.toISOString().slice(0, 10))}` : ""}`,
    submitted: a.status === "submitted",
    progress: progressByDomain(a.items),
    items: a.items.map((i) => ({
      id: i.id, code: i.code, domainCode: i.domainCode, text: i.text, notes: i.notes,
      requirement: APPLICABILITY_LABELS[i.requirement],
      answer: i.answer ? ANSWER_LABELS[i.answer] : "Not answered",
      auto: i.auto ? { text: i.auto.text, ok: i.auto.ok, computed: formatDay(i.auto.computedOn) } : null,
      evidence: i.evidence.map((e) => ({ id: e.id, label: e.label, href: e.fileId ? `${base}/files/${e.fileId}` : null, consented: e.sharedUnderConsent })),
      withheld: i.withheld,
    })),
  };
}

export default function CertifierAssessmentPage() {
  const data = useLoaderData<typeof loader>();
  const total = data.progress.reduce((n, d) => n + d.items, 0);
  const met = data.progress.reduce((n, d) => n + d.met, 0);
  return (
    <div className="space-y-6">
      <PageHeader title={`Self-assessment: ${data.title}`} description={<>{data.operatorName} · {data.description}. <Link to={data.back}>Back to {data.operatorName}</Link></>} />
      {!data.submitted ? (
        <Card title="Not submitted yet">
          <p>The operator is still working on this self-assessment. Its answers and evidence show here once it is submitted for review.</p>
        </Card>
      ) : (
        <>
          <Card title="Progress">
            <div className="space-y-2">
              <ProgressBar label="Met or not applicable" value={met} of={total} />
              {data.progress.map((d) => <ProgressBar key={d.code} label={`${d.code}. ${d.title}`} value={d.met} of={d.items} />)}
            </div>
          </Card>
          {data.progress.map((d) => (
            <section key={d.code} aria-labelledby={`domain-${d.code}`} className="space-y-3">
              <h2 id={`domain-${d.code}`} className="text-lg font-semibold">{d.code}. {d.title}</h2>
              <ul className="space-y-3">
                {data.items.filter((i) => i.domainCode === d.code).map((i) => (
                  <li key={i.id} className="rounded-lg border border-line bg-white p-4">
                    <h3 className="font-medium"><span className="font-mono text-sm">{i.code}</span> {i.text}</h3>
                    <p className="mt-1 text-sm text-muted">{i.requirement}</p>
                    <p className="mt-2"><span className="font-medium">Answer:</span> {i.answer}</p>
                    {i.notes ? <p className="mt-1 text-sm">{i.notes}</p> : null}
                    {i.auto ? (
                      <p className="mt-2 text-sm">
                        <span className="font-medium">{i.auto.ok ? "From records: looks met." : "From records: needs a look."}</span> {i.auto.text}{" "}
                        <span className="text-muted">(computed {i.auto.computed})</span>
                      </p>
                    ) : null}
                    {i.evidence.length || i.withheld ? (
                      <ul className="mt-2 list-disc pl-5 text-sm">
                        {i.evidence.map((e) => (
                          <li key={e.id}>
                            {e.href ? <a href={e.href} download>{e.label}<span className="sr-only"> (download)</span></a> : <>{e.label} <span className="text-muted">(a record in the operator's Hearth)</span></>}
                            {e.consented ? <span className="text-muted"> · about a resident, shared with their consent</span> : null}
                          </li>
                        ))}
                        {i.withheld ? (
                          <li className="text-muted">
                            {i.withheld === 1 ? "Evidence about a resident — not shared" : `${i.withheld} pieces of evidence about residents — not shared`}
                          </li>
                        ) : null}
                      </ul>
                    ) : null}
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </>
      )}
    </div>
  );
}
