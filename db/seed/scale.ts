import { sql, type Kysely } from "kysely";
import { BUILT_IN_STANDARD_ID, STANDARDS_ORG_ID } from "#db/migrations/0040_standards";
import type { DB, ServiceCategoryCode } from "#app/db/schema";
import { KINDS } from "./services";

/**
 * The scale dataset: many operators with houses, rooms, beds, current and past
 * residents with their stays, applications, staff notes and audit events.
 *
 * Rows are generated inside PostgreSQL (`generate_series`, one multi-row INSERT … SELECT
 * per table and org) as `hearth_owner`, inside one transaction per org whose settings
 * name the org and its owner, so forced row-level security checks every row as it would
 * for the app (on a superuser login, stays and document signatures excepted: see there;
 * orgs then go two at a time, `jobs`). Everything is a function of (seed, org number, row number): ids are
 * md5-derived uuids and "random" choices are hashes, so two runs with the same seed
 * produce the same data (dates are relative to the day it runs, like the demo seed); the
 * md5 is shaped as a version-4 uuid, which is what the app's id parameters accept.
 *
 * Two row triggers would cost more than the inserts themselves, so the seed does their work
 * in bulk instead: the stay triggers are off for the stay insert (see there), and the audit
 * events are sealed into the org's hash chain by one loop per org (`sealOrgChain`) rather
 * than by the deferred per-row seal trigger at commit (≈ 1 ms per event: 265,000 events
 * were most of the seed's time). The chain is the same: same digest function, same order
 * (event id), same advisory lock, so `npm run audit:verify` checks it like any other.
 *
 * Per org n: houses = `housesOf(n)`, 5 rooms × 2 beds each; 4 of 5 beds are occupied by a
 * current resident, every bed had `pastPerBed` earlier residents (discharged); one
 * application per 2 beds with intake facts, a screening log and, for some, a MOUD answer;
 * a staff note and an intake section per current resident; an audit event per resident
 * and per application; per house a weekly house meeting and class for the past year with
 * attendance at every past meeting, a weekly meeting target and residents' logged meetings. With the defaults (1,000 orgs, the first with 60 houses,
 * and per application; four weekly chores per house with a year of assignments. With the defaults (1,000 orgs, the first with 60 houses,
 * the others 2–8): ≈ 5,000 houses, 40,000 current and 200,000 past residents.
 */
export type ScaleOptions = {
  orgs: number;
  seed?: number;
  /** Slug prefix: orgs are `<prefix>-0001`, … and owners `owner@<slug>.hearth.test`. */
  prefix?: string;
  housesOf?: (n: number) => number;
  pastPerBed?: number;
  /** argon2 hash for every generated user (null: they cannot sign in with a password). */
  passwordHash?: string | null;
  /** Connections seeding orgs side by side (PostgreSQL with a superuser login only; else 1). */
  jobs?: number;
  /** After each org: how many orgs are done, rows so far. */
  onOrg?: (done: number, rows: number) => void;
};

export type ScaleOrg = { n: number; id: string; slug: string; ownerId: string; ownerEmail: string };

/** The first org's extra people (see seedScale). */
export const scaleUsers = (prefix = "scale") => {
  const slug = scaleOrgSlug(prefix, 1);
  return { slug, owner: `owner@${slug}.hearth.test`, manager: `manager@${slug}.hearth.test`, resident: `resident@${slug}.hearth.test` };
};

export const defaultHousesOf = (n: number) => (n === 1 ? 60 : 2 + ((n * 37) % 7));

const FIRST = ["Alex", "Jordan", "Sam", "Chris", "Taylor", "Morgan", "Casey", "Jamie", "Riley", "Avery", "Drew", "Quinn", "Robin", "Terry", "Lee", "Pat"];
const LAST = ["Rivera", "Nguyen", "Smith", "Johnson", "Okafor", "Kowalski", "Garcia", "Chen", "Brown", "Haddad", "Murphy", "Singh", "Lopez", "Novak", "Walker", "Diaz"];
const STATUSES = ["new", "screening", "accepted", "waitlisted", "declined"];
const REASONS = ["completed_program", "independent_housing", "left_voluntarily", "hospital_or_treatment", "other"];
const REFERRALS = ["self", "family", "treatment_program", "court", "probation", "hospital", "other"];
const PAYERS = ["self", "family", "voucher_or_grant", "employer"];
const DIMENSIONS = ["health", "home", "purpose", "community"];
const GOAL_TITLES = ["Keep up with a primary-care doctor", "Save a deposit for a place of my own", "Finish a job-training course", "Find a home group and a sponsor"];
const STEP_BODIES = ["Book a first appointment", "Open a savings account", "Call the training centre", "Try three meetings this month"];
/** Ten check-in answers 1–6 from a row's hash `x`: a little spread, rising with the month `m`. */
const SCORES = Array.from({ length: 10 }, (_, i) => `least(6, 1 + (x / ${7 ** (i % 5) + i}) % 4 + m)`).join(", ");
const NEEDS = [
  "Ground-floor room; knee surgery last year.",
  "Works early shifts; needs a bus line nearby.",
  "Continuing intensive outpatient three evenings a week.",
  "Quiet room; light sleeper.",
  "Needs a place that supports their MOUD treatment.",
  "Looking for a house close to family.",
];
const SCREENING = [
  "Phone screen done; motivated and clear about the house agreement.",
  "References from the treatment program checked.",
  "Asked about move-in dates; flexible within two weeks.",
  "Toured the house; liked the room.",
  "Left a voicemail; will try again tomorrow.",
];

/** The directory (issue 12): the demo's invented names, about 60 services across every category. */
const DIRECTORY = (Object.entries(KINDS) as [ServiceCategoryCode, { names: string[]; what: string }][]).flatMap(([code, k]) =>
  k.names.map((name) => ({ code, name, what: k.what })),
);
const REFERRAL_STATUSES = ["draft", "consent_needed", "sent", "accepted", "appointment_set", "attended", "closed"];
const OUTCOMES = ["engaged", "did_not_attend", "declined", "not_eligible", "completed"];
/** The steps a referral took to its status (closed: by its outcome), as the flow allows them. */
const PATH_SQL = `case r.status
  when 'draft' then array['draft'] when 'consent_needed' then array['draft','consent_needed']
  when 'sent' then array['draft','sent'] when 'accepted' then array['draft','sent','accepted']
  when 'appointment_set' then array['draft','sent','appointment_set']
  when 'attended' then array['draft','sent','appointment_set','attended']
  else case r.outcome when 'declined' then array['draft','sent','closed'] when 'not_eligible' then array['draft','sent','closed']
    when 'did_not_attend' then array['draft','sent','appointment_set','closed']
    else array['draft','sent','appointment_set','attended','closed'] end end`;

const CHORES = ["Kitchen", "Bathrooms", "Common room", "Trash and recycling"];
const AREAS = ["Kitchen", "Bathrooms", "Living room", "Outside"];
const WEEKDAYS = ["MO", "WE", "FR", "SU"];

/** SCALE_EXPLAIN=2,60: print `EXPLAIN (ANALYZE, BUFFERS, WAL)` of those orgs' statements (debugging). */
const EXPLAIN_ORGS = new Set((process.env.SCALE_EXPLAIN ?? "").split(",").filter(Boolean).map(Number));

const pad = (n: number) => String(n).padStart(4, "0");

/** Deterministic uuid for (seed, kind, parts…), computed the same way in SQL (`uid()` below). */
export function scaleOrgSlug(prefix: string, n: number) {
  return `${prefix}-${pad(n)}`;
}

/** How many operators (the first ones) grant the scale certifier access (issue 13): the certifier's pipeline at scale. */
export const CERTIFIER_OPERATORS = 200;

