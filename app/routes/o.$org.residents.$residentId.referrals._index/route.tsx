import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { listReferrals } from "#app/domain/referrals/referrals.server";
import { ButtonLink } from "#app/ui/form";
import { orErrorPage } from "#app/ui/forms.server";
import { Card, PageHeader } from "#app/ui/page";
import { NOT_FOUND, residentIdParam } from "#app/ui/params.server";
import { ReferralItem, referralView } from "#app/ui/referrals";

/**
 * A resident's referrals, newest first (ADR 046), for the staff of their house (and
 * owners/admins): where each stands, the appointment, follow-ups to do. Audited.
 */
export const meta: MetaFunction = () => [{ title: "Referrals · Hearth" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "residents:read");
  const residentId = residentIdParam(params);
  const t = await orErrorPage(withTenant(ctx.tenant, (tx) => listReferrals(tx, { residentId })), NOT_FOUND.resident);
  const base = `/o/${ctx.org.slug}/residents/${residentId}`;
  return { base, name: t.name, referrals: t.referrals.map((r) => referralView(r, t.timeZone)) };
}

export default function ResidentReferrals() {
  const d = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <PageHeader title={`${d.name}: referrals`} description="Services the resident was referred to, and where each referral stands. Only they and the staff of their house can see this." />
      <p className="-mt-4 flex flex-wrap gap-4 text-sm">
        <Link to={d.base}>Back to the profile</Link>
        <Link to={`${d.base}/plan`}>Recovery plan</Link>
        <Link to={`${d.base}/consents`}>Consents and disclosures</Link>
      </p>
      <p>
        <ButtonLink to={`${d.base}/referrals/new`}>Refer to a service</ButtonLink>
      </p>
      <Card title="Timeline">
        {d.referrals.length === 0 ? <p>No referrals yet.</p> : null}
        <ul className="space-y-3">
          {d.referrals.map((r) => (
            <ReferralItem key={r.id} r={r} href={`${d.base}/referrals/${r.id}`} />
          ))}
        </ul>
      </Card>
    </div>
  );
}
