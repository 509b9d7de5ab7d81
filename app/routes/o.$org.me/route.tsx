import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { Card, EmptyState, PageHeader } from "#app/ui/page";
import { DayCard, PlaceDetails } from "./parts";
import { myHomePage } from "./view.server";

/**
 * The resident's portal home: their week first (today, then the next seven days: chores,
 * sessions and house meetings they are expected at, meetings they logged), documents
 * waiting for their signature, then where they live. Mobile-first, only their own
 * information, in their house's time zone; within the page budget (view.server.ts).
 */
export const meta: MetaFunction = () => [{ title: "My home · Hearth" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "self:read");
  return myHomePage(ctx);
}

function PortalLink({ to, children }: { to: string; children: React.ReactNode }) {
  return (
    <li>
      <Link to={to} className="inline-flex min-h-11 items-center font-medium">
        {children}
      </Link>
    </li>
  );
}

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
            Once your house manager connects your account to your resident record, you'll see your week, where you live and who to
            contact here. If you think this is a mistake, let your house manager know.
          </p>
        </section>
      ) : (
        <>
          <section aria-labelledby="week" className="space-y-3">
            <h2 id="week" className="text-xl font-semibold">
              This week
            </h2>
            <p className="text-sm text-muted">
              {data.week.inHouse ? `Times are your house's local time (${data.week.zone}).` : "You don't live in one of the houses today, so no house sessions show here."}
            </p>
            <p>
              <span className="font-medium">Meetings this week: </span>
              {data.week.meetings.target === null
                ? `${data.week.meetings.logged} logged.`
                : `${data.week.meetings.logged} of ${data.week.meetings.target} logged.`}{" "}
              <Link to={`${data.base}/meetings`}>Log a meeting</Link>
            </p>
            {data.week.days.map((day, i) => (
              <DayCard key={day.date} day={day} first={i === 0} />
            ))}
          </section>
          <nav aria-label="My pages">
            <ul className="flex flex-col">
              <PortalLink to={`${data.base}/chores`}>My chores</PortalLink>
              <PortalLink to={`${data.base}/meetings`}>My meetings and sessions</PortalLink>
              <PortalLink to={`${data.base}/calendar`}>Add my week to my phone's calendar</PortalLink>
              <PortalLink to={`${data.base}/details`}>My details: phone, email and emergency contact</PortalLink>
            </ul>
          </nav>
          {data.current ? (
            <PlaceDetails place={data.current} heading="Where you live" />
          ) : (
            <EmptyState title="Where you live">You don't have a bed in one of the houses right now.</EmptyState>
          )}
          {data.next ? <PlaceDetails place={data.next} heading={data.current ? "Your planned move" : "Your move-in"} /> : null}
        </>
      )}
      {data.linked ? (
        <Card title="Dues and payments">
          <p>
            <Link to={`${data.base}/dues`}>My dues, payments and receipts</Link>
          </p>
        </Card>
      ) : (
        <EmptyState title="Dues and payments">What you owe and your payment history will appear here once your house links your account.</EmptyState>
      )}
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
