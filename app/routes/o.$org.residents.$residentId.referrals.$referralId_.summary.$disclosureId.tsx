import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { REDISCLOSURE_NOTICE } from "#app/domain/consents/schemas";
import { getReferralSummary } from "#app/domain/referrals/referrals.server";
import { HANDOFF_METHOD_LABELS, REFERRAL_URGENCY_LABELS } from "#app/domain/referrals/schemas";
import { formatDay, formatInZone } from "#app/lib/dates";
import { orErrorPage, uuidParam } from "#app/ui/forms.server";
import { residentIdParam } from "#app/ui/params.server";

/**
 * The printable referral summary for the service (ADR 046): one granted disclosure (the
 * gate decided when it was printed), shown only while its consent is still active, with the
 * notice against redisclosure. The title names no one.
 */
export const meta: MetaFunction = () => [{ title: "Referral summary · Hearth" }];

const NOT_FOUND_SUMMARY = "We couldn't find that referral summary.";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "residents:read");
  const residentId = residentIdParam(params);
  const referralId = uuidParam(params.referralId, NOT_FOUND_SUMMARY);
  const disclosureId = uuidParam(params.disclosureId, NOT_FOUND_SUMMARY);
  const s = await orErrorPage(withTenant(ctx.tenant, (tx) => getReferralSummary(tx, referralId, disclosureId)), NOT_FOUND_SUMMARY);
  const when = (iso: string, p: string) => formatInZone(iso, s.timeZone, p);
  return {
    back: `/o/${ctx.org.slug}/residents/${residentId}/referrals/${referralId}`,
    date: when(s.disclosedAt, "MMMM d, yyyy"),
    orgName: s.orgName,
    houseName: s.houseName,
    houseAddress: s.houseAddress,
    to: `${s.serviceName}, ${s.organizationName}`,
    residentName: s.residentName,
    reason: s.reason,
    urgency: REFERRAL_URGENCY_LABELS[s.urgency],
    goal: s.goalTitle,
    appointment: s.appointmentAt ? `${when(s.appointmentAt, "MMMM d, yyyy, h:mm a")}${s.appointmentPlace ? `, ${s.appointmentPlace}` : ""}` : null,
    handoffs: s.handoffs.map((h) => ({
      id: h.id,
      text: `${formatDay(h.happenedOn)}: ${h.introducedBy} (${HANDOFF_METHOD_LABELS[h.method].toLowerCase()}) with ${h.contactName}${h.contactPhone ? `, ${h.contactPhone}` : ""}`,
    })),
    consent: `Shared with the written consent of ${s.residentName}, signed ${when(s.consentSignedAt, "MMMM d, yyyy")}. The resident may revoke it at any time.`,
    notice: REDISCLOSURE_NOTICE,
  };
}

export default function ReferralSummary() {
  const d = useLoaderData<typeof loader>();
  return (
    <article className="mx-auto max-w-2xl space-y-4 rounded-lg border border-line bg-white p-4 print:border-0">
      <p className="print:hidden text-sm">
        <Link to={d.back}>Back to the referral</Link> · Use your browser&apos;s Print command to print or save this summary.
      </p>
      <header>
        <p className="font-semibold">{d.orgName}</p>
        <p>{d.houseName}</p>
        <p>{d.houseAddress}</p>
        <p className="mt-2">{d.date}</p>
      </header>
      <h1 className="text-xl font-semibold">Referral summary</h1>
      <p>To: {d.to}</p>
      <section>
        <h2 className="font-semibold">Referral</h2>
        <p>
          We refer {d.residentName}, who lives at {d.houseName}, to your service.
        </p>
        <p>Reason: {d.reason}</p>
        <p>How soon: {d.urgency}</p>
        {d.goal ? <p>It supports their goal: {d.goal}</p> : null}
        {d.appointment ? <p>Appointment: {d.appointment}</p> : null}
      </section>
      {d.handoffs.length > 0 ? (
        <section>
          <h2 className="font-semibold">Introductions</h2>
          <ul>
            {d.handoffs.map((h) => (
              <li key={h.id}>{h.text}</li>
            ))}
          </ul>
        </section>
      ) : null}
      <p>{d.consent}</p>
      <section aria-labelledby="notice" className="rounded-md border border-line p-3 text-sm">
        <h2 id="notice" className="font-semibold">
          Notice against redisclosure
        </h2>
        <p data-testid="redisclosure-notice">{d.notice}</p>
      </section>
    </article>
  );
}