export async function seedScale(db: Kysely<DB>, opts: ScaleOptions): Promise<{ orgs: ScaleOrg[]; rows: number }> {
  const seed = opts.seed ?? 15;
  const prefix = opts.prefix ?? "scale";
  const housesOf = opts.housesOf ?? defaultHousesOf;
  const pastPerBed = opts.pastPerBed ?? 4;
  const passwordHash = opts.passwordHash ?? null;
  const orgs: ScaleOrg[] = [];
  let rows = 0;

  // Orgs and their owners' accounts (platform rows) in two statements.
  const list = Array.from({ length: opts.orgs }, (_, i) => i + 1);
  const created = await db.transaction().execute(async (tx) => {
    await sql`select set_config('role', 'hearth_owner', true)`.execute(tx);
    const o = await sql<{ n: number; id: string; slug: string }>`
      insert into org (id, slug, name, kind, time_zone)
      select overlay(overlay(md5(${`${seed}:${prefix}`}::text || ':org:' || n) placing '4' from 13) placing '8' from 17)::uuid, ${prefix}::text || '-' || lpad(n::text, 4, '0'),
             'Scale Recovery Homes ' || n, 'operator',
             (array['America/New_York','America/Chicago','America/Denver','America/Los_Angeles'])[1 + n % 4]
      from unnest(${list}::int[]) as n
      returning id, slug, (regexp_replace(slug, '^.*-', ''))::int as n`.execute(tx);
    const u = await sql<{ id: string; email: string }>`
      insert into app_user (id, email, name, password_hash)
      select overlay(overlay(md5(${`${seed}:${prefix}`}::text || ':owner:' || n) placing '4' from 13) placing '8' from 17)::uuid, 'owner@' || ${prefix}::text || '-' || lpad(n::text, 4, '0') || '.hearth.test',
             'Owner ' || n, ${passwordHash}
      from unnest(${list}::int[]) as n
      returning id, email`.execute(tx);
    return { orgs: o.rows, users: u.rows };
  });
  rows += created.orgs.length + created.users.length;
  const ownerOf = new Map(created.users.map((u) => [u.email, u.id]));

  // The certifying body of the scale dataset (issue 13; ADR 049, 054): one certifier org with
  // its admin, which the first CERTIFIER_OPERATORS operators grant access to (below, in each
  // org's transaction); its certifications come after the loop.
  const certifier = await db.transaction().execute(async (tx) => {
    await sql`select set_config('role', 'hearth_owner', true)`.execute(tx);
    const ck = `${seed}:${prefix}:certifier`;
    const c = await sql<{ id: string; userId: string }>`
      with o as (
        insert into org (id, slug, name, kind, time_zone)
        values (overlay(overlay(md5(${ck}::text || ':org') placing '4' from 13) placing '8' from 17)::uuid, ${prefix}::text || '-certifier', 'Scale Certification Alliance', 'certifier', 'America/New_York')
        returning id),
      u as (
        insert into app_user (id, email, name, password_hash)
        values (overlay(overlay(md5(${ck}::text || ':admin') placing '4' from 13) placing '8' from 17)::uuid, 'certifier@' || ${prefix}::text || '-certifier.hearth.test', 'Certifier Admin', ${passwordHash})
        returning id)
      select o.id, u.id as "userId" from o, u`.execute(tx);
    return c.rows[0]!;
  });
  await db.transaction().execute(async (tx) => {
    await sql`select set_config('role', 'hearth_owner', true), set_config('app.mac', e.mac, true),
      set_config('app.org_id', e.org_id::text, true), set_config('app.user_id', e.user_id::text, true), set_config('app.role', e.role, true)
      from enter_trusted(${certifier.id}::uuid, ${certifier.userId}::uuid, 'certifier_admin', '', '') e`.execute(tx);
    await sql`insert into membership (org_id, user_id, role) values (${certifier.id}::uuid, ${certifier.userId}::uuid, 'certifier_admin')`.execute(tx);
  });
  rows += 3;

  // Bulk mode for the largest inserts (see `bulk` below): only a superuser login may turn the
  // foreign-key triggers off, so on any other login every row is checked one by one, as before.
  const superuser = (await sql<{ s: boolean }>`select rolsuper as s from pg_roles where rolname = session_user`.execute(db)).rows[0]?.s === true;

  // Orgs are independent (own rows, own audit chain), so `jobs` connections seed them side
  // by side, each taking the next org in order; only the superuser path can (the other one
  // turns triggers off with ALTER TABLE, whose lock would serialise them anyway).
  const jobs = superuser ? Math.max(1, Math.floor(opts.jobs ?? 1)) : 1;
  const queue = created.orgs.sort((a, b) => a.n - b.n);
  let next = 0;
  let failed = false;
  const seedOrg = async (org: (typeof queue)[number]) => {
    const n = org.n;
    const ownerEmail = `owner@${org.slug}.hearth.test`;
    const ownerId = ownerOf.get(ownerEmail)!;
    const houses = housesOf(n);
    const txStart = performance.now();
    const orgRows = await db.transaction().execute(async (tx) => {
      // The owner's context, signed by the trusted entry (migration 0021: a seed runs on a
      // superuser or migration login). synchronous_commit off: a crash could lose the last
      // orgs' commits (never half of one); the seed is rerun on a fresh database then, and
      // it spares 1,000 WAL flushes. No statement timeout: the pool's (DB_STATEMENT_TIMEOUT_MS,
      // 10 s, for requests) cancelled the first org's largest inserts on a loaded machine.
      await sql`select set_config('role', 'hearth_owner', true), set_config('app.mac', e.mac, true),
        set_config('app.org_id', e.org_id::text, true), set_config('app.user_id', e.user_id::text, true),
        set_config('app.role', e.role, true), set_config('synchronous_commit', 'off', true), set_config('statement_timeout', '0', true)
        from enter_trusted(${org.id}::uuid, ${ownerId}::uuid, 'owner', '', '') e`.execute(tx);
      let count = 0;
      const run = async (q: ReturnType<typeof sql>) => {
        const t0 = performance.now();
        if (EXPLAIN_ORGS.has(n) && /^\s*(insert|with|update|select)/i.test(q.compile(tx).sql)) {
          const plan = await sql<{ "QUERY PLAN": string }>`explain (analyze, buffers, wal) ${q}`.execute(tx);
          console.log(`--- org ${n}: ${Math.round(performance.now() - t0)} ms\n${q.compile(tx).sql.slice(0, 200)}\n${plan.rows.map((p) => p["QUERY PLAN"]).join("\n")}`);
          return;
        }
        const r = await q.execute(tx);
        if (process.env.SCALE_DEBUG) console.log(Math.round(performance.now() - t0), "ms", Number(r.numAffectedRows ?? 0), q.compile(tx).sql.slice(0, 60).replace(/\s+/g, " "));
        count += Number(r.numAffectedRows ?? 0);
      };
      /**
       * The largest inserts (tens of rows per resident: a year of attendance and chores) as
       * one set: their foreign-key triggers (one index probe per key and row, about half of
       * the insert's time) are off for the statement (`session_replication_role = replica`,
       * which only a superuser may set, so the role steps back to the login for it), and
       * every foreign key of the table is then checked for this org's rows in one anti-join
       * per key, as the login (no policy hides a parent row). A broken reference fails the
       * seed. Row-level security and the check constraints still see every row: the insert
       * itself runs as `hearth_owner` (unless `asLogin`, see the stays and signatures). User
       * triggers are off in replica mode too: on the tables given here they stamp who and
       * when (the seed writes those columns or their defaults do), lock submitted
       * assessments (none is submitted yet) or are meant to be off (said at each). Several statements (and
       * their tables' checks) may share one replica section. Without a superuser login this
       * is `run`, every row checked by its triggers; callers whose tables have user triggers
       * turn them off with ALTER TABLE on that path instead.
       */
      const bulk = async (tables: string | string[], qs: ReturnType<typeof sql> | ReturnType<typeof sql>[], options: { asLogin?: boolean } = {}) => {
        const queries = Array.isArray(qs) ? qs : [qs];
        if (!superuser) {
          for (const q of queries) await run(q);
          return;
        }
        // One round trip each way (a text without parameters may hold several statements).
        await sql.raw(`set local role none; set local session_replication_role = replica${options.asLogin ? "" : "; set local role hearth_owner"}`).execute(tx);
        for (const q of queries) await run(q);
        await sql`set local role none; set local session_replication_role = origin`.execute(tx);
        for (const table of Array.isArray(tables) ? tables : [tables]) {
          const t0 = performance.now();
          await checkForeignKeys(tx, table, org.id);
          if (process.env.SCALE_DEBUG) console.log(Math.round(performance.now() - t0), "ms foreign keys of", table);
        }
        await sql`set local role hearth_owner`.execute(tx);
      };
      /**
       * Statements whose tables' user triggers must be off (the seed does their work): in
       * replica mode (`bulk`) on a superuser login, else with ALTER TABLE as the tables'
       * owner (`off`, then `on`; transaction-local DDL, but its lock holds each table until
       * the org's commit, so that path seeds one org at a time).
       */
      const withoutTriggers = async (
        steps: { table: string; q: ReturnType<typeof sql>; off?: string; on?: string }[],
        options: { asLogin?: boolean } = {},
      ) => {
        if (superuser) return bulk(steps.map((s) => s.table), steps.map((s) => s.q), options);
        for (const { table, q, off, on } of steps) {
          await run(sql.raw(`alter table ${table} ${off ?? "disable trigger user"}`));
          await run(q);
          await run(sql.raw(`alter table ${table} ${on ?? "enable trigger user"}`));
        }
      };
      const k = `${seed}:${prefix}:${n}`; // the uuid namespace of this org
      await run(sql`insert into membership (id, org_id, user_id, role) values (overlay(overlay(md5(${k}::text || ':m') placing '4' from 13) placing '8' from 17)::uuid, ${org.id}::uuid, ${ownerId}::uuid, 'owner')`);
      await run(sql`
        insert into house (id, org_id, name, address_line1, city, region, postal_code, populations, narr_level, time_zone, phone, created_by)
        select overlay(overlay(md5(${k}::text || ':h:' || h) placing '4' from 13) placing '8' from 17)::uuid, ${org.id}::uuid, 'House ' || h || ' on ' || (${LAST}::text[])[1 + h % 16] || ' Street',
               (100 + h) || ' ' || (${LAST}::text[])[1 + (h * 7) % 16] || ' Avenue', 'Springfield', 'PA', '19104',
               array[(array['men','women','all_genders'])[1 + h % 3]], 1 + h % 4,
               (select time_zone from org where id = ${org.id}::uuid), '215-555-' || lpad(h::text, 4, '0'), ${ownerId}::uuid
        from generate_series(1, ${houses}) h`);
      await run(sql`
        insert into room (id, org_id, house_id, name)
        select overlay(overlay(md5(${k}::text || ':r:' || h || ':' || r) placing '4' from 13) placing '8' from 17)::uuid, ${org.id}::uuid, overlay(overlay(md5(${k}::text || ':h:' || h) placing '4' from 13) placing '8' from 17)::uuid, 'Room ' || r
        from generate_series(1, ${houses}) h, generate_series(1, 5) r`);
      await run(sql`
        insert into bed (id, org_id, house_id, room_id, label)
        select overlay(overlay(md5(${k}::text || ':b:' || h || ':' || r || ':' || b) placing '4' from 13) placing '8' from 17)::uuid, ${org.id}::uuid, overlay(overlay(md5(${k}::text || ':h:' || h) placing '4' from 13) placing '8' from 17)::uuid,
               overlay(overlay(md5(${k}::text || ':r:' || h || ':' || r) placing '4' from 13) placing '8' from 17)::uuid, (array['A','B'])[b]
        from generate_series(1, ${houses}) h, generate_series(1, 5) r, generate_series(1, 2) b`);
      // Residents: slot 0 is the bed's current resident (4 of 5 beds), slots 1..pastPerBed past ones.
      await bulk("resident", sql`
        with slots as (
          select h, r, b, s, (hashint4(${seed}::int * 7919 + ${n}::int * 104729 + h * 1009 + r * 31 + b * 7 + s * 3) & 2147483647) as x
          from generate_series(1, ${houses}) h, generate_series(1, 5) r, generate_series(1, 2) b,
               generate_series(0, ${pastPerBed}) s
          where s > 0 or (h + r * 2 + b) % 5 <> 0
        )
        insert into resident (id, org_id, legal_name, preferred_name, date_of_birth, phone, recovery_start_date,
                              created_by, first_admitted_at, created_at)
        select overlay(overlay(md5(${k}::text || ':p:' || h || ':' || r || ':' || b || ':' || s) placing '4' from 13) placing '8' from 17)::uuid, ${org.id}::uuid,
               (${FIRST}::text[])[1 + x % 16] || ' ' || (${LAST}::text[])[1 + (x / 16) % 16],
               case when x % 4 = 0 then (${FIRST}::text[])[1 + (x / 256) % 16] end,
               date '1960-01-01' + (x % 14000)::int, '215-555-' || lpad((x % 10000)::text, 4, '0'),
               current_date - (s * 120 + 40 + x % 300)::int, ${ownerId}::uuid,
               now() - make_interval(days => s * 120 + 30), now() - make_interval(days => s * 120 + 31)
        from slots`);
      // Stays: past ones end before the current one starts (no overlap per bed or resident).
      // Their two row triggers are off for this insert: every bed is in service and
      // first_admitted_at is already set above, which is all they would check or write; the
      // exclusion constraints still check every row. On a superuser login the insert runs as
      // the login, outside row-level security: for the owner, the insert policy's one per-row
      // test is `resident_is_visible(resident_id)` (a query and three signature checks per
      // row, most of the insert's time), and the set-wise check of `stay_resident_fk` after it
      // proves the same of every row (the resident exists in this org); org_id is the org's.
      await withoutTriggers([{ table: "stay", q: sql`
        with slots as (
          select h, r, b, s, (hashint4(${seed}::int * 7919 + ${n}::int * 104729 + h * 1009 + r * 31 + b * 7 + s * 3) & 2147483647) as x
          from generate_series(1, ${houses}) h, generate_series(1, 5) r, generate_series(1, 2) b,
               generate_series(0, ${pastPerBed}) s
          where s > 0 or (h + r * 2 + b) % 5 <> 0
        )
        insert into stay (id, org_id, resident_id, house_id, bed_id, during, end_type, discharge_reason, created_by)
        select overlay(overlay(md5(${k}::text || ':s:' || h || ':' || r || ':' || b || ':' || s) placing '4' from 13) placing '8' from 17)::uuid, ${org.id}::uuid,
               overlay(overlay(md5(${k}::text || ':p:' || h || ':' || r || ':' || b || ':' || s) placing '4' from 13) placing '8' from 17)::uuid, overlay(overlay(md5(${k}::text || ':h:' || h) placing '4' from 13) placing '8' from 17)::uuid,
               overlay(overlay(md5(${k}::text || ':b:' || h || ':' || r || ':' || b) placing '4' from 13) placing '8' from 17)::uuid,
               case when s = 0 then daterange(current_date - (1 + x % 29)::int, null)
                    else daterange(current_date - (s * 120 + 30), current_date - ((s - 1) * 120 + 30 + x % 10)::int) end,
               case when s > 0 then 'discharge' end,
               case when s > 0 then (${REASONS}::text[])[1 + x % 5] end,
               ${ownerId}::uuid
        from slots` }], { asLogin: true });
      await run(sql`
        insert into application (id, org_id, house_id, applicant_name, phone, referral_source, referral_detail, desired_move_in,
                                 consent_to_contact, status, decline_reason, submitted_via, status_changed_at, created_at,
                                 needs, recovery_date, payer, sponsor_name, sponsor_phone, probation_contact_name, probation_contact_phone)
        select overlay(overlay(md5(${k}::text || ':a:' || a) placing '4' from 13) placing '8' from 17)::uuid, ${org.id}::uuid,
               case when a % 3 = 0 then null else overlay(overlay(md5(${k}::text || ':h:' || (1 + a % ${houses})) placing '4' from 13) placing '8' from 17)::uuid end,
               (${FIRST}::text[])[1 + (a * 5) % 16] || ' ' || (${LAST}::text[])[1 + (a * 11) % 16],
               '267-555-' || lpad(a::text, 4, '0'), (${REFERRALS}::text[])[1 + a % 7],
               case a % 7 when 2 then 'Intensive outpatient program' when 3 then 'Treatment court, Part B' when 4 then 'Adult probation, Unit ' || (1 + a % 5) end,
               current_date + (a % 60), true,
               (${STATUSES}::text[])[1 + a % 5],
               case when a % 5 = 4 then 'No bed for the requested population.' end,
               (array['staff','public'])[1 + a % 2],
               now() - make_interval(days => a % 90), now() - make_interval(days => a % 90, mins => a),
               (${NEEDS}::text[])[1 + a % 6],
               case when a % 3 <> 0 then current_date - (30 + (a * 13) % 700) end,
               case when a % 8 <> 7 then (${PAYERS}::text[])[1 + a % 4] end,
               case when a % 2 = 0 then (${FIRST}::text[])[1 + (a * 3) % 16] || ' ' || (${LAST}::text[])[1 + (a * 7) % 16] end,
               case when a % 2 = 0 then '215-555-' || lpad(((a * 17) % 10000)::text, 4, '0') end,
               case when a % 7 in (3, 4) then 'Officer ' || (${LAST}::text[])[1 + (a * 5) % 16] end,
               case when a % 7 in (3, 4) then '215-555-' || lpad(((a * 29) % 10000)::text, 4, '0') end
        from generate_series(1, ${houses * 5}) a`);
      // Screening logs: one or two dated entries per application past "new".
      await run(sql`
        insert into screening_note (org_id, application_id, author_user_id, body, created_at)
        select ${org.id}::uuid, overlay(overlay(md5(${k}::text || ':a:' || a) placing '4' from 13) placing '8' from 17)::uuid, ${ownerId}::uuid,
               (${SCREENING}::text[])[1 + (a + e) % 5], now() - make_interval(days => a % 90) + make_interval(hours => 20 + e * 30)
        from generate_series(1, ${houses * 5}) a, generate_series(0, 1) e
        where a % 5 <> 0 and (e = 0 or a % 2 = 0)`);
      // MOUD answers for about half the applications that name a house.
      await run(sql`
        insert into moud_status (org_id, application_id, status)
        select ${org.id}::uuid, overlay(overlay(md5(${k}::text || ':a:' || a) placing '4' from 13) placing '8' from 17)::uuid,
               (array['yes','no','prefer_not_to_say'])[1 + a % 3]
        from generate_series(1, ${houses * 5}) a
        where a % 3 <> 0 and a % 2 = 1`);
      // Intake sections for current residents (their facts at admission) and some MOUD answers.
      await run(sql`
        insert into resident_intake (org_id, resident_id, referral_source, needs, payer, sponsor_name, sponsor_phone)
        select ${org.id}::uuid, overlay(overlay(md5(${k}::text || ':p:' || h || ':' || r || ':' || b || ':0') placing '4' from 13) placing '8' from 17)::uuid,
               (${REFERRALS}::text[])[1 + (h + r + b) % 7], (${NEEDS}::text[])[1 + (h * r + b) % 6],
               (${PAYERS}::text[])[1 + (h + b) % 4],
               case when (h + r) % 2 = 0 then (${FIRST}::text[])[1 + (h * 3 + r) % 16] || ' ' || (${LAST}::text[])[1 + (h + r * 5) % 16] end,
               case when (h + r) % 2 = 0 then '215-555-' || lpad(((h * 31 + r * 7 + b) % 10000)::text, 4, '0') end
        from generate_series(1, ${houses}) h, generate_series(1, 5) r, generate_series(1, 2) b
        where (h + r * 2 + b) % 5 <> 0`);
      await run(sql`
        insert into moud_status (org_id, resident_id, status)
        select ${org.id}::uuid, overlay(overlay(md5(${k}::text || ':p:' || h || ':' || r || ':' || b || ':0') placing '4' from 13) placing '8' from 17)::uuid,
               (array['yes','no','prefer_not_to_say'])[1 + (h + r + b) % 3]
        from generate_series(1, ${houses}) h, generate_series(1, 5) r, generate_series(1, 2) b
        where (h + r * 2 + b) % 5 <> 0 and (h + r) % 3 <> 0`);
      await run(sql`
        insert into resident_note (org_id, resident_id, author_user_id, body, created_at)
        select ${org.id}::uuid, overlay(overlay(md5(${k}::text || ':p:' || h || ':' || r || ':' || b || ':0') placing '4' from 13) placing '8' from 17)::uuid, ${ownerId}::uuid,
               'Settled in well; attends house meetings.', now() - make_interval(days => (h + r + b) % 20)
        from generate_series(1, ${houses}) h, generate_series(1, 5) r, generate_series(1, 2) b
        where (h + r * 2 + b) % 5 <> 0`);
      // Recovery plans (ADR 041): every current resident has a goal on each of the four
      // dimensions with one step (the first done), and the goal_added history; check-ins
      // at move-in for current residents and at move-in and monthly for the latest past
      // stays, so the house summaries have residents every month. Ids hash from the slot.
      await bulk("plan_goal", sql`
        insert into plan_goal (id, org_id, resident_id, dimension, title, target_on, status, created_by, created_at)
        select overlay(overlay(md5(${k}::text || ':g:' || h || ':' || r || ':' || b || ':' || d) placing '4' from 13) placing '8' from 17)::uuid, ${org.id}::uuid, overlay(overlay(md5(${k}::text || ':p:' || h || ':' || r || ':' || b || ':0') placing '4' from 13) placing '8' from 17)::uuid, (${DIMENSIONS}::text[])[d], (${GOAL_TITLES}::text[])[d],
               current_date + 30 * d, 'active', ${ownerId}::uuid, now() - make_interval(days => (h + r + b) % 20)
        from generate_series(1, ${houses}) h, generate_series(1, 5) r, generate_series(1, 2) b, generate_series(1, 4) d
        where (h + r * 2 + b) % 5 <> 0`);
      await bulk("plan_step", sql`
        insert into plan_step (org_id, resident_id, goal_id, body, target_on, done_on)
        select ${org.id}::uuid, overlay(overlay(md5(${k}::text || ':p:' || h || ':' || r || ':' || b || ':0') placing '4' from 13) placing '8' from 17)::uuid, overlay(overlay(md5(${k}::text || ':g:' || h || ':' || r || ':' || b || ':' || d) placing '4' from 13) placing '8' from 17)::uuid, (${STEP_BODIES}::text[])[d], current_date + 7 * d,
               case when d = 1 then current_date - 1 end
        from generate_series(1, ${houses}) h, generate_series(1, 5) r, generate_series(1, 2) b, generate_series(1, 4) d
        where (h + r * 2 + b) % 5 <> 0`);
      await bulk("plan_event", sql`
        insert into plan_event (org_id, resident_id, goal_id, kind, actor_role, actor_id)
        select ${org.id}::uuid, overlay(overlay(md5(${k}::text || ':p:' || h || ':' || r || ':' || b || ':0') placing '4' from 13) placing '8' from 17)::uuid, overlay(overlay(md5(${k}::text || ':g:' || h || ':' || r || ':' || b || ':' || d) placing '4' from 13) placing '8' from 17)::uuid, 'goal_added',
               'owner', ${ownerId}::uuid
        from generate_series(1, ${houses}) h, generate_series(1, 5) r, generate_series(1, 2) b, generate_series(1, 4) d
        where (h + r * 2 + b) % 5 <> 0`);
      await bulk("checkin", sql`
        insert into checkin (org_id, resident_id, house_id, taken_on, scores, created_at)
        select st.org_id, st.resident_id, st.house_id, lower(st.during) + 30 * m,
               array[${sql.raw(SCORES)}]::smallint[], now()
        from stay st cross join generate_series(0, 2) m,
             lateral (select hashint4(hashtext(st.resident_id::text) # m) & 2147483647 as x) hx
        where st.org_id = ${org.id}::uuid and lower(st.during) >= current_date - 150
          and lower(st.during) + 30 * m <= current_date - 1
          and (upper_inf(st.during) or lower(st.during) + 30 * m < upper(st.during))`);
      // House documents: the four org defaults (inserted as drafts and published by one
      // update: the trigger numbers and hashes them), signed by nine in ten current
      // residents (the others have documents waiting). Signing is a resident's own act (RLS
      // lets only the resident insert their signature), so this bulk load uses the table
      // owner's own path for the one statement, inside this transaction: RLS not forced on
      // its owner and the guard trigger off, as the stay triggers are above; each row names
      // the version in force and its own hash, which is all the guard would check. The app
      // role is untouched: no policy for the owner exists outside this transaction. (On a
      // superuser login: as the login, which row-level security does not apply to, in
      // replica mode; signed_by is the owner, as its default would have said.)
      await run(sql`
        insert into document_version (id, org_id, kind, body)
        select overlay(overlay(md5(${k}::text || ':dv:' || kind) placing '4' from 13) placing '8' from 17)::uuid, ${org.id}::uuid, kind,
               '# ' || initcap(replace(kind, '_', ' ')) || E'\n\nWhat every resident of our houses agrees to.'
        from unnest(array['house_rules', 'resident_rights', 'grievance_procedure', 'good_neighbour']) kind`);
      await run(sql`update document_version set status = 'published' where org_id = ${org.id}::uuid and status = 'draft'`);
      await withoutTriggers([{ table: "document_signature", off: "no force row level security, disable trigger user", on: "force row level security, enable trigger user", q: sql`
        insert into document_signature (org_id, document_version_id, resident_id, typed_name, content_hash, signed_at, signed_by)
        select ${org.id}::uuid, v.id, r.id, r.legal_name, v.content_hash, now() - interval '1 hour', ${ownerId}::uuid
        from stay s
        join resident r on r.org_id = s.org_id and r.id = s.resident_id
        join document_version v on v.org_id = s.org_id and v.house_id is null and v.status = 'published'
        where s.org_id = ${org.id}::uuid and upper_inf(s.during) and (hashint4(${seed}::int + hashtext(r.id::text)) & 2147483647) % 10 <> 0` }], { asLogin: true });
      // Sessions: a weekly house meeting (everyone) and a weekly budgeting class (optional)
      // per house for the past year, attendance at every past house meeting for whoever
      // lived in the house that day, a weekly target of 3 mutual-aid meetings, and two
      // logged meetings a week for the last eight weeks per current resident.
      await run(sql`
        insert into session_series (id, org_id, house_id, title, kind, place, starts_on, start_time, duration_minutes, rule, attendance)
        select overlay(overlay(md5(${k}::text || ':ss:' || h || ':' || i) placing '4' from 13) placing '8' from 17)::uuid, ${org.id}::uuid,
               overlay(overlay(md5(${k}::text || ':h:' || h) placing '4' from 13) placing '8' from 17)::uuid,
               (array['House meeting', 'Budgeting basics'])[i], (array['house_meeting', 'budgeting'])[i], 'Living room',
               current_date - 364 - (h + i) % 7, (array['19:00', '18:00'])[i]::time, 60, 'FREQ=WEEKLY', (array['all', 'optional'])[i]
        from generate_series(1, ${houses}) h, generate_series(1, 2) i`);
      await bulk("session_attendance", sql`
        insert into session_attendance (org_id, house_id, series_id, occurs_on, resident_id, status, recorded_by)
        select ${org.id}::uuid, st.house_id, overlay(overlay(md5(${k}::text || ':ss:' || h || ':1') placing '4' from 13) placing '8' from 17)::uuid,
               d.day, st.resident_id,
               (array['present','present','present','present','present','present','present','excused','absent','absent'])[1 + (hashint4(h * 53 + w * 7) & 2147483647) % 10],
               ${ownerId}::uuid
        from generate_series(1, ${houses}) h
        cross join generate_series(0, 52) w
        cross join lateral (select current_date - 364 - (h + 1) % 7 + 7 * w as day) d
        join stay st on st.org_id = ${org.id}::uuid
          and st.house_id = overlay(overlay(md5(${k}::text || ':h:' || h) placing '4' from 13) placing '8' from 17)::uuid
          and st.during @> d.day
        where d.day < current_date`);
      await run(sql`
        insert into meeting_target (org_id, house_id, weekly_target)
        select ${org.id}::uuid, overlay(overlay(md5(${k}::text || ':h:' || h) placing '4' from 13) placing '8' from 17)::uuid, 3
        from generate_series(1, ${houses}) h`);
      await bulk("meeting_log", sql`
        insert into meeting_log (org_id, resident_id, met_on, fellowship, place)
        select ${org.id}::uuid, overlay(overlay(md5(${k}::text || ':p:' || h || ':' || r || ':' || b || ':0') placing '4' from 13) placing '8' from 17)::uuid,
               current_date - (w * 7 + (h + r + b + e * 3) % 7), (array['aa','na','smart','recovery_dharma','celebrate_recovery','other'])[1 + (h + r + w + e) % 6],
               (array['Community center','Library','Online','Church hall'])[1 + (r + w) % 4]
        from generate_series(1, ${houses}) h, generate_series(1, 5) r, generate_series(1, 2) b, generate_series(0, 7) w, generate_series(0, 1) e
        where (h + r * 2 + b) % 5 <> 0 and current_date - (w * 7 + (h + r + b + e * 3) % 7) >= current_date - (1 + (hashint4(${seed}::int * 7919 + ${n}::int * 104729 + h * 1009 + r * 31 + b * 7) & 2147483647) % 29)`);
      // Chores: four weekly chores per house and a year of their rotation (plus the coming
      // week) among the house's current residents: verified, or missed for one in nine.
      await run(sql`
        insert into chore (id, org_id, house_id, name, area, effort, frequency, weekdays, starts_on)
        select overlay(overlay(md5(${k}::text || ':c:' || h || ':' || c) placing '4' from 13) placing '8' from 17)::uuid, ${org.id}::uuid,
               overlay(overlay(md5(${k}::text || ':h:' || h) placing '4' from 13) placing '8' from 17)::uuid,
               (${CHORES}::text[])[c], (${AREAS}::text[])[c], 1 + c % 4, 'weekly', array[(${WEEKDAYS}::text[])[c]], current_date - 400
        from generate_series(1, ${houses}) h, generate_series(1, 4) c`);
      await bulk("chore_assignment", sql`
        with due as (
          select h, c, d::date as day, ((d::date - date '2000-01-01') / 7 + c + h) % 10 as j
          from generate_series(1, ${houses}) h, generate_series(1, 4) c,
               generate_series(current_date - 364, current_date + 6, interval '1 day') d
          where extract(isodow from d) = c * 2 - 1
        ), slot as (
          -- the bed's current resident, or the next bed's when that bed is empty (never both)
          select h, c, day, case when (h + (1 + j / 2) * 2 + (1 + j % 2)) % 5 = 0 then (j + 1) % 10 else j end as j from due
        )
        insert into chore_assignment (org_id, house_id, chore_id, resident_id, day, effort, status, done_at)
        select ${org.id}::uuid, overlay(overlay(md5(${k}::text || ':h:' || h) placing '4' from 13) placing '8' from 17)::uuid,
               overlay(overlay(md5(${k}::text || ':c:' || h || ':' || c) placing '4' from 13) placing '8' from 17)::uuid,
               overlay(overlay(md5(${k}::text || ':p:' || h || ':' || (1 + j / 2) || ':' || (1 + j % 2) || ':0') placing '4' from 13) placing '8' from 17)::uuid,
               day, 1 + c % 4,
               case when day >= current_date or (day - date '2000-01-01' + h + c) % 9 = 0 then 'assigned' else 'verified' end,
               case when day < current_date and (day - date '2000-01-01' + h + c) % 9 <> 0 then day + time '19:00' end
        from slot`);
      // Fees (ADR 030): a rent charge for every two weeks of every stay (up to a year), and a
      // cash payment every four weeks, numbered per org; at the default scale ≈ 2.5 million rows.
      // (Numbered here in bulk: the per-row trigger that numbers the app's payments is off
      // meanwhile, and so is the balance trigger: resident_balance is one set below. created_by
      // is the owner, as its default — a signature check per row — would have said.)
      await withoutTriggers([{ table: "ledger_entry", off: "disable trigger ledger_entry_before_insert, disable trigger ledger_entry_balance",
        on: "enable trigger ledger_entry_before_insert, enable trigger ledger_entry_balance", q: sql`
        insert into ledger_entry (org_id, resident_id, house_id, stay_id, kind, amount_cents, effective_on, memo, method, payer, receipt_number, created_by)
        select ${org.id}::uuid, st.resident_id, st.house_id, st.id, k.kind,
               case when k.kind = 'charge' then 30000 else -60000 end, lower(st.during) + 14 * w,
               case when k.kind = 'charge' then 'Rent, two weeks' end,
               case when k.kind = 'payment' then 'cash' end, case when k.kind = 'payment' then 'resident' end,
               case when k.kind = 'payment' then row_number() over (partition by k.kind = 'payment' order by st.id, w) end, ${ownerId}::uuid
        from stay st
        cross join lateral generate_series(0, least(26, (coalesce(upper(st.during), current_date) - lower(st.during)) / 14)) w
        cross join (values ('charge'), ('payment')) k(kind)
        where st.org_id = ${org.id}::uuid and lower(st.during) + 14 * w < least(coalesce(upper(st.during), current_date), current_date)
          and (k.kind = 'charge' or w % 2 = 1)` }]);
      await run(sql`
        insert into receipt_counter (org_id, last_number)
        select ${org.id}::uuid, coalesce(max(receipt_number), 0) from ledger_entry where org_id = ${org.id}::uuid`);
      // resident_balance (ADR 038): its per-row trigger was off for the bulk insert; one set instead.
      await run(sql`
        insert into resident_balance as b (org_id, resident_id, house_id, balance_cents, owed_cents, paid_cents, deposits_cents, last_on, last_entry_id)
        select e.org_id, e.resident_id, e.house_id, sum(e.amount_cents),
          coalesce(sum(e.amount_cents) filter (where x.k in ('charge', 'deposit')), 0),
          coalesce(-sum(e.amount_cents) filter (where x.k not in ('charge', 'deposit')), 0),
          coalesce(sum(e.amount_cents) filter (where x.k in ('deposit', 'deposit_release')), 0),
          (max(array[e.effective_on::text, e.id::text]) filter (where e.kind <> 'reversal'))[1]::date,
          (max(array[e.effective_on::text, e.id::text]) filter (where e.kind <> 'reversal'))[2]::uuid
        from ledger_entry e
        cross join lateral (select case when e.kind = 'reversal'
          then (select o.kind from ledger_entry o where o.org_id = e.org_id and o.id = e.reverses_id) else e.kind end as k) x
        where e.org_id = ${org.id}::uuid
        group by e.org_id, e.resident_id, e.house_id
        on conflict (org_id, resident_id, house_id) do update set balance_cents = excluded.balance_cents,
          owed_cents = excluded.owed_cents, paid_cents = excluded.paid_cents, deposits_cents = excluded.deposits_cents,
          last_on = excluded.last_on, last_entry_id = excluded.last_entry_id`);
      // Self-assessments (issue 13; ADR 047): every house has one against the built-in
      // standard at its level, its items copied as startAssessment copies them. Answers by
      // house: every fourth house submitted with every item answered, every third (of the
      // rest) not started, the others answered through; ids hash from the house.
      await run(sql`
        insert into assessment (id, org_id, house_id, standard_org_id, standard_id, standard_label, level, created_at, created_by)
        select overlay(overlay(md5(${k}::text || ':as:' || h) placing '4' from 13) placing '8' from 17)::uuid, ${org.id}::uuid, ho.id,
          st.org_id, st.id, st.name || ' ' || st.version, ho.narr_level, now() - make_interval(days => 20 + h % 30), ${ownerId}::uuid
        from generate_series(1, ${houses}) h
        join house ho on ho.org_id = ${org.id}::uuid and ho.id = overlay(overlay(md5(${k}::text || ':h:' || h) placing '4' from 13) placing '8' from 17)::uuid
        cross join standard st
        where st.org_id = ${STANDARDS_ORG_ID}::uuid and st.id = ${BUILT_IN_STANDARD_ID}::uuid`);
      await bulk("assessment_item", sql`
        insert into assessment_item (org_id, assessment_id, position, code, domain_code, domain_title, principle_code, principle_title,
          section_number, section_title, text, guidance, evidence_hint, requirement, auto_check, answer, answered_at, answered_by)
        select a.org_id, a.id, i.position, i.code, d.code, d.title, p.code, p.title, s.code::int, s.title,
          i.text, i.guidance, i.evidence_hint, lv.req, i.auto_check, x.answer,
          case when x.answer is not null then a.created_at + make_interval(days => i.position % 15) end,
          case when x.answer is not null then ${ownerId}::uuid end
        from generate_series(1, ${houses}) h
        join assessment a on a.org_id = ${org.id}::uuid and a.id = overlay(overlay(md5(${k}::text || ':as:' || h) placing '4' from 13) placing '8' from 17)::uuid
        join standard_item i on i.org_id = a.standard_org_id and i.standard_id = a.standard_id
        join standard_heading d on d.org_id = i.org_id and d.standard_id = i.standard_id and d.kind = 'domain' and d.code = split_part(i.code, '.', 1)
        join standard_heading p on p.org_id = i.org_id and p.standard_id = i.standard_id and p.kind = 'principle' and p.code = split_part(i.code, '.', 2)
        join standard_heading s on s.org_id = i.org_id and s.standard_id = i.standard_id and s.kind = 'section' and s.code = split_part(i.code, '.', 3)
        cross join lateral (select case a.level when 1 then i.level_1 when 2 then i.level_2 when 3 then i.level_3 else i.level_4 end as req) lv
        cross join lateral (select case when h % 4 <> 0 and h % 3 = 0 then null
          else (array['met', 'met', 'met', 'partial', 'not_met', 'na'])[1 + (i.position + h) % 6] end as answer) x
        where lv.req <> 'na'`);
      await run(sql`
        update assessment set status = 'submitted', submitted_at = created_at + interval '16 days', submitted_by = ${ownerId}::uuid
        where org_id = ${org.id}::uuid and id in (
          select overlay(overlay(md5(${k}::text || ':as:' || h) placing '4' from 13) placing '8' from 17)::uuid
          from generate_series(4, ${houses}, 4) h)`);
      // The services directory (issue 12): the demo's ~60 entries in the org's first city,
      // one provider and location each, weekday hours, a phone; one in five not verified
      // for over a year (the flag). Then referrals for one current resident in four, at
      // every status (and closed with every outcome), with the status history the flow
      // would have written and an open follow-up for those waiting on the partner. The
      // referral tables' row triggers (stamps, the flow guard) are off for these inserts,
      // as the stay's are: each row carries its own times, a status the flow allows and
      // the history to it.
      const dirNames = DIRECTORY.map((d) => d.name);
      const dirCodes = DIRECTORY.map((d) => d.code);
      const dirWhat = DIRECTORY.map((d) => d.what);
      const svc = (i: string) => sql`overlay(overlay(md5(${k}::text || ':sv:' || ${sql.raw(i)}) placing '4' from 13) placing '8' from 17)::uuid`;
      await run(sql`
        insert into service_organization (id, org_id, name, description)
        select ${svc("i")}, ${org.id}::uuid, d.name, 'Invented provider for the scale dataset.'
        from unnest(${dirNames}::text[]) with ordinality as d(name, i)`);
      await run(sql`
        insert into service (id, org_id, organization_id, name, description, categories, languages, eligibility_description, fees_description, assured_date)
        select ${svc("i")}, ${org.id}::uuid, ${svc("i")}, d.name, d.what, array[d.code],
               case i % 4 when 0 then array['en'] when 1 then array['en', 'es'] when 2 then array['en', 'zh'] else array['en', 'vi'] end,
               'Adults in recovery.', case when i % 3 = 0 then 'Free.' else 'Sliding scale.' end,
               current_date - (case when i % 5 = 0 then 400 + i else i * 3 end)::int
        from unnest(${dirNames}::text[], ${dirCodes}::text[], ${dirWhat}::text[]) with ordinality as d(name, code, what, i)`);
      await run(sql`
        insert into service_location (id, org_id, organization_id, address_1, city, state_province, postal_code, accessibility)
        select ${svc("i")}, ${org.id}::uuid, ${svc("i")}, (100 + i * 7) || ' Market St', h.city, h.region, h.postal_code, 'Step-free entrance.'
        from generate_series(1, ${DIRECTORY.length}) i,
             (select city, region, postal_code from house where org_id = ${org.id}::uuid order by name limit 1) h`);
      await run(sql`
        insert into service_at_location (org_id, service_id, location_id)
        select ${org.id}::uuid, ${svc("i")}, ${svc("i")} from generate_series(1, ${DIRECTORY.length}) i`);
      await run(sql`
        insert into service_phone (org_id, service_id, number)
        select ${org.id}::uuid, ${svc("i")}, '215-555-' || lpad((2000 + i)::text, 4, '0') from generate_series(1, ${DIRECTORY.length}) i`);
      await run(sql`
        insert into service_schedule (org_id, service_id, weekday, opens_at, closes_at)
        select ${org.id}::uuid, ${svc("i")}, d, time '09:00', case when i % 4 = 0 then time '20:00' else time '17:00' end
        from generate_series(1, ${DIRECTORY.length}) i, generate_series(1, 5) d`);
      await withoutTriggers([{ table: "referral", q: sql`
        insert into referral (id, org_id, resident_id, service_id, goal_id, reason, urgency, status, outcome, appointment_at, appointment_place, status_at, created_by, created_at)
        select overlay(overlay(md5(${k}::text || ':rf:' || st.resident_id) placing '4' from 13) placing '8' from 17)::uuid, ${org.id}::uuid, st.resident_id,
               ${svc(`(1 + x % ${DIRECTORY.length})`)},
               (select g.id from plan_goal g where g.org_id = st.org_id and g.resident_id = st.resident_id and g.dimension = 'purpose' limit 1),
               'Connect with ' || (${dirNames}::text[])[1 + x % ${DIRECTORY.length}] || ' for their plan goal.',
               (array['routine','soon','urgent'])[1 + x % 3],
               (${REFERRAL_STATUSES}::text[])[1 + q % 7],
               case when q % 7 = 6 then (${OUTCOMES}::text[])[1 + (q / 7) % 5] end,
               case q % 7 when 4 then now() + interval '3 days' when 5 then now() - interval '5 days' end,
               case when q % 7 in (4, 5) then 'Front desk' end,
               now() - make_interval(hours => 1 + x % 200), ${ownerId}::uuid, now() - make_interval(days => 10 + x % 40)
        from (select st.org_id, st.resident_id, x, (row_number() over (order by x, st.resident_id) - 1)::int as q
              from stay st cross join lateral (select hashint4(hashtext(st.resident_id::text) # 12) & 2147483647 as x) hx
              where st.org_id = ${org.id}::uuid and upper_inf(st.during) and x % 4 = 0) st` }, { table: "referral_event", q: sql`
        insert into referral_event (org_id, resident_id, referral_id, kind, status, outcome, actor_id, created_at)
        select r.org_id, r.resident_id, r.id, 'status', step, case when step = 'closed' then r.outcome end, r.created_by,
               r.created_at + (r.status_at - r.created_at) * (o - 1) / greatest(1, cardinality(${sql.raw(PATH_SQL)}) - 1)
        from referral r, unnest(${sql.raw(PATH_SQL)}) with ordinality as s(step, o)
        where r.org_id = ${org.id}::uuid` }, { table: "referral_followup", q: sql`
        insert into referral_followup (org_id, resident_id, referral_id, due_on, task, created_by, created_at)
        select r.org_id, r.resident_id, r.id, current_date + (hashtext(r.id::text) % 5), 'Call to check the referral arrived', r.created_by, r.status_at
        from referral r where r.org_id = ${org.id}::uuid and r.status in ('sent', 'appointment_set')` }]);
      // An audit event per resident and application, in the order they were created, sealed
      // below (the deferred per-row seal trigger is off). The stamp trigger's values are
      // given (in replica mode it is off too): the owner, now(), no request or address.
      await withoutTriggers([{ table: "audit_event", off: "disable trigger audit_event_seal", on: "enable trigger audit_event_seal", q: sql`
        insert into audit_event (org_id, actor_user_id, action, entity_type, entity_id, created_at)
        select ${org.id}::uuid, ${ownerId}::uuid, e.action, e.entity_type, e.entity_id, now()
        from (select 'resident.created' as action, 'resident' as entity_type, id::text as entity_id, created_at from resident where org_id = ${org.id}::uuid
              union all
              select 'application.created', 'application', id::text, created_at from application where org_id = ${org.id}::uuid) e
        order by e.created_at` }]);
      const t0 = performance.now();
      await sealOrgChain(tx);
      if (process.env.SCALE_DEBUG) console.log(Math.round(performance.now() - t0), "ms seal chain");
      if (n <= CERTIFIER_OPERATORS) {
        // An audit grant to the scale certifier for the org's first four houses (the fourth's
        // self-assessment is submitted; certification scope, started a month ago, until
        // revoked), as the org's owner under RLS.
        await run(sql`
          insert into audit_grant (id, org_id, certifier_org_id, scope, starts_on, note)
          values (overlay(overlay(md5(${k}::text || ':grant') placing '4' from 13) placing '8' from 17)::uuid, ${org.id}::uuid, ${certifier.id}::uuid,
            'certification', current_date - 30, 'Scale dataset: certification review.')`);
        await run(sql`
          insert into audit_grant_house (org_id, grant_id, house_id)
          select ${org.id}::uuid, overlay(overlay(md5(${k}::text || ':grant') placing '4' from 13) placing '8' from 17)::uuid,
            overlay(overlay(md5(${k}::text || ':h:' || h) placing '4' from 13) placing '8' from 17)::uuid
          from generate_series(1, least(4, ${houses}::int)) h`);
      }
      if (n === 1) {
        // The benchmark's other people in the first (largest) org: a house manager of its
        // first three houses and a resident with a portal account (the first current one).
        await run(sql`
          insert into app_user (id, email, name, password_hash)
          values (overlay(overlay(md5(${k}::text || ':u:manager') placing '4' from 13) placing '8' from 17)::uuid, 'manager@' || ${org.slug}::text || '.hearth.test', 'Manager 1', ${passwordHash}),
                 (overlay(overlay(md5(${k}::text || ':u:resident') placing '4' from 13) placing '8' from 17)::uuid, 'resident@' || ${org.slug}::text || '.hearth.test', 'Resident 1', ${passwordHash})`);
        await run(sql`
          insert into membership (id, org_id, user_id, role)
          values (overlay(overlay(md5(${k}::text || ':m:manager') placing '4' from 13) placing '8' from 17)::uuid, ${org.id}::uuid, overlay(overlay(md5(${k}::text || ':u:manager') placing '4' from 13) placing '8' from 17)::uuid, 'house_manager'),
                 (overlay(overlay(md5(${k}::text || ':m:resident') placing '4' from 13) placing '8' from 17)::uuid, ${org.id}::uuid, overlay(overlay(md5(${k}::text || ':u:resident') placing '4' from 13) placing '8' from 17)::uuid, 'resident')`);
        await run(sql`
          insert into membership_house (org_id, membership_id, house_id)
          select ${org.id}::uuid, overlay(overlay(md5(${k}::text || ':m:manager') placing '4' from 13) placing '8' from 17)::uuid, overlay(overlay(md5(${k}::text || ':h:' || h) placing '4' from 13) placing '8' from 17)::uuid
          from generate_series(1, least(3, ${houses}::int)) h`);
        await run(sql`
          update resident set user_id = overlay(overlay(md5(${k}::text || ':u:resident') placing '4' from 13) placing '8' from 17)::uuid
          where org_id = ${org.id}::uuid and id = overlay(overlay(md5(${k}::text || ':p:1:1:1:0') placing '4' from 13) placing '8' from 17)::uuid`);
      }
      return count + 1;
    });
    if (process.env.SCALE_DEBUG) console.log(Math.round(performance.now() - txStart), "ms org transaction (with commit)");
    rows += orgRows;
    orgs.push({ n, id: org.id, slug: org.slug, ownerId, ownerEmail });
    opts.onOrg?.(orgs.length, rows);
  };
  const workers = await Promise.allSettled(
    Array.from({ length: Math.min(jobs, queue.length) }, async () => {
      while (!failed && next < queue.length) {
        const org = queue[next++]!;
        try {
          await seedOrg(org);
        } catch (error) {
          failed = true;
          throw error;
        }
      }
    }),
  );
  const failure = workers.find((w) => w.status === "rejected");
  if (failure) throw failure.reason;
  orgs.sort((a, b) => a.n - b.n);
  // The certifier's certifications of the granted operators' first houses, at different
  // statuses (draft, submitted, in review), as its admin under RLS (certifier_grant_covers).
  rows += await db.transaction().execute(async (tx) => {
    await sql`select set_config('role', 'hearth_owner', true), set_config('app.mac', e.mac, true),
      set_config('app.org_id', e.org_id::text, true), set_config('app.user_id', e.user_id::text, true), set_config('app.role', e.role, true)
      from enter_trusted(${certifier.id}::uuid, ${certifier.userId}::uuid, 'certifier_admin', '', '') e`.execute(tx);
    const granted = orgs.filter((o) => o.n <= CERTIFIER_OPERATORS);
    const r = await sql`
      insert into certification (org_id, house_id, certifier_org_id, level, status, note)
      select o.id, h.id, ${certifier.id}::uuid, h.narr_level, (array['submitted', 'in_review', 'draft'])[1 + o.n % 3], 'Scale dataset.'
      from unnest(${granted.map((o) => o.id)}::uuid[], ${granted.map((o) => o.n)}::int[]) as o(id, n)
      join house h on h.org_id = o.id and h.id = overlay(overlay(md5(${`${seed}:${prefix}:`}::text || o.n || ':h:1') placing '4' from 13) placing '8' from 17)::uuid`.execute(tx);
    return Number(r.numAffectedRows ?? 0);
  });
  return { orgs, rows };
}

