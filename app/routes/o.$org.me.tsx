import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { isDomainError } from "#app/domain/errors.server";
import { listMyDocuments } from "#app/domain/documents/signatures.server";
import { listMyHouseManagers } from "#app/domain/residents/portal.server";
import { getMyResident, listMyStays, type MyStay } from "#app/domain/residents/residents.server";
import { EmailLink, PhoneLink } from "#app/ui/contact-links";
import { formatDay } from "#app/lib/dates";
import { Card, EmptyState, PageHeader } from "#app/ui/page";

export const meta: MetaFunction = () => [{ title: "My home · Hearth" }];

type Place = {
  house: string;
  address: string[];
  housePhone: string | null;
  bed: string;
  moveIn: string;
  moveOut: string | null;
  peerRun: boolean;
  managers: { name: string; email: string; phone: string | null }[];
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "self:read");
  const firstName = ctx.user.name.split(" ")[0] ?? ctx.user.name;
  const home = await withTenant(ctx.tenant, async (tx) => {
    const me = await getMyResident(tx).catch((error: unknown) => {
      if (isDomainError(error, "not_found")) return null;
      throw error;
    });
    if (!me) return null;
    return { me, stays: await listMyStays(tx), managers: await listMyHouseManagers(tx), documents: await listMyDocuments(tx) };
  });
  if (!home) return { firstName, linked: false as const, base: `/o/${ctx.org.slug}/me`, current: null, next: null, documents: null };

  const place = (s: MyStay): Place => ({
    house: s.houseName,
    address: [s.houseAddress.line1, s.houseAddress.line2, `${s.houseAddress.city}, ${s.houseAddress.region} ${s.houseAddress.postalCode}`].filter(
      (l): l is string => Boolean(l),
    ),
    housePhone: s.housePhone,
    bed: `${s.roomName}, bed ${s.bedLabel}`,
    moveIn: formatDay(s.moveIn),
    moveOut: s.moveOut ? formatDay(s.moveOut) : null,
    peerRun: s.peerRun,
    managers: home.managers.filter((m) => m.stayId === s.stayId).map(({ name, email, phone }) => ({ name, email, phone })),
  });
  const current = home.stays.find((s) => s.status === "current") ?? null;
  // Newest move-in first: the soonest planned move is the last planned one.
  const next = home.stays.filter((s) => s.status === "planned").at(-1) ?? null;
  return {
    firstName: home.me.preferredName ?? firstName,
    linked: true as const,
    base: `/o/${ctx.org.slug}/me`,
    current: current ? place(current) : null,
    next: next ? place(next) : null,
    documents: { waiting: home.documents.filter((d) => !d.signedAt).length, total: home.documents.length },
  };
}

function PlaceDetails({ place, heading }: { place: Place; heading: string }) {
  return (
    <Card title={heading}>
      <p className="text-lg font-semibold">{place.house}</p>
      <address className="not-italic text-muted">
        {place.address.map((line) => (
          <span key={line} className="block">
            {line}
          </span>
        ))}
      </address>
      <dl className="mt-3 space-y-2">
        <div>
          <dt className="text-sm text-muted">Your room and bed</dt>
          <dd className="font-medium">{place.bed}</dd>
        </div>
        <div>
          <dt className="text-sm text-muted">Move-in</dt>
          <dd>{place.moveIn}</dd>
        </div>
        {place.moveOut ? (
          <div>
            <dt className="text-sm text-muted">Planned move-out</dt>
            <dd>{place.moveOut}</dd>
          </div>
        ) : null}
        {place.housePhone ? (
          <div>
            <dt className="text-sm text-muted">House phone</dt>
            <dd>
              <PhoneLink phone={place.housePhone} />
            </dd>
          </div>
        ) : null}
        {place.managers.length || !place.peerRun ? (
          <div>
            <dt className="text-sm text-muted">{place.managers.length === 1 ? "House manager" : "House managers"}</dt>
            <dd>
              {place.managers.length ? (
                <ul className="space-y-1">
                  {place.managers.map((m) => (
                    <li key={m.email}>
                      <span className="font-medium">{m.name}</span>
                      {m.phone ? (
                        <>
                          {" · "}
                          <PhoneLink phone={m.phone} />
                        </>
                      ) : null}
                      {" · "}
                      <EmailLink email={m.email} />
                    </li>
                  ))}
                </ul>
              ) : (
                <span className="text-muted">No house manager is listed yet.</span>
              )}
            </dd>
          </div>
        ) : (
          <div>
            <dt className="text-sm text-muted">How the house is run</dt>
            <dd>This is a peer-run house: residents run it together.</dd>
          </div>
        )}
      </dl>
    </Card>
  );
}

/** The resident's portal home: mobile-first, only their own information. */
export default function MyHome() {
  const data = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <PageHeader title="My home" description={`Welcome, ${data.firstName}.`} />
      {data.documents?.waiting ? (
        <section aria-labelledby="documents-waiting" className="rounded-lg border border-brand-600 bg-brand-50 p-4">
          <h2 id="documents-waiting" className="font-semibold">
            {data.documents.waiting === 1 ? "A house document is waiting for your signature" : `${data.documents.waiting} house documents are waiting for your signature`}
          </h2>
          <p className="mt-1">
            <Link to={`${data.base}/documents`} className="inline-flex min-h-11 items-center font-medium">
              Read and sign
            </Link>
          </p>
        </section>
      ) : null}
      {!data.linked ? (
        <section aria-labelledby="not-linked" className="rounded-lg border border-line bg-white p-4">
          <h2 id="not-linked" className="font-semibold">
            Your house hasn't linked your account yet
          </h2>
          <p className="mt-1 text-muted">
            Once your house manager connects your account to your resident record, you'll see where you live and who to
            contact here. If you think this is a mistake, let your house manager know.
          </p>
        </section>
      ) : (
        <>
          {data.current ? (
            <PlaceDetails place={data.current} heading="Where you live" />
          ) : (
            <EmptyState title="Where you live">You don't have a bed in one of the houses right now.</EmptyState>
          )}
          {data.next ? <PlaceDetails place={data.next} heading={data.current ? "Your planned move" : "Your move-in"} /> : null}
          <p>
            <Link to={`${data.base}/details`} className="inline-flex min-h-11 items-center font-medium">
              My details: phone, email and emergency contact
            </Link>
          </p>
          <p>
            <Link to={`${data.base}/meetings`} className="inline-flex min-h-11 items-center font-medium">
              My meetings and sessions
            </Link>
          </p>
        </>
      )}
      <EmptyState title="This week">
        {data.linked ? (
          <>
            <Link to={`${data.base}/chores`} className="font-medium">
              My chores
            </Link>
            {" — "}
          </>
        ) : null}
        Life-skills sessions and house meetings will appear here once your house starts using them in Hearth.
      </EmptyState>
      {data.linked ? (
        <Card title="Dues and payments">
          <p>
            <Link to={`${data.base}/dues`}>My dues, payments and receipts</Link>
          </p>
        </Card>
      ) : null}
      {data.documents?.total ? (
        <Card title="House rules and documents">
          <p>
            {data.documents.waiting ? `${data.documents.total - data.documents.waiting} of ${data.documents.total} signed.` : "You have signed them all."}{" "}
            <Link to={`${data.base}/documents`}>My house documents</Link>
          </p>
        </Card>
      ) : (
        <EmptyState title="House rules">The house rules you have signed will appear here.</EmptyState>
      )}
      <EmptyState title="My recovery plan">Your goals and check-ins will appear here when you and your coach start a plan.</EmptyState>
    </div>
  );
}
