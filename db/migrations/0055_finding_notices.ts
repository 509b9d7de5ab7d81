import { sql, type Kysely } from "kysely";

/**
 * Findings and corrective action plans, the pages' needs (issue 13, capability 7; ADR 053).
 *
 *  - finding_operator_emails(org, finding): the operator's owners and admins, for the email
 *    a certifying body's change of a finding queues (raised, accepted, reopened). A certifier
 *    role cannot read the operator's memberships; this definer returns them only to the body
 *    that raised the finding, while an active grant covers its house.
 *  - finding_certifier_emails(finding): the certifying body's administrators, for the email
 *    an operator's answer queues. Only to the operator's people who may see the finding
 *    (owners and admins, the house's managers).
 *  - finding_list_idx: both lists read one operator's findings of one body (or all of an
 *    operator's), ordered by due date: (org_id, certifier_org_id, due_on, id).
 * No emails carry residents' data: the pages hold the finding; the email only points there.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    create index finding_list_idx on finding (org_id, certifier_org_id, due_on, id);
    create index finding_org_due_idx on finding (org_id, due_on, id);

    create function finding_operator_emails(p_org uuid, p_finding uuid) returns table (email text)
      language sql stable security definer set search_path = pg_catalog, public as $$
      select distinct u.email from finding f
        join membership m on m.org_id = f.org_id
        join app_user u on u.id = m.user_id
      where f.org_id = p_org and f.id = p_finding
        and (select current_app_role()) in ('certifier_admin', 'auditor')
        and f.certifier_org_id = (select current_org_id())
        and certifier_grant_covers(f.org_id, f.house_id, 'review')
        and m.role in ('owner', 'admin') and m.disabled_at is null and u.disabled_at is null
      order by u.email
    $$;
    revoke all on function finding_operator_emails(uuid, uuid) from public;
    grant execute on function finding_operator_emails(uuid, uuid) to hearth_app;

    create function finding_certifier_emails(p_finding uuid) returns table (email text)
      language sql stable security definer set search_path = pg_catalog, public as $$
      select distinct u.email from finding f
        join membership m on m.org_id = f.certifier_org_id
        join app_user u on u.id = m.user_id
      where f.org_id = (select current_org_id()) and f.id = p_finding
        and ((select current_app_role()) in ('owner', 'admin')
          or ((select current_app_role()) = 'house_manager' and f.house_id = any ((select current_house_ids())::uuid[])))
        and m.role = 'certifier_admin' and m.disabled_at is null and u.disabled_at is null
      order by u.email
    $$;
    revoke all on function finding_certifier_emails(uuid) from public;
    grant execute on function finding_certifier_emails(uuid) to hearth_app;
    `,
    )
    .execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Irreversible: restore a backup instead.");
}
