// The soak of `npm run bench -- --soak [--soak-seconds N] [--soak-connections N]`: a steady mix of signed-in pages against the server bench/run.ts started, for a
// bounded time (default 5 minutes), reporting requests, errors and the server's resident
// memory (RSS) at the start, its peak and the end. Loopback only.
import fs from "node:fs";
import autocannon from "autocannon";

export type SoakPage = { name: string; path: string; cookie?: string };

export type SoakResult = {
  date: string;
  database: string;
  seconds: number;
  connections: number;
  pages: string[];
  requests: number;
  requestsPerSecond: number;
  byStatus: Record<string, number>;
  /** Transport errors and timeouts, plus answers that are not 2xx/3xx. */
  errors: number;
  latencyMs: { p50: number; p99: number; max: number };
  rssMb: { start: number; peak: number; end: number };
  samples: number;
};

/** The resident set size of a process in MB (Linux /proc), or NaN where that is not available. */
export function rssMb(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
    return kb ? Math.round((Number(kb) / 1024) * 10) / 10 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

export async function soak(opts: {
  base: string;
  serverPid: number;
  pages: SoakPage[];
  seconds: number;
  connections: number;
  database: string;
}): Promise<SoakResult> {
  const host = new URL(opts.base).hostname;
  if (host !== "127.0.0.1" && host !== "localhost" && host !== "::1") throw new Error(`The soak runs against loopback only, not ${host}.`);
  if (!Number.isFinite(opts.seconds) || opts.seconds < 1 || opts.seconds > 3600) throw new Error("--soak-seconds must be 1..3600");

  // Each connection walks the list in turn, so every page is in the mix all along.
  const requests = opts.pages.map((p) => ({ method: "GET" as const, path: p.path, headers: p.cookie ? { cookie: p.cookie } : {} }));
  const start = rssMb(opts.serverPid);
  let peak = start;
  let samples = 1;
  const sampler = setInterval(() => {
    const now = rssMb(opts.serverPid);
    samples++;
    if (now > peak) peak = now;
  }, 1000);
  const byStatus: Record<string, number> = {};
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance: autocannon.Instance = autocannon({ url: opts.base, connections: opts.connections, duration: opts.seconds, requests, timeout: 30 }, (error, r) =>
      error ? reject(error) : resolve(r),
    );
    instance.on("response", (_client: unknown, statusCode: number) => {
      byStatus[statusCode] = (byStatus[statusCode] ?? 0) + 1;
    });
  });
  clearInterval(sampler);
  // A moment for in-flight work to finish before the last reading.
  await new Promise((r) => setTimeout(r, 1000));
  const end = rssMb(opts.serverPid);
  if (end > peak) peak = end;
  const bad = Object.entries(byStatus).reduce((n, [s, c]) => (Number(s) >= 400 ? n + c : n), 0);
  return {
    date: new Date().toISOString(),
    database: opts.database,
    seconds: opts.seconds,
    connections: opts.connections,
    pages: opts.pages.map((p) => p.name),
    requests: result.requests.total,
    requestsPerSecond: Math.round(result.requests.average),
    byStatus,
    errors: result.errors + result.timeouts + bad,
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
    rssMb: { start, peak, end },
    samples,
  };
}

export function describeSoak(r: SoakResult): string {
  const statuses = Object.entries(r.byStatus)
    .map(([s, c]) => `${s}: ${c}`)
    .join(", ");
  return [
    `Hearth soak, ${r.date}: ${r.database}, ${r.seconds} s, ${r.connections} connections, loopback.`,
    `Pages (in turn on every connection): ${r.pages.join(", ")}.`,
    "",
    `| requests | req/s | errors | statuses | p50 ms | p99 ms | max ms | RSS start MB | RSS peak MB | RSS end MB |`,
    `|--:|--:|--:|---|--:|--:|--:|--:|--:|--:|`,
    `| ${r.requests} | ${r.requestsPerSecond} | ${r.errors} | ${statuses} | ${r.latencyMs.p50} | ${r.latencyMs.p99} | ${r.latencyMs.max} | ${r.rssMb.start} | ${r.rssMb.peak} | ${r.rssMb.end} |`,
  ].join("\n");
}
