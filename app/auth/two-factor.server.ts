import { sha256 } from "@oslojs/crypto/sha2";
import { decodeBase32IgnorePadding, encodeBase32UpperCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";
import { createTOTPKeyURI } from "@oslojs/otp";
import { sql } from "kysely";
import { setTenantUser, withPlatform, type Tx } from "#app/db/tenant.server";
import { audit } from "#app/domain/audit/audit.server";
import { DomainError } from "#app/domain/errors.server";
import { hit, clearHits } from "#app/auth/rate-limit.server";
import { completeTwoFactor, findPendingTwoFactor, sessionCookieExpiry, type Session } from "./session.server";

/**
 * Two-step sign-in with an authenticator app (TOTP, RFC 6238: 30-second steps, 6 digits,
 * one step of grace either side) and single-use recovery codes.
 *
 * The database holds and checks them (migration 0021, ADR 028): the secret in
 * app_user.totp_secret and the recovery codes' sha256 hashes in recovery_code are reached
 * only through SECURITY DEFINER functions for the signed-in user (enrol, enable, check,
 * disable, status); no app role reads them. The code is computed in SQL (pgcrypto's
 * hmac); a code is accepted at most once (app_user.totp_last_step, RFC 6238 §5.2), and
 * at most 10 wrong codes per user per 10 minutes. A passed check is the transaction's
 * second-factor proof: for a user with two-step sign-in on, the database opens a full
 * session only with it (otherwise only one waiting for the code).
 */
const PERIOD = 30;
const DIGITS = 6;
export const RECOVERY_CODE_COUNT = 10;
const CODE_ATTEMPTS = { max: 5, windowSeconds: 10 * 60 };

type Meta = { requestId: string | null; ip: string | null; userAgent: string | null };

const hashRecovery = (code: string) => encodeHexLowerCase(sha256(new TextEncoder().encode(code.replace(/[\s-]+/g, "").toLowerCase())));

function newRecoveryCode(): string {
  const bytes = new Uint8Array(8);
  crypto.getRandomValues(bytes);
  const s = encodeBase32UpperCaseNoPadding(bytes).slice(0, 10).toLowerCase();
  return `${s.slice(0, 5)}-${s.slice(5)}`;
}

export type TwoFactorStatus = { enabled: boolean; recoveryCodesLeft: number };

export async function twoFactorStatus(tx: Tx, userId: string): Promise<TwoFactorStatus> {
  const { rows } = await sql<{ enabled: boolean; recovery_codes_left: number }>`
    select enabled, recovery_codes_left from auth_two_factor_status(${userId}::uuid)`.execute(tx);
  const row = rows[0];
  return row?.enabled ? { enabled: true, recoveryCodesLeft: row.recovery_codes_left } : { enabled: false, recoveryCodesLeft: 0 };
}

/**
 * The secret to enrol with: a new one is stored (not yet enabled) unless one is waiting
 * already (auth_totp_enrol, for the signed-in user only). Returns it for the QR code and
 * manual entry, or null when two-step sign-in is on.
 */
export async function pendingEnrolment(tx: Tx, user: { id: string; email: string }): Promise<{ secret: string; uri: string } | null> {
  const key = new Uint8Array(20);
  crypto.getRandomValues(key);
  const { rows } = await sql<{ s: string | null }>`select auth_totp_enrol(${user.id}::uuid, ${encodeBase32UpperCaseNoPadding(key)}) as s`.execute(tx);
  const secret = rows[0]?.s;
  if (!secret) return null;
  return { secret, uri: createTOTPKeyURI("Hearth", user.email, decodeBase32IgnorePadding(secret), PERIOD, DIGITS) };
}

/**
 * Turn two-step sign-in on with a code from the app. Returns the recovery codes (shown
 * once) or null when the code is wrong. The database checks the code (auth_totp_enable);
 * the current session (named by its cookie's token) then counts as having passed it.
 */
export async function enableTwoFactor(tx: Tx, userId: string, sessionToken: string, code: string): Promise<string[] | null> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  const { rows } = await sql<{ ok: boolean }>`
    select auth_totp_enable(${userId}::uuid, ${code.replace(/\s+/g, "")}, ${codes.map(hashRecovery)}::text[]) as ok`.execute(tx);
  if (!rows[0]?.ok) return null;
  await sql`select auth_mark_two_factor(${sessionToken})`.execute(tx);
  await audit(tx, "auth.two_factor_enabled", { type: "user", id: userId });
  return codes;
}

/** Turn it off (a current code or a recovery code is required). */
export async function disableTwoFactor(tx: Tx, userId: string, code: string): Promise<boolean> {
  if (!(await checkSecondFactor(tx, userId, code))) return false;
  const { rows } = await sql<{ ok: boolean }>`select auth_totp_disable(${userId}::uuid) as ok`.execute(tx);
  if (!rows[0]?.ok) return false;
  await audit(tx, "auth.two_factor_disabled", { type: "user", id: userId });
  return true;
}

/**
 * A TOTP code, or an unused recovery code (then spent), checked by the database for the
 * signed-in user (auth_check_second_factor); a pass is this transaction's second-factor
 * proof, without which no full session opens for the user (migration 0021, ADR 028).
 */
async function checkSecondFactor(tx: Tx, userId: string, code: string): Promise<"totp" | "recovery_code" | null> {
  const { rows } = await sql<{ via: "totp" | "recovery_code" | null }>`
    select auth_check_second_factor(${userId}::uuid, ${code.replace(/\s+/g, "")}, ${hashRecovery(code)}) as via`.execute(tx);
  return rows[0]?.via ?? null;
}

export type CodeAccepted = { token: string; expiresAt: Date | null; session: Session };

export const WRONG_CODE = "That code isn't right. Check your app and try again.";

/**
 * The second step of signing in: the code for the session waiting for it. A wrong code
 * is `invalid` on the code field; five wrong codes end the waiting session. With no
 * session waiting (expired, ended) the refusal is `gone` with detail "start_again": the
 * password has to be entered again. Failures are recorded (committed) before the throw.
 */
export async function verifyLoginCode(input: { token: string; code: string; remember: boolean }, meta: Meta): Promise<CodeAccepted> {
  const outcome = await withPlatform(meta, async (tx) => {
    const pending = await findPendingTwoFactor(tx, input.token);
    if (!pending) return "start_again" as const;
    await setTenantUser(tx, pending.userId, { sessionToken: input.token });
    const via = await checkSecondFactor(tx, pending.userId, input.code);
    if (!via) {
      const limit = await hit(tx, `two-factor:session:${pending.sessionId}`, CODE_ATTEMPTS);
      await audit(tx, "auth.two_factor_failed", { type: "user", id: pending.userId });
      if (!limit.allowed) {
        await tx.deleteFrom("user_session").where("id", "=", pending.sessionId).execute();
        return "start_again" as const;
      }
      return "wrong_code" as const;
    }
    await clearHits(tx, `two-factor:session:${pending.sessionId}`);
    const done = await completeTwoFactor(tx, input.token, input.remember);
    if (!done) return "start_again" as const;
    await audit(tx, "auth.login", { type: "user", id: pending.userId }, { via });
    return { token: done.token, expiresAt: sessionCookieExpiry(done.session), session: done.session };
  });
  if (outcome === "wrong_code") throw new DomainError("invalid", WRONG_CODE, { field: "code" });
  if (outcome === "start_again") throw new DomainError("gone", "Your sign-in has ended. Start again with your password.", { detail: "start_again" });
  return outcome;
}
