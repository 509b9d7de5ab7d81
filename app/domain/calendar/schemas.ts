import type { CalendarFeedKind } from "#app/db/schema";

/**
 * The resident's week and the calendar feeds (issue 10, capability 4): lists and windows
 * shared by the pages, the feed and the tests. Pure.
 */

export const CALENDAR_FEED_KINDS = ["resident", "house"] as const satisfies readonly CalendarFeedKind[];

/** The week page: today and the next seven days. */
export const WEEK_DAYS = 8;

/** What a feed holds: the last two weeks and the next eight (calendar apps keep what they saw). */
export const FEED_DAYS_BACK = 14;
export const FEED_DAYS_AHEAD = 56;

/** The staff house calendar page: the coming four weeks. */
export const HOUSE_CALENDAR_DAYS = 28;
