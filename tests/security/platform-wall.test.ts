import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { readPasswordParams } from "#app/auth/credentials.server";
import { createSession } from "#app/auth/session.server";
import { generateToken, hashToken } from "#app/lib/tokens.server";
import { withPlatform, withTenant, type TenantContext } from "#app/db/tenant.server";
import { useTestDatabase } from "#tests/support/db";
import { makeUser } from "#tests/support/factories";
import { makeHouse, makeMember, makeOperator, type OrgFixture } from "#tests/support/houses";

/**
 * SQL sent as the app role (an injection, a compromised dependency) against the platform
 * tables (issue 8, item 6; migration 0011, ADR 017): it cannot forge a session, read a
 * password hash, set a password, mint or spend a reset link, or rewrite rate limits —
 * even with forged tenant settings naming the victim. Runs on PGlite and PostgreSQL: the
 * request role is an ordinary role on both (SET ROLE/RESET ROLE from a real login are in
 * db-login.test.ts, PostgreSQL only).
 */
const t = useTestDatabase();

let victim: { id: string; email: string };
let fx: OrgFixture;

beforeAll(async () => {
  victim = await makeUser();
  fx = await makeOperator();
});

/** As the app role, with settings that claim to be the victim. */
const asVictim = <T>(fn: Parameters<typeof withTenant<T>>[1]) => withPlatform({ userId: victim.id }, fn);
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000);

describe("sessions", () => {
  it("a forged session row is refused, whatever the settings say", async () => {
    const token = generateToken();
    await expect(
      asVictim((tx) => sql`insert into user_session (id, user_id, expires_at) values (${hashToken(token)}, ${victim.id}, ${inDays(1)})`.execute(tx)),
    ).rejects.toThrow(/row-level security|permission denied/);
    await expect(asVictim((tx) => createSession(tx, victim.id, {}))).rejects.toThrow(/row-level security|permission denied/);
    expect(await t.db.selectFrom("user_session").select("id").where("user_id", "=", victim.id).execute()).toEqual([]);
  });

  it("an existing session cannot be extended, re-assigned or marked as two-step verified", async () => {
    const db = t.db;
    const id = hashToken(generateToken());
    await db.insertInto("user_session").values({ id, user_id: victim.id, expires_at: inDays(1) }).execute();
    const other = await makeUser();
    for (const change of [
      sql`update user_session set expires_at = ${inDays(300)} where id = ${id}`,
      sql`update user_session set user_id = ${other.id} where id = ${id}`,
      sql`update user_session set two_factor_at = now() where id = ${id}`,
      sql`update user_session set created_at = now() where id = ${id}`,
    ]) {
      await expect(asVictim((tx) => change.execute(tx))).rejects.toThrow(/permission denied/);
    }
    // Marking needs the raw token, which the database never stores.
    await asVictim((tx) => sql`select auth_mark_two_factor(${id})`.execute(tx));
    expect(await db.selectFrom("user_session").select(["user_id", "two_factor_at"]).where("id", "=", id).executeTakeFirstOrThrow()).toEqual({
      user_id: victim.id,
      two_factor_at: null,
    });
  });

  it("a session is opened after a proof in the same transaction, never in a later one", async () => {
    // auth_end_session with the raw token of a live session proves its user…
    const token = generateToken();
    await t.db.insertInto("user_session").values({ id: hashToken(token), user_id: victim.id, expires_at: inDays(1) }).execute();
    const opened = await asVictim(async (tx) => {
      await sql`select * from auth_end_session(${token})`.execute(tx);
      return createSession(tx, victim.id, {});
    });
    expect(opened.session.userId).toBe(victim.id);
    // …for that transaction only.
    await expect(asVictim((tx) => createSession(tx, victim.id, {}))).rejects.toThrow(/row-level security/);
  });
});

