import fs from "node:fs";
import path from "node:path";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { config } from "#app/config.server";
import { logger } from "#app/lib/logger.server";
import { onQueryLog } from "#app/lib/request-context.server";
import { PGliteDialect } from "./pglite-dialect.server";
import { identity, InThreadDatabase, openPglite, parseInt8, type EmbeddedDatabase } from "./pglite-engine.server";
import { WorkerDatabase } from "./pglite-thread.server";
import type { DB } from "./schema";

/**
 * One database handle per process. It lives on globalThis so that every copy of this
 * module (Vite dev server, the server bundle, tests importing source) shares it: two
 * PGlite instances on one data dir would corrupt each other.
 */
export type DbHandle = {
  db: Kysely<DB>;
  kind: "pg" | "pglite";
  /** Only for pg: the connection string (migrations open their own owner connection). */
  databaseUrl?: string;
  /** Only for PGlite: the embedded database, in its own thread or this one (dumps for tests and backups). */
  embedded?: EmbeddedDatabase;
  close(): Promise<void>;
};

const GLOBAL_KEY = "__hearthDb";
type GlobalWithDb = typeof globalThis & { [GLOBAL_KEY]?: Promise<DbHandle> };
const g = globalThis as GlobalWithDb;

// Shared parsers: int8 as number, date/daterange/tstzrange as strings (never local-time Dates);
// the embedded engine's are in pglite-engine.server.ts.
const OID = { INT8: 20, DATE: 1082, DATERANGE: 3912, TSTZRANGE: 3910 } as const;

