import { sql, type Kysely } from "kysely";

/**
 * Who the maintenance job's reminders go to. The job runs in each org's system context (role
 * admin, no user), which cannot read memberships or accounts (their policies need a signed-in
 * user), so the reminders' own queries found no one — payment reminders and compliance
 * document reminders queued nothing outside the tests, which ran as a signed-in owner.
 *
 * resident_reminder_emails(residents): the email of each given resident of the org with an
 * account that is enabled and still a member.
 *
 * house_reminder_recipients(houses): the recipients of a house's reminders (compliance documents, ADR 044), for the worker's
 * maintenance job: the org's active owners and admins (house null) and the active house
 * managers of the given houses. The job runs in the org's system context (role admin, no
 * user), which cannot read memberships (membership_select needs a signed-in user), so the
 * reminders' own query found no one. Like org_admin_emails() (migration 0050) this is a
 * definer function that answers only an owner or admin context, which could read these
 * memberships anyway; disabled memberships and accounts are left out.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    create function house_reminder_recipients(p_houses uuid[]) returns table (email text, house_id uuid)
      language sql stable security definer set search_path = pg_catalog, public as $$
      select u.email, null::uuid from membership m join app_user u on u.id = m.user_id
      where m.org_id = (select current_org_id()) and (select current_app_role()) in ('owner', 'admin')
        and m.role in ('owner', 'admin') and m.disabled_at is null and u.disabled_at is null
      union
      select u.email, mh.house_id from membership_house mh
        join membership m on m.org_id = mh.org_id and m.id = mh.membership_id
        join app_user u on u.id = m.user_id
      where mh.org_id = (select current_org_id()) and (select current_app_role()) in ('owner', 'admin')
        and m.role = 'house_manager' and m.disabled_at is null and u.disabled_at is null
        and mh.house_id = any (p_houses)
    $$;
    revoke all on function house_reminder_recipients(uuid[]) from public;

    create function resident_reminder_emails(p_residents uuid[]) returns table (resident_id uuid, email text)
      language sql stable security definer set search_path = pg_catalog, public as $$
      select r.id, u.email from resident r join app_user u on u.id = r.user_id
      where r.org_id = (select current_org_id()) and (select current_app_role()) in ('owner', 'admin')
        and r.id = any (p_residents) and u.disabled_at is null
        and exists (select 1 from membership m where m.org_id = r.org_id and m.user_id = u.id and m.disabled_at is null)
    $$;
    revoke all on function resident_reminder_emails(uuid[]) from public;
    grant execute on function resident_reminder_emails(uuid[]) to hearth_app;
    grant execute on function house_reminder_recipients(uuid[]) to hearth_app;
    `,
    )
    .execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Irreversible: restore a backup instead.");
}
