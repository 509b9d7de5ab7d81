import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { withPlatform, withTenant, type TenantContext, type Tx } from "#app/db/tenant.server";
import { makeFeed } from "#app/domain/calendar/feeds.server";
import { hashToken } from "#app/lib/tokens.server";
import { useTestDatabase } from "#tests/support/db";
import { createTestSession, uniqueEmail } from "#tests/support/factories";
import { makeHouse, makeMember, makeOperator, makeResident, makeStay, type OrgFixture } from "#tests/support/houses";

/**
 * Tenant settings that SQL cannot forge (issue 8, item 6; migration 0021, ADR 010). SQL
 * sent as the app role inside a request transaction (an injection, a compromised
 * dependency) sets `app.org_id`, `app.user_id` or `app.role` itself, or replays the
 * settings of an earlier transaction: the policies then see nothing, because only the
 * database's entry functions sign a context. Runs on PGlite and PostgreSQL (the trusted
 * entry refused to a production login is in db-login.test.ts).
 */
const t = useTestDatabase();

let a: OrgFixture;
let b: OrgFixture;
let staff: { userId: string; ctx: TenantContext };
let ownerToken: string;
let staffToken: string;

beforeAll(async () => {
  a = await makeOperator();
  b = await makeOperator();
  const houseA = await makeHouse(a.owner);
  await makeHouse(b.owner);
  await makeResident(a.owner);
  await makeResident(b.owner);
  staff = await makeMember(a, "staff", [houseA.houseId]);
  ownerToken = (await createTestSession(a.ownerId)).token;
  staffToken = (await createTestSession(staff.userId)).token;
});

const count = async (tx: Tx, table: "house" | "resident" | "membership" | "audit_event") =>
  Number((await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(tx)).rows[0]!.n);

/** A's owner, signed from the live session as the guard does. */
const ownerOfA = (): TenantContext => ({ orgId: a.orgId, userId: a.ownerId, role: "owner", requestId: "req-1", ip: "10.0.0.1", sessionToken: ownerToken });

