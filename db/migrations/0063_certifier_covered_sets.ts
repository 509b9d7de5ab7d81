import { sql, type Kysely } from "kysely";

/**
 * The certifier's coverage asked once per statement, not once per row (issue 13; ADR 062).
 *
 * Every certifier policy (0049, 0050, 0051, 0052) called certifier_grant_covers(org_id,
 * house_id, scope) (0046) with the row's columns. A SECURITY DEFINER function is never inlined,
 * so each row read ran the grant lookup: the certifier's pipeline and dashboard on the scale
 * dataset (grants from 200 operators, 800 houses) spent ≈ 450 ms a statement in it.
 *
 *  - certifier_covered_houses(scope): the (org_id, house_id) pairs the current certifier's active
 *    grants cover with at least `scope` — exactly the pairs for which certifier_grant_covers(org,
 *    house, scope) is true: the caller acts for a certifier org (certifier_admin or auditor), the
 *    grant was issued to the transaction's org, is not revoked, its first and last day hold in the
 *    OPERATOR's zone today, its scope is at least `scope` (certification ⊇ review), and it names
 *    the house.
 *  - certifier_covered_orgs(scope): the operators with such a grant, whatever its houses — the
 *    pairs of certifier_grant_covers(org, null, scope) (operator-wide work).
 *
 * Both are STABLE security-definer SQL functions like certifier_grant_covers (they read the
 * grants and the operator's zone as the owner). The policies ask them through an uncorrelated
 * sub-select — `(org_id, house_id) in (select … from certifier_covered_houses('review') c)` —
 * which the planner runs once per statement (a hashed SubPlan, probed per row) instead of a
 * function call per row. Nothing is cached beyond the statement: a grant that ends or is revoked
 * is gone from the next statement's set, as it was from the next call. A null house_id (an
 * assessment or its comments for the operator-wide work, a photo or verdict of the whole
 * inspection, a finding's operator-wide evidence) is covered by any active grant from the
 * operator, as certifier_grant_covers(org, null, scope) was. Every policy keeps its name, roles
 * and the rest of its expression (ALTER POLICY); the role guard stays first, so operator roles
 * never evaluate the certifier branch's sub-select.
 *
 * certifier_grant_covers stays for the scalar uses inside functions (certifier_audit, the
 * evidence and progress functions, the notification recipients), asked once per call there.
 */

const ROLE = `(select current_app_role())`;
const ORG = `org_id = (select current_org_id())`;
const ADMIN = `${ROLE} in ('owner', 'admin')`;
const MANAGER = `${ROLE} = 'house_manager'`;
const MY_HOUSES = `(select current_house_ids())::uuid[]`;
const CERTIFIER_ROLE = `${ROLE} in ('certifier_admin', 'auditor')`;
const MY_BODY = `certifier_org_id = (select current_org_id())`;
const OPERATOR_READS = `(${ORG} and (${ADMIN} or (${MANAGER} and house_id = any (${MY_HOUSES}))))`;
const OPERATOR_RUNS = OPERATOR_READS;

export type Scope = "review" | "certification";
/** certifier_grant_covers(org_id, <house>, scope) for a house column that is never null. */
const HOUSE_COVERED = (scope: Scope, house = "house_id") =>
  `((org_id, ${house}) in (select c.org_id, c.house_id from certifier_covered_houses('${scope}') c))`;
/** certifier_grant_covers(org_id, null, scope): any active grant from the operator. */
const OPERATOR_COVERED = (scope: Scope) => `(org_id in (select c.org_id from certifier_covered_orgs('${scope}') c))`;

export type CoveredSql = { HOUSE_COVERED: (scope: Scope, house?: string) => string; OPERATOR_COVERED: (scope: Scope) => string };

/**
 * The certifier policies of 0049-0052 as ALTER POLICY statements, given how a house and an
 * operator are "covered" (0063: the covered sets; 0064: the same with an indexable org). The
 * text 0063 ran is this function with 0063's two builders, unchanged.
 */
