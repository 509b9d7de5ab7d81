import type { LoaderFunctionArgs } from "@remix-run/node";
import { withPlatform } from "#app/db/tenant.server";
import { hsdsFeed } from "#app/domain/vacancies/hsds.server";
import { requestMeta } from "#app/lib/http.server";
import { etagOf, readPublicVacancies, VACANCY_CACHE_CONTROL } from "./vacancies.helpers.server";

/**
 * The public vacancy feed: /vacancies/<slug>.json, an HSDS 3.1 page of services with bed
 * capacity (ADR 042). Cacheable (five minutes, a strong ETag; If-None-Match answers 304),
 * rate-limited per address like the other public routes, open to any origin (read-only, no
 * cookies involved). Unknown slugs answer 404 with nothing in them.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const meta = requestMeta(request);
  const answer = await withPlatform(meta, (tx) => readPublicVacancies(tx, params.slug ?? "", meta.ip));
  if (answer.status === 429) return json({ error: "Too many requests. Try again later." }, 429, { "Retry-After": String(answer.retryAfter), "Cache-Control": "no-store" });
  if (answer.status === 404) return json({ error: "Not found." }, 404, { "Cache-Control": "no-store" });
  const origin = new URL(request.url).origin;
  const body = JSON.stringify(hsdsFeed(answer.vacancies, origin));
  const etag = etagOf(body);
  const headers = { ETag: etag, "Cache-Control": VACANCY_CACHE_CONTROL, "Access-Control-Allow-Origin": "*" };
  if (matches(request.headers.get("if-none-match"), etag)) return new Response(null, { status: 304, headers });
  return new Response(body, { headers: { "Content-Type": "application/json; charset=utf-8", ...headers } });
}

function matches(header: string | null, etag: string): boolean {
  if (!header) return false;
  return header.split(",").some((t) => {
    const tag = t.trim().replace(/^W\//, "");
    return tag === "*" || tag === etag;
  });
}

function json(value: unknown, status: number, headers: Record<string, string>) {
  return new Response(JSON.stringify(value), { status, headers: { "Content-Type": "application/json; charset=utf-8", ...headers } });
}