describe("signed tenant settings", () => {
  it("a context signed from a live session sees its org (the baseline the attacks below lose)", async () => {
    const seen = await withTenant(ownerOfA(), async (tx) => ({ houses: await count(tx, "house"), residents: await count(tx, "resident") }));
    expect(seen).toEqual({ houses: 1, residents: 1 });
    // The role comes from the membership, not from the caller: a staff session asking for
    // owner is refused (a stale or forged view), and signed as staff when it asks for staff.
    await expect(withTenant({ ...ownerOfA(), userId: staff.userId, sessionToken: staffToken }, (tx) => count(tx, "house"))).rejects.toMatchObject({
      init: { status: 409 },
    });
    const role = await withTenant({ ...ownerOfA(), userId: staff.userId, role: "staff", sessionToken: staffToken }, async (tx) =>
      (await sql<{ r: string }>`select current_app_role() as r`.execute(tx)).rows[0]!.r,
    );
    expect(role).toBe("staff");
  });

  it("a forged org id reads nothing, of either org", async () => {
    const seen = await withTenant(ownerOfA(), async (tx) => {
      await sql`select set_config('app.org_id', ${b.orgId}, true)`.execute(tx);
      return { houses: await count(tx, "house"), residents: await count(tx, "resident"), org: (await sql<{ o: string | null }>`select current_org_id() as o`.execute(tx)).rows[0]!.o };
    });
    expect(seen).toEqual({ houses: 0, residents: 0, org: null });
  });

  it("a forged user id or role reads nothing", async () => {
    const asOtherUser = await withTenant(ownerOfA(), async (tx) => {
      await sql`select set_config('app.user_id', ${b.ownerId}, true)`.execute(tx);
      return { memberships: await count(tx, "membership"), user: (await sql<{ u: string | null }>`select current_app_user_id() as u`.execute(tx)).rows[0]!.u };
    });
    expect(asOtherUser).toEqual({ memberships: 0, user: null });
    // Staff may not read the audit log; promoting itself to owner gives nothing at all.
    const promoted = await withTenant({ orgId: a.orgId, userId: staff.userId, role: "staff", sessionToken: staffToken }, async (tx) => {
      await sql`select set_config('app.role', 'owner', true)`.execute(tx);
      return { audit: await count(tx, "audit_event"), houses: await count(tx, "house"), role: (await sql<{ r: string }>`select current_app_role() as r`.execute(tx)).rows[0]!.r };
    });
    expect(promoted).toEqual({ audit: 0, houses: 0, role: "" });
    // Changing the request id or IP the MAC covers voids the context too.
    const movedIp = await withTenant(ownerOfA(), async (tx) => {
      await sql`select set_config('app.ip', '192.0.2.9', true)`.execute(tx);
      return count(tx, "house");
    });
    expect(movedIp).toBe(0);
  });

  it("settings and MAC copied from an earlier transaction read nothing", async () => {
    const stolen = await withTenant(ownerOfA(), async (tx) =>
      (
        await sql<Record<string, string>>`select current_setting('app.org_id') as org_id, current_setting('app.user_id') as user_id,
          current_setting('app.role') as role, current_setting('app.request_id') as request_id, current_setting('app.ip') as ip,
          current_setting('app.mac') as mac`.execute(tx)
      ).rows[0]!,
    );
    expect(stolen.mac).toMatch(/^[0-9a-f]{64}$/);
    const replayed = await withPlatform({ requestId: stolen.request_id, ip: stolen.ip }, async (tx) => {
      await sql`select set_config('app.org_id', ${stolen.org_id}, true), set_config('app.user_id', ${stolen.user_id}, true),
        set_config('app.role', ${stolen.role}, true), set_config('app.mac', ${stolen.mac}, true)`.execute(tx);
      return count(tx, "house");
    });
    expect(replayed).toBe(0);
  });

  it("a MAC made up by the app role reads nothing, and the key cannot be read", async () => {
    const seen = await withPlatform({}, async (tx) => {
      await sql`select set_config('app.org_id', ${a.orgId}, true), set_config('app.role', 'owner', true),
        set_config('app.mac', encode(sha256(convert_to(${a.orgId}, 'UTF8')), 'hex'), true)`.execute(tx);
      return count(tx, "house");
    });
    expect(seen).toBe(0);
    await expect(withPlatform({}, (tx) => sql`select inner_pad from tenant_key`.execute(tx))).rejects.toThrow(/permission denied/);
    await expect(withPlatform({}, (tx) => sql`select tenant_mac(${a.orgId}::uuid, null, 'owner', '', '')`.execute(tx))).rejects.toThrow(/permission denied/);
  });

  it("enter_session refuses a wrong, ended or waiting session, and an org the user is not in", async () => {
    const enter = (token: string, org: string | null = a.orgId) =>
      withPlatform({}, async (tx) => (await sql`select * from enter_session(${token}, ${org}::uuid, null, '', '')`.execute(tx)).rows);
    expect(await enter(ownerToken)).toHaveLength(1);
    expect(await enter("a".repeat(32))).toEqual([]);
    expect(await enter(ownerToken, b.orgId)).toEqual([]);
    const ended = (await createTestSession(a.ownerId)).token;
    await t.db.updateTable("user_session").set({ expires_at: new Date(Date.now() - 1000) }).where("id", "=", sql<string>`encode(sha256(convert_to(${ended}, 'UTF8')), 'hex')`).execute();
    expect(await enter(ended)).toEqual([]);
    const waiting = (await createTestSession(a.ownerId)).token;
    await t.db.updateTable("user_session").set({ two_factor_pending: true }).where("id", "=", sql<string>`encode(sha256(convert_to(${waiting}, 'UTF8')), 'hex')`).execute();
    expect(await enter(waiting)).toEqual([]);
    expect(await enter(waiting, null)).toEqual([]);
    // A request with a wrong token gets no context at all: it is refused before its work runs.
    let ran = false;
    await expect(withTenant({ ...ownerOfA(), sessionToken: "b".repeat(32) }, async () => void (ran = true))).rejects.toMatchObject({ init: { status: 409 } });
    expect(ran).toBe(false);
  });

  it("the narrow entries refuse what they are not for", async () => {
    const run = (entry: ReturnType<typeof sql>) => withPlatform({}, async (tx) => (await sql`select * from ${entry}`.execute(tx)).rows);
    // a user never proven, created or signed in this transaction
    expect(await run(sql`auth_enter_user(${a.ownerId}::uuid, null, '', '')`)).toEqual([]);
    // an org not created in this transaction
    expect(await run(sql`enter_new_org(${a.orgId}::uuid, '', '')`)).toEqual([]);
    // an unknown invitation
    expect(await run(sql`enter_invite(${"c".repeat(32)}, null, '', '')`)).toEqual([]);
    // the public form of an unknown slug
    expect(await run(sql`enter_public_form('no-such-org-slug', '', '')`)).toEqual([]);
    // a calendar feed: an unknown token, or the stored hash instead of the raw token
    expect(await run(sql`enter_feed(${"d".repeat(32)}, '', '')`)).toEqual([]);
    const house = (await withTenant(a.owner, (tx) => tx.selectFrom("house").select("id").executeTakeFirstOrThrow())).id;
    const feed = await withTenant(a.owner, (tx) => makeFeed(tx, { kind: "house", houseId: house }));
    const stored = hashToken(feed.token);
    expect(await run(sql`enter_feed(${stored}, '', '')`)).toEqual([]);
    expect(((await run(sql`enter_feed(${feed.token}, '', '')`)) as { org_id: string; user_id: string; role: string }[]).map((r) => [r.org_id, r.user_id, r.role])).toEqual([[a.orgId, a.ownerId, "owner"]]);
    // the app role no longer has the hash → member lookup it used to set app.user_id by hand
    await expect(run(sql`calendar_feed_holder(${stored})`)).rejects.toThrow(/does not exist/);
  });
});

