import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import path from "node:path";
import { freePort } from "./private-pg";

const root = path.resolve(import.meta.dirname, "../..");

export type ChildServer = {
  url: string;
  proc: ChildProcess;
  /** Everything the process printed (stdout and stderr). */
  output(): string;
  /** Resolves with the exit code (or signal) once the process has ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  alive(): boolean;
  kill(signal?: NodeJS.Signals): void;
};

/**
 * The production server (`node server.js`, the built app) as a separate process, so a
 * test can see it crash, send it signals and watch it exit.
 */
const START_MS = 150_000;

export async function startChildServer(env: Record<string, string>): Promise<ChildServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const proc = spawn(process.execPath, ["server.js"], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      PORT: String(port),
      APP_URL: url,
      WORKER: "0",
      SEED_ON_EMPTY: "0",
      LOG_LEVEL: "warn",
      EXPOSE_QUERY_COUNT: "0",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  proc.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  proc.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  let ended = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.once("exit", (code, signal) => {
      ended = true;
      resolve({ code, signal });
    }),
  );
  const server: ChildServer = {
    url,
    proc,
    output: () => out,
    exited,
    alive: () => !ended,
    kill: (signal = "SIGKILL") => {
      if (!ended) proc.kill(signal);
    },
  };
  // A fresh embedded database migrates (65 migrations) and may seed the demo before it
  // listens: about 30 s on a quiet machine, over 60 s when the machine is loaded (stop 23's CI).
  const deadline = Date.now() + START_MS;
  while (Date.now() < deadline) {
    if (ended) throw new Error(`server exited during start:\n${out}`);
    try {
      if ((await request(`${url}/healthz`)).status === 200) return server;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  server.kill();
  throw new Error(`server did not start in ${START_MS / 1000} s:\n${out}`);
}

export type Reply = { status: number; headers: http.IncomingHttpHeaders; body: string };

/**
 * One HTTP request on a new connection (no keep-alive), so a failure can be told apart:
 * ECONNREFUSED means the server never accepted it; anything else (reset, hang up) means
 * an accepted request was dropped.
 */
export function request(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string; timeoutMs?: number } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: init.method ?? "GET", headers: init.headers, agent: false, timeout: init.timeoutMs ?? 30_000 },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(Object.assign(new Error("request timed out"), { code: "ETIMEDOUT" })));
    req.on("error", reject);
    if (init.body) req.write(init.body);
    req.end();
  });
}

export type LoadStats = {
  sent: number;
  byStatus: Record<number, number>;
  /** Transport errors by code (ECONNREFUSED: never accepted; others: dropped after accepting). */
  errors: Record<string, number>;
  /** 5xx other than 503, and 503s without the request id in the page. */
  bad: string[];
};

/**
 * `concurrency` loops, each sending `next(i)` until `until()` says stop (bounded: at most
 * `maxRequests` in all). Loopback only.
 */
export async function driveLoad(opts: {
  base: string;
  concurrency: number;
  until: () => boolean;
  next: (n: number) => { path: string; method?: string; headers?: Record<string, string>; body?: string };
  maxRequests?: number;
  onReply?: (reply: Reply, path: string) => void;
}): Promise<LoadStats> {
  const stats: LoadStats = { sent: 0, byStatus: {}, errors: {}, bad: [] };
  const max = opts.maxRequests ?? 50_000;
  const loop = async () => {
    while (!opts.until() && stats.sent < max) {
      const n = stats.sent++;
      const r = opts.next(n);
      try {
        const reply = await request(opts.base + r.path, r);
        stats.byStatus[reply.status] = (stats.byStatus[reply.status] ?? 0) + 1;
        if (reply.status >= 500 && reply.status !== 503) stats.bad.push(`${r.method ?? "GET"} ${r.path} → ${reply.status}`);
        if (reply.status === 503 && (reply.headers["content-type"] ?? "").includes("html")) {
          const id = String(reply.headers["x-request-id"] ?? "");
          if (!id || !reply.body.includes(id)) stats.bad.push(`${r.path} → 503 without its request id`);
        }
        opts.onReply?.(reply, r.path);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
        stats.errors[code] = (stats.errors[code] ?? 0) + 1;
        // A refused connection is a fast failure: don't spin.
        await new Promise((res) => setTimeout(res, 20));
      }
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, loop));
  return stats;
}

export function countOf(stats: LoadStats, pred: (status: number) => boolean) {
  return Object.entries(stats.byStatus).reduce((n, [s, c]) => (pred(Number(s)) ? n + c : n), 0);
}

/** A complete "add a house" form body (the house page's own fields), for load and crash tests. */
export function houseFormBody(name: string): string {
  return new URLSearchParams({
    intent: "save-house",
    name,
    addressLine1: "12 Cedar Lane",
    city: "Philadelphia",
    region: "PA",
    postalCode: "19104",
    narrLevel: "2",
    timeZone: "America/New_York",
    phone: "215-555-0199",
    populations: "men",
  }).toString();
}
