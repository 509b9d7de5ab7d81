import { sql, type Kysely } from "kysely";

/**
 * The audit log's hash chain (migration 0006): every audit_event is sealed, when its
 * transaction commits, into audit_seal with its position in its org's chain (seq), the
 * previous seal's hash and sha256 over both and every column of the event. Changing,
 * removing or inserting an event behind the chain's back breaks it here.
 *
 * The chain must also follow event order (seals are written at commit, one at a time per
 * chain, under an advisory lock): seq counts 1, 2, 3… with no gap; a seal is never dated
 * before the previous seal of its chain; and an event is never created after the seal
 * that claims it. A rebuilt chain whose hashes all agree still fails if its events were
 * reordered, renumbered or re-dated.
 *
 * Runs with the rights of whoever connects (the owner role or an administrator; RLS gives
 * hearth_owner read access to both tables). Not a request path: `npm run audit:verify`.
 */
export type ChainProblem = {
  /**
   * changed: the event differs from what was sealed; unsealed: an event with no seal;
   * missing_event: a seal whose event is gone; broken_link: a seal's previous hash is not
   * the previous seal's; org_mismatch: sealed into another org's chain; gap: seq does not
   * follow the previous seal's by one (or the chain does not start at 1); out_of_order: a
   * seal dated before the previous seal of its chain (time or sequence going backwards);
   * sealed_before_event: the event was created after the seal that claims it (a pair of
   * events swapped between seals).
   */
  kind: "changed" | "unsealed" | "missing_event" | "broken_link" | "org_mismatch" | "gap" | "out_of_order" | "sealed_before_event";
  eventId: number;
  orgId: string | null;
  seq: number | null;
};
export type ChainHead = { orgId: string | null; seq: number; hash: string };

export async function verifyAuditChain(db: Kysely<any>): Promise<{ ok: boolean; events: number; problems: ChainProblem[]; heads: ChainHead[] }> {
  const { rows: problems } = await sql<ChainProblem>`
    with chain as (
      select s.*, lag(s.hash) over w as expected_prev, lag(s.seq) over w as prev_seq, lag(s.sealed_at) over w as prev_sealed_at
      from audit_seal s
      window w as (partition by coalesce(s.org_id, '00000000-0000-0000-0000-000000000000'::uuid) order by s.seq)
    )
    select 'missing_event' as kind, c.event_id::int as "eventId", c.org_id as "orgId", c.seq::int as seq
      from chain c where not exists (select 1 from audit_event e where e.id = c.event_id)
    union all
    select 'org_mismatch', c.event_id::int, c.org_id, c.seq::int
      from chain c join audit_event e on e.id = c.event_id where e.org_id is distinct from c.org_id
    union all
    select 'changed', c.event_id::int, c.org_id, c.seq::int
      from chain c join audit_event e on e.id = c.event_id where c.hash <> audit_event_digest(c.prev_hash, c.seq, e)
    union all
    select 'broken_link', c.event_id::int, c.org_id, c.seq::int
      from chain c where c.prev_hash is distinct from c.expected_prev
    union all
    select 'gap', c.event_id::int, c.org_id, c.seq::int
      from chain c where c.seq <> coalesce(c.prev_seq, 0) + 1
    union all
    select 'out_of_order', c.event_id::int, c.org_id, c.seq::int
      from chain c where c.sealed_at < c.prev_sealed_at
    union all
    select 'sealed_before_event', c.event_id::int, c.org_id, c.seq::int
      from chain c join audit_event e on e.id = c.event_id where e.created_at > c.sealed_at
    union all
    select 'unsealed', e.id::int, e.org_id, null
      from audit_event e where not exists (select 1 from audit_seal s where s.event_id = e.id)
    order by 2`.execute(db);
  const { rows: heads } = await sql<ChainHead>`
    select distinct on (coalesce(org_id, '00000000-0000-0000-0000-000000000000'::uuid))
      org_id as "orgId", seq::int as seq, hash
    from audit_seal
    order by coalesce(org_id, '00000000-0000-0000-0000-000000000000'::uuid), seq desc`.execute(db);
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from audit_event`.execute(db);
  return { ok: problems.length === 0, events: rows[0]?.n ?? 0, problems, heads };
}
