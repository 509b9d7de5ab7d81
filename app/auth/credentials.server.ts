import { sql } from "kysely";
import type { Tx } from "#app/db/tenant.server";

/**
 * Password hashes are readable and writable only by the `hearth_auth` role (column
 * grants in migration 0001): ordinary request transactions, running as `hearth_app`,
 * cannot select `app_user.password_hash`. These helpers switch to `hearth_auth` for one
 * statement and back, inside the caller's transaction.
 */
async function asAuth<T>(tx: Tx, fn: () => Promise<T>): Promise<T> {
  await sql`select set_config('role', 'hearth_auth', true)`.execute(tx);
  try {
    return await fn();
  } finally {
    await sql`select set_config('role', 'hearth_app', true)`.execute(tx);
  }
}

/** The stored hash for a user (null when the account has no password or does not exist). */
export async function readPasswordHash(tx: Tx, userId: string): Promise<string | null> {
  const row = await asAuth(tx, () => tx.selectFrom("app_user").select("password_hash").where("id", "=", userId).executeTakeFirst());
  return row?.password_hash ?? null;
}

/**
 * Store a new hash. With `expected`, only if the stored hash is still that one (no
 * change in between); returns whether a row was updated.
 */
export async function writePasswordHash(tx: Tx, userId: string, passwordHash: string, expected?: string | null): Promise<boolean> {
  return asAuth(tx, async () => {
    let q = tx
      .updateTable("app_user")
      .set({ password_hash: passwordHash, password_changed_at: sql<Date>`now()` })
      .where("id", "=", userId);
    if (expected !== undefined) q = expected === null ? q.where("password_hash", "is", null) : q.where("password_hash", "=", expected);
    const res = await q.executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  });
}
