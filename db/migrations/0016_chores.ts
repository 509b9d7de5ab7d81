import { sql, type Kysely } from "kysely";

/**
 * Chores with a fair rotation (issue 10, capability 2) and house offices.
 *
 *  1. house_office: a resident holds an office in a house (`coordinator` now; the fees
 *     module adds treasurer and the other officers). One holder per office and house.
 *     Owners/admins and the house's managers assign it; a resident sees only the offices
 *     they hold themselves.
 *  2. chore: a house's chore definitions (name, area, instructions, effort points, how
 *     often: daily, weekly on given weekdays, or a custom RRULE the domain validates with
 *     the `rrule` library). Archived, never deleted (assignments point at them).
 *  3. chore_assignment: one chore on one day for one resident. unique (org_id, chore_id,
 *     day) makes generating a period idempotent: a second or concurrent run inserts
 *     nothing (`on conflict do nothing`). The effort is copied from the chore when the
 *     assignment is made, so the history the rotation balances never changes afterwards.
 *     "Missed" is not stored: an assignment still assigned or sent back after its day ends
 *     in the house's zone is missed (computed where it is read; ADR 024).
 *  4. chore_swap: a resident asks a housemate to take one of their chores; the housemate
 *     accepts (the assignment becomes theirs) or declines.
 *
 * Residents: their own assignments; those offered to them in a pending swap; in a
 * peer-run house (NARR level I) the coordinator also sees and verifies the house's
 * assignments (current_coordinator_house_ids()). A trigger limits what a resident may
 * change (their own: done and a note; a swap offered to them: take it; as coordinator:
 * verify or send back another resident's chore) and refuses verifying one's own chore
 * whoever asks. The chore board with housemates' first names is one narrow SECURITY
 * DEFINER function (chore_board) that answers only for a house the caller lives in.
 */

