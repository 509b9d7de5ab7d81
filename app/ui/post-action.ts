import { useLocation } from "@remix-run/react";

/**
 * The action URL for a form that posts to the page it is on: the page's own address
 * (path and query), never with Remix's "?index" marker. Remix adds "?index" to a form on
 * an index route so the POST reaches that route rather than its parent; our index routes
 * that take POSTs have a path of their own (e.g. `o.$org.residents._index` is
 * `residents`), so the POST reaches them without it, and a browser without JavaScript
 * keeps showing the page's real address after submitting.
 */
export function usePostAction(): string {
  const { pathname, search } = useLocation();
  const params = new URLSearchParams(search);
  params.delete("index");
  const query = params.toString();
  return `${pathname}${query ? `?${query}` : ""}`;
}
