import { AsyncLocalStorage } from "node:async_hooks";
import { data } from "@remix-run/node";
import { sql, type ControlledTransaction, type Transaction } from "kysely";
import { currentRequestContext, type RequestContext } from "#app/lib/request-context.server";
import { conflict } from "#app/lib/http.server";
import { logger } from "#app/lib/logger.server";
import { getDb, getSystemDb, getWorkerDb } from "./db.server";
import type { DB } from "./schema";

export type Tx = Transaction<DB>;

/** Who is acting, and where: the values every request transaction carries into Postgres. */
export type TenantContext = {
  orgId: string | null;
  userId: string | null;
  role: string | null;
  requestId?: string | null;
  ip?: string | null;
  /**
   * The raw token of the session acting (the guard sets it). With it, the settings are
   * signed by `enter_session` (the database derives the user and the member's role from
   * the live session); without it, a context with an org, user or role can only be
   * signed by `enter_trusted`, which a production app login may not call (ADR 010).
   */
  sessionToken?: string | null;
};

export const ANONYMOUS: TenantContext = { orgId: null, userId: null, role: null };

/**
 * Run `fn` in a transaction as the unprivileged `hearth_app` role with the tenant
 * settings set transaction-locally (`set_config(..., true)`), so row-level security
 * applies and nothing leaks to the next user of a pooled connection.
 *
 * Everything the app reads or writes goes through here (or `withPlatform`). Domain
 * functions take the `tx` and never reach for the global database.
 *
 * Within a GET/HEAD request (ADR 015) every call shares the request's one transaction:
 * the calls run one after another (the loaders of a page run in parallel), the settings
 * statement is sent only when the context changes, and the HTTP layer commits once the
 * loaders are done (`finishRequestTransaction`). A call that throws rolls the request's
 * transaction back at once, as it would roll back its own; later calls open a new one.
 * Outside a GET (actions) and outside a request each call is its own transaction.
 */
export async function withTenant<T>(ctx: TenantContext, fn: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    const shared = sharedTransaction();
    if (shared) return await inSharedTransaction(shared, ctx, fn);
    const db = await getDb();
    countTransaction();
    return await db.transaction().execute(async (tx) => {
      await applySettings(tx, ctx);
      return fn(tx);
    });
  } catch (error) {
    throw asServiceUnavailable(error) ?? error;
  }
}

const UNREACHABLE = "Hearth can't reach its database right now. Please try again in a minute.";
const BUSY = "Hearth is very busy right now. Please try again in a minute.";

/**
 * A database fault a person can do nothing about but wait: the friendly 503 page (with
 * the request id) for it, or undefined for every other error. The transaction was
 * rolled back (or its connection is gone), so nothing of the request was written.
 */
function asServiceUnavailable(error: unknown) {
  if (isUnavailable(error)) return data({ message: UNREACHABLE }, { status: 503 });
  if (isTimeout(error)) return data({ message: BUSY }, { status: 503 });
  return undefined;
}

/**
 * Switch the transaction to `hearth_app` and set the tenant settings. A context with an
 * org, user or role is signed by the database (migration 0021, ADR 010): the policies'
 * helpers believe `app.org_id`, `app.user_id` and `app.role` only with the `app.mac` an
 * entry function computed for this very transaction. With a session token the entry is
 * `enter_session` (the user and role come from the live session and its membership);
 * without one, `enter_trusted` (EXECUTE for hearth_owner only: superuser and migration
 * logins, i.e. development, tests, seeds and jobs on the migration login); never inside
 * an HTTP request. Both run in the statement that switches to hearth_app, so EXECUTE is
 * checked against the login.
 */
