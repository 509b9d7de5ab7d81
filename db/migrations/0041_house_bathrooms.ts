import { sql, type Kysely } from "kysely";

/**
 * A house's bathroom count (issue 13: bed count against room size and bathrooms). Rooms
 * already carry their floor area (room.size_sq_ft, 0003). Null until the operator says.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table house add column bathroom_count integer constraint house_bathroom_count_check check (bathroom_count between 0 and 50);
    grant update (bathroom_count) on house to hearth_app;
    grant insert (bathroom_count) on house to hearth_app;
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Irreversible: restore a backup instead.");
}