/**
 * Seal the current org's unsealed audit events (those inserted while the seal trigger was
 * off) onto the end of its chain, in id order, exactly as the trigger would: the same
 * per-chain advisory lock, `audit_event_digest` over the previous hash and position. The
 * hashes are computed in one plpgsql loop and the seals written by one insert.
 */
async function sealOrgChain(tx: Kysely<DB>) {
  await sql`
    do $$
    declare
      org uuid := current_org_id();
      zero constant uuid := '00000000-0000-0000-0000-000000000000';
      e audit_event;
      n bigint;
      h text;
      ids bigint[] := '{}';
      seqs bigint[] := '{}';
      prevs text[] := '{}';
      hashes text[] := '{}';
    begin
      perform pg_advisory_xact_lock(hashtextextended('hearth.audit:' || coalesce(org::text, 'platform'), 0));
      select s.seq, s.hash into n, h from audit_seal s
        where coalesce(s.org_id, zero) = coalesce(org, zero) order by s.seq desc limit 1;
      n := coalesce(n, 0);
      for e in
        select * from audit_event a
        where a.org_id = org and not exists (select 1 from audit_seal s where s.event_id = a.id)
        order by a.id
      loop
        n := n + 1;
        ids := ids || e.id;
        seqs := seqs || n;
        prevs := prevs || h;
        h := audit_event_digest(h, n, e);
        hashes := hashes || h;
      end loop;
      insert into audit_seal (org_id, seq, event_id, prev_hash, hash)
        select org, u.seq, u.id, u.prev, u.hash from unnest(seqs, ids, prevs, hashes) as u(seq, id, prev, hash);
    end $$`.execute(tx);
}

