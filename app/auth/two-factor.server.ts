import { sha256 } from "@oslojs/crypto/sha2";
import { decodeBase32IgnorePadding, encodeBase32UpperCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";
import { createTOTPKeyURI, verifyHOTP } from "@oslojs/otp";
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
 * A code is accepted at most once (RFC 6238 §5.2): app_user.totp_last_step holds the step
 * of the last accepted code, and only a code for a later step is accepted; the step is
 * claimed with a conditional update, so two requests racing with one code cannot both win.
 *
 * The secret is stored in app_user.totp_secret, which only hearth_auth may read or write
 * (migration 0007). Recovery codes are stored as sha256 hashes
 * in recovery_code (hearth_auth only) and each works once.
 */
const PERIOD = 30;
const DIGITS = 6;
export const RECOVERY_CODE_COUNT = 10;
const CODE_ATTEMPTS = { max: 5, windowSeconds: 10 * 60 };

type Meta = { requestId: string | null; ip: string | null; userAgent: string | null };

async function asAuth<T>(tx: Tx, fn: () => Promise<T>): Promise<T> {
  await sql`select set_config('role', 'hearth_auth', true)`.execute(tx);
  try {
    return await fn();
  } finally {
    await sql`select set_config('role', 'hearth_app', true)`.execute(tx);
  }
}

async function readSecret(tx: Tx, userId: string): Promise<{ secret: string | null; enabledAt: Date | null }> {
  const row = await asAuth(tx, () => tx.selectFrom("app_user").select(["totp_secret", "totp_enabled_at"]).where("id", "=", userId).executeTakeFirst());
  return { secret: row?.totp_secret ?? null, enabledAt: row?.totp_enabled_at ?? null };
}

/** The time step (30-second counter) a code belongs to, within one step of now; null if none. */
export function matchingStep(secret: string, code: string, now = Date.now()): number | null {
  const clean = code.replace(/\s+/g, "");
  if (!/^\d{6}$/.test(clean)) return null;
  const key = decodeBase32IgnorePadding(secret);
  const current = Math.floor(now / (PERIOD * 1000));
  for (const step of [current - 1, current, current + 1]) {
    if (verifyHOTP(key, BigInt(step), DIGITS, clean)) return step;
  }
  return null;
}

/**
 * Accept a TOTP code once: true if it matches a step later than the last accepted one,
 * which it then becomes (as hearth_auth, in the caller's transaction).
 */
async function acceptTotp(tx: Tx, userId: string, secret: string, code: string): Promise<boolean> {
  const step = matchingStep(secret, code);
  if (step === null) return false;
  const claimed = await asAuth(tx, () =>
    tx
      .updateTable("app_user")
      .set({ totp_last_step: step })
      .where("id", "=", userId)
      .where((eb) => eb.or([eb("totp_last_step", "is", null), eb("totp_last_step", "<", step)]))
      .returning("id")
      .executeTakeFirst(),
  );
  return Boolean(claimed);
}

const hashRecovery = (code: string) => encodeHexLowerCase(sha256(new TextEncoder().encode(code.replace(/[\s-]+/g, "").toLowerCase())));

function newRecoveryCode(): string {
  const bytes = new Uint8Array(8);
  crypto.getRandomValues(bytes);
  const s = encodeBase32UpperCaseNoPadding(bytes).slice(0, 10).toLowerCase();
  return `${s.slice(0, 5)}-${s.slice(5)}`;
}

export type TwoFactorStatus = { enabled: boolean; recoveryCodesLeft: number };

export async function twoFactorStatus(tx: Tx, userId: string): Promise<TwoFactorStatus> {
  const user = await tx.selectFrom("app_user").select("totp_enabled_at").where("id", "=", userId).executeTakeFirst();
  if (!user?.totp_enabled_at) return { enabled: false, recoveryCodesLeft: 0 };
  await setTenantUser(tx, userId);
  const left = await asAuth(tx, () =>
    tx.selectFrom("recovery_code").select((eb) => eb.fn.countAll<number>().as("n")).where("user_id", "=", userId).where("used_at", "is", null).executeTakeFirstOrThrow(),
  );
  return { enabled: true, recoveryCodesLeft: Number(left.n) };
}

/**
 * The secret to enrol with: a new one is stored (not yet enabled) unless one is waiting
 * already. Returns it for the QR code and manual entry.
 */
export async function pendingEnrolment(tx: Tx, user: { id: string; email: string }): Promise<{ secret: string; uri: string } | null> {
  const current = await readSecret(tx, user.id);
  if (current.enabledAt) return null;
  let secret = current.secret;
  if (!secret) {
    const key = new Uint8Array(20);
    crypto.getRandomValues(key);
    secret = encodeBase32UpperCaseNoPadding(key);
    const s = secret;
    await asAuth(tx, () => tx.updateTable("app_user").set({ totp_secret: s }).where("id", "=", user.id).execute());
  }
  return { secret, uri: createTOTPKeyURI("Hearth", user.email, decodeBase32IgnorePadding(secret), PERIOD, DIGITS) };
}

/**
 * Turn two-step sign-in on with a code from the app. Returns the recovery codes (shown
 * once) or null when the code is wrong. The current session (named by its cookie's token)
 * counts as having passed it.
 */
export async function enableTwoFactor(tx: Tx, userId: string, sessionToken: string, code: string): Promise<string[] | null> {
  const { secret, enabledAt } = await readSecret(tx, userId);
  if (!secret || enabledAt) return null;
  await setTenantUser(tx, userId);
  if (!(await acceptTotp(tx, userId, secret, code))) return null;
  await asAuth(tx, () => tx.updateTable("app_user").set({ totp_enabled_at: sql<Date>`now()` }).where("id", "=", userId).execute());
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await asAuth(tx, async () => {
    await tx.deleteFrom("recovery_code").where("user_id", "=", userId).execute();
    await tx.insertInto("recovery_code").values(codes.map((c) => ({ user_id: userId, code_hash: hashRecovery(c) }))).execute();
  });
  await sql`select auth_mark_two_factor(${sessionToken})`.execute(tx);
  await audit(tx, "auth.two_factor_enabled", { type: "user", id: userId });
  return codes;
}

/** Turn it off (a current code or a recovery code is required). */
export async function disableTwoFactor(tx: Tx, userId: string, code: string): Promise<boolean> {
  await setTenantUser(tx, userId);
  if (!(await checkSecondFactor(tx, userId, code))) return false;
  await asAuth(tx, async () => {
    await tx.updateTable("app_user").set({ totp_secret: null, totp_enabled_at: null, totp_last_step: null }).where("id", "=", userId).execute();
    await tx.deleteFrom("recovery_code").where("user_id", "=", userId).execute();
  });
  await audit(tx, "auth.two_factor_disabled", { type: "user", id: userId });
  return true;
}

/** A TOTP code, or an unused recovery code (then spent). */
async function checkSecondFactor(tx: Tx, userId: string, code: string): Promise<"totp" | "recovery_code" | null> {
  const { secret, enabledAt } = await readSecret(tx, userId);
  if (!secret || !enabledAt) return null;
  if (await acceptTotp(tx, userId, secret, code)) return "totp";
  const spent = await asAuth(tx, () =>
    tx
      .updateTable("recovery_code")
      .set({ used_at: sql<Date>`now()` })
      .where("user_id", "=", userId)
      .where("code_hash", "=", hashRecovery(code))
      .where("used_at", "is", null)
      .returning("code_hash")
      .executeTakeFirst(),
  );
  return spent ? "recovery_code" : null;
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
