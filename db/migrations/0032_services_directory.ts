import { sql, type Kysely } from "kysely";

/**
 * The services directory (issue 12, capability 1; ADR 039): where a recovery residence sends
 * people for treatment, health care, work, food, housing … modelled on Open Referral HSDS 3.0.
 *
 *  - service_organization (HSDS organization): who runs a service.
 *  - service (HSDS service): the entry. Categories are HSDS taxonomy terms (vocabulary
 *    "hearth-service-category", the codes of app/domain/services/categories.ts); languages are
 *    ISO 639 codes (HSDS language); eligibility, fees and how to apply are HSDS's description
 *    fields; assured_date is HSDS's "last verified" date. `search` is a weighted tsvector
 *    (name A, category labels B, description C) kept by a generated column, GIN-indexed.
 *  - service_location (HSDS location + its physical address + accessibility description),
 *    service_at_location (HSDS service_at_location), service_phone, service_contact,
 *    service_schedule (HSDS schedule: weekly, one row per weekday, local opening hours in
 *    the org's zone).
 *
 * RLS: org-level. Every member of an operator org reads the directory (residents included:
 * nothing in it is about a person); owners, admins, house managers and staff write it. Entries
 * are never deleted (referrals will point at them: (org_id, id)); an entry is set inactive.
 * Child rows (phones, contacts, schedules, links to locations) are replaced on edit.
 */

const ORG = `org_id = (select current_org_id())`;
const ROLE = `(select current_app_role())`;
const READ = `(${ORG} and ${ROLE} in ('owner', 'admin', 'house_manager', 'staff', 'resident'))`;
const WRITE = `(${ORG} and ${ROLE} in ('owner', 'admin', 'house_manager', 'staff'))`;

const CATEGORIES: [string, string][] = [
  ["treatment", "Substance-use treatment"],
  ["moud", "Medication for opioid use disorder"],
  ["mental_health", "Mental health care"],
  ["primary_care", "Physical health care"],
  ["mutual_aid", "Mutual aid meetings"],
  ["recovery_coach", "Recovery coaching"],
  ["employment", "Employment and job training"],
  ["education", "Education"],
  ["legal", "Legal aid"],
  ["benefits", "Benefits"],
  ["food", "Food"],
  ["childcare", "Childcare"],
  ["transportation", "Transportation"],
  ["housing", "Longer-term housing"],
];
const LANGUAGES = ["en", "es", "zh", "vi", "ko", "tl", "ru", "ar", "fr", "ht", "pt", "pl", "ase"];
const PHONE_TYPES = ["voice", "text", "fax", "cell", "textphone", "hotline"];

const list = (values: string[]) => values.map((v) => `'${v}'`).join(", ");

