import { sql } from "kysely";
import type { CertificationStatus, InspectionStatus } from "#app/db/schema";
import type { Tx } from "#app/db/tenant.server";
import { houseToday, orgRowToday, orgToday } from "#app/domain/dates.server";
import { auditPipelineRead, certifierPipeline, type PipelineStatusFilter } from "#app/domain/grants/certifier.server";
import { grantStatusSql } from "#app/domain/grants/grants.server";
import type { Cursor } from "#app/lib/pagination";
import { CERTIFICATION_WINDOW_DAYS } from "./readiness";

/**
 * The certifying body's dashboard on its pipeline page (issue 13, capability 9; ADR 058): the
 * covered houses by certification status (houses with no certification from this body yet:
 * "none"), inspections scheduled this month in the body's own zone by status, corrective
 * actions overdue per operator (findings not accepted and due before the house's today), and
 * the certifications it granted that expire within 90 days. Only what active grants cover:
 * covered houses come from the grants (as the pipeline's do) and every operator row read is
 * filtered again by row-level security (the covered set, ADR 062), so an ended or revoked grant
 * drops its operator from every panel at once. One statement whatever the number of operators,
 * houses, inspections or findings. The page audits the read with the pipeline's event.
 */

export const CERTIFIER_LIST_LIMIT = 50;

export type StatusCounts = Partial<Record<CertificationStatus | "none", number>>;
export type InspectionCounts = Partial<Record<InspectionStatus, number>>;
export type OverdueOperator = { orgId: string; slug: string; name: string; overdue: number; oldestDueOn: string; daysPastDue: number };
export type ExpiringHouse = {
  id: string; houseId: string; houseName: string; operatorId: string; operatorSlug: string; operatorName: string;
  level: number; status: CertificationStatus; expiresOn: string; expired: boolean;
};
export type CertifierDashboard = {
  month: { first: string; last: string };
  statuses: StatusCounts;
  inspections: InspectionCounts;
  overdue: OverdueOperator[];
  expiring: { total: number; rows: ExpiringHouse[] };
};

export async function certifierDashboard(tx: Tx): Promise<CertifierDashboard> {
  const { rows } = await sql<CertifierDashboard>`
    with active as (
      select g.org_id, g.id from audit_grant g join org o on o.id = g.org_id
      where g.certifier_org_id = (select current_org_id()) and ${grantStatusSql(orgRowToday("o"))} = 'active'
    ),
    covered as (
      select distinct gh.org_id, gh.house_id from active a join audit_grant_house gh on gh.org_id = a.org_id and gh.grant_id = a.id
    ),
    houses as materialized (
      select h.org_id, h.id, h.name, ${houseToday("h")} as today
      from covered c join house h on h.org_id = c.org_id and h.id = c.house_id
    ),
    month as (select date_trunc('month', ${orgToday()})::date as first),
    expiring as (
      select c.id, hs.id as house_id, hs.name as house_name, hs.org_id as operator_id, o.slug, o.name as operator_name, c.level, c.status, c.expires_on,
        c.expires_on < hs.today as expired
      from houses hs
      join certification c on c.org_id = hs.org_id and c.house_id = hs.id and c.certifier_org_id = (select current_org_id())
      join org o on o.id = hs.org_id
      where c.decision in ('certified', 'conditional') and c.expires_on <= hs.today + ${CERTIFICATION_WINDOW_DAYS}::int
    )
    select
      json_build_object('first', m.first::text, 'last', ((m.first + interval '1 month')::date - 1)::text) as month,
      coalesce((select json_object_agg(s.status, s.n) from (
        select coalesce(c.status, 'none') as status, count(*)::int as n
        from houses hs
        left join certification c on c.org_id = hs.org_id and c.house_id = hs.id and c.certifier_org_id = (select current_org_id())
        group by 1) s), '{}'::json) as statuses,
      coalesce((select json_object_agg(s.status, s.n) from (
        select i.status, count(*)::int as n
        from inspection i
        join houses hs on hs.org_id = i.org_id and hs.id = i.house_id
        where i.certifier_org_id = (select current_org_id())
          and i.scheduled_on >= m.first and i.scheduled_on < (m.first + interval '1 month')::date
        group by i.status) s), '{}'::json) as inspections,
      coalesce((select json_agg(json_build_object('orgId', s.org_id, 'slug', s.slug, 'name', s.name, 'overdue', s.n, 'oldestDueOn', s.oldest::text, 'daysPastDue', s.days_past_due) order by s.n desc, s.name, s.org_id)
        from (
          select o.id as org_id, o.slug, o.name, count(*)::int as n, min(f.due_on) as oldest, max(hs.today - f.due_on)::int as days_past_due
          from finding f
          join houses hs on hs.org_id = f.org_id and hs.id = f.house_id
          join org o on o.id = f.org_id
          where f.certifier_org_id = (select current_org_id()) and f.status <> 'accepted' and f.due_on < hs.today
          group by o.id, o.slug, o.name
          order by count(*) desc, o.name, o.id
          limit ${CERTIFIER_LIST_LIMIT}) s), '[]'::json) as overdue,
      json_build_object(
        'total', (select count(*)::int from expiring),
        'rows', coalesce((select json_agg(json_build_object('id', x.id, 'houseId', x.house_id, 'houseName', x.house_name, 'operatorId', x.operator_id, 'operatorSlug', x.slug,
            'operatorName', x.operator_name, 'level', x.level, 'status', x.status, 'expiresOn', x.expires_on::text, 'expired', x.expired)
            order by x.expires_on, x.operator_name, x.house_name, x.id)
          from (select * from expiring order by expires_on, operator_name, house_name, id limit ${CERTIFIER_LIST_LIMIT}) x), '[]'::json)) as expiring
    from month m
  `.execute(tx);
  return rows[0]!;
}

/**
 * The certifier's home in one transaction (ADR 058, ADR 061): the dashboard (counts over every
 * covered house), one keyset page of the pipeline, and one audit event per operator the page
 * names — in the pipeline's page or in the dashboard's lists. Three statements.
 */
export async function certifierHome(tx: Tx, opts: { status: PipelineStatusFilter; cursor: Cursor | null }) {
  const dashboard = await certifierDashboard(tx);
  const pipeline = await certifierPipeline(tx, opts);
  await auditPipelineRead(tx, [
    ...pipeline.items.map((o) => ({ orgId: o.orgId, houseIds: o.houses.map((h) => h.id) })),
    ...dashboard.overdue.map((o) => ({ orgId: o.orgId, houseIds: [] })),
    ...dashboard.expiring.rows.map((x) => ({ orgId: x.operatorId, houseIds: [x.houseId] })),
  ]);
  return { dashboard, pipeline };
}
