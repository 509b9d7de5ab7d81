import path from "node:path";
import { z } from "zod";

/**
 * Typed configuration, read once from the environment. Everything the app can be
 * told from outside is listed here (and in README's configuration table).
 */
const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  APP_URL: z.string().url().optional(),
  DATABASE_URL: z.string().min(1).optional(),
  /**
   * PostgreSQL only: the connection bootstrap and migrations use (a login that is a member
   * of hearth_owner). Defaults to DATABASE_URL; in production DATABASE_URL should be the
   * unprivileged app login (docs/operations.md, "Database roles").
   */
  MIGRATION_DATABASE_URL: z.string().min(1).optional(),
  /**
   * PostgreSQL only: the outbox worker's login (a member of hearth_worker only). Defaults to
   * DATABASE_URL; in production the app's login must not be a member of hearth_worker,
   * which reads queued emails and so reset and invitation links (ADR 010).
   */
  WORKER_DATABASE_URL: z.string().min(1).optional(),
  PGLITE_DIR: z.string().default("./data/pgdata"),
  /** The embedded engine's thread: its own worker thread (default, ADR 064) or the main one (`main`, the earlier behaviour). */
  PGLITE_THREAD: z.enum(["worker", "main"]).default("worker"),
  SMTP_URL: z.string().min(1).optional(),
  MAIL_FROM: z.string().default("Hearth <no-reply@hearth.test>"),
  MAILBOX_DIR: z.string().default("./data/mailbox"),
  ALLOW_DEV_MAILBOX: z.enum(["0", "1"]).optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  /** Load demo data into an empty database at start. Default: on for the embedded database outside production only. */
  SEED_ON_EMPTY: z.enum(["0", "1"]).optional(),
  /** Send X-Query-Count on every response (always on outside production). */
  EXPOSE_QUERY_COUNT: z.enum(["0", "1"]).default("0"),
  WORKER: z.enum(["0", "1"]).default("1"),
  /** PostgreSQL: connections per process. */
  DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  /** Longest wait for a database connection (PostgreSQL: a pooled or new one; PGlite: its one connection) before answering 503. */
  DB_POOL_WAIT_MS: z.coerce.number().int().min(100).max(120_000).default(5_000),
  /** PostgreSQL: longest a request's statement may run before it is cancelled (503). */
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(10_000),
  /** On SIGTERM: how long in-flight requests may take to finish before the process exits anyway. */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
  /** Days after a decline (or withdrawal) before the application is anonymised. */
  APPLICATION_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(180),
  /** Days a sent email's (already redacted) outbox row is kept. */
  OUTBOX_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  /** Uploads (ADR 044): the data folder; files live in DATA_DIR/uploads unless UPLOAD_DIR is set. */
  DATA_DIR: z.string().default("./data"),
  UPLOAD_DIR: z.string().min(1).optional(),
  /** The largest upload accepted, in bytes (default 10 MB). */
  UPLOAD_MAX_BYTES: z.coerce.number().int().min(1024).max(104_857_600).optional(),
  /** An S3-compatible object store for uploads instead of the disk: set S3_BUCKET and the rest. */
  S3_ENDPOINT: z.string().url().optional(),
  S3_BUCKET: z.string().min(1).optional(),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  S3_REGION: z.string().min(1).default("us-east-1"),
});

export type Config = Omit<z.infer<typeof schema>, "SEED_ON_EMPTY" | "UPLOAD_DIR"> & {
  SEED_ON_EMPTY: "0" | "1";
  UPLOAD_DIR: string;
  appUrl: URL;
  secureCookies: boolean;
  devMailbox: boolean;
};

function load(env: NodeJS.ProcessEnv): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const c = parsed.data;
  const appUrl = new URL(c.APP_URL ?? `http://localhost:${c.PORT}`);
  const secureCookies = appUrl.protocol === "https:";
  // Without SMTP, email goes to a local mailbox page. That is only acceptable on a
  // non-public origin unless explicitly allowed (a demo box behind https, say).
  const devMailbox = !c.SMTP_URL;
  if (devMailbox && secureCookies && c.ALLOW_DEV_MAILBOX !== "1") {
    throw new Error(
      "Invalid configuration: APP_URL is https but SMTP_URL is unset. Set SMTP_URL, or ALLOW_DEV_MAILBOX=1 for a demo.",
    );
  }
  return {
    ...c,
    // Demo accounts have a published password: never load them into a server database,
    // nor into any database in production, unless asked to.
    SEED_ON_EMPTY: c.SEED_ON_EMPTY ?? (c.DATABASE_URL || c.NODE_ENV === "production" ? "0" : "1"),
    PGLITE_DIR: path.resolve(c.PGLITE_DIR),
    MAILBOX_DIR: path.resolve(c.MAILBOX_DIR),
    UPLOAD_DIR: path.resolve(c.UPLOAD_DIR ?? path.join(c.DATA_DIR, "uploads")),
    appUrl,
    secureCookies,
    devMailbox,
  };
}

let cached: Config | undefined;
export function config(): Config {
  cached ??= load(process.env);
  return cached;
}
