import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { certifierOperator } from "#app/domain/grants/certifier.server";
import { GRANT_SCOPE_LABELS, GRANT_STATUS_LABELS } from "#app/domain/grants/labels";
import { LEVEL_LABELS } from "#app/domain/standards/labels";
import { formatDay } from "#app/lib/dates";
import { ASSESSMENT_STATUS_WORDS, NO_ACCESS, operatorParam } from "#app/ui/audits.server";
import { orErrorPage } from "#app/ui/forms.server";
import { Card, EmptyState, PageHeader } from "#app/ui/page";

/**
 * One operator as the certifier sees it (ADR 049): the grants it issued to this org (with
 * their status) and the houses an active grant covers, each with its self-assessments.
 * No active grant → 404. Audited in both orgs' logs. Statements: signing in (3), the
 * operator, its grants and houses, the audit.
 */
export const meta: MetaFunction = () => [{ title: "Operator · Audits · Hearth" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "audits:read");
  const slug = operatorParam(params);
  const { operator, grants, houses } = await orErrorPage(withTenant(ctx.tenant, (tx) => certifierOperator(tx, slug)), NO_ACCESS);
  const base = `/o/${ctx.org.slug}/audits`;
  return {
    name: operator.name,
    back: base,
    findings: `${base}/${operator.slug}/findings`,
    grants: grants.map((g) => ({
      id: g.id, scope: GRANT_SCOPE_LABELS[g.scope], status: GRANT_STATUS_LABELS[g.status], note: g.note,
      days: `${formatDay(g.startsOn)} – ${g.endsOn ? formatDay(g.endsOn) : "until revoked"}`, houses: g.houseNames.join(", "),
    })),
    houses: houses.map((h) => ({
      id: h.id, name: h.name, level: h.narrLevel ? LEVEL_LABELS[h.narrLevel] ?? null : null,
      certification: `${base}/${operator.slug}/houses/${h.id}/certification`,
      assessments: h.assessments.map((a) => ({
        id: a.id, href: `${base}/${operator.slug}/assessments/${a.id}`, status: ASSESSMENT_STATUS_WORDS[a.status],
        detail: `${a.standardLabel} · ${LEVEL_LABELS[a.level]}${a.submittedAt ? ` · submitted ${formatDay(a.submittedAt.slice(0, 10))}` : ""}`,
      })),
    })),
  };
}

export default function OperatorPage() {
  const data = useLoaderData<typeof loader>();
  return (
    <div className="space-y-6">
      <PageHeader title={data.name} description={<>Grants and houses you may review. <Link to={data.findings}>Findings</Link> · <Link to={data.back}>All audits</Link></>} />
      <Card title="Houses">
        {data.houses.length === 0 ? <EmptyState title="No houses are covered today." /> : (
          <ul className="divide-y divide-line">
            {data.houses.map((h) => (
              <li key={h.id} className="space-y-1 py-3">
                <h3 className="font-semibold">{h.name}</h3>
                {h.level ? <p className="text-sm text-muted">{h.level}</p> : null}
                <p className="text-sm"><Link to={h.certification}>Certification<span className="sr-only"> of {h.name}</span></Link></p>
                {h.assessments.length === 0 ? <p className="text-sm">No self-assessment yet.</p> : (
                  <ul className="space-y-1">
                    {h.assessments.map((a) => (
                      <li key={a.id} className="text-sm">
                        <Link to={a.href}>{a.status}<span className="sr-only"> — {h.name}</span></Link>
                        <span className="block text-muted">{a.detail}</span>
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card title="Grants">
        <ul className="divide-y divide-line">
          {data.grants.map((g) => (
            <li key={g.id} className="space-y-1 py-3 text-sm">
              <p className="font-medium">{g.status} · {g.scope}</p>
              <p>{g.days}</p>
              <p>Houses: {g.houses || "—"}</p>
              {g.note ? <p className="text-muted">{g.note}</p> : null}
            </li>
          ))}
        </ul>
      </Card>
    </div>
  );
}
