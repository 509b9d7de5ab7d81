import { parse as pgliteParse, protocol, type PGlite } from "@electric-sql/pglite";
import {
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
  type TransactionSettings,
} from "kysely";

/**
 * Kysely dialect for an embedded PGlite instance.
 *
 * PGlite is a single Postgres session, so the driver hands out one connection at a
 * time: acquiring it takes a mutex that is released only when Kysely releases the
 * connection, i.e. after the whole transaction. Concurrent requests therefore queue
 * instead of interleaving statements inside each other's transactions.
 */
export type PGliteDialectOptions = {
  /**
   * Longest wait for the connection (another transaction holds it) before the query fails
   * with a timeout the app answers with 503, like an exhausted pool on PostgreSQL.
   * Unbounded when unset (scripts, tests).
   */
  acquireTimeoutMs?: number;
};

/** The error a bounded wait for the embedded connection ends with (tenant.server.ts: isTimeout). */
export const PGLITE_ACQUIRE_TIMEOUT = "timeout exceeded when waiting for the embedded database";

export class PGliteDialect implements Dialect {
  constructor(
    private readonly pglite: PGlite,
    private readonly options: PGliteDialectOptions = {},
  ) {}
  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    return new PGliteDriver(this.pglite, this.options);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
  createIntrospector(db: Kysely<unknown>) {
    return new PostgresIntrospector(db);
  }
}

class Mutex {
  #tail: Promise<void> = Promise.resolve();
  /**
   * Resolves with the release function once every earlier holder has released. With a
   * timeout, gives up after `timeoutMs`: the place in the queue is kept and released as
   * soon as it is reached, so later waiters are not stuck behind it.
   */
  lock(timeoutMs?: number): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((r) => (release = r));
    const ready = this.#tail.then(() => release);
    this.#tail = this.#tail.then(() => next);
    if (!timeoutMs) return ready;
    return new Promise((resolve, reject) => {
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        reject(new Error(PGLITE_ACQUIRE_TIMEOUT));
      }, timeoutMs);
      void ready.then((r) => {
        clearTimeout(timer);
        if (timedOut) r();
        else resolve(r);
      });
    });
  }
}

class PGliteDriver implements Driver {
  readonly #mutex = new Mutex();
  readonly #connection: PGliteConnection;
  #release: (() => void) | undefined;
  constructor(
    private readonly pglite: PGlite,
    private readonly options: PGliteDialectOptions,
  ) {
    this.#connection = new PGliteConnection(pglite);
  }
  async init() {}
  async acquireConnection(): Promise<DatabaseConnection> {
    this.#release = await this.#mutex.lock(this.options.acquireTimeoutMs);
    return this.#connection;
  }
  async beginTransaction(conn: DatabaseConnection, settings: TransactionSettings) {
    if (settings.isolationLevel || settings.accessMode) {
      const parts = [settings.isolationLevel && `isolation level ${settings.isolationLevel}`, settings.accessMode]
        .filter(Boolean)
        .join(" ");
      await conn.executeQuery(CompiledQuery.raw(`start transaction ${parts}`));
    } else {
      await conn.executeQuery(CompiledQuery.raw("begin"));
    }
  }
  async commitTransaction(conn: DatabaseConnection) {
    await conn.executeQuery(CompiledQuery.raw("commit"));
  }
  async rollbackTransaction(conn: DatabaseConnection) {
    await conn.executeQuery(CompiledQuery.raw("rollback"));
  }
  async savepoint(conn: DatabaseConnection, name: string) {
    await conn.executeQuery(CompiledQuery.raw(`savepoint ${name}`));
  }
  async rollbackToSavepoint(conn: DatabaseConnection, name: string) {
    await conn.executeQuery(CompiledQuery.raw(`rollback to savepoint ${name}`));
  }
  async releaseSavepoint(conn: DatabaseConnection, name: string) {
    await conn.executeQuery(CompiledQuery.raw(`release savepoint ${name}`));
  }
  async releaseConnection() {
    const release = this.#release;
    this.#release = undefined;
    try {
      // The one session must never be handed on inside a transaction (a failed COMMIT or
      // ROLLBACK could leave one open): the next holder's BEGIN would join it.
      if (!this.pglite.closed && this.pglite.isInTransaction()) await this.pglite.exec("rollback");
    } catch {
      /* a closed or broken instance: every later query fails on its own (503) */
    } finally {
      release?.();
    }
  }
  async destroy() {}
}

class PGliteConnection implements DatabaseConnection {
  constructor(private readonly pglite: PGlite) {}
  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    // Like node-postgres: without parameters use the simple protocol, which accepts
    // several statements (migrations); with parameters, the extended protocol.
    if (compiled.parameters.length === 0) {
      const results = await this.pglite.exec(compiled.sql, { rowMode: "object" });
      const last = results.at(-1);
      return {
        rows: (last?.rows ?? []) as R[],
        numAffectedRows: last?.affectedRows === undefined ? undefined : BigInt(last.affectedRows),
      };
    }
    const res = await runPrepared<R>(this.pglite, compiled.sql, compiled.parameters);
    return {
      rows: res.rows,
      numAffectedRows: res.affectedRows === undefined ? undefined : BigInt(res.affectedRows),
    };
  }
  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error("PGlite dialect does not support streaming");
  }
}

/**
 * Statements with parameters run as named prepared statements, as on PostgreSQL
 * (db.server.ts): the session parses and plans each text once and afterwards only binds
 * and executes it. `PGlite.query` parses, describes and plans every call, and planning
 * the RLS policies was most of a page's database time. The wire messages are PGlite's own
 * serialiser and result parser; bind, execute and sync go in one call into the engine.
 */
const preparedBy = new WeakMap<PGlite, Map<string, number[]>>();
const statementNames = new Map<string, string>();
const MAX_NAMED_STATEMENTS = 2000;
const { serialize } = protocol;

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

async function runPrepared<R>(pglite: PGlite, text: string, parameters: readonly unknown[]) {
  if (pglite.closed) throw new Error("PGlite is closed");
  let name = statementNames.get(text);
  if (name === undefined) {
    if (statementNames.size >= MAX_NAMED_STATEMENTS) return pglite.query<R>(text, parameters as unknown[], { rowMode: "object" });
    name = `hearth_${statementNames.size.toString(36)}`;
    statementNames.set(text, name);
  }
  let prepared = preparedBy.get(pglite);
  if (!prepared) preparedBy.set(pglite, (prepared = new Map()));
  let types = prepared.get(name);
  if (!types) {
    const described = await pglite.execProtocol(concat([serialize.parse({ name, text }), serialize.describe({ type: "S", name }), serialize.sync()]), {
      syncToFs: false,
    });
    types = pgliteParse.parseDescribeStatementResults(described.messages);
    prepared.set(name, types);
  }
  const values = parameters.map((value, i) => {
    if (value === null || value === undefined) return null;
    const serializer = pglite.serializers[types[i]!];
    return serializer ? serializer(value) : String(value);
  });
  const { messages } = await pglite.execProtocol(
    concat([serialize.bind({ statement: name, values }), serialize.describe({ type: "P" }), serialize.execute({}), serialize.sync()]),
  );
  return pgliteParse.parseResults(messages, pglite.parsers, { rowMode: "object" })[0]! as unknown as { rows: R[]; affectedRows?: number };
}