async function applySettings(tx: Tx, ctx: TenantContext) {
  const rid = ctx.requestId ?? "";
  const ip = ctx.ip ?? "";
  // search_path pinned for the transaction: nothing the connection was left with (a
  // schema or temp table shadowing a public one) decides what a name means.
  if (!ctx.orgId && !ctx.userId && !ctx.role) {
    await sql`select set_config('role', 'hearth_app', true),
        set_config('search_path', 'public, pg_catalog, pg_temp', true),
        set_config('app.org_id', '', true),
        set_config('app.user_id', '', true),
        set_config('app.role', '', true),
        set_config('app.mac', '', true),
        set_config('app.request_id', ${rid}, true),
        set_config('app.ip', ${ip}, true)`.execute(tx);
    return;
  }
  // Inside an HTTP request every context is signed from the session or a narrow entry:
  // the trusted entry would work on a development login and fail on a production one.
  if (!ctx.sessionToken && currentRequestContext()) {
    throw new Error("A request's tenant context must be signed from its session (TenantContext.sessionToken) or a narrow entry (ADR 010).");
  }
  const entry = ctx.sessionToken
    ? sql`enter_session(${ctx.sessionToken}, ${ctx.orgId}::uuid, null, ${rid}, ${ip})`
    : sql`enter_trusted(${ctx.orgId}::uuid, ${ctx.userId}::uuid, ${ctx.role ?? ""}, ${rid}, ${ip})`;
  const { rows } = await sql<{ org_id: string | null; user_id: string | null; role: string | null }>`
      select set_config('role', 'hearth_app', true),
        set_config('search_path', 'public, pg_catalog, pg_temp', true),
        set_config('app.request_id', ${rid}, true),
        set_config('app.ip', ${ip}, true),
        set_config('app.mac', coalesce(e.mac, ''), true),
        set_config('app.org_id', coalesce(e.org_id::text, ''), true),
        set_config('app.user_id', coalesce(e.user_id::text, ''), true),
        set_config('app.role', coalesce(e.role, ''), true),
        e.org_id, e.user_id, e.role
      from (select 1) one left join lateral ${entry} e on true`.execute(tx);
  // The database derives the user and role from the session: when they are no longer what
  // the guard saw (a role changed, access removed, the session ended in between), the
  // request acted on a stale view and is refused, with nothing written.
  const signed = rows[0];
  if (
    ctx.sessionToken &&
    (signed?.user_id !== ctx.userId || (signed?.org_id ?? null) !== (ctx.orgId ?? null) || (signed?.role || null) !== (ctx.role || null))
  ) {
    conflict("Your access changed while you were working. Reload the page and try again.");
  }
}

/** The columns that set the four signed settings from an entry's row `e` (see enterSigned). */
const SET_SIGNED = sql`set_config('app.mac', coalesce(e.mac, ''), true),
    set_config('app.org_id', coalesce(e.org_id::text, ''), true),
    set_config('app.user_id', coalesce(e.user_id::text, ''), true),
    set_config('app.role', coalesce(e.role, ''), true)`;
const RID = sql`coalesce(current_setting('app.request_id', true), '')`;
const IP = sql`coalesce(current_setting('app.ip', true), '')`;

/**
 * Switch a running transaction to the context an entry function signs (or to no context
 * at all when it refuses). Returns what was signed, or null.
 */
async function enterSigned(tx: Tx, entry: ReturnType<typeof sql>) {
  const { rows } = await sql<{ org_id: string | null; user_id: string | null; role: string | null }>`
    select e.org_id, e.user_id, e.role, ${SET_SIGNED}
    from (select 1) one left join lateral ${entry} e on true`.execute(tx);
  forgetSettings(tx);
  const row = rows[0];
  return row && (row.org_id || row.user_id) ? row : null;
}

function refused(what: string): never {
  throw new Error(`The database refused to sign the ${what} context.`);
}

function settingsKey(ctx: TenantContext): string {
  return JSON.stringify([ctx.orgId ?? "", ctx.userId ?? "", ctx.role ?? "", ctx.requestId ?? "", ctx.ip ?? ""]);
}

function countTransaction() {
  const rc = currentRequestContext();
  if (rc) rc.transactions++;
}

