import { PGlite } from "@electric-sql/pglite";
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
import { InThreadDatabase, type EmbeddedDatabase } from "./pglite-engine.server";

/**
 * Kysely dialect for the embedded database: a PGlite instance in this thread, or one in its
 * own worker thread (`WorkerDatabase`, pglite-thread.server.ts, ADR 064).
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
  private readonly engine: EmbeddedDatabase;
  constructor(
    engine: PGlite | EmbeddedDatabase,
    private readonly options: PGliteDialectOptions = {},
  ) {
    this.engine = engine instanceof PGlite ? new InThreadDatabase(engine) : engine;
  }
  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    return new PGliteDriver(this.engine, this.options);
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
    private readonly engine: EmbeddedDatabase,
    private readonly options: PGliteDialectOptions,
  ) {
    this.#connection = new PGliteConnection(engine);
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
      await this.engine.rollbackOpenTransaction();
    } catch {
      /* a closed or broken instance: every later query fails on its own (503) */
    } finally {
      release?.();
    }
  }
  async destroy() {}
}

class PGliteConnection implements DatabaseConnection {
  constructor(private readonly engine: EmbeddedDatabase) {}
  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    // Like node-postgres: without parameters the simple protocol, which accepts several
    // statements (migrations); with parameters a named prepared statement (pglite-engine.server.ts).
    const res = await this.engine.run(compiled.sql, compiled.parameters);
    return {
      rows: res.rows as R[],
      numAffectedRows: res.affectedRows === undefined ? undefined : BigInt(res.affectedRows),
    };
  }
  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error("PGlite dialect does not support streaming");
  }
}
