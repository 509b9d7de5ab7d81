import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { listReferrals } from "#app/domain/referrals/referrals.server";
import { Card, PageHeader } from "#app/ui/page";
import { ReferralItem, referralView } from "#app/ui/referrals";

/** The resident's referrals and appointments (ADR 046): where each stands, when and where to go. Read-only. */
export const meta: MetaFunction = () => [{ title: "My referrals · Hearth" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "self:read");
  const t = await withTenant(ctx.tenant, (tx) => listReferrals(tx, { self: true }));
  const referrals = t.referrals.map((r) => referralView(r, t.timeZone));
  return {
    base: `/o/${ctx.org.slug}/me`,
    upcoming: referrals.filter((r) => r.statusCode === "appointment_set"),
    referrals,
  };
}

export default function MyReferrals() {
  const d = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <PageHeader title="My referrals and appointments" description="Services your house team referred you to, and where each stands. Only you and your house's staff can see this." />
      <p className="-mt-4 flex flex-wrap gap-4 text-sm">
        <Link to={`${d.base}/plan`}>My plan</Link>
        <Link to={`${d.base}/disclosures`}>My disclosure log</Link>
        <Link to={`${d.base}/consents`}>My consents</Link>
      </p>
      <Card title="Appointments">
        {d.upcoming.length === 0 ? <p>No appointments set.</p> : null}
        <ul className="space-y-1">
          {d.upcoming.map((r) => (
            <li key={r.id}>
              <span className="font-medium">{r.service}</span>: {r.appointment}
            </li>
          ))}
        </ul>
      </Card>
      <Card title="Referrals">
        {d.referrals.length === 0 ? <p>You have no referrals yet. Your house team can help you find a service.</p> : null}
        <ul className="space-y-3">
          {d.referrals.map((r) => (
            <ReferralItem key={r.id} r={r} />
          ))}
        </ul>
      </Card>
    </div>
  );
}
