import { parse as pgliteParse, protocol, PGlite, types as pgliteTypes } from "@electric-sql/pglite";
import { btree_gist } from "@electric-sql/pglite/contrib/btree_gist";
import { pgcrypto } from "@electric-sql/pglite/contrib/pgcrypto";

/**
 * The embedded database's engine: opening PGlite with Hearth's extensions and type parsers,
 * and running one statement on it. Used in this thread (tests, restores) and inside the
 * engine's own thread (`pglite.worker.ts`, the server), so it imports nothing from the app.
 */

/** int8 → number; cents and counts always fit in 2^53, refuse silently wrong values. */
export function parseInt8(value: string | bigint): number {
  const n = typeof value === "bigint" ? Number(value) : Number.parseInt(value, 10);
  if (!Number.isSafeInteger(n)) throw new RangeError(`int8 value ${String(value)} exceeds the safe integer range`);
  return n;
}
export const identity = (v: string) => v;

// Shared parsers: int8 as number, date/daterange/tstzrange as strings (never local-time Dates).
export const OID = { INT8: 20, DATE: 1082, DATERANGE: 3912, TSTZRANGE: 3910 } as const;

export async function openPglite(dataDir: string | undefined, loadDataDir?: Blob): Promise<PGlite> {
  return PGlite.create({
    dataDir,
    loadDataDir,
    extensions: { btree_gist, pgcrypto },
    parsers: {
      [pgliteTypes.INT8]: parseInt8,
      [pgliteTypes.DATE]: identity,
      [OID.DATERANGE]: identity,
      [OID.TSTZRANGE]: identity,
    },
  });
}

/** One statement's answer: the rows of its last result (parsed) and the rows it changed. */
export type StatementResult = { rows: unknown[]; affectedRows?: number };

/**
 * The embedded database as the Kysely driver sees it, wherever its engine runs: in this
 * thread (`InThreadDatabase`) or in a worker thread (`WorkerDatabase`, pglite-thread.server.ts).
 */
export interface EmbeddedDatabase {
  /** True once closed, or once its engine's thread stopped: every later call fails with "PGlite is closed". */
  readonly closed: boolean;
  /** One statement: without parameters by the simple protocol (may hold several statements), else prepared. */
  run(sql: string, parameters: readonly unknown[]): Promise<StatementResult>;
  /** Roll back a transaction left open (the driver calls it when a holder gives the connection back). */
  rollbackOpenTransaction(): Promise<void>;
  isInTransaction(): Promise<boolean>;
  /** PGlite's own dump of the data dir (a tar, gzipped with "gzip"). */
  dumpDataDir(compression?: "gzip" | "none" | "auto"): Promise<Blob>;
  close(): Promise<void>;
}

/** PGlite in this thread: tests' short-lived databases, restores, the template dump. */
export class InThreadDatabase implements EmbeddedDatabase {
  constructor(readonly pglite: PGlite) {}
  get closed() {
    return this.pglite.closed;
  }
  run(sql: string, parameters: readonly unknown[]) {
    return runStatement(this.pglite, sql, parameters);
  }
  async rollbackOpenTransaction() {
    if (!this.pglite.closed && this.pglite.isInTransaction()) await this.pglite.exec("rollback");
  }
  async isInTransaction() {
    return this.pglite.isInTransaction();
  }
  dumpDataDir(compression?: "gzip" | "none" | "auto") {
    return this.pglite.dumpDataDir(compression);
  }
  close() {
    return this.pglite.close();
  }
}

/**
 * Like node-postgres: without parameters the simple protocol, which accepts several
 * statements (migrations); with parameters, a named prepared statement.
 */
export async function runStatement(pglite: PGlite, sql: string, parameters: readonly unknown[]): Promise<StatementResult> {
  if (parameters.length === 0) {
    const results = await pglite.exec(sql, { rowMode: "object" });
    const last = results.at(-1);
    return { rows: last?.rows ?? [], affectedRows: last?.affectedRows };
  }
  const res = await runPrepared(pglite, sql, parameters);
  return { rows: res.rows, affectedRows: res.affectedRows };
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

async function runPrepared(pglite: PGlite, text: string, parameters: readonly unknown[]): Promise<StatementResult> {
  if (pglite.closed) throw new Error("PGlite is closed");
  let name = statementNames.get(text);
  if (name === undefined) {
    if (statementNames.size >= MAX_NAMED_STATEMENTS) return pglite.query(text, parameters as unknown[], { rowMode: "object" });
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
  return pgliteParse.parseResults(messages, pglite.parsers, { rowMode: "object" })[0]! as unknown as StatementResult;
}
