import { readiness } from "#app/server/health.server";

/** Readiness: 200 when the database answers and migrations are current, else 503. */
export async function loader() {
  const result = await readiness();
  return new Response(JSON.stringify(result), {
    status: result.ok ? 200 : 503,
    headers: { "Content-Type": "application/json", "Cache-Control": "no-store" },
  });
}
