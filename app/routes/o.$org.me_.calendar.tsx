import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { myLiveFeed } from "#app/domain/calendar/feeds.server";
import { formatDateTime } from "#app/lib/dates";
import { CalendarFeedPanel } from "#app/ui/calendar-feed";
import { feedIntents, type FeedActionData } from "#app/ui/calendar-feed.server";
import { PageNotices } from "#app/ui/form";
import { runIntent } from "#app/ui/forms.server";
import { PageHeader } from "#app/ui/page";
import { pageErrorOf } from "#app/ui/page-error";

/**
 * The resident's calendar link: a private iCalendar feed of their chores and the sessions
 * they are expected at, for their phone's calendar app (ADR 026). Make it, make a new one
 * (the old one stops working), or turn it off.
 */
export const meta: MetaFunction = () => [{ title: "My calendar link · Hearth" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "self:read");
  const live = await withTenant(ctx.tenant, (tx) => myLiveFeed(tx, { kind: "resident" }));
  return { home: `/o/${ctx.org.slug}/me`, live: live ? { made: formatDateTime(live.createdAt, ctx.org.timeZone) } : null };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "self:read");
  return runIntent(await request.formData(), feedIntents(ctx.tenant, { kind: "resident" }));
}

export default function MyCalendar() {
  const { home, live } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as FeedActionData | undefined;
  const fresh = actionData?.feedUrl && actionData.webcalUrl ? { feedUrl: actionData.feedUrl, webcalUrl: actionData.webcalUrl } : null;
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <PageHeader title="My calendar link" description={<Link to={home}>Back to my home</Link>} />
      <PageNotices notice={actionData?.notice} error={pageErrorOf(actionData, [])} />
      <p>
        Your chores and the sessions you are expected at can show in your phone's calendar. The events say only "Chore" and the chore's
        name, or the kind of session (like "House meeting"): no names of other people and no address, because phone calendars are often
        copied to other companies' servers.
      </p>
      <CalendarFeedPanel live={live} fresh={fresh} what="your chores and sessions" />
    </div>
  );
}