function policies(table: string, verbs: ("insert" | "update" | "delete")[]): string {
  const out = [
    `alter table ${table} enable row level security;`,
    `alter table ${table} force row level security;`,
    `create policy ${table}_select on ${table} for select using ${READ};`,
  ];
  if (verbs.includes("insert")) out.push(`create policy ${table}_insert on ${table} for insert with check ${WRITE};`);
  if (verbs.includes("update")) out.push(`create policy ${table}_update on ${table} for update using ${WRITE} with check ${WRITE};`);
  if (verbs.includes("delete")) out.push(`create policy ${table}_delete on ${table} for delete using ${WRITE};`);
  out.push(`grant select, ${verbs.join(", ")} on ${table} to hearth_app;`);
  return out.join("\n");
}

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    -- The words of a service's categories, for its search vector (B weight). Immutable: a
    -- new category is added here by a later migration together with categories.ts.
    create function service_category_words(codes text[]) returns text language sql immutable parallel safe
      set search_path = pg_catalog as $$
      select coalesce(string_agg(case c ${CATEGORIES.map(([code, label]) => `when '${code}' then '${label}'`).join(" ")} else c end, ' '), '')
      from unnest(codes) as c
    $$;

    create table service_organization (
      id uuid not null default gen_random_uuid(),
      org_id uuid not null references org (id),
      name text not null constraint service_organization_name check (length(name) between 1 and 200),
      description text constraint service_organization_description check (length(description) <= 2000),
      website text constraint service_organization_website check (length(website) <= 500),
      email text constraint service_organization_email check (length(email) <= 254),
      created_at timestamptz not null default now(),
      constraint service_organization_pkey primary key (org_id, id)
    );
    create index service_organization_name_idx on service_organization (org_id, lower(name));

    create table service (
      id uuid not null default gen_random_uuid(),
      org_id uuid not null references org (id),
      organization_id uuid not null,
      name text not null constraint service_name check (length(name) between 1 and 200),
      description text not null default '' constraint service_description check (length(description) <= 4000),
      url text constraint service_url check (length(url) <= 500),
      email text constraint service_email check (length(email) <= 254),
      status text not null default 'active' constraint service_status check (status in ('active', 'inactive')),
      categories text[] not null constraint service_categories
        check (categories <@ array[${list(CATEGORIES.map(([c]) => c))}]::text[] and cardinality(categories) between 1 and ${CATEGORIES.length}),
      languages text[] not null default '{}' constraint service_languages check (languages <@ array[${list(LANGUAGES)}]::text[]),
      eligibility_description text constraint service_eligibility check (length(eligibility_description) <= 2000),
      fees_description text constraint service_fees check (length(fees_description) <= 2000),
      application_process text constraint service_application_process check (length(application_process) <= 2000),
      assured_date date constraint service_assured_date check (assured_date between '1900-01-01' and '2200-01-01'),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      search tsvector generated always as (
        setweight(to_tsvector('english', name), 'A')
        || setweight(to_tsvector('english', service_category_words(categories)), 'B')
        || setweight(to_tsvector('english', description), 'C')
      ) stored,
      constraint service_pkey primary key (org_id, id),
      constraint service_organization_fk foreign key (org_id, organization_id) references service_organization (org_id, id)
    );
    create index service_org_name_idx on service (org_id, name, id);
    create index service_org_organization_idx on service (org_id, organization_id);
    create index service_search_idx on service using gin (search);

    create table service_location (
      id uuid not null default gen_random_uuid(),
      org_id uuid not null references org (id),
      organization_id uuid,
      name text constraint service_location_name check (length(name) <= 200),
      address_1 text constraint service_location_address check (length(address_1) <= 200),
      city text constraint service_location_city check (length(city) <= 100),
      state_province text constraint service_location_state check (length(state_province) <= 100),
      postal_code text constraint service_location_postal_code check (length(postal_code) <= 20),
      country text not null default 'US' constraint service_location_country check (country ~ '^[A-Z]{2}$'),
      accessibility text constraint service_location_accessibility check (length(accessibility) <= 1000),
      constraint service_location_pkey primary key (org_id, id),
      constraint service_location_organization_fk foreign key (org_id, organization_id) references service_organization (org_id, id)
    );
    create index service_location_city_idx on service_location (org_id, lower(city));
    create index service_location_postal_idx on service_location (org_id, postal_code);

    create table service_at_location (
      id uuid not null default gen_random_uuid(),
      org_id uuid not null references org (id),
      service_id uuid not null,
      location_id uuid not null,
      constraint service_at_location_pkey primary key (org_id, id),
      constraint service_at_location_once unique (org_id, service_id, location_id),
      constraint service_at_location_service_fk foreign key (org_id, service_id) references service (org_id, id),
      constraint service_at_location_location_fk foreign key (org_id, location_id) references service_location (org_id, id)
    );
    create index service_at_location_location_idx on service_at_location (org_id, location_id);

    create table service_phone (
      id uuid not null default gen_random_uuid(),
      org_id uuid not null references org (id),
      service_id uuid not null,
      number text not null constraint service_phone_number check (length(number) between 1 and 40),
      type text not null default 'voice' constraint service_phone_type check (type in (${list(PHONE_TYPES)})),
      description text constraint service_phone_description check (length(description) <= 200),
      constraint service_phone_pkey primary key (org_id, id),
      constraint service_phone_service_fk foreign key (org_id, service_id) references service (org_id, id)
    );
    create index service_phone_service_idx on service_phone (org_id, service_id);

    create table service_contact (
      id uuid not null default gen_random_uuid(),
      org_id uuid not null references org (id),
      service_id uuid not null,
      name text constraint service_contact_name check (length(name) <= 200),
      title text constraint service_contact_title check (length(title) <= 200),
      email text constraint service_contact_email check (length(email) <= 254),
      constraint service_contact_pkey primary key (org_id, id),
      constraint service_contact_service_fk foreign key (org_id, service_id) references service (org_id, id)
    );
    create index service_contact_service_idx on service_contact (org_id, service_id);

    -- Weekly opening hours (HSDS schedule, freq WEEKLY, one byday per row), local time in the
    -- org's zone. closes_at may be 24:00 (open until midnight).
    create table service_schedule (
      id uuid not null default gen_random_uuid(),
      org_id uuid not null references org (id),
      service_id uuid not null,
      weekday smallint not null constraint service_schedule_weekday check (weekday between 1 and 7),
      opens_at time not null,
      closes_at time not null,
      constraint service_schedule_pkey primary key (org_id, id),
      constraint service_schedule_hours check (opens_at < closes_at),
      constraint service_schedule_service_fk foreign key (org_id, service_id) references service (org_id, id)
    );
    create index service_schedule_service_idx on service_schedule (org_id, service_id, weekday);

    ${policies("service_organization", ["insert", "update"])}
    ${policies("service", ["insert", "update"])}
    ${policies("service_location", ["insert", "update"])}
    ${policies("service_at_location", ["insert", "delete"])}
    ${policies("service_phone", ["insert", "delete"])}
    ${policies("service_contact", ["insert", "delete"])}
    ${policies("service_schedule", ["insert", "delete"])}
  `,
    )
    .execute(db);
}
