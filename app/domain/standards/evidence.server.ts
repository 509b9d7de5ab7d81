import { sql } from "kysely";
import type { AutoCheck } from "#app/db/schema";
import type { Tx } from "#app/db/tenant.server";
import { houseToday, localDayOf } from "#app/domain/dates.server";
import { safetyChecksOnTime } from "#app/domain/safety/safety.server";
import { addDays, type CalendarDate } from "#app/lib/dates";

/**
 * Automatic evidence (issue 13, capability 2; ADR 047): what the app already knows about an
 * item, computed from operations for one house (or every house the caller sees, for an
 * operator-level assessment) with the day it was computed and a link to the records. Each
 * check is one set-based subquery over the house's current residents, rooms and logs (never
 * a query per resident); all of them run in one statement, plus the safety log's own.
 */

export type AutoEvidence = { ok: boolean; text: string; href: string | null; computedOn: CalendarDate };

type Counts = {
  today: string;
  residents: number; signed_all: number; docs_needed: number;
  meeting_weeks: number;
  chores: number; chores_verified: number;
  charged: number; ack_before_charge: number;
  with_ledger: number; with_plan: number;
  rooms: number; rooms_sized: number; rooms_ok: number;
  beds: number; bathrooms: number | null;
  services_verified: number; referred: number;
};

const of = (n: number, total: number, what: string) => `${n} of ${total} ${what}`;

