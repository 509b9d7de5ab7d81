import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { listMyDisclosures } from "#app/domain/consents/disclose.server";
import { DISCLOSURE_WHAT_LABELS, INFORMATION_LABELS, PURPOSE_LABELS, REFUSAL_LABELS } from "#app/domain/consents/labels";
import { formatInZone } from "#app/lib/dates";
import { Card, PageHeader } from "#app/ui/page";

/** The resident's disclosure log: what was shared about them, with whom, when, under which consent — and what was refused. */
export const meta: MetaFunction = () => [{ title: "My disclosure log · Hearth" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "self:read");
  const rows = await withTenant(ctx.tenant, (tx) => listMyDisclosures(tx));
  const base = `/o/${ctx.org.slug}/me`;
  return {
    base,
    rows: rows.map((r) => ({
      id: r.id,
      when: formatInZone(r.disclosedAt, ctx.org.timeZone, "MMM d, yyyy, h:mm a"),
      what: DISCLOSURE_WHAT_LABELS[r.what],
      to: r.recipientName,
      purpose: PURPOSE_LABELS[r.purpose],
      information: r.information.map((i) => INFORMATION_LABELS[i]).join("; "),
      outcome: r.outcome === "granted" ? "Shared" : `Not shared: ${REFUSAL_LABELS[r.refusal!].toLowerCase()}`,
      consentLink: r.consentId ? `${base}/consents/${r.consentId}` : null,
    })),
  };
}

export default function MyDisclosures() {
  const d = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <PageHeader title="My disclosure log" description="Every time someone asked to share information about you, and whether it was shared." />
      <p className="text-sm">
        <Link to={`${d.base}/consents`}>My consents</Link>
      </p>
      <Card title="Log">
        {d.rows.length === 0 ? <p>Nothing about you has been shared.</p> : null}
        <ul className="space-y-2">
          {d.rows.map((r) => (
            <li key={r.id} className="rounded-md border border-line p-3 text-sm">
              <p className="font-medium">
                {r.when} · {r.outcome}
              </p>
              <p>
                {r.what} to {r.to}
              </p>
              <p>{r.purpose}</p>
              <p>{r.information}</p>
              {r.consentLink ? <Link to={r.consentLink}>The consent it was shared under</Link> : null}
            </li>
          ))}
        </ul>
      </Card>
    </div>
  );
}
