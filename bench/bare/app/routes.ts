import type { RouteConfig } from "@remix-run/route-config";
import { route } from "@remix-run/route-config";

/** One route when BARE_ROUTES is unset; with BARE_ROUTES=N, N-1 more stub routes (a route table the size of Hearth's). */
const extra = Math.max(0, Number(process.env.BARE_ROUTES ?? 1) - 1);
export default [
  route("bench/ceiling", "routes/bench.ceiling.tsx"),
  ...Array.from({ length: extra }, (_, i) => route(`stub/${i}/:id`, "routes/stub.tsx", { id: `stub-${i}` })),
] satisfies RouteConfig;
