import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { listMyConsents } from "#app/domain/consents/consents.server";
import { CONSENT_STATUS_LABELS, PURPOSE_LABELS } from "#app/domain/consents/labels";
import { takeFlash } from "#app/ui/flash.server";
import { FormMessage } from "#app/ui/form";
import { Card, PageHeader } from "#app/ui/page";
import { data } from "@remix-run/node";

/** The resident's consents: what waits for their signature, what is active, expired or revoked. */
export const meta: MetaFunction = () => [{ title: "My consents · Hearth" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "self:read");
  const consents = await withTenant(ctx.tenant, (tx) => listMyConsents(tx));
  const { flash, headers } = takeFlash(request, ["signed", "revoked"]);
  return data(
    {
      base: `/o/${ctx.org.slug}/me`,
      flash,
      consents: consents.map((c) => ({ id: c.id, recipientName: c.recipientName, purpose: PURPOSE_LABELS[c.purpose], status: CONSENT_STATUS_LABELS[c.status], waiting: c.status === "waiting" })),
    },
    { headers },
  );
}

export default function MyConsents() {
  const d = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <PageHeader title="My consents" description="Who may receive information about you, and why. Nothing is shared without your signature." />
      {d.flash === "signed" ? <FormMessage kind="ok">Consent signed. You can revoke it at any time.</FormMessage> : null}
      {d.flash === "revoked" ? <FormMessage kind="ok">Consent revoked. Nothing more will be shared under it.</FormMessage> : null}
      <p className="text-sm">
        <Link to={`${d.base}/disclosures`}>What was shared (my disclosure log)</Link> · <Link to={`${d.base}/data`}>My data</Link>
      </p>
      <Card title="Consents">
        {d.consents.length === 0 ? <p>You have no consents. Staff prepare one when something needs to be shared, and you decide.</p> : null}
        <ul className="space-y-2">
          {d.consents.map((c) => (
            <li key={c.id} className="rounded-md border border-line p-3">
              <Link to={`${d.base}/consents/${c.id}`} className="font-medium">
                {c.recipientName}
              </Link>
              <p className="text-sm">
                {c.purpose} · {c.waiting ? <strong>{c.status}</strong> : c.status}
              </p>
            </li>
          ))}
        </ul>
      </Card>
    </div>
  );
}