/**
 * Every foreign key of `table`, checked for one org's rows in one anti-join each (after an
 * insert whose per-row checks were off, see `bulk` in seedScale). Read from the catalog,
 * so a key added by a later migration is checked too. Throws on the first broken key.
 */
export async function checkForeignKeys(tx: Kysely<DB>, table: string, orgId: string) {
  let keys = foreignKeysOf.get(table);
  if (!keys) {
    keys = (
      await sql<ForeignKey>`
        select c.conname as name, c.confrelid::regclass::text as parent,
          array(select a.attname::text from unnest(c.conkey) with ordinality k(n, i) join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.n order by k.i) as cols,
          array(select a.attname::text from unnest(c.confkey) with ordinality k(n, i) join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.n order by k.i) as "parentCols"
        from pg_constraint c where c.conrelid = ${table}::regclass and c.contype = 'f' order by c.conname`.execute(tx)
    ).rows;
    foreignKeysOf.set(table, keys);
  }
  if (!keys.length) return;
  // One statement: the broken rows of each key, as one array (in key order).
  const counts = sql.join(
    keys.map((key) => {
      const present = sql.join(key.cols.map((c) => sql`c.${sql.ref(c)} is not null`), sql` and `);
      const match = sql.join(key.cols.map((c, i) => sql`p.${sql.ref(key.parentCols[i]!)} = c.${sql.ref(c)}`), sql` and `);
      return sql`(select count(*)::int from ${sql.table(table)} c
        where c.org_id = ${orgId}::uuid and ${present} and not exists (select 1 from ${sql.table(key.parent)} p where ${match}))`;
    }),
  );
  const broken = (await sql<{ n: number[] }>`select array[${counts}] as n`.execute(tx)).rows[0]!.n;
  const i = broken.findIndex((n) => n > 0);
  if (i >= 0) throw new Error(`scale seed: ${broken[i]} rows of ${table} break ${keys[i]!.name}`);
}
type ForeignKey = { name: string; parent: string; cols: string[]; parentCols: string[] };
/** The catalog's foreign keys per table, read once per process. */
const foreignKeysOf = new Map<string, ForeignKey[]>();
