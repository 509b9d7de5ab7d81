import { sql, type Kysely } from "kysely";

/**
 * House life, capability 4 (issue 10): private calendar feeds (ADR 026).
 *
 *  - calendar_feed: a subscribable iCalendar link. Kind `resident`: the resident's own
 *    chores and sessions; kind `house`: one house's sessions and meetings, for a member of
 *    the team. Only the SHA-256 of the link's token is stored (like sessions and invites);
 *    a feed is turned off by setting revoked_at and replaced by a new row (regenerate).
 *    At most one live feed per resident, and per team member and house.
 *
 * RLS: a feed belongs to the member who made it (user_id). A resident reads, makes and
 * turns off only their own resident feed; owners and admins their own house feeds of any
 * house; house managers and staff their own house feeds of their assigned houses.
 *
 * The feed URL is fetched by a calendar app with no session cookie. calendar_feed_holder
 * (SECURITY DEFINER, owned by hearth_owner, EXECUTE for hearth_app only) maps a token's
 * hash to the live feed's org, member and target, and nothing else; the app then reads the
 * feed's events in a transaction with that member's tenant settings, so row-level security
 * decides what the feed may show exactly as for the member's own pages.
 */

const ORG = `org_id = (select current_org_id())`;
const ROLE = `(select current_app_role())`;
const MINE = `user_id = (select current_app_user_id())`;
const OWN_FEED = `(
  (kind = 'resident' and ${ROLE} = 'resident' and resident_id = (select current_resident_id()))
  or (kind = 'house' and (${ROLE} in ('owner', 'admin')
    or (${ROLE} in ('house_manager', 'staff') and house_id = any ((select current_house_ids())::uuid[]))))
)`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    create table calendar_feed (
      id uuid not null default gen_random_uuid(),
      org_id uuid not null references org (id),
      kind text not null,
      -- Null once the member is removed from the org (the link is dead; the row stays for the audit trail).
      user_id uuid default current_app_user_id(),
      resident_id uuid,
      house_id uuid,
      token_hash text not null,
      created_at timestamptz not null default now(),
      revoked_at timestamptz,
      constraint calendar_feed_pkey primary key (org_id, id),
      constraint calendar_feed_token_key unique (org_id, token_hash),
      constraint calendar_feed_kind check (kind in ('resident', 'house')),
      constraint calendar_feed_target check (
        (kind = 'resident' and resident_id is not null and house_id is null)
        or (kind = 'house' and house_id is not null and resident_id is null)),
      constraint calendar_feed_token_hash_check check (token_hash ~ '^[0-9a-f]{64}$'),
      constraint calendar_feed_user_fk foreign key (org_id, user_id) references membership (org_id, user_id)
        on delete set null (user_id),
      constraint calendar_feed_resident_fk foreign key (org_id, resident_id) references resident (org_id, id),
      constraint calendar_feed_house_fk foreign key (org_id, house_id) references house (org_id, id)
    );
    -- One live feed per resident, and per member and house.
    create unique index calendar_feed_resident_live_key on calendar_feed (org_id, resident_id)
      where revoked_at is null and kind = 'resident';
    create unique index calendar_feed_house_live_key on calendar_feed (org_id, user_id, house_id)
      where revoked_at is null and kind = 'house';
    create index calendar_feed_user_idx on calendar_feed (org_id, user_id, created_at desc);
    create index calendar_feed_house_idx on calendar_feed (org_id, house_id) where house_id is not null;
    create index calendar_feed_resident_idx on calendar_feed (org_id, resident_id) where resident_id is not null;
    -- The link's lookup: no org is known yet.
    create index calendar_feed_token_idx on calendar_feed (token_hash) where revoked_at is null;

    alter table calendar_feed enable row level security;
    alter table calendar_feed force row level security;
    create policy calendar_feed_select on calendar_feed for select using (${ORG} and ${MINE} and ${OWN_FEED});
    create policy calendar_feed_insert on calendar_feed for insert with check (${ORG} and ${MINE} and ${OWN_FEED} and revoked_at is null);
    create policy calendar_feed_update on calendar_feed for update using (${ORG} and ${MINE} and ${OWN_FEED})
      with check (${ORG} and ${MINE} and ${OWN_FEED});
    -- The link's lookup below runs as the owner; nothing else does.
    create policy calendar_feed_holder_read on calendar_feed for select to hearth_owner using (true);

    grant select, insert on calendar_feed to hearth_app;
    grant update (revoked_at) on calendar_feed to hearth_app;

    -- A feed link's token hash → the live feed: its org, its member, what it shows. Nothing
    -- about revoked feeds, and no other column.
    create function calendar_feed_holder(p_token_hash text)
      returns table (feed_id uuid, org_id uuid, user_id uuid, kind text, resident_id uuid, house_id uuid)
      language sql stable security definer set search_path = pg_catalog, public as $$
      select f.id, f.org_id, f.user_id, f.kind, f.resident_id, f.house_id
      from calendar_feed f
      where f.token_hash = p_token_hash and f.revoked_at is null and f.user_id is not null
      limit 1
    $$;
    revoke execute on function calendar_feed_holder(text) from public;
    grant execute on function calendar_feed_holder(text) to hearth_app;
    `,
    )
    .execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Irreversible: restore a backup instead.");
}