/**
 * Attacker review, HIGH 1: a house manager made themselves admin through an invitation
 * they wrote. The app role could insert a resident invitation already "claimed"
 * (accepted_at = now()) with a token of its choosing, and enter_invite's admin branch
 * trusted that column. Now only the database claims an invitation (claim_invite), the
 * resident record is linked by one definer function (link_invited_resident), and no entry
 * signs an admin context for an invitation.
 */
describe("an invitation cannot be turned into a higher role", () => {
  const rawToken = (c: string) => c.repeat(32);
  const tokenHash = (raw: string) => sql<string>`encode(sha256(convert_to(${raw}, 'UTF8')), 'hex')`;
  let manager: { userId: string; ctx: TenantContext };
  let residentId: string;
  const asManager = <T>(fn: (tx: Tx) => Promise<T>) => withTenant(manager.ctx, fn);

  beforeAll(async () => {
    const house = await makeHouse(a.owner);
    const m = await makeMember(a, "house_manager", [house.houseId]);
    const token = (await createTestSession(m.userId)).token;
    manager = { userId: m.userId, ctx: { ...m.ctx, sessionToken: token } };
    residentId = (await makeStay(a.owner, house.bedIds[0]!, "2026-01-05")).residentId;
  });

  const insertInvite = (tx: Tx, raw: string, accepted: boolean) =>
    sql`insert into invite (org_id, email, role, resident_id, token_hash, invited_by, expires_at${sql.raw(accepted ? ", accepted_at" : "")})
      values (current_org_id(), ${uniqueEmail("mallory")}, 'resident', ${residentId}::uuid, ${tokenHash(raw)}, current_app_user_id(),
        now() + interval '1 day'${sql.raw(accepted ? ", now()" : "")})`.execute(tx);

  const managerRole = () =>
    withTenant(a.owner, async (tx) =>
      (await tx.selectFrom("membership").select("role").where("user_id", "=", manager.userId).executeTakeFirstOrThrow()).role,
    );

  it("the app role cannot write an invitation's claim, on insert or update", async () => {
    await expect(asManager((tx) => insertInvite(tx, rawToken("m"), true))).rejects.toThrow(/permission denied/);
    await expect(
      asManager(async (tx) => {
        await insertInvite(tx, rawToken("n"), false);
        await sql`select set_config('app.token_hash', ${tokenHash(rawToken("n"))}, true)`.execute(tx);
        return sql`update invite set accepted_at = now() where token_hash = ${tokenHash(rawToken("n"))}`.execute(tx);
      }),
    ).rejects.toThrow(/permission denied/);
  });

  it("no entry signs an admin context for an invitation, and linking needs the invited resident's own account", async () => {
    // The attack as reported: no admin branch any more (the function has no such argument).
    await expect(
      asManager((tx) => sql`select * from enter_invite(${rawToken("p")}, current_app_user_id(), true, 'rid', 'ip')`.execute(tx)),
    ).rejects.toThrow(/function enter_invite\(.*\) does not exist/);
    // Its own pending invitation, claimed by the database in this transaction: signs at
    // most the invited (resident) role, and links nothing to a house manager's account.
    const seen = await asManager(async (tx) => {
      await insertInvite(tx, rawToken("q"), false);
      const claimed = (await sql<{ id: string | null }>`select claim_invite(${rawToken("q")}) as id`.execute(tx)).rows[0]!.id;
      const linked = (await sql<{ ok: boolean }>`select link_invited_resident(${rawToken("q")}, current_app_user_id()) as ok`.execute(tx)).rows[0]!.ok;
      const signed = (await sql<{ role: string }>`select role from enter_invite(${rawToken("q")}, current_app_user_id(), 'rid', 'ip')`.execute(tx)).rows;
      const promoted = await sql`update membership set role = 'admin' where user_id = current_app_user_id()`.execute(tx);
      return { claimed: claimed !== null, linked, signed: signed.map((r) => r.role), promoted: Number(promoted.numAffectedRows ?? 0) };
    });
    expect(seen).toEqual({ claimed: true, linked: false, signed: ["resident"], promoted: 0 });
    expect(await managerRole()).toBe("house_manager");
    const link = await withTenant(a.owner, (tx) => tx.selectFrom("resident").select("user_id").where("id", "=", residentId).executeTakeFirstOrThrow());
    expect(link.user_id).toBeNull();
  });

  it("the reported repro does not make the manager admin", async () => {
    // Exactly the reported steps; each is refused, and the role stays.
    const attempt = asManager(async (tx) => {
      await insertInvite(tx, rawToken("r"), true);
      await sql`select * from enter_invite(${rawToken("r")}, current_app_user_id(), true, 'rid', 'ip')`.execute(tx);
      await sql`update membership set role = 'admin' where user_id = current_app_user_id()`.execute(tx);
    });
    await expect(attempt).rejects.toThrow();
    expect(await managerRole()).toBe("house_manager");
  });
});
