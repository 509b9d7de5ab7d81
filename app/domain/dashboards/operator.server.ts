import { sql } from "kysely";
import type { AssessmentStatus, CertificationStatus, ComplianceDocumentKind } from "#app/db/schema";
import type { Tx } from "#app/db/tenant.server";
import { houseToday } from "#app/domain/dates.server";
import { DUE_SOON_DAYS } from "#app/domain/safety/labels";
import { CERTIFICATION_WINDOW_DAYS, DOCUMENT_WINDOW_DAYS, type ReadinessCounts } from "./readiness";

/**
 * The operator's standards dashboard (issue 13, capability 9; ADR 058): per house, readiness
 * of its latest self-assessment (per domain), open and overdue findings, safety checks due or
 * overdue; across houses, compliance documents that expired or expire within 60 days and
 * certifications that expire within 90. Row-level security decides which houses: owners and
 * admins all, house managers theirs. One statement whatever the number of houses, items,
 * findings or documents; every day boundary is the house's today (houseToday).
 */

/** How many rows the two cross-house lists show (each with its full count). */
export const DASHBOARD_LIST_LIMIT = 20;
/** Houses on the dashboard (an operator runs a few dozen at most). */
export const DASHBOARD_HOUSE_LIMIT = 200;

export type DomainCounts = ReadinessCounts & { code: string; title: string };
export type DashboardHouse = {
  id: string;
  name: string;
  today: string;
  assessment: { id: string; status: AssessmentStatus; standardLabel: string; level: number; domains: DomainCounts[] } | null;
  findings: { open: number; overdue: number };
  checks: { overdue: number; dueSoon: number };
};
export type ExpiringDocument = { id: string; houseId: string; houseName: string; kind: ComplianceDocumentKind; title: string; expiresOn: string; expired: boolean };
export type ExpiringCertification = {
  id: string; houseId: string; houseName: string; certifier: string; level: number; status: CertificationStatus; expiresOn: string; expired: boolean;
};
export type OperatorDashboard = {
  houses: DashboardHouse[];
  documents: { total: number; expired: number; rows: ExpiringDocument[] };
  certifications: { total: number; rows: ExpiringCertification[] };
};

/** The whole dashboard in one statement. */
export async function operatorDashboard(tx: Tx): Promise<OperatorDashboard> {
  const { rows } = await sql<OperatorDashboard>`
    with houses as materialized (
      select h.org_id, h.id, h.name, ${houseToday("h")} as today
      from house h
      where h.org_id = (select current_org_id()) and h.status = 'active'
      order by h.name, h.id
      limit ${DASHBOARD_HOUSE_LIMIT}
    ),
    documents as (
      select d.id, hs.id as house_id, hs.name as house_name, d.kind, d.title, d.expires_on, d.expires_on < hs.today as expired
      from houses hs
      join compliance_document d on d.org_id = hs.org_id and d.house_id = hs.id
      where d.archived_at is null and d.expires_on is not null and d.expires_on <= hs.today + ${DOCUMENT_WINDOW_DAYS}::int
    ),
    certifications as (
      select c.id, hs.id as house_id, hs.name as house_name, body.name as certifier, c.level, c.status, c.expires_on,
        c.expires_on < hs.today as expired
      from houses hs
      join certification c on c.org_id = hs.org_id and c.house_id = hs.id
      join org body on body.id = c.certifier_org_id
      where c.decision in ('certified', 'conditional') and c.expires_on <= hs.today + ${CERTIFICATION_WINDOW_DAYS}::int
    )
    select
      coalesce((select json_agg(json_build_object(
          'id', hs.id, 'name', hs.name, 'today', hs.today::text,
          'assessment', (
            select json_build_object('id', a.id, 'status', a.status, 'standardLabel', a.standard_label, 'level', a.level,
              'domains', coalesce((select json_agg(json_build_object('code', d.code, 'title', d.title, 'items', d.items, 'answered', d.answered,
                  'applicable', d.applicable, 'met', d.met, 'requiredApplicable', d.required_applicable, 'requiredMet', d.required_met) order by d.code)
                from (
                  select i.domain_code as code, min(i.domain_title) as title, count(*)::int as items, count(i.answer)::int as answered,
                    (count(*) filter (where i.answer is distinct from 'na'))::int as applicable,
                    (count(*) filter (where i.answer = 'met'))::int as met,
                    (count(*) filter (where i.requirement = 'required' and i.answer is distinct from 'na'))::int as required_applicable,
                    (count(*) filter (where i.requirement = 'required' and i.answer = 'met'))::int as required_met
                  from assessment_item i where i.org_id = a.org_id and i.assessment_id = a.id
                  group by i.domain_code) d), '[]'::json))
            from assessment a where a.org_id = hs.org_id and a.house_id = hs.id
            order by a.created_at desc, a.id desc limit 1),
          'findings', (
            select json_build_object('open', count(*)::int, 'overdue', (count(*) filter (where f.due_on < hs.today))::int)
            from finding f where f.org_id = hs.org_id and f.house_id = hs.id and f.status <> 'accepted'),
          'checks', (
            select json_build_object('overdue', (count(*) filter (where x.due_on < hs.today))::int,
              'dueSoon', (count(*) filter (where x.due_on >= hs.today and x.due_on <= hs.today + ${DUE_SOON_DAYS}::int))::int)
            from (
              select coalesce((select max(l.done_on) from safety_check_log l where l.org_id = c.org_id and l.check_id = c.id) + c.interval_days, c.first_due_on) as due_on
              from safety_check c where c.org_id = hs.org_id and c.house_id = hs.id and c.archived_at is null) x)
        ) order by hs.name, hs.id) from houses hs), '[]'::json) as houses,
      json_build_object(
        'total', (select count(*)::int from documents),
        'expired', (select count(*)::int from documents where expired),
        'rows', coalesce((select json_agg(json_build_object('id', x.id, 'houseId', x.house_id, 'houseName', x.house_name, 'kind', x.kind,
            'title', x.title, 'expiresOn', x.expires_on::text, 'expired', x.expired) order by x.expires_on, x.house_name, x.id)
          from (select * from documents order by expires_on, house_name, id limit ${DASHBOARD_LIST_LIMIT}) x), '[]'::json)) as documents,
      json_build_object(
        'total', (select count(*)::int from certifications),
        'rows', coalesce((select json_agg(json_build_object('id', x.id, 'houseId', x.house_id, 'houseName', x.house_name, 'certifier', x.certifier,
            'level', x.level, 'status', x.status, 'expiresOn', x.expires_on::text, 'expired', x.expired) order by x.expires_on, x.house_name, x.id)
          from (select * from certifications order by expires_on, house_name, id limit ${DASHBOARD_LIST_LIMIT}) x), '[]'::json)) as certifications
  `.execute(tx);
  return rows[0]!;
}