describe("passwords", () => {
  it("no password hash can be read: not as hearth_app, not as hearth_auth", async () => {
    await expect(asVictim((tx) => sql`select password_hash from app_user where id = ${victim.id}`.execute(tx))).rejects.toThrow(/permission denied/);
    await expect(
      asVictim(async (tx) => {
        await sql`select set_config('role', 'hearth_auth', true)`.execute(tx);
        return sql`select password_hash from app_user where id = ${victim.id}`.execute(tx);
      }),
    ).rejects.toThrow(/permission denied/);
    await expect(
      asVictim(async (tx) => {
        await sql`select set_config('role', 'hearth_auth', true)`.execute(tx);
        return sql`select password_hash from signup_request`.execute(tx);
      }),
    ).rejects.toThrow(/permission denied/);
    // What the app may read is the salt and parameters, never the hash.
    const stored = (await t.db.selectFrom("app_user").select("password_hash").where("id", "=", victim.id).executeTakeFirstOrThrow()).password_hash!;
    const params = await asVictim((tx) => readPasswordParams(tx, victim.id));
    expect(stored.startsWith(params!.params)).toBe(true);
    expect(stored.split("$").pop()!.length).toBeGreaterThan(20);
    expect(params!.params).not.toContain(stored.split("$").pop());
  });

  it("a password cannot be set without proof, nor written directly", async () => {
    const forged = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g";
    await expect(asVictim((tx) => sql`select auth_set_password(${victim.id}::uuid, ${forged})`.execute(tx))).rejects.toThrow(/no proof of identity/);
    expect(await asVictim(async (tx) => (await sql<{ ok: boolean }>`select auth_set_password(${victim.id}::uuid, ${forged}, ${"$argon2id$wrong"}) as ok`.execute(tx)).rows[0]!.ok)).toBe(false);
    await expect(
      asVictim(async (tx) => {
        await sql`select set_config('role', 'hearth_auth', true)`.execute(tx);
        return sql`update app_user set password_hash = ${forged} where id = ${victim.id}`.execute(tx);
      }),
    ).rejects.toThrow(/permission denied/);
    // Nor can the email be changed to take the account over through a reset link.
    await expect(asVictim((tx) => sql`update app_user set email = 'attacker@example.test' where id = ${victim.id}`.execute(tx))).rejects.toThrow(
      /permission denied/,
    );
    const row = await t.db.selectFrom("app_user").select(["password_hash", "email"]).where("id", "=", victim.id).executeTakeFirstOrThrow();
    expect(row.password_hash).not.toBe(forged);
    expect(row.email).toBe(victim.email);
  });
});

describe("reset links", () => {
  it("cannot be minted, read or re-opened as the app role", async () => {
    const token = generateToken();
    await expect(
      asVictim((tx) => sql`insert into password_reset_token (id, user_id, expires_at) values (${hashToken(token)}, ${victim.id}, ${inDays(1)})`.execute(tx)),
    ).rejects.toThrow(/permission denied/);
    await expect(asVictim((tx) => sql`select id from password_reset_token`.execute(tx))).rejects.toThrow(/permission denied/);
    await expect(asVictim((tx) => sql`update password_reset_token set used_at = null`.execute(tx))).rejects.toThrow(/permission denied/);
    // Asking the database for a link queues an email to the account; the token is not returned,
    // and the outbox cannot be read back.
    const issued = await asVictim(
      async (tx) =>
        (await sql<{ r: unknown }>`select auth_issue_password_reset(${victim.email}, 3600, 'x', 'link: {token}', 'none') as r`.execute(tx)).rows[0]!.r,
    );
    expect(issued).toBe(victim.id);
    await expect(asVictim((tx) => sql`select payload from outbox`.execute(tx))).rejects.toThrow(/permission denied/);
    // Spending a link needs its token.
    const claimed = await asVictim(async (tx) => (await sql<{ u: string | null }>`select auth_claim_password_reset(${token}) as u`.execute(tx)).rows[0]!.u);
    expect(claimed).toBeNull();
  });
});

describe("rate limits", () => {
  it("cannot be read, cleared wholesale or rewritten as the app role", async () => {
    for (const q of [sql`select key from rate_limit`, sql`delete from rate_limit`, sql`update rate_limit set hits = 0`, sql`insert into rate_limit values ('k', now(), 0)`]) {
      await expect(asVictim((tx) => q.execute(tx))).rejects.toThrow(/permission denied/);
    }
  });
});

describe("disabled members", () => {
  it("have no houses: current_house_ids() ignores a disabled membership", async () => {
    const { houseId } = await makeHouse(fx.owner, { rooms: 1, bedsPerRoom: 1 });
    const staff = await makeMember(fx, "staff", [houseId]);
    const houses = (ctx: TenantContext) => withTenant(ctx, async (tx) => (await sql<{ ids: string[] }>`select current_house_ids() as ids`.execute(tx)).rows[0]!.ids);
    expect(await houses(staff.ctx)).toEqual([houseId]);
    await withTenant(fx.owner, (tx) => tx.updateTable("membership").set({ disabled_at: new Date() }).where("id", "=", staff.membershipId).execute());
    expect(await houses(staff.ctx)).toEqual([]);
    expect(await withTenant(staff.ctx, (tx) => tx.selectFrom("house").select("id").execute())).toEqual([]);
  });
});
