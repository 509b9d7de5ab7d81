import type { Tx } from "#app/db/tenant.server";

/** End every session of a user (optionally keeping one): sign-out everywhere, off-boarding, password change. */
export async function invalidateUserSessions(tx: Tx, userId: string, exceptSessionId?: string) {
  let q = tx.deleteFrom("user_session").where("user_id", "=", userId);
  if (exceptSessionId) q = q.where("id", "<>", exceptSessionId);
  await q.execute();
}
