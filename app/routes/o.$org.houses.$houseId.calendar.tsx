import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { myLiveFeed } from "#app/domain/calendar/feeds.server";
import { HOUSE_CALENDAR_DAYS } from "#app/domain/calendar/schemas";
import { houseSchedule, sessionHouse } from "#app/domain/sessions/sessions.server";
import { addDays, formatDateTime, formatDay, formatInZone } from "#app/lib/dates";
import { CalendarFeedPanel } from "#app/ui/calendar-feed";
import { feedIntents, type FeedActionData } from "#app/ui/calendar-feed.server";
import { PageNotices } from "#app/ui/form";
import { orErrorPage, runIntent } from "#app/ui/forms.server";
import { HouseNav, houseSections } from "#app/ui/house-nav";
import { Badge } from "#app/ui/occupancy";
import { Card, PageHeader } from "#app/ui/page";
import { pageErrorOf } from "#app/ui/page-error";
import { houseIdParam, NOT_FOUND } from "#app/ui/params.server";

/**
 * A house's calendar for its team (houses:read; RLS answers 404 for houses not theirs):
 * the coming four weeks of sessions and meetings by day, cancelled and moved ones marked,
 * and the member's own private calendar link for this house (ADR 026).
 */
export const meta: MetaFunction = () => [{ title: "House calendar · Hearth" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "houses:read");
  const houseId = houseIdParam(params);
  const page = await orErrorPage(
    withTenant(ctx.tenant, async (tx) => {
      const house = await sessionHouse(tx, houseId);
      const { occurrences } = await houseSchedule(tx, houseId, house.today, addDays(house.today, HOUSE_CALENDAR_DAYS));
      return { house, occurrences, live: await myLiveFeed(tx, { kind: "house", houseId }) };
    }),
    NOT_FOUND.house,
  );
  const { house } = page;
  const byDay = new Map<string, { date: string; heading: string; items: { key: string; title: string; kindLabel: string; time: string; status: string; originally: string | null }[] }>();
  for (const o of page.occurrences) {
    const day = byDay.get(o.day) ?? { date: o.day, heading: formatDay(o.day, "EEEE, MMMM d"), items: [] };
    day.items.push({
      key: `${o.seriesId}:${o.occursOn}`,
      title: o.title,
      kindLabel: o.kindLabel,
      time: `${formatInZone(o.startsAt, house.timeZone, "h:mm a")}–${formatInZone(o.endsAt, house.timeZone, "h:mm a")}`,
      status: o.status,
      originally: o.status === "moved" ? formatInZone(o.originalStartsAt, house.timeZone, "EEE, MMM d, h:mm a") : null,
    });
    byDay.set(o.day, day);
  }
  return {
    house: { name: house.name, timeZone: house.timeZone },
    days: [...byDay.values()],
    live: page.live ? { made: formatDateTime(page.live.createdAt, house.timeZone) } : null,
    sections: houseSections(ctx.role),
    houseBase: `/o/${ctx.org.slug}/houses/${houseId}`,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "houses:read");
  const houseId = houseIdParam(params);
  return runIntent(await request.formData(), feedIntents(ctx.tenant, { kind: "house", houseId }));
}

export default function HouseCalendar() {
  const { house, days, live, sections, houseBase } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as FeedActionData | undefined;
  const fresh = actionData?.feedUrl && actionData.webcalUrl ? { feedUrl: actionData.feedUrl, webcalUrl: actionData.webcalUrl } : null;
  return (
    <div className="space-y-6">
      <PageHeader title="House calendar" description={`${house.name}. Times are the house's local time (${house.timeZone.replaceAll("_", " ")}).`} />
      <HouseNav houseBase={houseBase} sections={sections} />
      <PageNotices notice={actionData?.notice} error={pageErrorOf(actionData, [])} />
      <Card title={`The next ${HOUSE_CALENDAR_DAYS / 7} weeks`}>
        {days.length === 0 ? (
          <p className="text-muted">No sessions or meetings are scheduled.</p>
        ) : (
          <div className="space-y-4">
            {days.map((d) => (
              <section key={d.date} aria-labelledby={`day-${d.date}`}>
                <h3 id={`day-${d.date}`} className="font-semibold">
                  {d.heading}
                </h3>
                <ul className="divide-y divide-line">
                  {d.items.map((o) => (
                    <li key={o.key} className="py-2">
                      <p className="flex flex-wrap items-center gap-2">
                        <span className={`font-medium ${o.status === "cancelled" ? "line-through" : ""}`}>{o.title}</span>
                        {o.status === "cancelled" ? <Badge tone="danger">Cancelled</Badge> : null}
                        {o.status === "moved" ? <Badge tone="warn">Moved</Badge> : null}
                      </p>
                      <p className="text-sm">
                        {o.time} · {o.kindLabel}
                      </p>
                      {o.originally ? <p className="text-sm text-muted">Originally {o.originally}</p> : null}
                    </li>
                  ))}
                </ul>
              </section>
            ))}
          </div>
        )}
      </Card>
      <p className="text-sm text-muted">
        The calendar link below is yours alone. Its events name only the kind of session (like "House meeting"): no residents, no
        address.
      </p>
      <CalendarFeedPanel live={live} fresh={fresh} what="this house's sessions and meetings" />
    </div>
  );
}
