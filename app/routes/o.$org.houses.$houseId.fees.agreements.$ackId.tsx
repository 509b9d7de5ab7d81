import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { termInWords } from "#app/domain/fees/agreement";
import { agreementCopy } from "#app/domain/fees/agreement.server";
import { formatDay, formatInZone } from "#app/lib/dates";
import { orErrorPage, uuidParam } from "#app/ui/forms.server";
import { Card, PageHeader } from "#app/ui/page";
import { houseIdParam } from "#app/ui/params.server";

/** A signed fee agreement as the resident acknowledged it, for the house's team (fees:read; audited). */
export const meta: MetaFunction = () => [{ title: "Signed fee agreement · Hearth" }];

const NOT_FOUND_COPY = "We couldn't find that signed agreement.";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "fees:read");
  const houseId = houseIdParam(params);
  const ackId = uuidParam(params.ackId, NOT_FOUND_COPY);
  const copy = await orErrorPage(withTenant(ctx.tenant, (tx) => agreementCopy(tx, ackId, { houseId })), NOT_FOUND_COPY);
  const currency = ctx.org.currency;
  return {
    back: `/o/${ctx.org.slug}/houses/${houseId}/fees/agreements`,
    residentName: copy.residentName,
    houseName: copy.houseName,
    typedName: copy.typedName,
    signedAt: formatInZone(copy.signedAt, copy.timeZone, "MMM d, yyyy, h:mm a"),
    ip: copy.ip,
    paperSignedOn: copy.method === "paper" && copy.paperSignedOn ? formatDay(copy.paperSignedOn) : null,
    note: copy.note,
    hash: copy.contentHash,
    terms: copy.parsed.map((t) => {
      const w = termInWords(t, currency);
      return { id: t.scheduleId, name: w.name, amount: w.amount, how: w.how, scope: w.scope, dates: `From ${formatDay(w.from)}${w.to ? ` to ${formatDay(w.to)}` : ""}` };
    }),
  };
}

export default function SignedFeeAgreement() {
  const d = useLoaderData<typeof loader>();
  return (
    <article className="mx-auto max-w-2xl space-y-4">
      <PageHeader title={`Fee agreement: ${d.residentName}`} description={<Link to={d.back}>Back to fee agreements</Link>} />
      <Card title={`Fees at ${d.houseName}`}>
        {d.terms.length === 0 ? (
          <p className="text-muted">No fees applied.</p>
        ) : (
          <ul className="divide-y divide-line" aria-label="Fees">
            {d.terms.map((t) => (
              <li key={t.id} className="py-2">
                <p className="font-medium">{`${t.name}: ${t.amount}`}</p>
                <p className="text-sm text-muted">{[t.how, t.scope, t.dates].join(" · ")}</p>
              </li>
            ))}
          </ul>
        )}
      </Card>
      {d.paperSignedOn ? (
        <>
          <p>{`Signed on paper on ${d.paperSignedOn}, recorded by ${d.typedName} on ${d.signedAt}.`}</p>
          {d.note ? <p className="text-sm">{`Note: ${d.note}`}</p> : null}
        </>
      ) : (
        <p>{`Acknowledged as “${d.typedName}” on ${d.signedAt}${d.ip ? ` from ${d.ip}` : ""}.`}</p>
      )}
      <p className="break-all text-sm text-muted">Content fingerprint (SHA-256): {d.hash}</p>
    </article>
  );
}
