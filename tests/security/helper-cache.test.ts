import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { withTenant, type TenantContext, type Tx } from "#app/db/tenant.server";
import { createHouse, setMembershipHouses } from "#app/domain/houses/houses.server";
import { useTestDatabase } from "#tests/support/db";
import { houseInput, makeHouse, makeMember, makeOperator, makeStay, type OrgFixture } from "#tests/support/houses";

/**
 * The RLS helpers keep their answer for the transaction (migration 0066, ADR 066). What is kept
 * is a transaction setting the app role could set itself: these tests forge, replay and
 * outlive it, and check that the helpers answer as if nothing were kept. Runs on PGlite and
 * PostgreSQL.
 */
useTestDatabase();

let a: OrgFixture;
let houseA: string;
let houseB: string;
let manager: { userId: string; membershipId: string; ctx: TenantContext };

beforeAll(async () => {
  a = await makeOperator();
  houseA = (await makeHouse(a.owner)).houseId;
  houseB = (await makeHouse(a.owner)).houseId;
  manager = await makeMember(a, "house_manager", [houseA]);
});

const houseIds = async (tx: Tx) => ((await sql<{ ids: string[] }>`select current_house_ids() as ids`.execute(tx)).rows[0]!.ids ?? []).slice().sort();
const kept = async (tx: Tx, name: string) =>
  (await sql<{ v: string | null }>`select current_setting(${`app.cache.${name}`}, true) as v`.execute(tx)).rows[0]!.v;
const setKept = (tx: Tx, name: string, value: string) => sql`select set_config(${`app.cache.${name}`}, ${value}, true)`.execute(tx);
const visibleHouses = async (tx: Tx) => Number((await sql<{ n: number }>`select count(*)::int as n from house`.execute(tx)).rows[0]!.n);

describe("RLS helpers kept for the transaction (ADR 066)", () => {
  it("keeps a helper's answer once asked, as value and MAC", async () => {
    const seen = await withTenant(manager.ctx, async (tx) => {
      const before = await kept(tx, "house_ids");
      const ids = await houseIds(tx);
      return { before, ids, after: await kept(tx, "house_ids") };
    });
    expect(seen.before ?? "").toBe("");
    expect(seen.ids).toEqual([houseA]);
    expect(seen.after).toMatch(new RegExp(`^\\{${houseA}\\}\\|[0-9a-f]{64}$`));
  });

  it("a kept value the app role wrote itself does not verify: the helper works it out again", async () => {
    const seen = await withTenant(manager.ctx, async (tx) => {
      const mac = (await kept(tx, "house_ids")) ?? "";
      await houseIds(tx);
      const genuine = (await kept(tx, "house_ids"))!;
      // Another house under the genuine MAC, and the genuine value under a made-up MAC.
      await setKept(tx, "house_ids", `{${houseA},${houseB}}|${genuine.split("|")[1]}`);
      const forgedValue = { ids: await houseIds(tx), houses: await visibleHouses(tx) };
      await setKept(tx, "house_ids", `{${houseA},${houseB}}|${"0".repeat(64)}`);
      const forgedMac = { ids: await houseIds(tx), houses: await visibleHouses(tx) };
      await setKept(tx, "house_ids", `{${houseA},${houseB}}`);
      const noMac = await houseIds(tx);
      return { mac, forgedValue, forgedMac, noMac };
    });
    expect(seen.forgedValue).toEqual({ ids: [houseA], houses: 1 });
    expect(seen.forgedMac).toEqual({ ids: [houseA], houses: 1 });
    expect(seen.noMac).toEqual([houseA]);
  });

  it("a value kept in an earlier transaction does not verify in a later one", async () => {
    const earlier = await withTenant(manager.ctx, async (tx) => {
      await houseIds(tx);
      return (await kept(tx, "house_ids"))!;
    });
    // The manager loses house A and gets house B; the old answer replayed must not bring A back.
    await withTenant(a.owner, (tx) => setMembershipHouses(tx, { membershipId: manager.membershipId, houseIds: [houseB] }));
    try {
      const later = await withTenant(manager.ctx, async (tx) => {
        await setKept(tx, "house_ids", earlier);
        return { ids: await houseIds(tx), houses: (await sql<{ id: string }>`select id from house`.execute(tx)).rows.map((r) => r.id) };
      });
      expect(later).toEqual({ ids: [houseB], houses: [houseB] });
    } finally {
      await withTenant(a.owner, (tx) => setMembershipHouses(tx, { membershipId: manager.membershipId, houseIds: [houseA] }));
    }
  });

  it("the app role cannot keep a value of its own choosing, nor compute a MAC", async () => {
    for (const call of [
      sql`select tenant_cache_put('house_ids', '{}')`,
      sql`select tenant_cache_mac('house_ids', '{}')`,
      sql`select tenant_cache_get('house_ids')`,
    ]) {
      await expect(withTenant(manager.ctx, (tx) => call.execute(tx))).rejects.toThrow(/permission denied/);
    }
  });

  it("a write to a helper's inputs in the same transaction is seen by the next statement (a manager's new house)", async () => {
    const seen = await withTenant(manager.ctx, async (tx) => {
      const before = await houseIds(tx);
      const { id } = await createHouse(tx, houseInput({ name: "Kept Cache House" }));
      return { before, id, after: await houseIds(tx), visible: await visibleHouses(tx) };
    });
    expect(seen.before).toEqual([houseA]);
    expect(seen.after).toEqual([houseA, seen.id].sort());
    expect(seen.visible).toBe(2);
  });

  it("a resident's id and homes are kept, and a changed context does not reuse them", async () => {
    const bed = (await makeHouse(a.owner)).bedIds[0]!;
    const tenDaysAgo = new Date(Date.now() - 10 * 86_400_000).toISOString().slice(0, 10);
    const { residentId } = await makeStay(a.owner, bed, tenDaysAgo);
    const resident = await makeMember(a, "resident");
    await withTenant(a.owner, (tx) => sql`update resident set user_id = ${resident.userId}::uuid where id = ${residentId}::uuid`.execute(tx));
    const seen = await withTenant(resident.ctx, async (tx) => {
      const first = (await sql<{ r: string }>`select current_resident_id() as r`.execute(tx)).rows[0]!.r;
      const keptId = await kept(tx, "resident_id");
      const homes = (await sql<{ ids: string[] }>`select current_resident_home_ids() as ids`.execute(tx)).rows[0]!.ids;
      // The same transaction signed for someone else: nothing kept for the resident applies.
      await sql`select set_config('app.role', 'owner', true)`.execute(tx);
      const forgedRole = (await sql<{ r: string | null }>`select current_resident_id() as r`.execute(tx)).rows[0]!.r;
      return { first, keptId, homes, forgedRole };
    });
    expect(seen.first).toBe(residentId);
    expect(seen.keptId).toMatch(new RegExp(`^${residentId}\\|[0-9a-f]{64}$`));
    expect(seen.homes).toHaveLength(1);
    expect(seen.forgedRole).toBeNull();
  });
});
