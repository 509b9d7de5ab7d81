import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { getReleaseLetter } from "#app/domain/consents/disclose.server";
import { EXPIRY_EVENT_LABELS, INFORMATION_LABELS, PURPOSE_LABELS, REDISCLOSURE_NOTICE } from "#app/domain/consents/schemas";
import { formatCents } from "#app/domain/fees/money";
import { formatInZone } from "#app/lib/dates";
import { orErrorPage, uuidParam } from "#app/ui/forms.server";

/**
 * A verification of residence / release letter: one granted disclosure (the gate decided
 * when it was asked for), shown only while its consent is still active, with only the
 * categories it disclosed and the notice against redisclosure. Printable; the title names no one.
 */
export const meta: MetaFunction = () => [{ title: "Letter · Hearth" }];

const NOT_FOUND_LETTER = "We couldn't find that letter.";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "consents:manage");
  const id = uuidParam(params.disclosureId, NOT_FOUND_LETTER);
  const l = await orErrorPage(withTenant(ctx.tenant, (tx) => getReleaseLetter(tx, id)), NOT_FOUND_LETTER);
  const day = (d: Date) => formatInZone(d, l.timeZone, "MMMM d, yyyy");
  return {
    back: `/o/${ctx.org.slug}/residents/${l.residentId}/consents`,
    date: day(l.disclosedAt),
    orgName: l.orgName,
    houseName: l.houseName,
    houseAddress: l.houseAddress,
    recipientName: l.recipientName,
    residentName: l.residentName,
    purpose: PURPOSE_LABELS[l.purpose],
    information: l.information.map((i) => INFORMATION_LABELS[i]),
    stays: l.stays?.map((s) => (s.moveOut ? `from ${s.moveIn} to ${s.moveOut}` : `since ${s.moveIn}, and lives there today`)) ?? null,
    participation: l.participation,
    balance: l.balanceCents === null ? null : l.balanceCents > 0 ? `A balance of ${formatCents(l.balanceCents, ctx.org.currency)} is open.` : "Fees are up to date.",
    consent: `Shared with the written consent of ${l.residentName}, signed ${day(l.consentSignedAt)}${
      l.consentExpiresOn ? `, in force until ${l.consentExpiresOn}` : ""
    }${l.consentExpiryEvent ? ` or ${EXPIRY_EVENT_LABELS[l.consentExpiryEvent as "end_of_stay"].toLowerCase()}` : ""}. The resident may revoke it at any time.`,
    notice: REDISCLOSURE_NOTICE,
  };
}

export default function ReleaseLetter() {
  const d = useLoaderData<typeof loader>();
  return (
    <article className="mx-auto max-w-2xl space-y-4 rounded-lg border border-line bg-white p-4 print:border-0">
      <p className="print:hidden text-sm">
        <Link to={d.back}>Back to consents</Link> · Use your browser&apos;s Print command to print or save this letter.
      </p>
      <header>
        <p className="font-semibold">{d.orgName}</p>
        <p>{d.houseName}</p>
        <p>{d.houseAddress}</p>
        <p className="mt-2">{d.date}</p>
      </header>
      <h1 className="text-xl font-semibold">Verification of residence</h1>
      <p>To: {d.recipientName}</p>
      <p>Purpose: {d.purpose}</p>
      {d.stays ? (
        <section>
          <h2 className="font-semibold">Residence</h2>
          {d.stays.map((s) => (
            <p key={s}>
              {d.residentName} has lived at {d.houseName} {s}.
            </p>
          ))}
        </section>
      ) : null}
      {d.participation ? (
        <section>
          <h2 className="font-semibold">Participation (last 90 days)</h2>
          <p>
            Sessions and house meetings attended: {d.participation.sessionsAttended}. Chores completed: {d.participation.choresDone}.
          </p>
        </section>
      ) : null}
      {d.balance ? (
        <section>
          <h2 className="font-semibold">Payments</h2>
          <p>{d.balance}</p>
        </section>
      ) : null}
      <p className="text-sm">{d.consent}</p>
      <section aria-labelledby="notice" className="rounded-md border border-line p-3">
        <h2 id="notice" className="font-semibold">
          Notice against redisclosure
        </h2>
        <p className="text-sm">{d.notice}</p>
      </section>
    </article>
  );
}
