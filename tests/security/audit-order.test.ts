import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { verifyAuditChain, type ChainProblem } from "#app/domain/audit/chain.server";
import { useTestDatabase } from "#tests/support/db";
import { makeOperator, makeResident } from "#tests/support/houses";

/**
 * `npm run audit:verify` refuses a chain that does not follow event order, even when every
 * hash agrees: someone with the database's full rights can rebuild the chain with
 * audit_event_digest, so each rule gets a rebuilt chain that breaks only that rule.
 */
const t = useTestDatabase();

type Seal = { seq: number; event_id: number; sealed_at: Date; created_at: Date };

/** An org whose chain has a few events, each from its own transaction, a little apart. */
async function chainOfFour(): Promise<{ orgId: string; seals: Seal[] }> {
  const op = await makeOperator();
  for (let i = 0; i < 3; i++) {
    await makeResident(op.owner);
    await new Promise((r) => setTimeout(r, 15));
  }
  const seals = await t.db
    .selectFrom("audit_seal as s")
    .innerJoin("audit_event as e", "e.id", "s.event_id")
    .select(["s.seq", "s.event_id", "s.sealed_at", "e.created_at"])
    .where("s.org_id", "=", op.orgId)
    .orderBy("s.seq")
    .execute();
  expect(seals.length).toBeGreaterThanOrEqual(3);
  return { orgId: op.orgId, seals: seals.map((s) => ({ seq: Number(s.seq), event_id: Number(s.event_id), sealed_at: s.sealed_at, created_at: s.created_at })) };
}

/** Rewrite an org's seals as given (in seq order), with every hash recomputed: a chain whose links all agree. */
async function rebuild(orgId: string, seals: Seal[]) {
  await t.db.transaction().execute(async (tx) => {
    await sql`alter table audit_seal disable trigger audit_seal_append_only`.execute(tx);
    await sql`delete from audit_seal where org_id = ${orgId}`.execute(tx);
    let prev: string | null = null;
    for (const s of [...seals].sort((a, b) => a.seq - b.seq)) {
      const { rows } = await sql<{ hash: string }>`
        insert into audit_seal (org_id, seq, event_id, prev_hash, hash, sealed_at)
        select ${orgId}::uuid, ${s.seq}, e.id, ${prev}, audit_event_digest(${prev}, ${s.seq}, e), ${s.sealed_at}
        from audit_event e where e.id = ${s.event_id}
        returning hash`.execute(tx);
      prev = rows[0]!.hash;
    }
    await sql`alter table audit_seal enable trigger audit_seal_append_only`.execute(tx);
  });
}

async function problemsOf(orgId: string): Promise<ChainProblem["kind"][]> {
  const result = await verifyAuditChain(t.db);
  return [...new Set(result.problems.filter((p) => p.orgId === orgId).map((p) => p.kind))].sort();
}

const later = (d: Date, ms: number) => new Date(d.getTime() + ms);

describe("audit:verify checks event order", () => {
  it("a chain rebuilt as it was verifies (the rebuilding itself breaks nothing)", async () => {
    const { orgId, seals } = await chainOfFour();
    await rebuild(orgId, seals);
    expect(await problemsOf(orgId)).toEqual([]);
  });

  it("a gap in the sequence", async () => {
    const { orgId, seals } = await chainOfFour();
    await rebuild(orgId, seals.map((s, i) => (i >= 2 ? { ...s, seq: s.seq + 1 } : s)));
    expect(await problemsOf(orgId)).toEqual(["gap"]);
  });

  it("a chain that does not start at 1", async () => {
    const { orgId, seals } = await chainOfFour();
    await rebuild(orgId, seals.map((s) => ({ ...s, seq: s.seq + 5 })));
    expect(await problemsOf(orgId)).toEqual(["gap"]);
  });

  it("timestamps going backwards", async () => {
    const { orgId, seals } = await chainOfFour();
    // The first seal dated after the second (still after its own event).
    await rebuild(orgId, seals.map((s, i) => (i === 0 ? { ...s, sealed_at: later(seals[1]!.sealed_at, 1) } : s)));
    expect(await problemsOf(orgId)).toEqual(["out_of_order"]);
  });

  it("the sequence going backwards: two seals' positions swapped", async () => {
    const { orgId, seals } = await chainOfFour();
    const [a, b] = [seals[1]!, seals[2]!];
    await rebuild(orgId, seals.map((s) => (s === a ? { ...s, seq: b.seq } : s === b ? { ...s, seq: a.seq } : s)));
    expect(await problemsOf(orgId)).toEqual(["out_of_order"]);
  });

  it("a reordered pair: two events swapped between their seals", async () => {
    const { orgId, seals } = await chainOfFour();
    // Two neighbours from different transactions: the later event was written after the earlier seal.
    const i = seals.findLastIndex((s, k) => k + 1 < seals.length && seals[k + 1]!.created_at > s.sealed_at);
    expect(i).toBeGreaterThanOrEqual(0);
    const [a, b] = [seals[i]!, seals[i + 1]!];
    await rebuild(orgId, seals.map((s) => (s === a ? { ...s, event_id: b.event_id } : s === b ? { ...s, event_id: a.event_id } : s)));
    expect(await problemsOf(orgId)).toEqual(["sealed_before_event"]);
  });
});
