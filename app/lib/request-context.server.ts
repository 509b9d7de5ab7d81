import { AsyncLocalStorage } from "node:async_hooks";
import type { LogEvent } from "kysely";

/**
 * Per-request context carried through async calls: counts of SQL statements and
 * transactions (so tests and benchmarks can hold pages to a budget), a memo so the root,
 * layout and page loaders of one request share work such as validating the session, and
 * the request's shared transaction (ADR 015; owned by app/db/tenant.server.ts). The
 * store lives on globalThis so the server bundle and source modules loaded by tests
 * share it.
 */
export type RequestContext = {
  queries: number;
  transactions: number;
  memo: Map<string, Promise<unknown>>;
  /** GET/HEAD: every withTenant/withPlatform of the request runs in one transaction. */
  shareTransaction: boolean;
  /** The shared transaction's state, managed by tenant.server.ts. */
  tx?: unknown;
};
const KEY = "__hearthRequestContext";
const g = globalThis as typeof globalThis & { [KEY]?: AsyncLocalStorage<RequestContext> };
const store = (g[KEY] ??= new AsyncLocalStorage<RequestContext>());

export function newRequestContext(opts: { shareTransaction?: boolean } = {}): RequestContext {
  return { queries: 0, transactions: 0, memo: new Map(), shareTransaction: opts.shareTransaction ?? false };
}

/** The current request's context, or undefined outside a request (tests, seeds, jobs). */
export function currentRequestContext(): RequestContext | undefined {
  return store.getStore();
}

/** Run `fn` (and everything async it starts) within `ctx`. */
export function withRequestContext<T>(ctx: RequestContext, fn: () => T): T {
  return store.run(ctx, fn);
}

/**
 * Compute `fn` once per request for `key` (always recomputed outside a request).
 * Failed computations are not kept, so a retry within the request runs again.
 */
export function memoPerRequest<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const ctx = store.getStore();
  if (!ctx) return fn();
  const hit = ctx.memo.get(key) as Promise<T> | undefined;
  if (hit) return hit;
  const p = fn();
  ctx.memo.set(key, p);
  p.catch(() => ctx.memo.delete(key));
  return p;
}

export type CapturedStatement = { sql: string; parameters: readonly unknown[] };
const SINK = "__hearthStatementSink";
const sink = globalThis as typeof globalThis & { [SINK]?: CapturedStatement[] };

/** Tests: collect every statement the process runs into `into` (undefined stops). */
export function captureStatements(into: CapturedStatement[] | undefined) {
  sink[SINK] = into;
}

/** Kysely `log` hook. Transaction control statements (begin/commit) are not counted. */
export function onQueryLog(event: LogEvent) {
  if (event.level !== "query" && event.level !== "error") return;
  sink[SINK]?.push({ sql: event.query.sql, parameters: event.query.parameters });
  const ctx = store.getStore();
  if (ctx && !/^(begin|commit|rollback|start transaction|savepoint|release)/i.test(event.query.sql.trimStart())) ctx.queries++;
}
