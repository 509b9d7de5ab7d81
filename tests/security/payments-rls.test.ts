import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { enterPayLink, withTenant, type TenantContext, type Tx } from "#app/db/tenant.server";
import { hashToken, generateToken } from "#app/lib/tokens.server";
import { addDays, todayIn } from "#app/lib/dates";
import { useTestDatabase } from "#tests/support/db";
import { makeHouse, makeMember, makeOperator, makeStay, type OrgFixture } from "#tests/support/houses";

/**
 * Row-level security of the online payment tables (migration 0025, ADR 032), role × table
 * × verb, in SQL with the app's own signed settings. Each attempt is rolled back.
 * A cell is the number of rows seen or written, or "denied".
 */
const t = useTestDatabase();
const today = todayIn("America/New_York");

type Outcome = number | "denied";
class Rollback extends Error {}

async function attempt(ctx: TenantContext, fn: (tx: Tx) => Promise<number>): Promise<Outcome> {
  let outcome: Outcome = "denied";
  try {
    await withTenant(ctx, async (tx) => {
      outcome = await fn(tx);
      throw new Rollback();
    });
  } catch (error) {
    if (error instanceof Rollback) return outcome;
    // Another org's member naming this org's rows is refused by the composite foreign keys.
    if (/row-level security|permission denied|violates foreign key constraint/.test(String(error))) return "denied";
    throw error;
  }
  return outcome;
}

const ROLES = ["owner", "admin", "house_manager", "staff", "resident", "other_resident", "outside_manager", "certifier_admin", "other_org_owner"] as const;
type Who = (typeof ROLES)[number];
const ctx = {} as Record<Who, TenantContext>;
let fx: OrgFixture;
let mine: { residentId: string; stayId: string };
let houseId = "";
let attemptId = "";
let linkId = "";
let linkToken = "";

beforeAll(async () => {
  fx = await makeOperator();
  const home = await makeHouse(fx.owner, { rooms: 1, bedsPerRoom: 2 });
  const elsewhere = await makeHouse(fx.owner, { rooms: 1, bedsPerRoom: 1 });
  houseId = home.houseId;
  mine = await makeStay(fx.owner, home.bedIds[0]!, addDays(today, -5));
  const other = await makeStay(fx.owner, home.bedIds[1]!, addDays(today, -5));
  const residentUser = await makeMember(fx, "resident");
  const otherUser = await makeMember(fx, "resident");
  await withTenant(fx.owner, async (tx) => {
    await tx.updateTable("resident").set({ user_id: residentUser.userId }).where("id", "=", mine.residentId).execute();
    await tx.updateTable("resident").set({ user_id: otherUser.userId }).where("id", "=", other.residentId).execute();
    await tx.insertInto("org_payment_account").values({ org_id: fx.orgId, stripe_account_id: "acct_1RlsTest000001", charges_enabled: true }).execute();
    attemptId = crypto.randomUUID();
    await tx.insertInto("payment_attempt").values({ id: attemptId, org_id: fx.orgId, resident_id: mine.residentId, house_id: houseId, stay_id: mine.stayId, amount_cents: 1000, currency: "USD", payer: "resident" }).execute();
    linkId = crypto.randomUUID();
    linkToken = generateToken();
    await tx.insertInto("pay_link").values({ id: linkId, org_id: fx.orgId, resident_id: mine.residentId, token_hash: hashToken(linkToken), expires_at: new Date(Date.now() + 86_400_000) }).execute();
  });
  ctx.owner = fx.owner;
  ctx.admin = (await makeMember(fx, "admin")).ctx;
  ctx.house_manager = (await makeMember(fx, "house_manager", [home.houseId])).ctx;
  ctx.staff = (await makeMember(fx, "staff", [home.houseId])).ctx;
  ctx.outside_manager = (await makeMember(fx, "house_manager", [elsewhere.houseId])).ctx;
  ctx.resident = residentUser.ctx;
  ctx.other_resident = otherUser.ctx;
  ctx.certifier_admin = { orgId: fx.orgId, userId: fx.ownerId, role: "certifier_admin" };
  ctx.other_org_owner = (await makeOperator()).owner;
});

const count = (q: { execute(): Promise<unknown[]> }) => q.execute().then((r) => r.length);