/** The request's shared transaction: opened by the first call, committed by the HTTP layer. */
type SharedTx = {
  trx: ControlledTransaction<DB> | null;
  /** settingsKey() of the context the open transaction currently carries, or null. */
  applied: string | null;
  /** Calls queue here; each waits for the previous one to finish. */
  tail: Promise<void>;
  /** Set by finishRequestTransaction; later calls get their own transaction. */
  closed: boolean;
};

/** Marks the async scope of a call running in the shared transaction (nested calls do not queue). */
const inCall = new AsyncLocalStorage<true>();

function sharedTransaction(): SharedTx | null {
  const rc = currentRequestContext();
  if (!rc?.shareTransaction || inCall.getStore()) return null;
  rc.tx ??= { trx: null, applied: null, tail: Promise.resolve(), closed: false } satisfies SharedTx;
  const shared = rc.tx as SharedTx;
  return shared.closed ? null : shared;
}

async function inSharedTransaction<T>(shared: SharedTx, ctx: TenantContext, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const previous = shared.tail;
  let done!: () => void;
  shared.tail = new Promise<void>((resolve) => (done = resolve));
  await previous;
  try {
    return await inCall.run(true, async () => {
      if (!shared.trx) {
        shared.applied = null;
        shared.trx = await (await getDb()).startTransaction().execute();
        countTransaction();
      }
      const trx = shared.trx;
      const key = settingsKey(ctx);
      try {
        if (shared.applied !== key) {
          await applySettings(trx, ctx);
          shared.applied = key;
        }
        return await fn(trx);
      } catch (error) {
        shared.trx = null;
        shared.applied = null;
        await trx.rollback().execute().catch(() => undefined);
        throw error;
      }
    });
  } finally {
    done();
  }
}

/**
 * Record that `tx` now carries `ctx`'s settings because a statement set them itself
 * (the guard's membership lookup sets the org and role while it reads them), so the
 * page's `withTenant(ctx)` need not send them again.
 */
export function noteSettingsApplied(tx: Tx, ctx: TenantContext) {
  const shared = currentRequestContext()?.tx as SharedTx | undefined;
  if (shared && shared.trx === tx) shared.applied = settingsKey(ctx);
}

/**
 * Record that `tx`'s settings are no longer known (a statement may have set some of them
 * and the caller will not vouch for the result), so the next `withTenant` sends its own.
 */
export function forgetSettings(tx: Tx) {
  const shared = currentRequestContext()?.tx as SharedTx | undefined;
  if (shared && shared.trx === tx) shared.applied = null;
}

/**
 * End the request's shared transaction, if one was opened: wait for calls in flight,
 * then commit. Called by the HTTP layer after Remix has run the loaders and before the
 * response is sent. A failed commit throws (the request answers 503 or 500, not the page).
 */
export async function finishRequestTransaction(rc: RequestContext, opts: { rollback?: boolean } = {}): Promise<void> {
  const shared = rc.tx as SharedTx | undefined;
  if (!shared || shared.closed) return;
  shared.closed = true;
  await shared.tail;
  const trx = shared.trx;
  shared.trx = null;
  if (!trx) return;
  if (opts.rollback) return void (await trx.rollback().execute().catch(() => undefined));
  try {
    await trx.commit().execute();
  } catch (error) {
    await trx.rollback().execute().catch(() => undefined);
    logger().error({ err: error }, "request transaction failed to commit");
    throw error;
  }
}


