import { sql, type Kysely } from "kysely";

/**
 * Public bed vacancies (issue 12, capability 6; ADR 042).
 *
 *  1. house_listing: one row per house an operator chose to list publicly — the published
 *     flag and the public fields the operator writes for it (description, fees, contact,
 *     whether the street address is shown). Nothing in it is about a resident.
 *     Owners and admins write it (publishing speaks for the organisation); house managers
 *     and staff read their houses' listing; residents and certifier roles nothing.
 *  2. public_vacancies(): a narrow SECURITY DEFINER function, for the public vacancy page
 *     and feed. It runs in the org context that enter_public_form(slug) signs (the org, no
 *     user, no role — the same entry as the public application form) and returns, for each
 *     published active house of that org, only the listing's public fields, the house's
 *     public facts (level, populations, city) and two counts: in-service adult beds and those
 *     free today (in the house's zone). Never a resident, a stay or a bed id. It reads as the
 *     owner role, which FORCE RLS binds too: the *_owner_read policies keep it in the
 *     caller's org (house and stay have theirs since 0016; bed and house_listing get theirs
 *     here).
 */

const ORG = `org_id = (select current_org_id())`;
const ROLE = `(select current_app_role())`;
const ADMIN = `${ROLE} in ('owner', 'admin')`;
const SCOPED = `${ROLE} in ('house_manager', 'staff')`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    create table house_listing (
      org_id uuid not null references org (id),
      house_id uuid not null,
      published boolean not null default false,
      description text constraint house_listing_description check (length(description) between 1 and 1000),
      fees_description text constraint house_listing_fees_description check (length(fees_description) between 1 and 500),
      weekly_fee_cents integer constraint house_listing_weekly_fee check (weekly_fee_cents between 1 and 10000000),
      contact_phone text constraint house_listing_contact_phone check (length(contact_phone) between 1 and 40),
      contact_email text constraint house_listing_contact_email check (length(contact_email) between 3 and 254),
      show_street_address boolean not null default false,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint house_listing_pkey primary key (org_id, house_id),
      constraint house_listing_house_fk foreign key (org_id, house_id) references house (org_id, id)
    );
    -- The public feed reads an org's published listings.
    create index house_listing_published_idx on house_listing (org_id, house_id) where published;

    alter table house_listing enable row level security;
    alter table house_listing force row level security;
    create policy house_listing_select on house_listing for select using (${ORG} and (
      ${ADMIN}
      or (${SCOPED} and house_id = any ((select current_house_ids())::uuid[]))
    ));
    create policy house_listing_insert on house_listing for insert with check (${ORG} and ${ADMIN});
    create policy house_listing_update on house_listing for update using (${ORG} and ${ADMIN}) with check (${ORG} and ${ADMIN});
    grant select, insert on house_listing to hearth_app;
    grant update (published, description, fees_description, weekly_fee_cents, contact_phone, contact_email,
      show_street_address, updated_at) on house_listing to hearth_app;

    -- ── the public read ────────────────────────────────────────────────
    create policy bed_owner_read on bed for select to hearth_owner using (${ORG});
    create policy house_listing_owner_read on house_listing for select to hearth_owner using (${ORG} and published);

    create function public_vacancies()
      returns table (
        house_id uuid, name text, description text, city text, region text, postal_code text,
        address_line1 text, address_line2 text, narr_level smallint, populations text[],
        fees_description text, weekly_fee_cents integer, contact_phone text, contact_email text,
        beds_maximum integer, beds_available integer, updated_at timestamptz)
      language sql stable security definer set search_path = pg_catalog, public as $$
      with h as (
        select hs.org_id, hs.id, hs.name, hs.city, hs.region, hs.postal_code, hs.address_line1,
          hs.address_line2, hs.narr_level, hs.populations, hs.time_zone,
          (now() at time zone hs.time_zone)::date as today, l.description, l.fees_description,
          l.weekly_fee_cents, l.contact_phone, l.contact_email, l.show_street_address,
          l.updated_at as listed_at
        from house_listing l
        join house hs on hs.org_id = l.org_id and hs.id = l.house_id
        where l.org_id = (select current_org_id()) and l.published and hs.status = 'active'
          -- only the public entry: no member acts through this function
          and (select current_app_user_id()) is null
      ),
      beds as (
        select b.house_id,
          count(*) filter (where b.status <> 'out_of_service')::int as maximum,
          count(*) filter (where b.status = 'available' and not exists (
            select 1 from stay s
            where s.org_id = b.org_id and s.bed_id = b.id and s.during @> h.today))::int as available,
          max(b.updated_at) as beds_at
        from h join bed b on b.org_id = h.org_id and b.house_id = h.id
        where b.kind = 'adult'
        group by b.house_id
      ),
      moves as (
        select s.house_id, max(s.updated_at) as stays_at
        from h join stay s on s.org_id = h.org_id and s.house_id = h.id
        where s.during && daterange(h.today - 1, h.today, '[]')
        group by s.house_id
      )
      select h.id, h.name, h.description, h.city, h.region, h.postal_code,
        case when h.show_street_address then h.address_line1 end,
        case when h.show_street_address then h.address_line2 end,
        h.narr_level, h.populations, h.fees_description, h.weekly_fee_cents, h.contact_phone,
        h.contact_email, coalesce(b.maximum, 0), coalesce(b.available, 0),
        -- when the counts last changed: the listing, a bed, a stay touching today, or midnight
        -- in the house's zone (a move-in or move-out date arriving changes them too)
        greatest(h.listed_at, b.beds_at, m.stays_at, h.today::timestamp at time zone h.time_zone)
      from h
      left join beds b on b.house_id = h.id
      left join moves m on m.house_id = h.id
      order by lower(h.name), h.id
    $$;
    revoke all on function public_vacancies() from public;
    grant execute on function public_vacancies() to hearth_app;
    `,
    )
    .execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Irreversible: restore a backup instead.");
}
