import type { MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";

/**
 * The benchmark's ceiling: the barest SSR page and `.data` request this app
 * can serve — no session, no database, one small loader — so `npm run bench` reports
 * every page as a share of it. Mounted only when the server runs with BENCH_CEILING=1
 * (bench/run.ts sets it); otherwise it is a 404 like any unknown path.
 */
export const meta: MetaFunction = () => [{ title: "Ceiling · Hearth" }];

export function loader() {
  if (process.env.BENCH_CEILING !== "1") throw new Response("Not found", { status: 404 });
  return { message: "Hello from the ceiling." };
}

export default function Ceiling() {
  const { message } = useLoaderData<typeof loader>();
  return (
    <main id="main" className="p-6">
      <h1>{message}</h1>
    </main>
  );
}
