// Hearth's HTTP server. Production: serves the built app (`npm run build` first, or
// `npm start`, which builds when needed). Development: `node server.js --dev`.
// Everything app-specific is reached through the server build's entry module, so the
// process holds exactly one copy of each server module (one database handle).
import process from "node:process";
import { clearInterval, clearTimeout, setInterval, setTimeout } from "node:timers";

const dev = process.argv.includes("--dev");
if (!process.env.NODE_ENV) process.env.NODE_ENV = dev ? "development" : "production";

let vite;
if (dev) {
  const { createServer } = await import("vite");
  vite = await createServer({ server: { middlewareMode: true } });
}

let cachedBuild;
const getBuild = dev
  ? () => vite.ssrLoadModule("virtual:remix/server-build")
  : async () => (cachedBuild ??= await import("./build/server/index.js"));

const build = await getBuild();
const app = build.entry.module;
const config = app.config();
const log = app.logger();

let booted;
try {
  booted = await app.boot();
} catch (error) {
  log.fatal({ err: error }, "could not start");
  // One plain line for whoever reads the terminal or the service log.
  console.error(`Hearth could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

const http = app.createHttpApp({ getBuild, vite });
const server = http.listen(config.PORT, config.HOST, () => {
  const url = config.appUrl.origin;
  const lines = [
    "",
    `  Hearth is running at ${url}`,
    `  Database: ${config.DATABASE_URL ? "PostgreSQL (DATABASE_URL)" : `embedded PGlite in ${config.PGLITE_DIR}`}`,
    config.devMailbox ? `  Emails go to the development mailbox: ${url}/dev/mailbox` : "",
    "",
    `  Demo logins (password: ${app.DEMO_PASSWORD})${booted.seeded ? "" : " — if this database holds the demo data"}:`,
    ...app.DEMO_USERS.map((u) => `    ${u.email.padEnd(36)} ${u.role.padEnd(16)} ${app.DEMO_ORGS[u.org].name}`),
    "",
  ];
  console.log(lines.filter((l, i) => l !== "" || i === 0 || lines[i - 1] !== "").join("\n"));
});

// Graceful shutdown: stop accepting, let in-flight requests finish (at most
// SHUTDOWN_GRACE_MS), answer them with `Connection: close`, then stop the worker, close
// the pool and exit 0.
let stopping = false;
const counts = { inFlightAtSignal: 0, finishedAfterSignal: 0, droppedAfterSignal: 0 };
let inFlight = 0;
server.on("request", (_req, res) => {
  inFlight++;
  if (stopping) res.setHeader("Connection", "close");
  res.once("close", () => {
    inFlight--;
    if (!stopping) return;
    if (res.writableFinished) counts.finishedAfterSignal++;
    else counts.droppedAfterSignal++;
  });
});
async function stop(signal) {
  if (stopping) return;
  stopping = true;
  counts.inFlightAtSignal = inFlight;
  log.info({ signal, inFlight }, "shutting down");
  const drained = new Promise((resolve) => server.close(resolve));
  server.closeIdleConnections?.();
  const idle = setInterval(() => server.closeIdleConnections?.(), 100);
  let timer;
  const grace = new Promise((resolve) => {
    timer = setTimeout(() => {
      log.warn({ graceMs: config.SHUTDOWN_GRACE_MS }, "requests still running after the grace period; closing their connections");
      resolve();
    }, config.SHUTDOWN_GRACE_MS);
  });
  await Promise.race([drained, grace]);
  clearTimeout(timer);
  clearInterval(idle);
  server.closeAllConnections?.();
  await app.shutdown(booted).catch((error) => log.error({ err: error }, "shutdown error"));
  await vite?.close();
  log.info(counts, "stopped");
  process.exit(0);
}
process.on("SIGTERM", () => void stop("SIGTERM"));
process.on("SIGINT", () => void stop("SIGINT"));
