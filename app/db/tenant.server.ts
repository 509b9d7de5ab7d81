import { data } from "@remix-run/node";
import { sql, type Transaction } from "kysely";
import { getDb } from "./db.server";
import type { DB } from "./schema";

export type Tx = Transaction<DB>;

/** Who is acting, and where: the values every request transaction carries into Postgres. */
export type TenantContext = {
  orgId: string | null;
  userId: string | null;
  role: string | null;
  requestId?: string | null;
  ip?: string | null;
};

export const ANONYMOUS: TenantContext = { orgId: null, userId: null, role: null };

/**
 * Run `fn` in one transaction as the unprivileged `hearth_app` role with the tenant
 * settings set transaction-locally (`set_config(..., true)`), so row-level security
 * applies and nothing leaks to the next user of a pooled connection.
 *
 * Everything the app reads or writes goes through here (or `withPlatform`). Domain
 * functions take the `tx` and never reach for the global database.
 */
export async function withTenant<T>(ctx: TenantContext, fn: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    const db = await getDb();
    return await db.transaction().execute(async (tx) => {
      // search_path pinned for the transaction: nothing the connection was left with (a
      // schema or temp table shadowing a public one) decides what a name means.
      await sql`select set_config('role', 'hearth_app', true),
        set_config('search_path', 'public, pg_catalog, pg_temp', true),
        set_config('app.org_id', ${ctx.orgId ?? ""}, true),
        set_config('app.user_id', ${ctx.userId ?? ""}, true),
        set_config('app.role', ${ctx.role ?? ""}, true),
        set_config('app.request_id', ${ctx.requestId ?? ""}, true),
        set_config('app.ip', ${ctx.ip ?? ""}, true)`.execute(tx);
      return fn(tx);
    });
  } catch (error) {
    if (isUnavailable(error)) {
      throw data({ message: "Hearth can't reach its database right now. Please try again in a minute." }, { status: 503 });
    }
    throw error;
  }
}

/** Connection refused/reset, server shutting down, too many connections, closed pool or PGlite. */
export function isUnavailable(error: unknown): boolean {
  const e = error as { code?: string; message?: string } | null;
  if (!e) return false;
  if (e.code && /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|57P0[1-3]|53300|08\w{3})$/.test(e.code)) return true;
  return /Connection terminated|Cannot use a pool after calling end|PGlite is closed|driver has already been destroyed/i.test(e.message ?? "");
}

/** Platform work with no org selected (sign-in, sessions, the org list). Still `hearth_app`. */
export function withPlatform<T>(
  meta: { userId?: string | null; requestId?: string | null; ip?: string | null },
  fn: (tx: Tx) => Promise<T>,
): Promise<T> {
  return withTenant({ orgId: null, role: null, userId: meta.userId ?? null, requestId: meta.requestId, ip: meta.ip }, fn);
}

/**
 * The outbox worker's transaction: role `hearth_worker`, which may read and update the
 * outbox and nothing else. Used only by the job runner (cross-tenant by design).
 */
export async function withWorker<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  const db = await getDb();
  return db.transaction().execute(async (tx) => {
    await sql`select set_config('role', 'hearth_worker', true), set_config('search_path', 'public, pg_catalog, pg_temp', true)`.execute(tx);
    return fn(tx);
  });
}

/** Switch the active org inside a running transaction (e.g. accepting an invite). */
export async function setTenantOrg(tx: Tx, orgId: string, role: string | null = null) {
  await sql`select set_config('app.org_id', ${orgId}, true), set_config('app.role', ${role ?? ""}, true)`.execute(tx);
}

export async function setTenantUser(tx: Tx, userId: string) {
  await sql`select set_config('app.user_id', ${userId}, true)`.execute(tx);
}
