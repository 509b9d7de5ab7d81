// The server Playwright starts for end-to-end tests (playwright.config.ts → webServer).
// Every run gets a fresh database, seeded with the demo world:
//  - TEST_DATABASE_URL set: a new database hearth_e2e_<time>_<pid> on that PostgreSQL server,
//    dropped again when the server stops;
//  - otherwise: embedded PGlite in a new temporary directory (never ./data).
// Then it runs server.js in this very process, so the process Playwright stops is the
// server itself (server.js shuts down cleanly on SIGTERM/SIGINT).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import process from "node:process";
import pg from "pg";
import { buildIfStaleUnlocked, withLock } from "./build-if-stale.js";

const root = path.resolve(import.meta.dirname, "..");
process.chdir(root);

const port = process.env.E2E_PORT ?? "3100";
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "hearth-e2e-"));
const cleanups = [() => fs.rmSync(tmp, { recursive: true, force: true })];

// The server bundle is one module, loaded once at start; the browser's assets are read
// from disk per request. Serve them from a snapshot taken under the build lock, so a
// rebuild of ./build by a concurrent run (new hashed file names) cannot pull them from
// under this server. server.js serves build/client relative to the working directory.
try {
  withLock(() => {
    buildIfStaleUnlocked();
    fs.cpSync(path.join(root, "build/client"), path.join(tmp, "build/client"), { recursive: true });
  });
} catch (error) {
  console.error(`e2e-server: ${error instanceof Error ? error.message : String(error)}`);
  fs.rmSync(tmp, { recursive: true, force: true });
  process.exit(1);
}
process.chdir(tmp);

function withDatabaseName(url, database) {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

const serverUrl = process.env.TEST_DATABASE_URL;
if (serverUrl) {
  const adminUrl = withDatabaseName(serverUrl, "postgres");
  const name = `hearth_e2e_${Date.now()}_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await dropStaleDatabases(admin);
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  process.env.DATABASE_URL = withDatabaseName(serverUrl, name);
  // Runs from the 'exit' handler, where only synchronous work is possible.
  cleanups.unshift(() => {
    const script = `
      const pg = require("pg");
      const c = new pg.Client({ connectionString: process.argv[1] });
      c.connect().then(() => c.query("drop database if exists ${name} with (force)")).finally(() => c.end());`;
    const r = spawnSync(process.execPath, ["-e", script, adminUrl], { cwd: root, stdio: "pipe", timeout: 15_000 });
    if (r.status !== 0) process.stderr.write(`e2e-server: could not drop database ${name}: ${r.stderr}\n`);
  });
} else {
  delete process.env.DATABASE_URL;
  process.env.PGLITE_DIR = path.join(tmp, "pgdata");
}

Object.assign(process.env, {
  NODE_ENV: "production",
  PORT: port,
  HOST: "127.0.0.1",
  APP_URL: `http://127.0.0.1:${port}`,
  MAILBOX_DIR: path.join(tmp, "mailbox"),
  UPLOAD_DIR: path.join(tmp, "uploads"),
  SEED_ON_EMPTY: "1",
  WORKER: "1",
  LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? "warn",
  // Parallel browsers on one embedded database on a shared machine: a long queue for its one
  // connection is load, not the fault the 5-second default answers with 503.
  DB_POOL_WAIT_MS: process.env.DB_POOL_WAIT_MS ?? "30000",
  // Online payment against a fake Stripe on loopback (ADR 032): tests/e2e/online-payment.spec.ts
  // starts it on E2E_PORT + 1000. Nothing is reached until a Pay or Connect button is pressed,
  // and the demo seed connects no account, so other specs see no Pay button.
  STRIPE_SECRET_KEY: "sk_test_e2e_fake",
  STRIPE_WEBHOOK_SECRET: "whsec_test_hearth_fake_secret",
  STRIPE_API_BASE: `http://127.0.0.1:${Number(port) + 1000}`,
});
delete process.env.SMTP_URL;

process.on("exit", () => {
  for (const cleanup of cleanups) {
    try {
      cleanup();
    } catch {
      // best effort
    }
  }
});

await import("../server.js");

/** Databases left behind by runs that were killed (SIGKILL skips cleanup): older than 6 hours. */
async function dropStaleDatabases(admin) {
  const { rows } = await admin.query(`select datname from pg_database where datname ~ '^hearth_e2e_[0-9]+_[0-9]+$'`);
  for (const { datname } of rows) {
    const started = Number(datname.split("_")[2]);
    if (Date.now() - started > 6 * 60 * 60 * 1000) {
      await admin.query(`drop database if exists ${datname} with (force)`).catch(() => {});
    }
  }
}