/** Connection refused/reset/lost, server shutting down or starting, too many connections, closed pool or PGlite. */
export function isUnavailable(error: unknown): boolean {
  const e = error as { code?: string; message?: string } | null;
  if (!e || typeof e !== "object") return false;
  if (e.code && /^(ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN|57P0[1-5]|53300|08\w{3})$/.test(e.code)) return true;
  // PGlite: a closed instance, or its engine aborted ("Aborted()"): nothing answers until restart.
  return /Connection terminated|Client has encountered a connection error|Client was closed and is not queryable|Cannot use a pool after calling end|PGlite is closed|driver has already been destroyed|^Aborted\(/i.test(
    e.message ?? "",
  );
}

/** A statement cancelled by statement_timeout, or no pooled connection free in time. */
function isTimeout(error: unknown): boolean {
  const e = error as { code?: string; message?: string } | null;
  if (!e || typeof e !== "object") return false;
  if (e.code === "57014") return true; // query_canceled (statement_timeout)
  return /timeout exceeded when trying to connect|timeout exceeded when waiting for the embedded database|Query read timeout/i.test(e.message ?? "");
}

/** Platform work with no org selected (sign-in, sessions, the org list). Still `hearth_app`. */
export function withPlatform<T>(
  meta: { userId?: string | null; requestId?: string | null; ip?: string | null; sessionToken?: string | null },
  fn: (tx: Tx) => Promise<T>,
): Promise<T> {
  return withTenant(
    { orgId: null, role: null, userId: meta.userId ?? null, requestId: meta.requestId, ip: meta.ip, sessionToken: meta.sessionToken },
    fn,
  );
}

/**
 * A job's transaction in an org (maintenance: no user, a fixed role). Signed by the
 * trusted entry, so it runs on the migration login when one is configured
 * (`MIGRATION_DATABASE_URL`, a member of hearth_owner), else on the app's own connection
 * (development: a superuser; PGlite).
 */
export async function withSystem<T>(ctx: TenantContext, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const db = await getSystemDb();
  countTransaction();
  return db.transaction().execute(async (tx) => {
    await applySettings(tx, { ...ctx, sessionToken: null });
    return fn(tx);
  });
}

/**
 * The outbox worker's transaction: role `hearth_worker`, which may read and update the
 * outbox and nothing else. Used only by the job runner (cross-tenant by design), on the
 * worker's own login when `WORKER_DATABASE_URL` is set (production: the request login is
 * not a member of hearth_worker, ADR 010).
 */
export async function withWorker<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  const db = await getWorkerDb();
  countTransaction();
  return db.transaction().execute(async (tx) => {
    await sql`select set_config('role', 'hearth_worker', true), set_config('search_path', 'public, pg_catalog, pg_temp', true)`.execute(tx);
    return fn(tx);
  });
}

/**
 * Act as `userId` with no org for the rest of the transaction: allowed for the user this
 * transaction proved (a password, a reset link, a live session's token), created, or
 * already acts as, or whose live session `sessionToken` names (also one waiting for its
 * second factor). Throws when the database refuses (`soft`: returns false instead).
 */
export async function setTenantUser(tx: Tx, userId: string, opts: { sessionToken?: string | null; soft?: boolean } = {}): Promise<boolean> {
  const row = await enterSigned(tx, sql`auth_enter_user(${userId}::uuid, ${opts.sessionToken ?? null}, ${RID}, ${IP})`);
  if (!row && !opts.soft) refused("user");
  return !!row;
}

/** The public application form of an operator org (the org, no user, no role). */
export async function enterPublicForm(tx: Tx, slug: string): Promise<string | null> {
  return (await enterSigned(tx, sql`enter_public_form(${slug}, ${RID}, ${IP})`))?.org_id ?? null;
}

/**
 * A public certification link's org (the org, no user, no role; ADR 050): the database finds
 * the certification by the link's token and signs the same context as a public form.
 */
export async function enterVerify(tx: Tx, token: string): Promise<string | null> {
  return (await enterSigned(tx, sql`enter_verify(${token}, ${RID}, ${IP})`))?.org_id ?? null;
}

/**
 * An invitation's org and role (its raw token), for no user, the acting user, or one
 * proven or created in this transaction. Never a higher role than the invited one.
 */
