import { Kysely, PostgresDialect, sql } from "kysely";
import { describe, expect, inject, it } from "vitest";
import { createPgPool, setDbHandle, type DbHandle } from "#app/db/db.server";
import type { DB } from "#app/db/schema";
import { withTenant, type TenantContext } from "#app/db/tenant.server";
import { admitResident } from "#app/domain/admissions/stays.server";
import { isDomainError } from "#app/domain/errors.server";
import { createResident } from "#app/domain/residents/residents.server";
import { addDays, todayIn } from "#app/lib/dates";
import { useTestDatabase } from "#tests/support/db";
import { makeHouse, makeOperator, residentInput } from "#tests/support/houses";

/**
 * 50 admissions of different residents into the same bed for overlapping dates:
 * exactly one succeeds, the other 49 get the domain's conflict error, one stay exists.
 */
const t = useTestDatabase();
const ATTEMPTS = 50;
const isServer = inject("dbTemplate").kind === "pg";
const today = todayIn("America/New_York");

/** Each attempt creates its resident, then (optionally) waits for every other attempt, then admits. */
function attempt(ctx: TenantContext, bedId: string, i: number, barrier?: () => Promise<void>) {
  return withTenant(ctx, async (tx) => {
    const { id } = await createResident(tx, residentInput());
    await barrier?.();
    return admitResident(tx, { residentId: id, bedId, moveInDate: addDays(today, i % 7) });
  });
}

function makeBarrier(parties: number) {
  let arrived = 0;
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  return async () => {
    if (++arrived === parties) open();
    await gate;
  };
}

async function assertExactlyOneWins(orgId: string, bedId: string, results: PromiseSettledResult<unknown>[]) {
  const won = results.filter((r) => r.status === "fulfilled");
  const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
  const unexpected = lost.filter((r) => !isDomainError(r.reason, "conflict")).map((r) => String(r.reason));
  expect(unexpected).toEqual([]);
  expect(won).toHaveLength(1);
  expect(lost).toHaveLength(ATTEMPTS - 1);
  expect(new Set(lost.map((r) => (r.reason as Error).message))).toEqual(
    new Set(["That bed is already taken or reserved for some of those dates."]),
  );
  const rows = await sql<{ stays: number; residents: number }>`
    select (select count(*)::int from stay where org_id = ${orgId} and bed_id = ${bedId}) as stays,
      (select count(*)::int from resident where org_id = ${orgId}) as residents`.execute(t.db);
  // The losers' residents were rolled back with their failed admission.
  expect(rows.rows[0]).toEqual({ stays: 1, residents: 1 });
}

describe("concurrent admissions to one bed", () => {
  it.runIf(isServer)(`${ATTEMPTS} transactions on ${ATTEMPTS} parallel connections: exactly one succeeds`, async () => {
    const fx = await makeOperator();
    const h = await makeHouse(fx.owner, { bedsPerRoom: 1 });
    const bedId = h.bedIds[0]!;
    // A pool big enough for every attempt to hold its own connection at the same time.
    const pool = createPgPool(t.handle.databaseUrl!, { max: ATTEMPTS });
    const wide: DbHandle = { db: new Kysely<DB>({ dialect: new PostgresDialect({ pool }) }), kind: "pg", close: async () => {} };
    setDbHandle(wide);
    try {
      const barrier = makeBarrier(ATTEMPTS);
      const results = await Promise.allSettled(Array.from({ length: ATTEMPTS }, (_, i) => attempt(fx.owner, bedId, i, barrier)));
      await assertExactlyOneWins(fx.orgId, bedId, results);
    } finally {
      setDbHandle(t.handle);
      await wide.db.destroy();
    }
  });

  it(`${ATTEMPTS} attempts started together through the app's own handle (PGlite serializes them): exactly one succeeds`, async () => {
    const fx = await makeOperator();
    const h = await makeHouse(fx.owner, { bedsPerRoom: 1 });
    const bedId = h.bedIds[0]!;
    const results = await Promise.allSettled(Array.from({ length: ATTEMPTS }, (_, i) => attempt(fx.owner, bedId, i)));
    await assertExactlyOneWins(fx.orgId, bedId, results);
  });
});
