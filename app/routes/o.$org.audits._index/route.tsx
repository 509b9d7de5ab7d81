import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { certifierPipeline } from "#app/domain/grants/certifier.server";
import { LEVEL_LABELS } from "#app/domain/standards/labels";
import { formatDay } from "#app/lib/dates";
import { ASSESSMENT_STATUS_WORDS } from "#app/ui/audits.server";
import { Card, EmptyState, PageHeader } from "#app/ui/page";

/**
 * The certifier's pipeline (issue 13, capability 5; ADR 049; a benchmark page): the
 * operators whose active grants cover this org, their covered houses, each house's latest
 * self-assessment and its status, and when access ends. Only what the grants cover reaches
 * this page (row-level security through certifier_grant_covers); the read is audited in both
 * orgs' logs. Statements: signing in (3), the pipeline, the audit.
 */
export const meta: MetaFunction = () => [{ title: "Audits · Hearth" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "audits:read");
  const operators = await withTenant(ctx.tenant, (tx) => certifierPipeline(tx));
  const base = `/o/${ctx.org.slug}/audits`;
  const until = (d: string | null) => (d ? `until ${formatDay(d)}` : "until revoked");
  return {
    operators: operators.map((o) => ({
      id: o.orgId, name: o.name, href: `${base}/${o.slug}`, until: until(o.endsOn),
      houses: o.houses.map((h) => ({
        id: h.id, name: h.name, level: h.narrLevel ? LEVEL_LABELS[h.narrLevel] ?? null : null, until: until(h.endsOn),
        assessment: h.assessment
          ? {
              href: `${base}/${o.slug}/assessments/${h.assessment.id}`,
              status: ASSESSMENT_STATUS_WORDS[h.assessment.status],
              detail: `${h.assessment.standardLabel} · ${LEVEL_LABELS[h.assessment.level]} · ${h.assessment.answered} of ${h.assessment.items} answered`
                + (h.assessment.submittedAt ? ` · submitted ${formatDay(h.assessment.submittedAt.slice(0, 10))}` : ""),
            }
          : null,
      })),
    })),
  };
}

export default function AuditsPage() {
  const { operators } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-6">
      <PageHeader title="Audits" description="The operators that gave you access, their houses and where each self-assessment stands." />
      {operators.length === 0 ? (
        <EmptyState title="No operator has given you access yet">When an operator grants your organisation access, its houses appear here.</EmptyState>
      ) : (
        operators.map((o) => (
          <Card key={o.id} title={o.name}>
            <p className="text-sm text-muted">Access {o.until}. <Link to={o.href}>Grants and houses<span className="sr-only"> of {o.name}</span></Link></p>
            <ul className="mt-3 divide-y divide-line">
              {o.houses.map((h) => (
                <li key={h.id} className="space-y-1 py-3">
                  <h3 className="font-semibold">{h.name}</h3>
                  <p className="text-sm text-muted">{[h.level, `access ${h.until}`].filter(Boolean).join(" · ")}</p>
                  {h.assessment ? (
                    <p className="text-sm">
                      <Link to={h.assessment.href}>{h.assessment.status}<span className="sr-only"> — {h.name}</span></Link>
                      <span className="block text-muted">{h.assessment.detail}</span>
                    </p>
                  ) : (
                    <p className="text-sm">No self-assessment yet.</p>
                  )}
                </li>
              ))}
            </ul>
          </Card>
        ))
      )}
    </div>
  );
}