export function createPgPool(connectionString: string, options: pg.PoolConfig = {}) {
  const typeParsers: Record<number, (v: string) => unknown> = {
    [OID.INT8]: parseInt8,
    [OID.DATE]: identity,
    [OID.DATERANGE]: identity,
    [OID.TSTZRANGE]: identity,
  };
  const c = config();
  const pool = new pg.Pool({
    connectionString,
    max: c.DB_POOL_MAX,
    // Bounded waits: an exhausted pool or an unreachable server answers 503 after this,
    // and one slow statement is cancelled (57014 → 503) instead of holding its connection.
    connectionTimeoutMillis: c.DB_POOL_WAIT_MS,
    statement_timeout: c.DB_STATEMENT_TIMEOUT_MS,
    idle_in_transaction_session_timeout: Math.max(60_000, c.DB_STATEMENT_TIMEOUT_MS),
    keepAlive: true,
    ...options,
    types: {
      getTypeParser: ((oid: number, format?: "text" | "binary") =>
        typeParsers[oid] ?? pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // A connection that breaks (database restart, failover, terminated backend, network
  // blip) emits 'error' on its client; with no listener that crashes the process. The
  // pool listens only while a client is idle, so every client also gets its own
  // listener for the time it is checked out: the query in flight fails (→ 503 in
  // withTenant), the pool drops the dead client on release and opens a fresh one.
  pool.on("error", (error) => logger().warn({ err: error }, "idle database connection lost"));
  pool.on("connect", (client) => {
    client.on("error", (error) => logger().warn({ err: error }, "database connection lost"));
    prepareStatements(client);
  });
  return pool;
}

/**
 * Statement names by SQL text, the same for every connection: a connection parses a
 * statement the first time it runs it and afterwards only binds and executes it, so
 * PostgreSQL can keep its plan. Planning was most of a page's database time: RLS
 * policies make every statement's plan larger than its text (docs/performance.md).
 * The cap bounds what a connection holds if something generates endless distinct texts.
 */
const statementNames = new Map<string, string>();
const MAX_NAMED_STATEMENTS = 2000;

function statementName(text: string): string | undefined {
  let name = statementNames.get(text);
  if (name === undefined && statementNames.size < MAX_NAMED_STATEMENTS) {
    name = `hearth_${statementNames.size.toString(36)}`;
    statementNames.set(text, name);
  }
  return name;
}

/**
 * Send the app's statements as named prepared statements. Only statements with
 * parameters (everything Kysely builds from values) or a single select: a text without
 * parameters may hold several statements (migrations, dumps), which only the simple
 * protocol accepts.
 */
function prepareStatements(client: pg.PoolClient) {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  const named = (text: string, values: unknown[]) => {
    const name = values.length > 0 || /^\s*select\b[^;]*$/i.test(text) ? statementName(text) : undefined;
    return name ? query({ name, text, values }) : query(text, values);
  };
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (first: unknown, ...rest: unknown[]) =>
    typeof first === "string" && rest.length === 1 && Array.isArray(rest[0]) ? named(first, rest[0]) : query(first, ...rest);
}

export { openPglite };

/** The embedded database's data directory cannot be used; the message says why and what to do. */
export class EmbeddedDatabaseError extends Error {
  override readonly name = "EmbeddedDatabaseError";
  constructor(message: string, cause?: unknown) {
    super(message, { cause });
  }
}

function describeOpenError(error: unknown): string {
  const e = error as { name?: string; message?: string; errno?: number } | null;
  if (e?.message?.startsWith("Aborted(")) return "the database engine stopped while reading it";
  if (e?.message) return e.message;
  return e?.errno !== undefined ? `file system error ${e.errno}` : String(error);
}

/**
 * Before PGlite opens a data directory (its own errors at this point are terse: "Aborted()",
 * "ErrnoError 54"): the path must be a directory this process can read and write, and one
 * that is not empty must hold a database (a PG_VERSION file with a version number). An
 * absent directory is created by PGlite (a new, empty database).
 */
export function checkDataDir(dir: string) {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return;
    throw new EmbeddedDatabaseError(`The embedded database directory ${dir} (PGLITE_DIR) cannot be reached: ${code ?? String(error)}.`, error);
  }
  if (!stat.isDirectory()) {
    throw new EmbeddedDatabaseError(`PGLITE_DIR (${dir}) is not a directory. Point it at the database directory, or at a path that does not exist yet to start an empty database.`);
  }
  try {
    fs.accessSync(dir, fs.constants.R_OK | fs.constants.W_OK | fs.constants.X_OK);
  } catch (error) {
    throw new EmbeddedDatabaseError(
      `The embedded database directory ${dir} is not readable and writable by this process (uid ${process.getuid?.() ?? "?"}). Fix its owner or permissions.`,
      error,
    );
  }
  const entries = fs.readdirSync(dir);
  if (entries.length === 0) return;
  let version = "";
  try {
    version = fs.readFileSync(path.join(dir, "PG_VERSION"), "utf8").trim();
  } catch {
    throw new EmbeddedDatabaseError(
      `${dir} (PGLITE_DIR) is not empty but holds no database (no PG_VERSION file). Point PGLITE_DIR at the database directory, or at an empty one.`,
    );
  }
  if (!/^\d+$/.test(version)) {
    throw new EmbeddedDatabaseError(
      `The embedded database at ${dir} is damaged (PG_VERSION reads "${version.slice(0, 20)}"). Restore the latest backup (npm run db:restore, docs/operations.md).`,
    );
  }
}

/** PGlite has no lock on its data dir; take one so a second process fails loudly. */
function lockDataDir(dir: string): () => void {
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const lockPath = `${dir}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockPath, String(process.pid), { flag: "wx" });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          if (fs.readFileSync(lockPath, "utf8") === String(process.pid)) fs.unlinkSync(lockPath);
        } catch {
          /* already gone */
        }
      };
      process.once("exit", release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number.parseInt(fs.readFileSync(lockPath, "utf8"), 10);
      if (holder && holder !== process.pid && isAlive(holder)) {
        throw new EmbeddedDatabaseError(
          `The embedded database at ${dir} is in use by process ${holder}. Stop it first (PGlite allows one process per data dir).`,
        );
      }
      fs.unlinkSync(lockPath); // stale lock from a process that died
    }
  }
  throw new Error(`Could not lock ${dir}`);
}

function isAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export async function createDbHandle(
  opts: {
    databaseUrl?: string;
    pgliteDir?: string;
    pool?: pg.PoolConfig;
    /** PGlite: longest wait for its one connection (default DB_POOL_WAIT_MS), then 503. */
    acquireTimeoutMs?: number;
    /** PGlite: run the engine in its own worker thread (ADR 064) or in this one; default PGLITE_THREAD. */
    engineThread?: "worker" | "main";
  } = {},
): Promise<DbHandle> {
  const databaseUrl = opts.databaseUrl ?? config().DATABASE_URL;
  if (databaseUrl) {
    const pool = createPgPool(databaseUrl, opts.pool);
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), log: onQueryLog });
    return { db, kind: "pg", databaseUrl, close: () => db.destroy() };
  }
  const dir = opts.pgliteDir ?? config().PGLITE_DIR;
  checkDataDir(dir);
  const release = lockDataDir(dir);
  try {
    let embedded: EmbeddedDatabase;
    try {
      embedded =
        (opts.engineThread ?? config().PGLITE_THREAD) === "main"
          ? new InThreadDatabase(await openPglite(dir))
          : await WorkerDatabase.open(dir, { onStop: (error) => logger().error({ err: error }, "the embedded database stopped") });
    } catch (error) {
      throw new EmbeddedDatabaseError(
        `The embedded database at ${dir} could not be opened (${describeOpenError(error)}). Its files may be damaged: ` +
          "restore the latest backup (npm run db:restore, docs/operations.md) or move the directory aside to start an empty one.",
        error,
      );
    }
    const db = new Kysely<DB>({ dialect: new PGliteDialect(embedded, { acquireTimeoutMs: opts.acquireTimeoutMs ?? config().DB_POOL_WAIT_MS }), log: onQueryLog });
    return {
      db,
      kind: "pglite",
      embedded,
      close: async () => {
        await db.destroy();
        await embedded.close();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}

/** The process-wide handle, opened on first use. */
export function getDbHandle(): Promise<DbHandle> {
  g[GLOBAL_KEY] ??= createDbHandle();
  return g[GLOBAL_KEY];
}

export async function getDb(): Promise<Kysely<DB>> {
  return (await getDbHandle()).db;
}

/** Tests and scripts install their own handle (e.g. a per-file database). */
export function setDbHandle(handle: DbHandle | undefined) {
  g[GLOBAL_KEY] = handle ? Promise.resolve(handle) : undefined;
}

export async function closeDb() {
  const current = g[GLOBAL_KEY];
  g[GLOBAL_KEY] = undefined;
  await closeSystemDb();
  await closeWorkerDb();
  if (current) await (await current).close();
}

/** Close the jobs' connection on the migration login, if one was opened. */
export async function closeSystemDb() {
  const system = systemDb;
  systemDb = undefined;
  if (system) await system.db.destroy();
}

let systemDb: { db: Kysely<DB>; for: Kysely<DB> } | undefined;

/**
 * The connection for background jobs that act in an org with no session (maintenance):
 * on PostgreSQL with `MIGRATION_DATABASE_URL`, one connection on that login (a member of
 * hearth_owner, so it may sign a context with `enter_trusted`, ADR 010); otherwise the
 * app's own handle (development: a superuser; PGlite).
 */
export async function getSystemDb(): Promise<Kysely<DB>> {
  const handle = await getDbHandle();
  const url = config().MIGRATION_DATABASE_URL;
  if (handle.kind !== "pg" || !url || url === handle.databaseUrl) return handle.db;
  if (systemDb?.for !== handle.db) {
    const previous = systemDb;
    systemDb = { db: new Kysely<DB>({ dialect: new PostgresDialect({ pool: createPgPool(url, { max: 1 }) }), log: onQueryLog }), for: handle.db };
    if (previous) void previous.db.destroy();
  }
  return systemDb.db;
}

let workerDb: { db: Kysely<DB>; for: Kysely<DB> } | undefined;

/** Close the outbox worker's connection on its own login, if one was opened. */
export async function closeWorkerDb() {
  const worker = workerDb;
  workerDb = undefined;
  if (worker) await worker.db.destroy();
}

/**
 * The outbox worker's connection: on PostgreSQL with `WORKER_DATABASE_URL`, a small pool
 * on that login (a member of hearth_worker only); otherwise the app's own handle
 * (development: a superuser; PGlite). Queued emails hold reset and invitation links, so
 * in production the request login may not become hearth_worker (ADR 010).
 */
export async function getWorkerDb(): Promise<Kysely<DB>> {
  const handle = await getDbHandle();
  const url = config().WORKER_DATABASE_URL;
  if (handle.kind !== "pg" || !url || url === handle.databaseUrl) return handle.db;
  if (workerDb?.for !== handle.db) {
    const previous = workerDb;
    workerDb = { db: new Kysely<DB>({ dialect: new PostgresDialect({ pool: createPgPool(url, { max: 2 }) }), log: onQueryLog }), for: handle.db };
    if (previous) void previous.db.destroy();
  }
  return workerDb.db;
}
