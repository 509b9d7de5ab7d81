import type { LoaderFunctionArgs } from "@remix-run/node";
import { hit, LIMITS } from "#app/auth/rate-limit.server";
import { withPlatform } from "#app/db/tenant.server";
import { houseFeed, openFeed, residentFeed } from "#app/domain/calendar/feeds.server";
import { houseCalendar, residentCalendar } from "#app/domain/calendar/ical.server";
import { requestMeta } from "#app/lib/http.server";

/**
 * A private calendar feed: /calendar/<token>.ics (ADR 026). No session cookie: the token
 * names the feed and its member, the database signs that member's context from it
 * (`enter_feed`, ADR 010), and the events are read under row-level security as that
 * member. An unknown, revoked or malformed token answers 404 with nothing in it; too many
 * fetches from one address, 429. Calendar apps may keep a copy for 15 minutes.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const meta = requestMeta(request);
  const token = (params.feed ?? "").replace(/\.ics$/, "");
  const limit = await withPlatform(meta, (tx) => hit(tx, `calendar:ip:${meta.ip ?? "unknown"}`, LIMITS.calendarFeedPerIp));
  if (!limit.allowed) return text("Too many requests. Try again later.", 429, { "Retry-After": String(limit.retryAfterSeconds) });
  // The database signs the feed member's context from the raw token (enter_feed, ADR 010);
  // the events are read in that context, in the same transaction.
  const body = await withPlatform(meta, async (tx) => {
    const holder = await openFeed(tx, token);
    if (!holder) return null;
    if (holder.kind === "resident") {
      const days = await residentFeed(tx, holder);
      return days && residentCalendar(days, "UTC");
    }
    const house = await houseFeed(tx, holder);
    return house && houseCalendar(house.occurrences, house.timeZone);
  });
  if (!body) return text("Not found.", 404);
  return new Response(body, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": 'inline; filename="hearth.ics"',
      "Cache-Control": "private, max-age=900",
      "X-Robots-Tag": "noindex",
    },
  });
}

function text(body: string, status: number, headers: Record<string, string> = {}) {
  return new Response(body, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", ...headers } });
}
