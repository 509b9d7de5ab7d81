import { sql, type Kysely } from "kysely";

/**
 * Fees, the functional remainder (issue 11; ADR 031, follow-up closed here):
 *
 * A resident's e-signature posts their waiting charges back to the start of their stay, as a
 * paper acknowledgement does. The resident may not write the ledger (RLS: owners, admins and
 * house managers insert entries), so the request hands what it computed (`planCharges`, the
 * one proration) to `post_fee_ack_catch_up(ack, entries)`: a narrow SECURITY DEFINER function
 * (owned by hearth_owner, search_path pinned, EXECUTE for hearth_app only) that
 *  - answers only the resident who made that acknowledgement, by e-signature, in this very
 *    transaction (its xmin is the current transaction's id) — never for another resident, an
 *    older acknowledgement, a paper one, or staff;
 *  - inserts only charges and deposits of that resident, for one of their stays in the house
 *    it names (the effective day inside the stay, not after the house's today), of a schedule
 *    the acknowledgement names with the same amount, no more than the schedule's amount and
 *    a deposit exactly when the schedule is one; period keys as the job's (on conflict do
 *    nothing), so it posts nothing twice and the job posts nothing after it.
 * Anything else raises (insufficient_privilege / check_violation) and the acknowledgement
 * rolls back with it. The owner role reads fee_schedule within the caller's org only (as it
 * reads stays, houses and acknowledgements already) and inserts ledger charges only inside
 * the org.
 */
const ORG = `org_id = (select current_org_id())`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(
      `
    create policy fee_schedule_owner_read on fee_schedule for select to hearth_owner using (${ORG});
    create policy ledger_entry_owner_catch_up on ledger_entry for insert to hearth_owner
      with check (${ORG} and kind in ('charge', 'deposit') and schedule_id is not null);

    create function post_fee_ack_catch_up(ack uuid, entries jsonb) returns integer
      language plpgsql volatile security definer set search_path = pg_catalog, public as $$
    declare
      a record;
      e jsonb;
      sch record;
      st record;
      term jsonb;
      ok boolean;
      n integer := 0;
      k integer;
    begin
      select f.id, f.org_id, f.resident_id, f.house_id, f.terms into a from fee_agreement_ack f
       where f.id = ack and f.org_id = current_org_id() and f.method = 'e_signature'
         and current_app_role() = 'resident' and f.resident_id = current_resident_id()
         and f.xmin = (pg_current_xact_id()::text::bigint % 4294967296)::text::xid;
      if not found then
        raise exception 'post_fee_ack_catch_up: only for the resident''s own e-signature made in this transaction'
          using errcode = 'insufficient_privilege';
      end if;
      if jsonb_typeof(entries) <> 'array' then
        raise exception 'post_fee_ack_catch_up: entries must be an array' using errcode = 'check_violation';
      end if;
      for e in select * from jsonb_array_elements(entries) loop
        select s.id, s.amount_cents, s.is_deposit, s.cadence, s.effective_from, s.effective_to into sch
          from fee_schedule s where s.org_id = a.org_id and s.id = (e->>'schedule_id')::uuid;
        ok := found;
        if ok then
          term := (select t.value from jsonb_array_elements(a.terms::jsonb->'terms') t
                    where t.value->>'scheduleId' = sch.id::text and (t.value->>'amountCents')::bigint = sch.amount_cents limit 1);
          select s.id into st from stay s join house h on h.org_id = s.org_id and h.id = s.house_id
           where s.org_id = a.org_id and s.id = (e->>'stay_id')::uuid and s.resident_id = a.resident_id
             and s.house_id = (e->>'house_id')::uuid
             and s.during @> (e->>'effective_on')::date and (e->>'effective_on')::date <= house_local_today(h.id);
          ok := found and term is not null;
        end if;
        if not ok
           or (e->>'resident_id')::uuid is distinct from a.resident_id
           or (e->>'kind') not in ('charge', 'deposit') or ((e->>'kind') = 'deposit') <> sch.is_deposit
           or (e->>'amount_cents')::bigint < 1 or (e->>'amount_cents')::bigint > sch.amount_cents
           or (e->>'effective_on')::date < sch.effective_from
           or (sch.effective_to is not null and (e->>'effective_on')::date > sch.effective_to and sch.cadence <> 'once') then
          raise exception 'post_fee_ack_catch_up: an entry is not a waiting charge of these terms' using errcode = 'check_violation';
        end if;
        insert into ledger_entry (org_id, resident_id, house_id, stay_id, kind, amount_cents, effective_on, schedule_id, period_start, period_end)
          values (a.org_id, a.resident_id, (e->>'house_id')::uuid, st.id, e->>'kind', (e->>'amount_cents')::bigint,
                  (e->>'effective_on')::date, sch.id, (e->>'period_start')::date, (e->>'period_end')::date)
          on conflict do nothing;
        get diagnostics k = row_count;
        n := n + k;
      end loop;
      return n;
    end $$;
    revoke all on function post_fee_ack_catch_up(uuid, jsonb) from public;
    grant execute on function post_fee_ack_catch_up(uuid, jsonb) to hearth_app;
    `,
    )
    .execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Irreversible: restore a backup instead.");
}