export async function automaticEvidence(tx: Tx, houseId: string | null, orgSlug: string): Promise<Record<AutoCheck, AutoEvidence>> {
  const { rows } = await sql<Counts>`
    with h as (
      select h.org_id, h.id, h.bathroom_count, ${houseToday("h")} as today
      from house h where h.org_id = (select current_org_id()) and h.status = 'active' and (${houseId}::uuid is null or h.id = ${houseId}::uuid)
    ),
    cur as (
      select s.org_id, s.house_id, s.resident_id from stay s join h on h.org_id = s.org_id and h.id = s.house_id
      where s.during @> h.today
    ),
    latest as (
      select distinct on (h.id, v.kind) h.id as house_id, v.id
      from h join document_version v on v.org_id = h.org_id and (v.house_id = h.id or v.house_id is null)
      where v.status = 'published' and v.kind in ('house_rules', 'resident_rights', 'grievance_procedure')
      order by h.id, v.kind, v.house_id nulls last, v.version desc
    )
    select
      coalesce(min(h.today)::text, (now())::date::text) as today,
      (select count(*)::int from cur) as residents,
      (select count(*)::int from latest) as docs_needed,
      (select count(*)::int from cur where (select count(*) from latest l where l.house_id = cur.house_id)
        = (select count(distinct l.id) from latest l join document_signature g on g.org_id = cur.org_id and g.document_version_id = l.id
           where l.house_id = cur.house_id and g.resident_id = cur.resident_id)
        and exists (select 1 from latest l where l.house_id = cur.house_id)) as signed_all,
      (select count(distinct date_trunc('week', a.occurs_on))::int from session_attendance a
        join session_series ss on ss.org_id = a.org_id and ss.id = a.series_id
        join h on h.org_id = a.org_id and h.id = a.house_id
        where ss.kind = 'house_meeting' and a.status = 'present' and a.occurs_on > h.today - 28 and a.occurs_on <= h.today) as meeting_weeks,
      (select count(*)::int from chore_assignment c join h on h.org_id = c.org_id and h.id = c.house_id
        where c.day > h.today - 14 and c.day <= h.today) as chores,
      (select count(*)::int from chore_assignment c join h on h.org_id = c.org_id and h.id = c.house_id
        where c.day > h.today - 14 and c.day <= h.today and c.status = 'verified') as chores_verified,
      (select count(*)::int from cur where exists (select 1 from ledger_entry e where e.org_id = cur.org_id and e.resident_id = cur.resident_id and e.kind = 'charge')) as charged,
      (select count(*)::int from cur where exists (
        -- the day it was signed in the house's zone (an evening signature is the next day in UTC)
        select 1 from fee_agreement_ack k join house kh on kh.org_id = k.org_id and kh.id = k.house_id
        where k.org_id = cur.org_id and k.resident_id = cur.resident_id
          and coalesce(k.paper_signed_on, ${localDayOf(sql`k.signed_at`, "kh")}) <= (select min(e.effective_on) from ledger_entry e
            where e.org_id = cur.org_id and e.resident_id = cur.resident_id and e.kind = 'charge'))) as ack_before_charge,
      (select count(*)::int from cur where exists (select 1 from ledger_entry e where e.org_id = cur.org_id and e.resident_id = cur.resident_id)) as with_ledger,
      (select count(*)::int from cur where exists (select 1 from plan_goal g where g.org_id = cur.org_id and g.resident_id = cur.resident_id)) as with_plan,
      (select count(*)::int from room r join h on h.org_id = r.org_id and h.id = r.house_id) as rooms,
      (select count(*)::int from room r join h on h.org_id = r.org_id and h.id = r.house_id where r.size_sq_ft is not null) as rooms_sized,
      (select count(*)::int from room r join h on h.org_id = r.org_id and h.id = r.house_id
        where r.size_sq_ft is not null and r.size_sq_ft >= 50 * (select count(*) from bed b where b.org_id = r.org_id and b.room_id = r.id and b.kind = 'adult')) as rooms_ok,
      (select count(*)::int from bed b join h on h.org_id = b.org_id and h.id = b.house_id where b.kind = 'adult') as beds,
      (case when count(*) filter (where h.bathroom_count is null) > 0 then null else sum(h.bathroom_count)::int end) as bathrooms,
      (select count(*)::int from service sv where sv.org_id = (select current_org_id()) and sv.assured_date > (select min(h.today) from h) - 365) as services_verified,
      (select count(*)::int from cur where exists (select 1 from referral r where r.org_id = cur.org_id and r.resident_id = cur.resident_id
        and r.status not in ('draft', 'consent_needed') and r.created_at >= (select min(h.today) from h) - 365)) as referred
    from h`.execute(tx);
  const c = rows[0]!;
  const today = c.today;
  const base = `/o/${orgSlug}`;
  const house = houseId ? `${base}/houses/${houseId}` : `${base}/houses`;
  const e = (ok: boolean, text: string, href: string | null): AutoEvidence => ({ ok, text, href, computedOn: today });
  let safety: AutoEvidence;
  if (houseId) {
    const s = await safetyChecksOnTime(tx, houseId, addDays(today, -90));
    safety = e(s.onTime && s.checks.length > 0, s.checks.length ? `${Math.round(s.rate * 100)}% of ${s.checks.length} safety checks on time over the last 90 days${s.onTime ? "" : "; some were late or are overdue"}.` : "No recurring safety checks are set up yet.", `${house}/safety`);
  } else {
    safety = e(false, "Safety checks are kept per house: see each house's self-assessment.", null);
  }
  const perResident = (n: number, what: string) => (c.residents ? `${of(n, c.residents, "current residents")} ${what}.` : "No current residents yet.");
  return {
    rules_signed: e(c.residents > 0 && c.signed_all === c.residents && c.docs_needed > 0,
      c.docs_needed ? perResident(c.signed_all, "signed the current house rules, rights and grievance procedure") : "No house rules, rights or grievance procedure published yet.",
      houseId ? `${house}/documents` : null),
    meetings_weekly: e(c.meeting_weeks >= 4, `House meetings with attendance recorded in ${c.meeting_weeks} of the last 4 weeks.`, houseId ? `${house}/sessions` : null),
    chores_verified: e(c.chores > 0 && c.chores_verified === c.chores, c.chores ? `${of(c.chores_verified, c.chores, "chores")} of the last 14 days checked and verified.` : "No chores assigned in the last 14 days.", houseId ? `${house}/chores` : null),
    fee_agreement_before_charge: e(c.charged > 0 && c.ack_before_charge === c.charged,
      c.charged ? `${of(c.ack_before_charge, c.charged, "charged residents")} acknowledged the fee agreement before their first charge.` : "No current resident has been charged yet.",
      houseId ? `${house}/fees/agreements` : null),
    ledger_per_resident: e(c.residents > 0 && c.with_ledger === c.residents, perResident(c.with_ledger, "have a ledger"), houseId ? `${house}/fees` : null),
    recovery_plans: e(c.residents > 0 && c.with_plan === c.residents, perResident(c.with_plan, "have a recovery plan with at least one goal"), `${base}/residents`),
    safety_checks_on_time: safety,
    bed_space: e(c.rooms > 0 && c.rooms_ok === c.rooms,
      `${of(c.rooms_ok, c.rooms, "bedrooms")} give at least 50 sq ft per bed${c.rooms_sized < c.rooms ? ` (${c.rooms - c.rooms_sized} without a size)` : ""}.`,
      houseId ? `${house}/rooms` : null),
    bathrooms: e(c.bathrooms !== null && c.bathrooms * 6 >= c.beds,
      c.bathrooms === null ? "Bathroom count not entered yet (edit the house)." : `${c.bathrooms} bathrooms for ${c.beds} beds (one per six at most: ${Math.ceil(c.beds / 6)} needed).`,
      houseId ? `${house}/edit` : null),
    referrals: e(c.services_verified > 0 && c.referred > 0,
      `${c.services_verified} ${c.services_verified === 1 ? "service" : "services"} in the directory verified in the last 12 months; ${c.residents ? `${of(c.referred, c.residents, "current residents")} referred to a service in the last 12 months` : "no current residents yet"}.`,
      `${base}/services`),
  };
}
