import { redirect } from "@remix-run/node";
import type { FreeBed } from "#app/domain/admissions/queries.server";
import { isoDate } from "#app/lib/fields";
import { LISTED_FOR } from "./date-lookup";
import type { OptionGroup } from "./form";

/** The booking forms' server side (admission, application, transfer): dates from the address, changed dates, bed options. */

/**
 * Dates from the query string for a booking form (`?moveInDate=…&expectedMoveOutDate=…`):
 * missing or unreadable values fall back to the defaults, and an end on or before the
 * start is dropped with a message, so the page never fails on a hand-edited URL.
 */
export function bookingDates(
  url: URL,
  defaults: { from: string },
  names: { from: string; to?: string } = { from: "moveInDate", to: "expectedMoveOutDate" },
): { from: string; to: string | null; problem: string | null } {
  const read = (name: string | undefined) => {
    if (!name) return null;
    const parsed = isoDate.safeParse(url.searchParams.get(name) ?? "");
    return parsed.success ? parsed.data : null;
  };
  const from = read(names.from) ?? defaults.from;
  const to = read(names.to);
  if (to !== null && to <= from) return { from, to: null, problem: "The move-out date must be after the move-in date." };
  return { from, to, problem: null };
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A booking posted with other dates than the ones its bed list was shown for (the
 * person changed a date and did not press "Show free beds"): the redirect to the same
 * page listing the beds free for the dates they now see, keeping their other choices
 * (`keep`), with `datesChanged=1` for the page to explain. Null when the dates match.
 */
export function datesChangedSince(
  url: URL,
  formData: FormData,
  names: readonly string[],
  keep: readonly string[] = [],
): Response | null {
  const posted = names.map((n) => String(formData.get(n) ?? ""));
  const listed = formData.get(LISTED_FOR);
  // Without a list (a form posted by other means) the posted dates are simply the dates.
  if (listed === null || String(listed) === posted.join("/")) return null;
  // Only well-formed values travel into the address (dates, ids): anything else is dropped,
  // so posted junk can never make the redirect's Location header huge or odd.
  const next = new URLSearchParams();
  names.forEach((n, i) => ISO_DAY.test(posted[i]!) && next.set(n, posted[i]!));
  for (const k of keep) {
    const v = formData.get(k);
    if (typeof v === "string" && UUID.test(v)) next.set(k, v);
  }
  next.set("datesChanged", "1");
  return redirect(`${url.pathname}?${next}`);
}

export const DATES_CHANGED_MESSAGE =
  "You changed the dates after the free beds were listed, so nothing was booked. The list now shows the beds free for the dates you chose: check the bed and confirm again.";

/** Free beds as select options grouped by house ("Room 1 · Bed A", held/accessible/child noted). */
export function bedGroups(beds: FreeBed[], firstHouseId?: string | null): OptionGroup[] {
  const groups = new Map<string, OptionGroup>();
  for (const b of beds) {
    let g = groups.get(b.houseId);
    if (!g) groups.set(b.houseId, (g = { label: b.houseName, options: [] }));
    const notes = [b.status === "held" ? "held" : null, b.kind === "child" ? "child bed" : null, b.accessible ? "accessible" : null].filter(Boolean);
    g.options.push({ value: b.id, label: `${b.roomName} · Bed ${b.label}${notes.length ? ` (${notes.join(", ")})` : ""}` });
  }
  const list = [...groups.entries()];
  if (firstHouseId) list.sort(([a], [b]) => Number(b === firstHouseId) - Number(a === firstHouseId));
  return list.map(([, g]) => g);
}
