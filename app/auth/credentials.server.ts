import { sql } from "kysely";
import type { Tx } from "#app/db/tenant.server";

/**
 * Password hashes never leave the database (migration 0011, ADR 017): the app reads the
 * stored algorithm, parameters and salt, derives the candidate hash from the typed password
 * (app/auth/password.server.ts), and the database compares. A match proves the user for
 * the rest of the transaction (a session may then be opened for them).
 */
export type PasswordParams = { params: string; hashLength: number };

/** The stored hash's PHC string without the hash (null when the account has no password, is disabled or does not exist). */
export async function readPasswordParams(tx: Tx, userId: string): Promise<PasswordParams | null> {
  const { rows } = await sql<{ params: string; hash_length: number }>`select params, hash_length from auth_password_params(${userId}::uuid)`.execute(tx);
  const row = rows[0];
  return row ? { params: row.params, hashLength: row.hash_length } : null;
}

/** Whether `candidate` is the stored hash; a match proves the user in this transaction. */
export async function provePassword(tx: Tx, userId: string, candidate: string | null): Promise<boolean> {
  const { rows } = await sql<{ ok: boolean }>`select auth_prove_password(${userId}::uuid, ${candidate}) as ok`.execute(tx);
  return rows[0]?.ok === true;
}

/**
 * Store a new hash. With `currentCandidate` (the current password, hashed with the stored
 * parameters), only if it still matches; without, the user must have been proven in this
 * transaction (a reset link, a password just checked). Returns whether it was stored.
 */
export async function setPassword(tx: Tx, userId: string, passwordHash: string, currentCandidate?: string): Promise<boolean> {
  const { rows } = await sql<{ ok: boolean }>`select auth_set_password(${userId}::uuid, ${passwordHash}, ${currentCandidate ?? null}) as ok`.execute(tx);
  return rows[0]?.ok === true;
}