const ORG = `org_id = (select current_org_id())`;
const ROLE = `(select current_app_role())`;
const ADMIN = `${ROLE} in ('owner', 'admin')`;
const SCOPED = `${ROLE} in ('house_manager', 'staff')`;
const MANAGER = `${ROLE} = 'house_manager'`;
const RESIDENT = `${ROLE} = 'resident'`;
const MY_HOUSES = `(select current_house_ids())::uuid[]`;
const MY_RESIDENT = `(select current_resident_id())`;
// Houses the signed-in resident lives in today (0015): never a planned stay.
const MY_HOMES = `(select current_resident_home_ids())::uuid[]`;
const COORDINATED = `(select current_coordinator_house_ids())::uuid[]`;
const RUNS_HOUSE = `(${ADMIN} or (${MANAGER} and house_id = any (${MY_HOUSES})))`;
const READS_HOUSE = `(${ADMIN} or (${SCOPED} and house_id = any (${MY_HOUSES})))`;
// How far ahead a resident's board and housemate list reach (a rotation is generated at
// most 28 days at a time).
const HORIZON_DAYS = 28;
const WEEKDAYS = `array['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU']::text[]`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    -- ── 1. offices ─────────────────────────────────────────────────────
    create table house_office (
      id uuid not null default gen_random_uuid(),
      org_id uuid not null references org (id),
      house_id uuid not null,
      office text not null constraint house_office_office check (office = any (array['coordinator']::text[])),
      resident_id uuid not null,
      assigned_by uuid default current_app_user_id(),
      created_at timestamptz not null default now(),
      constraint house_office_pkey primary key (org_id, id),
      constraint house_office_key unique (org_id, house_id, office),
      constraint house_office_house_fk foreign key (org_id, house_id) references house (org_id, id),
      constraint house_office_resident_fk foreign key (org_id, resident_id) references resident (org_id, id)
    );
    create index house_office_resident_idx on house_office (org_id, resident_id);

    alter table house_office enable row level security;
    alter table house_office force row level security;
    create policy house_office_select on house_office for select using (${ORG} and (
      ${READS_HOUSE} or (${RESIDENT} and resident_id = ${MY_RESIDENT})
    ));
    create policy house_office_insert on house_office for insert with check (${ORG} and ${RUNS_HOUSE});
    create policy house_office_update on house_office for update using (${ORG} and ${RUNS_HOUSE}) with check (${ORG} and ${RUNS_HOUSE});
    create policy house_office_delete on house_office for delete using (${ORG} and ${RUNS_HOUSE});
    grant select, delete on house_office to hearth_app;
    grant insert (org_id, house_id, office, resident_id) on house_office to hearth_app;
    grant update (resident_id) on house_office to hearth_app;

    -- Peer-run houses (NARR level I) where the signed-in resident holds the coordinator
    -- office and lives today ('{}' for every other role). plpgsql, returning early, so
    -- the policies below cannot recurse through it.
    create function current_coordinator_house_ids() returns uuid[] language plpgsql stable
      set search_path = pg_catalog, public as $$
    begin
      if current_app_role() is distinct from 'resident' or current_org_id() is null or current_app_user_id() is null then
        return '{}'::uuid[];
      end if;
      return coalesce((
        select array_agg(o.house_id)
        from house_office o
        join house h on h.org_id = o.org_id and h.id = o.house_id
        where o.org_id = current_org_id() and o.office = 'coordinator' and o.resident_id = current_resident_id()
          and h.narr_level = 1 and o.house_id = any (current_resident_home_ids())
      ), '{}'::uuid[]);
    end $$;

    -- ── 2. chore definitions ───────────────────────────────────────────
    create table chore (
      id uuid not null default gen_random_uuid(),
      org_id uuid not null references org (id),
      house_id uuid not null,
      name text not null constraint chore_name_check check (length(name) between 1 and 80),
      area text constraint chore_area_check check (length(area) between 1 and 80),
      instructions text constraint chore_instructions_check check (length(instructions) between 1 and 2000),
      effort smallint not null constraint chore_effort check (effort between 1 and 5),
      frequency text not null constraint chore_frequency check (frequency in ('daily', 'weekly', 'custom')),
      weekdays text[] not null default '{}' constraint chore_weekdays check (weekdays <@ ${WEEKDAYS}),
      rule text constraint chore_rule_check check (length(rule) between 1 and 500),
      starts_on date not null constraint chore_starts_on_check check (starts_on between '1900-01-01' and '2200-01-01'),
      archived_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint chore_pkey primary key (org_id, id),
      constraint chore_house_id_key unique (org_id, house_id, id),
      constraint chore_weekly_days check (frequency <> 'weekly' or cardinality(weekdays) between 1 and 7),
      constraint chore_custom_rule check ((frequency = 'custom') = (rule is not null)),
      constraint chore_house_fk foreign key (org_id, house_id) references house (org_id, id)
    );
    create unique index chore_house_name_key on chore (org_id, house_id, lower(name)) where archived_at is null;
    create index chore_house_idx on chore (org_id, house_id, name);

    alter table chore enable row level security;
    alter table chore force row level security;
    create policy chore_select on chore for select using (${ORG} and (
      ${READS_HOUSE} or (${RESIDENT} and house_id = any (${MY_HOMES}))
    ));
    create policy chore_insert on chore for insert with check (${ORG} and ${RUNS_HOUSE});
    create policy chore_update on chore for update using (${ORG} and ${RUNS_HOUSE}) with check (${ORG} and ${RUNS_HOUSE});
    grant select on chore to hearth_app;
    grant insert (org_id, house_id, name, area, instructions, effort, frequency, weekdays, rule, starts_on) on chore to hearth_app;
    grant update (name, area, instructions, effort, frequency, weekdays, rule, starts_on, archived_at, updated_at) on chore to hearth_app;

    -- ── 3. assignments ─────────────────────────────────────────────────
    create table chore_assignment (
      id uuid not null default gen_random_uuid(),
      org_id uuid not null references org (id),
      house_id uuid not null,
      chore_id uuid not null,
      resident_id uuid not null,
      day date not null constraint chore_assignment_day_check check (day between '1900-01-01' and '2200-01-01'),
      effort smallint not null constraint chore_assignment_effort check (effort between 1 and 5),
      status text not null default 'assigned'
        constraint chore_assignment_status check (status in ('assigned', 'done', 'verified', 'sent_back')),
      done_at timestamptz,
      done_note text constraint chore_assignment_done_note_check check (length(done_note) between 1 and 500),
      checked_at timestamptz,
      checked_by uuid,
      sent_back_reason text constraint chore_assignment_sent_back_reason_check check (length(sent_back_reason) between 1 and 500),
      created_at timestamptz not null default now(),
      constraint chore_assignment_pkey primary key (org_id, id),
      constraint chore_assignment_key unique (org_id, chore_id, day),
      constraint chore_assignment_house_id_key unique (org_id, house_id, id),
      constraint chore_assignment_done check (status = 'assigned' or done_at is not null),
      constraint chore_assignment_sent_back check ((status = 'sent_back') = (sent_back_reason is not null)),
      constraint chore_assignment_chore_fk foreign key (org_id, house_id, chore_id) references chore (org_id, house_id, id),
      constraint chore_assignment_house_fk foreign key (org_id, house_id) references house (org_id, id),
      constraint chore_assignment_resident_fk foreign key (org_id, resident_id) references resident (org_id, id)
    );
    create index chore_assignment_house_day_idx on chore_assignment (org_id, house_id, day, id);
    create index chore_assignment_resident_day_idx on chore_assignment (org_id, resident_id, day, id);

    -- ── 4. swaps ───────────────────────────────────────────────────────
    -- Does this resident of the caller's org live in this house today (house's zone)? A
    -- yes/no, for a resident caller only (false otherwise), reading stays as the owner
    -- role (the stay_owner_read policy below): what the swap policy needs, nothing more.
    create function chore_lives_here(rid uuid, hid uuid) returns boolean
      language plpgsql stable security definer set search_path = pg_catalog, public as $$
    begin
      if current_app_role() is distinct from 'resident' or current_org_id() is null then
        return false;
      end if;
      return exists (select 1 from stay s join house h on h.org_id = s.org_id and h.id = s.house_id
        where s.org_id = current_org_id() and s.house_id = hid and s.resident_id = rid
          and s.during @> (now() at time zone h.time_zone)::date);
    end $$;
    revoke all on function chore_lives_here(uuid, uuid) from public;
    grant execute on function chore_lives_here(uuid, uuid) to hearth_app;

    create table chore_swap (
      id uuid not null default gen_random_uuid(),
      org_id uuid not null references org (id),
      house_id uuid not null,
      assignment_id uuid not null,
      from_resident_id uuid not null,
      to_resident_id uuid not null,
      status text not null default 'pending'
        constraint chore_swap_status check (status in ('pending', 'accepted', 'declined', 'cancelled')),
      created_at timestamptz not null default now(),
      decided_at timestamptz,
      constraint chore_swap_pkey primary key (org_id, id),
      constraint chore_swap_not_self check (from_resident_id <> to_resident_id),
      -- with house_id: a swap names an assignment of its own house, never another's
      constraint chore_swap_assignment_fk foreign key (org_id, house_id, assignment_id)
        references chore_assignment (org_id, house_id, id) on delete cascade,
      constraint chore_swap_house_fk foreign key (org_id, house_id) references house (org_id, id),
      constraint chore_swap_from_fk foreign key (org_id, from_resident_id) references resident (org_id, id),
      constraint chore_swap_to_fk foreign key (org_id, to_resident_id) references resident (org_id, id)
    );
    create unique index chore_swap_pending_key on chore_swap (org_id, assignment_id) where status = 'pending';
    create index chore_swap_assignment_idx on chore_swap (org_id, house_id, assignment_id);
    create index chore_swap_to_idx on chore_swap (org_id, to_resident_id, status);
    create index chore_swap_from_idx on chore_swap (org_id, from_resident_id, status);

    alter table chore_swap enable row level security;
    alter table chore_swap force row level security;
    create policy chore_swap_select on chore_swap for select using (${ORG} and (
      ${READS_HOUSE}
      or (${RESIDENT} and (from_resident_id = ${MY_RESIDENT} or to_resident_id = ${MY_RESIDENT}))
    ));
    -- A resident offers only their own chore, in a house they live in today, to someone who
    -- lives there today too (chore_lives_here: the caller cannot read others' stays).
    create policy chore_swap_insert on chore_swap for insert with check (${ORG} and ${RESIDENT}
      and from_resident_id = ${MY_RESIDENT} and house_id = any (${MY_HOMES}) and status = 'pending'
      and exists (select 1 from chore_assignment a where a.org_id = chore_swap.org_id and a.house_id = chore_swap.house_id
        and a.id = chore_swap.assignment_id and a.resident_id = ${MY_RESIDENT})
      and chore_lives_here(to_resident_id, house_id));
    create policy chore_swap_update on chore_swap for update
      using (${ORG} and ${RESIDENT} and status = 'pending' and (to_resident_id = ${MY_RESIDENT} or from_resident_id = ${MY_RESIDENT}))
      with check (${ORG} and ${RESIDENT} and (
        (to_resident_id = ${MY_RESIDENT} and status in ('accepted', 'declined'))
        or (from_resident_id = ${MY_RESIDENT} and status = 'cancelled')));
    grant select on chore_swap to hearth_app;
    grant insert (org_id, house_id, assignment_id, from_resident_id, to_resident_id) on chore_swap to hearth_app;
    grant update (status, decided_at) on chore_swap to hearth_app;

    -- Is this assignment offered to the signed-in resident in a pending swap? (plpgsql, so
    -- the assignment policies below ask chore_swap without the rewriter expanding it.)
    create function chore_offered_to_me(aid uuid) returns boolean language plpgsql stable
      set search_path = pg_catalog, public as $$
    begin
      return exists (select 1 from chore_swap w where w.org_id = current_org_id() and w.assignment_id = aid
        and w.to_resident_id = current_resident_id() and w.status = 'pending'
        and w.house_id = any (current_resident_home_ids()));
    end $$;

    alter table chore_assignment enable row level security;
    alter table chore_assignment force row level security;
    create policy chore_assignment_select on chore_assignment for select using (${ORG} and (
      ${READS_HOUSE}
      or (${RESIDENT} and (
        resident_id = ${MY_RESIDENT}
        or house_id = any (${COORDINATED})
        or chore_offered_to_me(id)))
    ));
    create policy chore_assignment_insert on chore_assignment for insert with check (${ORG} and ${RUNS_HOUSE});
    create policy chore_assignment_update on chore_assignment for update
      using (${ORG} and (
        ${RUNS_HOUSE}
        or (${RESIDENT} and (
          resident_id = ${MY_RESIDENT}
          or house_id = any (${COORDINATED})
          or chore_offered_to_me(id)))))
      with check (${ORG} and (
        ${RUNS_HOUSE}
        or (${RESIDENT} and (resident_id = ${MY_RESIDENT} or house_id = any (${COORDINATED})))));
    create policy chore_assignment_delete on chore_assignment for delete using (${ORG} and ${RUNS_HOUSE});
    grant select, delete on chore_assignment to hearth_app;
    grant insert (org_id, house_id, chore_id, resident_id, day, effort) on chore_assignment to hearth_app;
    grant update (resident_id, status, done_at, done_note, checked_at, checked_by, sent_back_reason) on chore_assignment to hearth_app;

    -- What a resident may change, whatever SQL the app role sends; and nobody verifies or
    -- sends back their own chore. Who checked it and when is stamped here.
    create function chore_assignment_guard() returns trigger language plpgsql
      set search_path = pg_catalog, public as $$
    declare
      me uuid := current_resident_id();
    begin
      if (new.id, new.org_id, new.house_id, new.chore_id, new.day, new.effort, new.created_at)
           is distinct from (old.id, old.org_id, old.house_id, old.chore_id, old.day, old.effort, old.created_at) then
        raise exception 'an assignment''s chore and day never change' using errcode = 'insufficient_privilege';
      end if;
      if new.status in ('verified', 'sent_back') and new.status is distinct from old.status then
        if me is not null and old.resident_id = me then
          raise exception 'you cannot verify your own chore' using errcode = 'check_violation', constraint = 'chore_assignment_not_own';
        end if;
        new.checked_at := now();
        new.checked_by := current_app_user_id();
      end if;
      if current_app_role() = 'resident' then
        if new.resident_id is distinct from old.resident_id then
          -- taking a chore offered in a swap: to oneself, nothing else changes
          if new.resident_id is distinct from me or old.status <> 'assigned'
             or (new.status, new.done_at, new.done_note, new.sent_back_reason) is distinct from (old.status, old.done_at, old.done_note, old.sent_back_reason) then
            raise exception 'only the chore''s new holder takes it' using errcode = 'insufficient_privilege';
          end if;
        elsif old.resident_id = me then
          -- one's own chore: marked done (again, after it was sent back), with a note
          if new.status <> 'done' or old.status not in ('assigned', 'sent_back')
             or new.checked_by is distinct from old.checked_by then
            raise exception 'residents only mark their own chores done' using errcode = 'insufficient_privilege';
          end if;
          new.sent_back_reason := null;
        else
          -- the coordinator: verify or send back a done chore, nothing of the resident's own
          if old.status <> 'done' or new.status not in ('verified', 'sent_back')
             or (new.done_at, new.done_note) is distinct from (old.done_at, old.done_note) then
            raise exception 'the coordinator only verifies or sends back done chores' using errcode = 'insufficient_privilege';
          end if;
        end if;
      end if;
      return new;
    end $$;
    create trigger chore_assignment_guard before update on chore_assignment
      for each row execute function chore_assignment_guard();

    -- ── 5. the chore board and the sent-back notice (narrow definer functions) ──
    -- The two functions below run as the owner role, which FORCE RLS binds too: it reads
    -- these tables within the caller's org only (as audit_owner_read does for the log).
    create policy chore_owner_read on chore for select to hearth_owner using (${ORG});
    create policy chore_assignment_owner_read on chore_assignment for select to hearth_owner using (${ORG});
    create policy resident_owner_read on resident for select to hearth_owner using (${ORG});
    create policy stay_owner_read on stay for select to hearth_owner using (${ORG});
    create policy house_owner_read on house for select to hearth_owner using (${ORG});
    -- A house's assignments on one day with each holder's first name, for a resident who
    -- lives in that house today (nothing for anyone else: staff read the table under RLS).
    -- Only a chore's name and area, the first name, the state and whether it is the
    -- caller's own: no other resident data.
    create function chore_board(hid uuid, board_day date)
      returns table (assignment_id uuid, chore_name text, area text, first_name text, status text, mine boolean)
      language plpgsql stable security definer set search_path = pg_catalog, public as $$
    declare
      me uuid := current_resident_id();
      org uuid := current_org_id();
      lo date;
      hi date;
    begin
      if me is null or org is null or not (hid = any (current_resident_home_ids())) then
        return;
      end if;
      -- only days of the caller's own current stay here, up to the generation horizon
      select lower(s.during), (now() at time zone h.time_zone)::date + ${HORIZON_DAYS} into lo, hi
      from stay s join house h on h.org_id = s.org_id and h.id = s.house_id
      where s.org_id = org and s.house_id = hid and s.resident_id = me
        and s.during @> (now() at time zone h.time_zone)::date;
      return query
        select a.id, c.name, c.area,
          split_part(coalesce(r.preferred_name, r.legal_name), ' ', 1), a.status, a.resident_id = me
        from chore_assignment a
        join chore c on c.org_id = a.org_id and c.id = a.chore_id
        join resident r on r.org_id = a.org_id and r.id = a.resident_id
        where a.org_id = org and a.house_id = hid and a.day = board_day and board_day between lo and hi
        order by c.name, a.id;
    end $$;
    revoke all on function chore_board(uuid, date) from public;
    grant execute on function chore_board(uuid, date) to hearth_app;

    -- The housemates a resident may hand a chore to (and whose first names the swap and
    -- checking lists show): everyone in the house on a day of [from_day, to_day], with the
    -- days of it they are there (no move-in or move-out dates), for a resident who lives in
    -- that house today; the days are cut to the caller's own current stay there, up to
    -- the generation horizon.
    create function chore_housemates(hid uuid, from_day date, to_day date)
      returns table (resident_id uuid, first_name text, days date[])
      language plpgsql stable security definer set search_path = pg_catalog, public as $$
    declare
      me uuid := current_resident_id();
      org uuid := current_org_id();
      lo date;
      hi date;
    begin
      if me is null or org is null or not (hid = any (current_resident_home_ids())) then
        return;
      end if;
      -- only days of the caller's own current stay here, up to the generation horizon
      select lower(s.during), (now() at time zone h.time_zone)::date + ${HORIZON_DAYS} into lo, hi
      from stay s join house h on h.org_id = s.org_id and h.id = s.house_id
      where s.org_id = org and s.house_id = hid and s.resident_id = me
        and s.during @> (now() at time zone h.time_zone)::date;
      lo := greatest(lo, from_day);
      hi := least(hi, to_day);
      if lo is null or hi is null or lo > hi then
        return;
      end if;
      return query
        select r.id, split_part(coalesce(r.preferred_name, r.legal_name), ' ', 1), array_agg(d.day order by d.day)
        from stay s
        join resident r on r.org_id = s.org_id and r.id = s.resident_id
        cross join lateral (select g::date as day from generate_series(lo, hi, interval '1 day') g) d
        where s.org_id = org and s.house_id = hid and s.during @> d.day
        group by r.id, 2
        order by 2, 1;
    end $$;
    revoke all on function chore_housemates(uuid, date, date) from public;
    grant execute on function chore_housemates(uuid, date, date) to hearth_app;

    -- Where to tell a resident their chore was sent back: their portal account's email,
    -- else their own. Only right after the caller sent it back in this very transaction
    -- (checked_by is the caller, checked_at is now(): stamped by the guard above), so the
    -- function answers nothing to anyone else, and needs no helper.
    create function chore_assignee_email(aid uuid) returns text
      language sql stable security definer set search_path = pg_catalog, public as $$
      select coalesce(u.email, r.email)
      from chore_assignment a
      join resident r on r.org_id = a.org_id and r.id = a.resident_id
      left join app_user u on u.id = r.user_id
      where a.org_id = current_org_id() and a.id = aid and a.status = 'sent_back'
        and a.checked_by = current_app_user_id() and a.checked_at = now()
    $$;
    revoke all on function chore_assignee_email(uuid) from public;
    grant execute on function chore_assignee_email(uuid) to hearth_app;
    `,
    )
    .execute(db);
}

export async function down(): Promise<void> {
  throw new Error("0016_chores cannot be reverted; restore a backup instead.");
}
