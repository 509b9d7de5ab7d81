import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { verifyAuditChain } from "#app/domain/audit/chain.server";
import { useTestDatabase } from "#tests/support/db";
import { checkForeignKeys, seedScale } from "./scale";

const t = useTestDatabase();

describe("the scale dataset", () => {
  it("seals every generated audit event into its org's chain, which verifies, with orgs seeded side by side", async () => {
    // Two connections (jobs: 2), as `npm run seed:scale` seeds on PostgreSQL: each org's chain is its own.
    const { orgs } = await seedScale(t.db, { orgs: 3, prefix: "chain", housesOf: (n) => n, pastPerBed: 1, jobs: 2 });
    expect(orgs.map((o) => o.n)).toEqual([1, 2, 3]);
    const counts = await sql<{ org_id: string; events: number; seals: number; max_seq: number }>`
      select e.org_id, count(*)::int as events, count(s.event_id)::int as seals, max(s.seq)::int as max_seq
      from audit_event e left join audit_seal s on s.event_id = e.id
      where e.org_id = any (${orgs.map((o) => o.id)}::uuid[])
      group by e.org_id`.execute(t.db);
    expect(counts.rows).toHaveLength(3);
    for (const row of counts.rows) {
      expect(row.events).toBeGreaterThan(0);
      expect(row.seals, "every event is sealed").toBe(row.events);
      expect(row.max_seq, "one chain per org, counted from 1 without gaps").toBe(row.events);
    }
    // In event order, as the commit-time trigger seals them.
    const outOfOrder = await sql<{ n: number }>`
      select count(*)::int as n from audit_seal a join audit_seal b on b.org_id = a.org_id and b.seq = a.seq + 1
      where a.org_id = any (${orgs.map((o) => o.id)}::uuid[]) and b.event_id < a.event_id`.execute(t.db);
    expect(outOfOrder.rows[0]!.n).toBe(0);
    const result = await t.db.transaction().execute(async (tx) => {
      await sql`set local role hearth_owner`.execute(tx);
      return verifyAuditChain(tx);
    });
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it("generates a year of sessions with attendance only for residents in the house that day", async () => {
    const t0 = performance.now();
    const { orgs } = await seedScale(t.db, { orgs: 2, prefix: "sess", housesOf: () => 3, pastPerBed: 3 });
    const ms = performance.now() - t0;
    const ids = orgs.map((o) => o.id);
    const r = await sql<{ series: number; attendance: number; outside: number; span: number; logs: number; targets: number }>`
      select (select count(*)::int from session_series where org_id = any (${ids}::uuid[])) as series,
        (select count(*)::int from session_attendance where org_id = any (${ids}::uuid[])) as attendance,
        (select count(*)::int from session_attendance a where a.org_id = any (${ids}::uuid[]) and not exists (
          select 1 from stay s where s.org_id = a.org_id and s.resident_id = a.resident_id and s.house_id = a.house_id and s.during @> a.occurs_on)) as outside,
        (select (max(occurs_on) - min(occurs_on))::int from session_attendance where org_id = any (${ids}::uuid[])) as span,
        (select count(*)::int from meeting_log where org_id = any (${ids}::uuid[])) as logs,
        (select count(*)::int from meeting_target where org_id = any (${ids}::uuid[])) as targets`.execute(t.db);
    expect(r.rows[0]).toMatchObject({ series: 12, outside: 0, targets: 6 });
    expect(r.rows[0]!.attendance).toBeGreaterThan(6 * 40 * 4);
    expect(r.rows[0]!.span).toBeGreaterThan(340);
    expect(r.rows[0]!.logs).toBeGreaterThan(0);
    expect(ms).toBeLessThan(60_000);
  });
});

describe("the scale dataset's house documents", () => {
  it("publishes the four defaults per org with their hashes, signed by most current residents", async () => {
    const { orgs } = await seedScale(t.db, { orgs: 2, prefix: "docs", housesOf: () => 2, pastPerBed: 1 });
    const rows = await sql<{ versions: number; hashed: number; signers: number; current: number }>`
      select
        (select count(*)::int from document_version v where v.org_id = o.id and v.status = 'published' and v.version = 1) as versions,
        (select count(*)::int from document_version v where v.org_id = o.id and v.content_hash = encode(sha256(convert_to(v.body, 'UTF8')), 'hex')) as hashed,
        (select count(distinct g.resident_id)::int from document_signature g join document_version v on v.org_id = g.org_id and v.id = g.document_version_id
          where g.org_id = o.id and g.content_hash = v.content_hash) as signers,
        (select count(*)::int from stay s where s.org_id = o.id and upper_inf(s.during)) as current
      from org o where o.id = any (${orgs.map((o) => o.id)}::uuid[])`.execute(t.db);
    expect(rows.rows).toHaveLength(2);
    for (const r of rows.rows) {
      expect([r.versions, r.hashed]).toEqual([4, 4]);
      expect(r.signers).toBeGreaterThan(r.current / 2);
      expect(r.signers).toBeLessThanOrEqual(r.current);
    }
  });
});

describe("the scale dataset's chores", () => {
  it("gives every house a year of chores, held by residents who live there now", async () => {
    const { orgs } = await seedScale(t.db, { orgs: 1, prefix: "chores", housesOf: () => 2, pastPerBed: 0 });
    const row = await sql<{ chores: number; assignments: number; first: string; last: string; elsewhere: number; verified: number; open_past: number }>`
      select (select count(*)::int from chore where org_id = ${orgs[0]!.id}::uuid) as chores,
        count(*)::int as assignments, min(a.day)::text as first, max(a.day)::text as last,
        count(*) filter (where not exists (select 1 from stay s where s.org_id = a.org_id and s.resident_id = a.resident_id
          and s.house_id = a.house_id and upper_inf(s.during)))::int as elsewhere,
        count(*) filter (where a.status = 'verified')::int as verified,
        count(*) filter (where a.status = 'assigned' and a.day < current_date)::int as open_past
      from chore_assignment a where a.org_id = ${orgs[0]!.id}::uuid`.execute(t.db);
    const r = row.rows[0]!;
    expect(r.chores).toBe(8);
    expect(r.assignments).toBeGreaterThan(2 * 4 * 52);
    expect(r.last > r.first).toBe(true);
    expect(r.elsewhere).toBe(0);
    expect(r.verified).toBeGreaterThan(r.open_past);
    expect(r.open_past).toBeGreaterThan(0);
  });
});

describe("the scale dataset's plans and check-ins", () => {
  it("gives every current resident a four-dimension plan and check-ins inside their stays; house summaries have figures", async () => {
    const { orgs } = await seedScale(t.db, { orgs: 1, prefix: "plans", housesOf: () => 2, pastPerBed: 1 });
    const org = orgs[0]!.id;
    const r = (
      await sql<{ current: number; planned: number; dims: number; steps: number; events: number; checkins: number; outside: number; months: number }>`
      select (select count(*)::int from stay where org_id = ${org}::uuid and upper_inf(during)) as current,
        (select count(distinct resident_id)::int from plan_goal where org_id = ${org}::uuid) as planned,
        (select count(distinct dimension)::int from plan_goal where org_id = ${org}::uuid) as dims,
        (select count(*)::int from plan_step where org_id = ${org}::uuid) as steps,
        (select count(*)::int from plan_event where org_id = ${org}::uuid) as events,
        (select count(*)::int from checkin where org_id = ${org}::uuid) as checkins,
        (select count(*)::int from checkin c where c.org_id = ${org}::uuid and not exists (
          select 1 from stay s where s.org_id = c.org_id and s.resident_id = c.resident_id and s.house_id = c.house_id and s.during @> c.taken_on)) as outside,
        (select count(*)::int from (select house_id, date_trunc('month', taken_on) from checkin where org_id = ${org}::uuid
          group by 1, 2 having count(distinct resident_id) >= 3) m) as months`.execute(t.db)
    ).rows[0]!;
    expect(r.planned).toBe(r.current);
    expect(r.dims).toBe(4);
    expect(r.steps).toBe(r.current * 4);
    expect(r.events).toBe(r.current * 4);
    expect(r.checkins).toBeGreaterThan(r.current);
    expect(r.outside).toBe(0);
    expect(r.months).toBeGreaterThan(0);
  });
});

describe("the scale dataset's self-assessments", () => {
  it("gives every house an assessment at its level with the standard's applicable items; every fourth submitted and fully answered", async () => {
    const { orgs } = await seedScale(t.db, { orgs: 1, prefix: "assess", housesOf: () => 4, pastPerBed: 1 });
    const org = orgs[0]!.id;
    const rows = (
      await sql<{ house: string; level: number; narr: number; status: string; items: number; applicable: number; answered: number }>`
      select h.name as house, a.level, h.narr_level as narr, a.status,
        (select count(*)::int from assessment_item i where i.org_id = a.org_id and i.assessment_id = a.id) as items,
        (select count(*)::int from standard_item si where si.org_id = a.standard_org_id and si.standard_id = a.standard_id
          and case a.level when 1 then si.level_1 when 2 then si.level_2 when 3 then si.level_3 else si.level_4 end <> 'na') as applicable,
        (select count(*)::int from assessment_item i where i.org_id = a.org_id and i.assessment_id = a.id and i.answer is not null) as answered
      from house h join assessment a on a.org_id = h.org_id and a.house_id = h.id
      where h.org_id = ${org}::uuid order by h.name`.execute(t.db)
    ).rows;
    expect(rows).toHaveLength(4);
    for (const r of rows) {
      expect(r.level).toBe(r.narr);
      expect(r.items).toBe(r.applicable);
      expect(r.items).toBeGreaterThan(40);
    }
    const byHouse = Object.fromEntries(rows.map((r) => [/^House (\d+)/.exec(r.house)![1], r]));
    expect(byHouse["4"]).toMatchObject({ status: "submitted" });
    expect(byHouse["4"]!.answered).toBe(byHouse["4"]!.items);
    expect(byHouse["3"]).toMatchObject({ status: "draft", answered: 0 });
    expect(byHouse["1"]!.status).toBe("draft");
    expect(byHouse["1"]!.answered).toBe(byHouse["1"]!.items);
  });
});

describe("the scale dataset's bulk inserts", () => {
  it("check every foreign key of the rows inserted without per-row checks, and fail on a broken one", async () => {
    const { orgs } = await seedScale(t.db, { orgs: 1, prefix: "fk", housesOf: () => 1, pastPerBed: 1 });
    const orgId = orgs[0]!.id;
    // The seed's own rows pass (it ran the check itself; again here, as the login).
    await t.db.transaction().execute((tx) => checkForeignKeys(tx, "meeting_log", orgId));
    // A row naming a resident that does not exist, slipped in with the per-row checks off, is found.
    const refused = t.db.transaction().execute(async (tx) => {
      await sql`set local session_replication_role = replica`.execute(tx);
      await sql`insert into meeting_log (org_id, resident_id, met_on, fellowship, place)
        values (${orgId}::uuid, '00000000-0000-4000-8000-000000000000', current_date, 'aa', 'Library')`.execute(tx);
      await sql`set local session_replication_role = origin`.execute(tx);
      await checkForeignKeys(tx, "meeting_log", orgId);
    });
    await expect(refused).rejects.toThrow(/1 rows of meeting_log break meeting_log_.*resident/);
  });
});

describe("the scale dataset's directory and referrals", () => {
  it("gives every org a searchable directory with flagged entries, and referrals at every status with the flow's history", async () => {
    const { orgs } = await seedScale(t.db, { orgs: 1, prefix: "refs", housesOf: () => 24, pastPerBed: 0 });
    const org = orgs[0]!.id;
    const r = (
      await sql<{ services: number; categories: number; stale: number; jobs: number; located: number; statuses: string[]; outcomes: string[]; current: number; referred: number; bad_history: number; followups: number; unknown_goal: number }>`
      select (select count(*)::int from service where org_id = ${org}::uuid) as services,
        (select count(distinct c)::int from service, unnest(categories) c where org_id = ${org}::uuid) as categories,
        (select count(*)::int from service where org_id = ${org}::uuid and assured_date < current_date - interval '12 months') as stale,
        (select count(*)::int from service where org_id = ${org}::uuid and search @@ websearch_to_tsquery('english', 'job training') and categories = '{employment}') as jobs,
        (select count(*)::int from service s where org_id = ${org}::uuid and exists (select 1 from service_at_location sal join service_location l on l.org_id = sal.org_id and l.id = sal.location_id
          where sal.org_id = s.org_id and sal.service_id = s.id and l.city is not null)
          and exists (select 1 from service_phone p where p.org_id = s.org_id and p.service_id = s.id)
          and exists (select 1 from service_schedule h where h.org_id = s.org_id and h.service_id = s.id)) as located,
        (select array_agg(distinct status order by status) from referral where org_id = ${org}::uuid) as statuses,
        (select array_agg(distinct outcome order by outcome) from referral where org_id = ${org}::uuid and outcome is not null) as outcomes,
        (select count(*)::int from stay where org_id = ${org}::uuid and upper_inf(during)) as current,
        (select count(distinct resident_id)::int from referral where org_id = ${org}::uuid) as referred,
        (select count(*)::int from referral r where org_id = ${org}::uuid and (
          (select array_agg(e.status order by e.created_at, e.id) from referral_event e where e.org_id = r.org_id and e.referral_id = r.id and e.kind = 'status')[1] <> 'draft'
          or (select e.status from referral_event e where e.org_id = r.org_id and e.referral_id = r.id and e.kind = 'status' order by e.created_at desc, e.id desc limit 1) <> r.status)) as bad_history,
        (select count(*)::int from referral_followup where org_id = ${org}::uuid and done_at is null) as followups,
        (select count(*)::int from referral where org_id = ${org}::uuid and goal_id is null) as unknown_goal`.execute(t.db)
    ).rows[0]!;
    expect(r.services).toBeGreaterThanOrEqual(55);
    expect(r.categories).toBe(14);
    expect(r.stale).toBeGreaterThan(0);
    expect(r.stale).toBeLessThan(r.services / 2);
    expect(r.jobs).toBeGreaterThanOrEqual(3);
    expect(r.located).toBe(r.services);
    expect(r.statuses).toEqual(["accepted", "appointment_set", "attended", "closed", "consent_needed", "draft", "sent"]);
    expect(r.outcomes).toEqual(["completed", "declined", "did_not_attend", "engaged", "not_eligible"]);
    expect(r.referred).toBeGreaterThan(r.current / 8);
    expect(r.referred).toBeLessThan(r.current / 2);
    expect(r.bad_history, "each history starts as a draft and ends at the referral's status").toBe(0);
    expect(r.followups).toBeGreaterThan(0);
    expect(r.unknown_goal).toBe(0);
    // The flow's guard is back on after the seed: a referral cannot jump from draft to attended.
    await expect(sql`update referral set status = 'attended', appointment_at = now() where org_id = ${org}::uuid and status = 'draft'`.execute(t.db)).rejects.toThrow(/does not go from draft/);
  });
});

describe("the scale dataset's certifier", () => {
  it("holds grants from the operators, certifications at several statuses, and its pipeline shows their assessments", async () => {
    const { orgs } = await seedScale(t.db, { orgs: 3, prefix: "certs", housesOf: () => 4, pastPerBed: 0 });
    const certifier = await t.db.selectFrom("org").select(["id", "kind"]).where("slug", "=", "certs-certifier").executeTakeFirstOrThrow();
    expect(certifier.kind).toBe("certifier");
    const grants = await t.db.selectFrom("audit_grant").select(["org_id"]).where("certifier_org_id", "=", certifier.id).execute();
    expect(grants.map((g) => g.org_id).sort()).toEqual(orgs.map((o) => o.id).sort());
    const houses = await t.db.selectFrom("audit_grant_house").select(sql<number>`count(*)::int`.as("n")).where("org_id", "in", orgs.map((o) => o.id)).executeTakeFirstOrThrow();
    expect(houses.n).toBe(12);
    const certs = await t.db.selectFrom("certification").select("status").where("certifier_org_id", "=", certifier.id).orderBy("status").execute();
    expect(certs.map((c) => c.status)).toEqual(["draft", "in_review", "submitted"]);
    const admin = await t.db.selectFrom("app_user").select("id").where("email", "=", "certifier@certs-certifier.hearth.test").executeTakeFirstOrThrow();
    const { withTenant } = await import("#app/db/tenant.server");
    const { certifierPipeline } = await import("#app/domain/grants/certifier.server");
    const { items: pipeline } = await withTenant({ orgId: certifier.id, userId: admin.id, role: "certifier_admin" }, (tx) => certifierPipeline(tx));
    expect(pipeline).toHaveLength(3);
    expect(pipeline.flatMap((o) => o.houses)).toHaveLength(12);
    expect(pipeline.flatMap((o) => o.houses.map((h) => h.assessment?.status)).filter((s) => s === "submitted").length).toBeGreaterThan(0);
  });
});
