import { sql, type Kysely } from "kysely";

/**
 * A self-assessment's progress for the certifier's pipeline (issue 13; ADR 049): how many items
 * and how many answered, counted once per assessment. The pipeline counted them through the
 * certifier's policy on assessment_item, which checks the assessment (and so the grant function)
 * for every item row: 1.2 s for a certifier with grants from 200 operators on the scale dataset.
 * This definer function checks the grant once and counts what the certifier may see anyway —
 * the items of a submitted assessment of a house an active grant covers; a draft counts nothing.
 * It reads through the owner policies of migration 0051.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    create function certifier_assessment_progress(p_org uuid, p_assessment uuid) returns table (items int, answered int)
      language sql stable security definer set search_path = pg_catalog, public as $$
      select count(i.id)::int, count(i.answer)::int
      from assessment a join assessment_item i on i.org_id = a.org_id and i.assessment_id = a.id
      where a.org_id = p_org and a.id = p_assessment and a.status = 'submitted'
        and certifier_grant_covers(a.org_id, a.house_id, 'review')
    $$;
    revoke all on function certifier_assessment_progress(uuid, uuid) from public;
    grant execute on function certifier_assessment_progress(uuid, uuid) to hearth_app;
    `,
    )
    .execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Irreversible: restore a backup instead.");
}
