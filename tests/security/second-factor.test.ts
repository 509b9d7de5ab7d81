import { encodeBase32UpperCaseNoPadding } from "@oslojs/encoding";
import { generateHOTP } from "@oslojs/otp";
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { provePassword, readPasswordParams } from "#app/auth/credentials.server";
import { passwordCandidate } from "#app/auth/password.server";
import { setTenantUser, withPlatform, type Tx } from "#app/db/tenant.server";
import { generateToken, hashToken } from "#app/lib/tokens.server";
import { useTestDatabase } from "#tests/support/db";
import { makeUser, TEST_PASSWORD } from "#tests/support/factories";

/**
 * The second factor at the database level (issue 8, item 6; migration 0021, ADR 028). SQL
 * sent as the app role (or any role its login may become) cannot read TOTP secrets or
 * recovery codes, and a proven password alone opens only a session waiting for the code:
 * a full session needs a code (or a recovery code) checked by the database in the same
 * transaction. Runs on PGlite and PostgreSQL.
 */
const t = useTestDatabase();

const key = new Uint8Array(20).map((_, i) => (i * 37 + 11) % 256);
const secret = encodeBase32UpperCaseNoPadding(key);
const stepNow = () => Math.floor(Date.now() / 30_000);
const codeAt = (step: number) => generateHOTP(key, BigInt(step), 6);
const recovery = "abcde-fghij";
const recoveryHash = (c: string) =>
  sql<string>`encode(sha256(convert_to(${c.replace(/[\s-]+/g, "").toLowerCase()}, 'UTF8')), 'hex')`;

let user: { id: string; email: string };

async function withTwoFactor(): Promise<{ id: string; email: string }> {
  const u = await makeUser();
  await t.db.updateTable("app_user").set({ totp_secret: secret, totp_enabled_at: new Date() }).where("id", "=", u.id).execute();
  await sql`insert into recovery_code (user_id, code_hash) values (${u.id}, ${recoveryHash(recovery)})`.execute(t.db);
  return u;
}

beforeAll(async () => {
  user = await withTwoFactor();
});

/** As sign-in does: the typed password checked by the database, then the user's signed context. */
async function provePasswordOf(tx: Tx, userId: string) {
  const { candidate } = await passwordCandidate(await readPasswordParams(tx, userId), TEST_PASSWORD);
  expect(await provePassword(tx, userId, candidate)).toBe(true);
  await setTenantUser(tx, userId);
}

const insertSession = (tx: Tx, userId: string, opts: { pending: boolean; twoFactorAt?: boolean }) =>
  sql`insert into user_session (id, user_id, expires_at, two_factor_pending, two_factor_at)
    values (${hashToken(generateToken())}, ${userId}, now() + interval '1 hour', ${opts.pending}, ${opts.twoFactorAt ? sql`now()` : null})`.execute(tx);

