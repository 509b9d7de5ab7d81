import { sql, type Kysely } from "kysely";

/**
 * The resident portal.
 *
 * 1. Invitations to the portal name the resident record they are for: accepting one links
 *    the new member to that record (app/domain/members/invites.server.ts). The composite
 *    foreign key keeps an invite from ever pointing at another org's resident, and only a
 *    resident-role invite may carry a resident.
 *
 * 2. A resident may see who manages the house they live in (or are about to move into):
 *    the house-manager memberships assigned to that house, and nothing else of the team.
 *    Two narrow SELECT policies, each behind a plpgsql helper that returns early for
 *    every other role (the same pattern as 0003's current_house_ids()). They never
 *    reference each other directly: membership → current_resident_manager_ids() reads
 *    membership_house only, and membership_house → current_resident_house_ids() reads
 *    stay only, so neither the rewriter nor the executor can loop.
 *    Names and emails then come from app_user (a platform table readable by the app role).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table invite add column resident_id uuid;
    alter table invite add constraint invite_resident_fk foreign key (org_id, resident_id) references resident (org_id, id);
    alter table invite add constraint invite_resident_role check (resident_id is null or role = 'resident');
    create index invite_resident_idx on invite (org_id, resident_id) where resident_id is not null;

    -- Houses where the signed-in resident lives now or has a planned move-in ('{}' for other roles).
    create function current_resident_house_ids() returns uuid[] language plpgsql stable as $$
    begin
      if current_app_role() is distinct from 'resident' or current_org_id() is null or current_app_user_id() is null then
        return '{}'::uuid[];
      end if;
      return coalesce((
        select array_agg(distinct s.house_id)
        from stay s
        join house h on h.org_id = s.org_id and h.id = s.house_id
        where s.org_id = current_org_id() and s.resident_id = current_resident_id()
          and (upper_inf(s.during) or upper(s.during) > (now() at time zone h.time_zone)::date)
      ), '{}'::uuid[]);
    end $$;

    -- Memberships assigned to those houses ('{}' for other roles). Reads membership_house
    -- only (never membership), so the membership policy below cannot recurse through it.
    create function current_resident_manager_ids() returns uuid[] language plpgsql stable as $$
    begin
      if current_app_role() is distinct from 'resident' or current_org_id() is null or current_app_user_id() is null then
        return '{}'::uuid[];
      end if;
      return coalesce((
        select array_agg(mh.membership_id)
        from membership_house mh
        where mh.org_id = current_org_id() and mh.house_id = any (current_resident_house_ids())
      ), '{}'::uuid[]);
    end $$;

    create policy membership_house_resident_select on membership_house for select using (
      org_id = (select current_org_id()) and (select current_app_role()) = 'resident'
      and house_id = any ((select current_resident_house_ids())::uuid[])
    );
    create policy membership_resident_managers on membership for select using (
      org_id = (select current_org_id()) and (select current_app_role()) = 'resident'
      and role = 'house_manager' and id = any ((select current_resident_manager_ids())::uuid[])
    );
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop policy membership_resident_managers on membership;
    drop policy membership_house_resident_select on membership_house;
    drop function current_resident_manager_ids(), current_resident_house_ids();
    alter table invite drop column resident_id;
  `.execute(db);
}