describe("online payment tables × roles", () => {
  it("org_payment_account: owners/admins read and write it; others learn only whether Pay is available", async () => {
    const read: Record<string, Outcome> = {};
    const ready: Record<string, Outcome> = {};
    const write: Record<string, Outcome> = {};
    for (const who of ROLES) {
      read[who] = await attempt(ctx[who], (tx) => count(tx.selectFrom("org_payment_account").selectAll()));
      ready[who] = await attempt(ctx[who], async (tx) => ((await sql<{ a: string | null }>`select org_online_payment_account() as a`.execute(tx)).rows[0]?.a ? 1 : 0));
      write[who] = await attempt(ctx[who], async (tx) => Number((await tx.updateTable("org_payment_account").set({ charges_enabled: false }).executeTakeFirst()).numUpdatedRows));
    }
    expect(read).toEqual({ owner: 1, admin: 1, house_manager: 0, staff: 0, resident: 0, other_resident: 0, outside_manager: 0, certifier_admin: 0, other_org_owner: 0 });
    expect(ready).toEqual({ owner: 1, admin: 1, house_manager: 1, staff: 1, resident: 1, other_resident: 1, outside_manager: 1, certifier_admin: 0, other_org_owner: 0 });
    expect(write).toEqual({ owner: 1, admin: 1, house_manager: 0, staff: 0, resident: 0, other_resident: 0, outside_manager: 0, certifier_admin: 0, other_org_owner: 0 });
  });

  it("payment_attempt: read by admins, the house's team and the resident; written by none of them after it starts", async () => {
    const read: Record<string, Outcome> = {};
    const update: Record<string, Outcome> = {};
    const insertForMine: Record<string, Outcome> = {};
    for (const who of ROLES) {
      read[who] = await attempt(ctx[who], (tx) => count(tx.selectFrom("payment_attempt").select("id").where("id", "=", attemptId)));
      update[who] = await attempt(ctx[who], async (tx) => Number((await tx.updateTable("payment_attempt").set({ status: "succeeded" }).where("id", "=", attemptId).executeTakeFirst()).numUpdatedRows));
      insertForMine[who] = await attempt(ctx[who], async (tx) => {
        await tx.insertInto("payment_attempt").values({ org_id: sql<string>`current_org_id()`, resident_id: mine.residentId, house_id: houseId, stay_id: mine.stayId, amount_cents: 500, currency: "USD", payer: "resident" }).execute();
        return 1;
      });
    }
    expect(read).toEqual({ owner: 1, admin: 1, house_manager: 1, staff: 1, resident: 1, other_resident: 0, outside_manager: 0, certifier_admin: 0, other_org_owner: 0 });
    expect(update).toEqual({ owner: 0, admin: 0, house_manager: 0, staff: 0, resident: 0, other_resident: 0, outside_manager: 0, certifier_admin: 0, other_org_owner: 0 });
    expect(insertForMine).toEqual({
      owner: 1, admin: 1, house_manager: 1, staff: 1, resident: 1,
      other_resident: "denied", outside_manager: "denied", certifier_admin: "denied", other_org_owner: "denied",
    });
  });

  it("pay_link: admins, the resident's house team and the resident see and make it; others do not", async () => {
    const read: Record<string, Outcome> = {};
    const make: Record<string, Outcome> = {};
    const revoke: Record<string, Outcome> = {};
    for (const who of ROLES) {
      read[who] = await attempt(ctx[who], (tx) => count(tx.selectFrom("pay_link").select("id").where("id", "=", linkId)));
      make[who] = await attempt(ctx[who], async (tx) => {
        await tx.insertInto("pay_link").values({ org_id: sql<string>`current_org_id()`, resident_id: mine.residentId, token_hash: hashToken(generateToken()), expires_at: new Date(Date.now() + 86_400_000) }).execute();
        return 1;
      });
      revoke[who] = await attempt(ctx[who], async (tx) => Number((await tx.updateTable("pay_link").set({ revoked_at: new Date() }).where("id", "=", linkId).executeTakeFirst()).numUpdatedRows));
    }
    const expected = { owner: 1, admin: 1, house_manager: 1, staff: 1, resident: 1, other_resident: 0, outside_manager: 0, certifier_admin: 0, other_org_owner: 0 };
    expect(read).toEqual(expected);
    expect(revoke).toEqual(expected);
    expect(make).toEqual({ ...expected, other_resident: "denied", outside_manager: "denied", certifier_admin: "denied", other_org_owner: "denied" });
  });

  it("pay_link: a turned-off link can't be turned back on, by anyone (review finding 2)", async () => {
    const offId = crypto.randomUUID();
    await t.db.insertInto("pay_link").values({ id: offId, org_id: fx.orgId, resident_id: mine.residentId, token_hash: hashToken(generateToken()), expires_at: new Date(Date.now() + 86_400_000) }).execute();
    await withTenant(ctx.owner, (tx) => tx.updateTable("pay_link").set({ revoked_at: new Date() }).where("id", "=", offId).execute());
    for (const who of ["owner", "admin", "house_manager", "resident"] as const) {
      // Un-revoking: refused by the policy's check or the trigger.
      await expect(
        withTenant(ctx[who], (tx) => tx.updateTable("pay_link").set({ revoked_at: null }).where("id", "=", offId).execute()),
        who,
      ).rejects.toThrow(/row-level security|cannot be changed/);
      // Nor re-dated (the trigger).
      await expect(
        withTenant(ctx[who], (tx) => tx.updateTable("pay_link").set({ revoked_at: new Date(Date.now() + 365 * 86_400_000) }).where("id", "=", offId).execute()),
        who,
      ).rejects.toThrow(/cannot be changed/);
    }
    // Even the table's owner can't.
    await expect(sql`update pay_link set revoked_at = null where id = ${offId}`.execute(t.db)).rejects.toThrow(/cannot be changed/);
  });

  it("stripe_event: only the webhook's role writes it; admins read it; no one changes it", async () => {
    const write: Record<string, Outcome> = {};
    for (const who of ROLES) {
      write[who] = await attempt(ctx[who], async (tx) => {
        await tx.insertInto("stripe_event").values({ org_id: sql<string>`current_org_id()`, event_id: "evt_1Forged", type: "payment_intent.succeeded", stripe_created_at: new Date() }).execute();
        return 1;
      });
    }
    expect(Object.values(write).every((o) => o === "denied")).toBe(true);
    // Even the database administrator cannot change or delete a stored event.
    await t.db.insertInto("stripe_event").values({ org_id: fx.orgId, event_id: "evt_1Stored", type: "charge.refunded", stripe_created_at: new Date() }).execute();
    await expect(sql`update stripe_event set type = 'x' where event_id = 'evt_1Stored'`.execute(t.db)).rejects.toThrow();
    await expect(sql`delete from stripe_event where event_id = 'evt_1Stored'`.execute(t.db)).rejects.toThrow();
    const read: Record<string, Outcome> = {};
    for (const who of ROLES) read[who] = await attempt(ctx[who], (tx) => count(tx.selectFrom("stripe_event").select("event_id")));
    expect(read).toEqual({ owner: 1, admin: 1, house_manager: 0, staff: 0, resident: 0, other_resident: 0, outside_manager: 0, certifier_admin: 0, other_org_owner: 0 });
  });

  it("a pay link's context: its own link and attempts only, family payments for its resident only", async () => {
    const asLink = <T>(fn: (tx: Tx) => Promise<T>) =>
      withTenant({ orgId: null, userId: null, role: null }, async (tx) => {
        const entered = await enterPayLink(tx, linkToken);
        expect(entered?.linkId).toBe(linkId);
        return fn(tx);
      });
    expect(await asLink((tx) => count(tx.selectFrom("pay_link").select("id")))).toBe(1);
    expect(await asLink((tx) => count(tx.selectFrom("payment_attempt").select("id")))).toBe(0);
    expect(await asLink((tx) => count(tx.selectFrom("resident").select("id")))).toBe(0);
    expect(await asLink((tx) => count(tx.selectFrom("ledger_entry").select("id")))).toBe(0);
    const due = await asLink(async (tx) => (await sql<{ org_name: string; resident_id: string }>`select * from pay_link_due()`.execute(tx)).rows);
    expect(due).toHaveLength(1);
    const family = (resident: string, payer: "family" | "resident") =>
      asLink((tx) =>
        tx.insertInto("payment_attempt").values({ org_id: sql<string>`current_org_id()`, resident_id: resident, house_id: houseId, stay_id: mine.stayId, amount_cents: 500, currency: "USD", payer, pay_link_id: payer === "family" ? linkId : null }).execute(),
      );
    await expect(family(mine.residentId, "resident")).rejects.toThrow(/row-level security/);
    await expect(family(mine.residentId, "family")).resolves.toBeTruthy();
    // An unknown or malformed token signs nothing.
    expect(await withTenant({ orgId: null, userId: null, role: null }, (tx) => enterPayLink(tx, generateToken()))).toBeNull();
  });
});
