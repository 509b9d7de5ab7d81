import { sql, type Kysely } from "kysely";

/**
 * Issue 13, the rest (ADR 061):
 *
 *  - Headings of a certifier's draft standard can be deleted (the editor adds and deletes
 *    domains, principles and standards): a delete policy of the same shape as the item's
 *    (0040: the caller's own org, its certifier_admin, a standard it owns) and the grant. The
 *    trigger standard_heading_immutable (0040) still refuses any change to a published version.
 *  - The certifier's pipeline pages operators by name and id (keyset): an index on the
 *    operators' names serves that order.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    create policy standard_heading_delete on standard_heading for delete using (
      org_id = (select current_org_id()) and (select current_app_role()) = 'certifier_admin'
      and exists (select 1 from standard s where s.org_id = standard_heading.org_id and s.id = standard_heading.standard_id));
    grant delete on standard_heading to hearth_app;

    create index org_operator_name_idx on org (name, id) where kind = 'operator';
    `,
    )
    .execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Irreversible: restore a backup instead.");
}