export function certifierPolicies({ HOUSE_COVERED, OPERATOR_COVERED }: CoveredSql): string {
  /** certifier_grant_covers(org_id, house_id, scope) for a nullable house column (null: operator-wide). */
  const COVERED = (scope: Scope) => `((house_id is null and ${OPERATOR_COVERED(scope)}) or ${HOUSE_COVERED(scope)})`;
  const CERTIFIER_READS = `(${CERTIFIER_ROLE} and ${MY_BODY} and ${COVERED("review")})`;
  const CERTIFIER_WRITES = `(${CERTIFIER_ROLE} and ${MY_BODY} and ${COVERED("certification")})`;
  /** The same for tables whose house_id is never null (certification, inspection, finding and their events). */
  const CERTIFIER_READS_HOUSE = `(${CERTIFIER_ROLE} and ${MY_BODY} and ${HOUSE_COVERED("review")})`;
  const CERTIFIER_WRITES_HOUSE = `(${CERTIFIER_ROLE} and ${MY_BODY} and ${HOUSE_COVERED("certification")})`;
  const OPERATOR_GRANTED = `(${CERTIFIER_ROLE} and ${OPERATOR_COVERED("review")})`;
  return `
    -- 0049
    alter policy house_certifier_select on house using (${CERTIFIER_ROLE} and ${HOUSE_COVERED("review", "id")});
    alter policy assessment_certifier_select on assessment using (${CERTIFIER_ROLE} and ${COVERED("review")});

    -- 0050
    alter policy certification_select on certification using (${OPERATOR_READS} or ${CERTIFIER_READS_HOUSE});
    alter policy certification_insert on certification with check (${CERTIFIER_WRITES_HOUSE});
    alter policy certification_update on certification
      using (${CERTIFIER_WRITES_HOUSE} or (${ORG} and ${ADMIN} and status in ('denied', 'certified', 'conditional')))
      with check (${CERTIFIER_WRITES_HOUSE} or (${ORG} and ${ADMIN} and status in ('appeal', 'expired')));
    alter policy certification_event_select on certification_event using (${OPERATOR_READS} or ${CERTIFIER_READS_HOUSE});

    -- 0051
    alter policy assessment_comment_select on assessment_comment using (${OPERATOR_RUNS} or ${CERTIFIER_READS});
    alter policy assessment_comment_insert on assessment_comment with check (
      (${CERTIFIER_READS} and kind in ('comment', 'clarification'))
      or (${OPERATOR_RUNS} and kind in ('comment', 'reply')));
    alter policy inspection_select on inspection using (${OPERATOR_RUNS} or ${CERTIFIER_READS_HOUSE});
    alter policy inspection_insert on inspection with check (${CERTIFIER_WRITES_HOUSE});
    alter policy inspection_update on inspection using (${CERTIFIER_WRITES_HOUSE}) with check (${CERTIFIER_WRITES_HOUSE});
    alter policy inspection_verdict_select on inspection_verdict using (${OPERATOR_RUNS} or ${CERTIFIER_READS});
    alter policy inspection_verdict_insert on inspection_verdict with check (${CERTIFIER_WRITES});
    alter policy inspection_verdict_update on inspection_verdict using (${CERTIFIER_WRITES}) with check (${CERTIFIER_WRITES});
    alter policy inspection_photo_select on inspection_photo using (${OPERATOR_RUNS} or ${CERTIFIER_READS});
    alter policy inspection_photo_insert on inspection_photo with check (${CERTIFIER_WRITES});
    alter policy finding_select on finding using (${OPERATOR_RUNS} or ${CERTIFIER_READS_HOUSE});
    alter policy finding_insert on finding with check (${CERTIFIER_WRITES_HOUSE});
    alter policy finding_update on finding using (${CERTIFIER_WRITES_HOUSE} or ${OPERATOR_RUNS})
      with check (${CERTIFIER_WRITES_HOUSE} or ${OPERATOR_RUNS});
    alter policy finding_event_select on finding_event using (${OPERATOR_RUNS} or ${CERTIFIER_READS_HOUSE});
    alter policy finding_evidence_select on finding_evidence using (${OPERATOR_RUNS} or ${CERTIFIER_READS});
    alter policy file_certifier_insert on file with check (
      ${CERTIFIER_ROLE} and house_id is not null and ${HOUSE_COVERED("certification")});
    alter policy file_certifier_review_select on file using (
      ${CERTIFIER_ROLE} and house_id is not null and ${HOUSE_COVERED("review")} and (
        uploaded_by = (select current_app_user_id())
        or exists (select 1 from inspection_photo p where p.org_id = file.org_id and p.file_id = file.id)
        or exists (select 1 from finding_evidence e where e.org_id = file.org_id and e.file_id = file.id)));

    -- 0052 (the owner's reads inside the certifier's definer functions)
    alter policy consent_certifier_read on consent using (
      recipient_ref = 'certifier:' || current_org_id()::text and ${OPERATOR_GRANTED});
    alter policy stay_certifier_read on stay using (${OPERATOR_GRANTED});
    alter policy house_certifier_read on house using (${OPERATOR_GRANTED});
    alter policy disclosure_certifier_insert on disclosure with check (
      what = 'certifier_evidence' and recipient_ref = 'certifier:' || current_org_id()::text and ${OPERATOR_GRANTED});
    `;
}

/** The active grants of the current certifier org with at least p_scope: the body of certifier_grant_covers without its house. */
export const ACTIVE_GRANTS = (join = "") => `
    from audit_grant g
      join org o on o.id = g.org_id${join}
    where (select current_app_role()) in ('certifier_admin', 'auditor')
      and g.certifier_org_id = (select current_org_id())
      and g.revoked_at is null
      and g.starts_on <= (now() at time zone o.time_zone)::date
      and (g.ends_on is null or g.ends_on >= (now() at time zone o.time_zone)::date)
      and (p_scope = 'review' or g.scope = 'certification')`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    create function certifier_covered_houses(p_scope text default 'review') returns table (org_id uuid, house_id uuid)
      language sql stable security definer set search_path = pg_catalog, public rows 200 as $$
      select distinct g.org_id, gh.house_id
      ${ACTIVE_GRANTS("\n      join audit_grant_house gh on gh.org_id = g.org_id and gh.grant_id = g.id")}
    $$;
    revoke all on function certifier_covered_houses(text) from public;
    grant execute on function certifier_covered_houses(text) to hearth_app;

    create function certifier_covered_orgs(p_scope text default 'review') returns table (org_id uuid)
      language sql stable security definer set search_path = pg_catalog, public rows 50 as $$
      select distinct g.org_id
      ${ACTIVE_GRANTS()}
    $$;
    revoke all on function certifier_covered_orgs(text) from public;
    grant execute on function certifier_covered_orgs(text) to hearth_app;

${certifierPolicies({ HOUSE_COVERED, OPERATOR_COVERED })}    `,
    )
    .execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Irreversible: restore a backup instead.");
}