export async function enterInvite(tx: Tx, token: string, userId: string | null) {
  const row = await enterSigned(tx, sql`enter_invite(${token}, ${userId}::uuid, ${RID}, ${IP})`);
  if (!row) refused("invitation");
}

/** A calendar feed link's entry: the feed and its member's signed context (`enter_feed`). */
export type FeedEntry = {
  feed_id: string;
  org_id: string;
  user_id: string;
  role: string;
  kind: string;
  resident_id: string | null;
  house_id: string | null;
};

/**
 * Act for the member of the live calendar feed the raw token names (no session: the
 * calendar app fetches the link): the database hashes the token, checks the feed, its
 * member and role, and signs the context (migration 0021). Null, with no context, when it
 * refuses. One statement.
 */
export async function enterFeed(tx: Tx, token: string): Promise<FeedEntry | null> {
  const { rows } = await sql<FeedEntry>`
    select e.feed_id, e.org_id, e.user_id, e.role, e.kind, e.resident_id, e.house_id, ${SET_SIGNED}
    from (select 1) one left join lateral enter_feed(${token}, ${RID}, ${IP}) e on true`.execute(tx);
  forgetSettings(tx);
  const row = rows[0];
  return row?.org_id ? row : null;
}

/** The acting user as the top role of an org created in this transaction (sign-up). */
export async function enterNewOrg(tx: Tx, orgId: string) {
  const row = await enterSigned(tx, sql`enter_new_org(${orgId}::uuid, ${RID}, ${IP})`);
  if (!row) refused("new organisation");
}

/**
 * Switch a running transaction to `orgId` and `role` (and `userId`, else keeping its user), by hand: the
 * trusted entry (EXECUTE for hearth_owner only), so only on a superuser or migration
 * login — tests, seeds and scripts. A production app login is refused (ADR 010); the
 * app's own paths use the narrow entries above.
 */
export async function setTenantOrg(tx: Tx, orgId: string, role: string | null = null, userId: string | null = null) {
  if (currentRequestContext()) throw new Error("setTenantOrg is for tests, seeds and scripts, not requests (ADR 010).");
  // Back to the login for the entry's EXECUTE check, then to the role the caller had.
  const { rows } = await sql<{ r: string }>`select current_user::text as r, set_config('role', 'none', true)`.execute(tx);
  await sql`select set_config('role', ${rows[0]!.r}, true), ${SET_SIGNED}
    from (select 1) one left join lateral enter_trusted(${orgId}::uuid, coalesce(${userId}::uuid, current_app_user_id()), ${role ?? ""}, ${RID}, ${IP}) e on true`.execute(tx);
  forgetSettings(tx);
}

/**
 * Act for the org whose connected Stripe account a verified webhook event names, as the
 * narrow role 'payments_webhook' (no user; migration 0025, ADR 032): it may read and
 * update the org's payment attempts, record events and append online payments and
 * refunds, nothing else. Null, with no context, when no single org has that account.
 */
export async function enterStripeAccount(tx: Tx, account: string): Promise<string | null> {
  return (await enterSigned(tx, sql`enter_stripe_account(${account}, ${RID}, ${IP})`))?.org_id ?? null;
}

/**
 * Act for the live, unexpired pay link the raw token names, as the role
 * 'pay_link:<id>' (no user; migration 0025): it may learn the org's name and the amount
 * due (`pay_link_due()`) and start a family payment. Null when the database refuses.
 */
export async function enterPayLink(tx: Tx, token: string): Promise<{ orgId: string; linkId: string } | null> {
  const { rows } = await sql<{ org_id: string | null; link_id: string | null }>`
    select e.org_id, e.link_id, ${SET_SIGNED}
    from (select 1) one left join lateral enter_pay_link(${token}, ${RID}, ${IP}) e on true`.execute(tx);
  forgetSettings(tx);
  const row = rows[0];
  return row?.org_id && row.link_id ? { orgId: row.org_id, linkId: row.link_id } : null;
}