describe("the second factor in the database", () => {
  it("no role the app may become reads a TOTP secret, a step or a recovery code", async () => {
    for (const role of ["hearth_app", "hearth_auth", "hearth_worker"]) {
      const as = <T>(q: ReturnType<typeof sql<T>>) =>
        withPlatform({}, async (tx) => {
          await sql.raw(`set local role ${role}`).execute(tx);
          return q.execute(tx);
        });
      await expect(as(sql`select totp_secret from app_user where id = ${user.id}`)).rejects.toThrow(/permission denied/);
      await expect(as(sql`select totp_last_step from app_user where id = ${user.id}`)).rejects.toThrow(/permission denied/);
      await expect(as(sql`select code_hash from recovery_code`)).rejects.toThrow(/permission denied/);
      await expect(as(sql`update app_user set totp_secret = ${secret} where id = ${user.id}`)).rejects.toThrow(/permission denied/);
    }
  });

  it("a proven password opens only a waiting session; a full one needs a code the database checked", async () => {
    await expect(withPlatform({}, async (tx) => {
      await provePasswordOf(tx, user.id);
      return insertSession(tx, user.id, { pending: false });
    })).rejects.toThrow(/row-level security/);
    await expect(withPlatform({}, async (tx) => {
      await provePasswordOf(tx, user.id);
      return insertSession(tx, user.id, { pending: false, twoFactorAt: true });
    })).rejects.toThrow(/row-level security/);
    // The waiting session is allowed.
    await withPlatform({}, async (tx) => {
      await provePasswordOf(tx, user.id);
      await insertSession(tx, user.id, { pending: true });
    });
    // A wrong code proves nothing.
    await expect(withPlatform({}, async (tx) => {
      await provePasswordOf(tx, user.id);
      const via = (await sql<{ via: string | null }>`select auth_check_second_factor(${user.id}::uuid, '000000', 'x') as via`.execute(tx)).rows[0]!.via;
      expect(via).toBeNull();
      return insertSession(tx, user.id, { pending: false, twoFactorAt: true });
    })).rejects.toThrow(/row-level security/);
    // The right code does.
    const via = await withPlatform({}, async (tx) => {
      await provePasswordOf(tx, user.id);
      const v = (await sql<{ via: string | null }>`select auth_check_second_factor(${user.id}::uuid, ${codeAt(stepNow())}, 'x') as via`.execute(tx)).rows[0]!.via;
      await insertSession(tx, user.id, { pending: false, twoFactorAt: true });
      return v;
    });
    expect(via).toBe("totp");
  });

  it("a code works once; a recovery code works once; only for the signed-in user", async () => {
    const u = await withTwoFactor();
    const check = (userId: string, code: string, signAs: string | null = userId) =>
      withPlatform({}, async (tx) => {
        if (signAs) await provePasswordOf(tx, signAs);
        return (await sql<{ via: string | null }>`select auth_check_second_factor(${userId}::uuid, ${code}, ${recoveryHash(code)}) as via`.execute(tx)).rows[0]!.via;
      });
    const code = codeAt(stepNow() + 1);
    expect(await check(u.id, code, user.id)).toBeNull(); // another user's context
    expect(await check(u.id, code, null)).toBeNull(); // no context
    expect(await check(u.id, code)).toBe("totp");
    expect(await check(u.id, code)).toBeNull(); // replay
    expect(await check(u.id, recovery)).toBe("recovery_code");
    expect(await check(u.id, recovery)).toBeNull();
  });

  it("guessing codes stops after 10 wrong ones: then even the right code is refused", async () => {
    const u = await withTwoFactor();
    const check = (code: string) =>
      withPlatform({}, async (tx) => {
        await provePasswordOf(tx, u.id);
        return (await sql<{ via: string | null }>`select auth_check_second_factor(${u.id}::uuid, ${code}, 'x') as via`.execute(tx)).rows[0]!.via;
      });
    const right = codeAt(stepNow());
    const wrong = right === "123456" ? "654321" : "123456";
    for (let i = 0; i < 10; i++) expect(await check(wrong)).toBeNull();
    expect(await check(right)).toBeNull();
  });

  it("marking a session as past the second factor, or turning it off, needs that proof", async () => {
    const u = await withTwoFactor();
    const token = generateToken();
    await t.db.insertInto("user_session").values({ id: hashToken(token), user_id: u.id, expires_at: new Date(Date.now() + 3_600_000) }).execute();
    const marked = await withPlatform({}, async (tx) => {
      await provePasswordOf(tx, u.id);
      return (await sql<{ ok: boolean }>`select auth_mark_two_factor(${token}) as ok`.execute(tx)).rows[0]!.ok;
    });
    expect(marked).toBe(false);
    const off = await withPlatform({}, async (tx) => {
      await provePasswordOf(tx, u.id);
      return (await sql<{ ok: boolean }>`select auth_totp_disable(${u.id}::uuid) as ok`.execute(tx)).rows[0]!.ok;
    });
    expect(off).toBe(false);
    const row = await t.db.selectFrom("app_user").select(["totp_enabled_at"]).where("id", "=", u.id).executeTakeFirstOrThrow();
    expect(row.totp_enabled_at).not.toBeNull();
  });
});
