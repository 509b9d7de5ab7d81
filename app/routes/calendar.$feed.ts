import type { LoaderFunctionArgs } from "@remix-run/node";
import { hit, LIMITS, peek } from "#app/auth/rate-limit.server";
import { withPlatform } from "#app/db/tenant.server";
import { houseFeed, openFeed, residentFeed } from "#app/domain/calendar/feeds.server";
import { houseCalendar, residentCalendar } from "#app/domain/calendar/ical.server";
import { requestMeta } from "#app/lib/http.server";

/**
 * A private calendar feed: /calendar/<token>.ics (ADR 026). No session cookie: the token
 * names the feed and its member, the database signs that member's context from it
 * (`enter_feed`, ADR 010), and the events are read under row-level security as that
 * member. An unknown, revoked or malformed token answers 404 with nothing in it; more than 60
 * fetches of one feed in an hour, or 120 unknown links from one address, 429. Calendar apps may keep a copy for 15 minutes.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const meta = requestMeta(request);
  const token = (params.feed ?? "").replace(/\.ics$/, "");
  const missKey = `calendar:miss:${meta.ip ?? "unknown"}`;
  // One transaction: the address's count of misses is checked first, the database signs the
  // feed member's context from the raw token (enter_feed, ADR 010), the feed's own fetches are
  // counted, and the events are read in that context. A refusal commits its count.
  const answer = await withPlatform(meta, async (tx): Promise<{ status: 200; body: string } | { status: 404 } | { status: 429; retryAfter: number }> => {
    const misses = await peek(tx, missKey, LIMITS.calendarMissesPerIp);
    if (!misses.allowed) return { status: 429, retryAfter: misses.retryAfterSeconds };
    const holder = await openFeed(tx, token);
    if (!holder) {
      await hit(tx, missKey, LIMITS.calendarMissesPerIp);
      return { status: 404 };
    }
    const fetches = await hit(tx, `calendar:feed:${holder.feedId}`, LIMITS.calendarFetchesPerFeed);
    if (!fetches.allowed) return { status: 429, retryAfter: fetches.retryAfterSeconds };
    let body: string | null;
    if (holder.kind === "resident") {
      const days = await residentFeed(tx, holder);
      body = days && residentCalendar(days, "UTC");
    } else {
      const house = await houseFeed(tx, holder);
      body = house && houseCalendar(house.occurrences, house.timeZone);
    }
    return body ? { status: 200, body } : { status: 404 };
  });
  if (answer.status === 429) return text("Too many requests. Try again later.", 429, { "Retry-After": String(answer.retryAfter) });
  if (answer.status === 404) return text("Not found.", 404);
  return new Response(answer.body, {
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
