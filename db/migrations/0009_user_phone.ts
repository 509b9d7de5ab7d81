import { sql, type Kysely } from "kysely";

/**
 * A work phone on the user: house managers set it on their account page, and residents of
 * their houses see it on "My home" beside the manager's name. Optional;
 * readable and writable by the app role like the name (column grants, as in 0001).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table app_user add column phone text
      constraint app_user_phone_check check (phone is null or length(phone) between 1 and 40);
    grant select (phone), update (phone) on app_user to hearth_app;
  `.execute(db);
}
