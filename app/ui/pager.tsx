import { Form, Link, useSearchParams } from "@remix-run/react";
import { CURSOR_PARAM } from "#app/lib/pagination";
import { Button } from "./form";

/**
 * The one way to move through a keyset-paged list (app/lib/pagination.ts): a link to the
 * next page (the current query with the next cursor) and, past the first page, a link
 * back to the start. A list searched by POST (so a typed name stays out of URLs) passes
 * the search's fields as `post`: the next page is then a POST of those fields too.
 */
export function Pager({
  next,
  nextLabel,
  startLabel = "Back to the start of the list",
  post,
  firstPage,
  startQuery,
  action,
  nextQuery,
}: {
  /** The next page's cursor (null on the last page). */
  next: string | null;
  nextLabel: string;
  startLabel?: string | null;
  post?: Record<string, string>;
  /** Whether this is the first page (default: the URL has no cursor). */
  firstPage?: boolean;
  /** The first page's query (default: the current query without the cursor). */
  startQuery?: Record<string, string>;
  /** Where the POST form goes (an index route's own address, so no `?index` shows). */
  action?: string;
  /** More query parameters for the next page (a page with several paged lists names the list). */
  nextQuery?: Record<string, string>;
}) {
  const [params] = useSearchParams();
  const nextParams = new URLSearchParams(params);
  for (const [name, value] of Object.entries(nextQuery ?? {})) nextParams.set(name, value);
  if (next) nextParams.set(CURSOR_PARAM, next);
  const startParams = new URLSearchParams(startQuery ?? params);
  startParams.delete(CURSOR_PARAM);
  const isFirst = firstPage ?? !params.has(CURSOR_PARAM);
  if (!next && (isFirst || !startLabel)) return null;
  return (
    <div className="mt-4 flex flex-wrap items-center gap-4">
      {next && post ? (
        <Form method="post" action={action}>
          {Object.entries(post).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          <input type="hidden" name={CURSOR_PARAM} value={next} />
          <Button type="submit" variant="secondary">
            {nextLabel}
          </Button>
        </Form>
      ) : next ? (
        <Link to={`?${nextParams.toString()}`}>{nextLabel}</Link>
      ) : null}
      {!isFirst && startLabel ? <Link to={`?${startParams.toString()}`}>{startLabel}</Link> : null}
    </div>
  );
}
