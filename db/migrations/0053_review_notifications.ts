import { sql, type Kysely } from "kysely";

/**
 * Review threads' notifications (issue 13, capability 6; ADR 053's "Pages").
 *
 * A clarification a certifying body requests is mailed to the operator's people who run the
 * house; the operator's reply is mailed to the clarification's author. Neither side may read
 * the other's memberships (membership_select: own org only), so two narrow definer functions
 * answer exactly those questions, each refusing (no rows) unless the caller could see the
 * thread through 0051's policies:
 *
 *  - review_operator_emails(org, house): the active owners and admins of the operator `org`,
 *    and the active house managers assigned to `house`, for a certifier role whose body holds
 *    an active grant covering the house (certifier_grant_covers, 'review'). Operator-wide
 *    threads (null house) go to owners and admins only.
 *  - review_author_email(comment): the email of the author of a clarification in the caller's
 *    org, for the operator's owners and admins, or a manager of the thread's house, while the
 *    author is still an active member of their certifying body.
 */

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    -- The definer functions below run as the owner role, which forced RLS binds too: it reads a
    -- house's managers (as 0021 lets it read memberships).
    create policy membership_house_owner_read on membership_house for select to hearth_owner using (true);

    create function review_operator_emails(p_org uuid, p_house uuid) returns table (email text)
      language sql stable security definer set search_path = pg_catalog, public as $$
      select distinct u.email from membership m join app_user u on u.id = m.user_id
      where certifier_grant_covers(p_org, p_house, 'review')
        and m.org_id = p_org and m.disabled_at is null and u.disabled_at is null
        and (m.role in ('owner', 'admin')
          or (m.role = 'house_manager' and p_house is not null and exists (
            select 1 from membership_house mh where mh.org_id = m.org_id and mh.membership_id = m.id and mh.house_id = p_house)))
      order by u.email
    $$;
    revoke all on function review_operator_emails(uuid, uuid) from public;
    grant execute on function review_operator_emails(uuid, uuid) to hearth_app;

    create function review_author_email(p_comment uuid) returns text
      language sql stable security definer set search_path = pg_catalog, public as $$
      select u.email from assessment_comment c
        join membership m on m.org_id = c.author_org_id and m.user_id = c.author_user_id
          and m.disabled_at is null and m.role in ('certifier_admin', 'auditor')
        join app_user u on u.id = c.author_user_id and u.disabled_at is null
      where c.org_id = current_org_id() and c.id = p_comment and c.kind = 'clarification'
        and (current_app_role() in ('owner', 'admin')
          or (current_app_role() = 'house_manager' and c.house_id = any (current_house_ids())))
    $$;
    revoke all on function review_author_email(uuid) from public;
    grant execute on function review_author_email(uuid) to hearth_app;
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Irreversible: restore a backup instead.");
}
